"""`xlpy excel-setup`: tell a workbook's buttons which Python to run.

xlwings' RunPython reads its settings from a sheet named `xlwings.conf` in the
workbook (keys in column A from A1 down, without a gap; values in column B),
before any user or add-in setting. Writing there the interpreter that runs
this command (the one xlpy is installed in) removes the most common failure
of a click: Excel starting another Python, or none ("No module named xlpy").

Keys written:
- INTERPRETER_WIN: `pythonw.exe` beside `python.exe` (no console window
  flashes at each click); INTERPRETER_MAC on macOS: the interpreter itself.
- ADD_WORKBOOK_TO_PYTHONPATH = false: by default xlwings puts the workbook's
  folder first on `sys.path`, so a file such as `xlpy.py`, `pandas.py` or
  `openpyxl.py` lying beside the workbook (a download, a colleague's script)
  would be imported instead of the installed package. xlpy needs nothing from
  that folder, so it is kept off the path.
- USE UDF SERVER = True: one Python kept alive for the buttons
  (xlpy.click_server.CONF, where the decision and its risks are written). A
  value already in the sheet is kept: the buttons' VBA sets it to False on a PC
  where the server fails to start, and a new setup must not undo that.
Keys already in the sheet and not written here (the other platform's
interpreter, a key added by hand) are kept. `conf_values` is the one list of
keys: `xlpy init` (xlpy.layout) writes the same into new workbooks.

A new sheet is written whole (xlpy.package.write_own_sheet); in an existing
one, found by its name, only the B cells of the keys written here change (and
A:B of a row added for a missing key), through xlpy.package.write_cells: a
note, a formula, a row after a blank one stay as they are. Both are the one
writer into a clerk's workbook (every other part keeps its bytes; safe-write
mechanics; Strict files refused), read back before the workbook is replaced.
"""

from __future__ import annotations

import os
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath

from xlpy import click_server, package
from xlpy.errors import WorkbookUnreadable, WriteRefused, XlpyError

SHEET = "xlwings.conf"


def conf_values(
    system: str | None = None, executable: str | None = None, exists: Callable[[str], bool] = os.path.exists
) -> dict[str, str]:
    """The settings RunPython needs to start the Python running this (`system` as platform.system())."""
    import platform

    system = system or platform.system()
    executable = executable or sys.executable
    values = {"ADD_WORKBOOK_TO_PYTHONPATH": "false"}
    if system == "Windows":
        python = PureWindowsPath(executable)
        quiet = python.with_name("pythonw.exe")
        values["INTERPRETER_WIN"] = str(quiet if exists(str(quiet)) else python)
    elif system == "Darwin":
        values["INTERPRETER_MAC"] = str(PurePosixPath(executable))
    return {**values, **click_server.CONF}


def read_conf(path: Path) -> dict[str, str]:
    """The workbook's `xlwings.conf` settings as xlwings reads them (upper-case keys), {} when none."""
    existing = _conf_rows(path)
    values: dict[str, str] = {}
    for row in existing[1] if existing else []:
        if not row or row[0] in (None, ""):
            break  # xlwings reads from A1 down to the first blank cell
        values[str(row[0]).upper()] = "" if len(row) < 2 or row[1] is None else str(row[1])
    return values


def sheet_xml(values: dict[str, str]) -> bytes:
    """A worksheet part with one row per setting: key in A, value in B, both inline strings."""
    return package.part_bytes(package.worksheet(list(values.items()), [(1, 1, 32, False), (2, 2, 90, False)]))


def find_conf_sheet(book: package.Package) -> package.Sheet | None:
    """The `xlwings.conf` sheet: xlwings finds it by its name (any case), so xlpy does too."""
    return next((s for s in book.sheets() if s.name.lower() == SHEET), None)


def write_conf_sheet(path: Path, values: dict[str, str]) -> Path | None:
    """Set the keys `values` in the workbook's `xlwings.conf` sheet (added, hidden, when it has
    none); returns the backup's path.

    An existing sheet is the clerk's (or a technician's): only the B cells of these keys are
    written (`conf_cells`, through package.write_cells); every other cell, a note, a formula,
    a row after a blank one, stays exactly as it was."""
    path = Path(path)
    if not path.is_file():
        raise WorkbookUnreadable(f"Không tìm thấy tệp '{path}'. Kiểm tra lại đường dẫn và tên tệp.")
    if not zipfile.is_zipfile(path):
        raise WorkbookUnreadable(f"Tệp '{path.name}' không phải sổ Excel .xlsm (không phải dạng nén ZIP).")

    def verify(target: Path) -> None:
        found = read_conf(target)
        if any(found.get(key.upper()) != value for key, value in values.items()):
            raise WriteRefused(
                f"Đọc lại sheet '{SHEET}' không thấy đúng giá trị vừa ghi (xlwings đọc cột A từ A1 xuống đến ô "
                "trống đầu tiên): sửa sheet đó cho liền mạch rồi chạy lại; sổ được giữ nguyên."
            )

    existing = _conf_rows(path)
    if existing is None:  # Hidden: it is for Excel, not for the clerk (right-click > Unhide shows it).
        return package.write_own_sheet(path, sheet_xml(values), SHEET, find_conf_sheet, hidden=True, check=verify)
    name, rows = existing
    cells, overwrite = conf_cells(rows, values)
    if not cells:
        return None
    return package.write_cells(path, {name: cells}, overwrite={name: overwrite}, check=verify)


def _conf_rows(path: Path) -> tuple[str, list[list[object]]] | None:
    """The existing `xlwings.conf` sheet's name and values from A1 (cached values of formulas), or None.
    Read as every workbook file is, bounded first (xlpy.book): the sheet is the file's to say."""
    from xlpy.book import open_book

    book = open_book(path)
    name = next((n for n in book.sheet_names if n.lower() == SHEET), None)
    if name is None:
        return None
    return name, [list(row) for row in book.grid(name).rows]


def conf_cells(rows: list[list[object]], values: dict[str, str]) -> tuple[dict[str, object], set[str]]:
    """The cells to write into an existing sheet ({ref: value}) and the B cells among them that
    may be overwritten (those of keys already there). A key present (as xlwings reads: A1 down to
    the first blank) gets its B cell; a missing one the next row whose A and B are both empty,
    from that first blank on (filling the gap keeps every key readable)."""

    def cell(row: int, column: int) -> object:
        return rows[row][column] if row < len(rows) and column < len(rows[row]) else None

    def empty(value: object) -> bool:
        return value is None or value == ""

    first_blank = next(r for r in range(len(rows) + 1) if empty(cell(r, 0)))
    found = {str(cell(r, 0)).upper(): r for r in reversed(range(first_blank))}  # the first of a key counts
    cells: dict[str, object] = {}
    overwrite: set[str] = set()
    free = (r for r in range(first_blank, len(rows) + len(values) + 1) if empty(cell(r, 0)) and empty(cell(r, 1)))
    for key, value in values.items():
        row = found.get(key.upper())
        if row is not None:
            if ("" if cell(row, 1) is None else str(cell(row, 1))) != value:
                cells[f"B{row + 1}"] = value
                overwrite.add(f"B{row + 1}")
            continue
        row = next(free)
        cells[f"A{row + 1}"], cells[f"B{row + 1}"] = key, value
    return cells, overwrite


def setup(path: Path, values: dict[str, str] | None = None) -> tuple[dict[str, str], Path | None]:
    """`xlpy excel-setup`: the settings written (old keys kept, ours replaced) and the backup's path."""
    path = Path(path)
    if path.suffix.lower() != ".xlsm":
        raise WriteRefused(
            f"'{path.name}' không phải sổ có nút bấm (.xlsm): chỉ sổ .xlsm cần biết Python ở đâu. "
            "Tạo sổ có nút bấm bằng: xlpy init TÊN-SỔ.xlsm"
        )
    if not path.is_file():
        raise WorkbookUnreadable(f"Không tìm thấy tệp '{path}'. Kiểm tra lại đường dẫn và tên tệp.")
    try:
        existing = read_conf(path)
    except XlpyError:
        raise
    except Exception as exc:  # not a workbook calamine can read
        from xlpy.causes import explain

        raise WorkbookUnreadable(
            f"Tệp '{path.name}' không phải sổ Excel đọc được: " + explain(exc, "Mở bằng Excel và lưu lại.")
        ) from exc
    ours = dict(values if values is not None else conf_values())
    for key in click_server.CONF.keys() & existing.keys():  # turned off on this PC: stays off
        ours.pop(key)
    return {**existing, **ours}, write_conf_sheet(path, ours)
