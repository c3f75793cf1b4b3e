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

The sheet is written as a sheet of xlpy's own, recognised by its name, through
xlpy.package.write_own_sheet (the one writer into a clerk's workbook: every
other part keeps its bytes; safe-write mechanics; Strict files refused), and
read back before it replaces the workbook.
"""

from __future__ import annotations

import os
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath

from xlpy import click_server, package
from xlpy.errors import WorkbookUnreadable, WriteRefused

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
    import python_calamine as calamine

    book = calamine.CalamineWorkbook.from_path(str(path))
    name = next((n for n in book.sheet_names if n.lower() == SHEET), None)
    if name is None:
        return {}
    values: dict[str, str] = {}
    for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False):
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
    """Add or replace the workbook's `xlwings.conf` sheet with `values`; returns the backup's path."""
    path = Path(path)
    if not path.is_file():
        raise WorkbookUnreadable(f"Không tìm thấy tệp '{path}'. Kiểm tra lại đường dẫn và tên tệp.")
    if not zipfile.is_zipfile(path):
        raise WorkbookUnreadable(f"Tệp '{path.name}' không phải sổ Excel .xlsm (không phải dạng nén ZIP).")

    def verify(target: Path) -> None:
        found = read_conf(target)
        if any(found.get(key.upper()) != value for key, value in values.items()):
            raise WriteRefused(f"Đọc lại sheet '{SHEET}' không thấy đúng giá trị vừa ghi; sổ được giữ nguyên.")

    # Hidden: it is for Excel, not for the clerk (right-click > Unhide shows it).
    return package.write_own_sheet(path, sheet_xml(values), SHEET, find_conf_sheet, hidden=True, check=verify)


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
    except Exception as exc:  # not a workbook calamine can read
        from xlpy.causes import explain

        raise WorkbookUnreadable(
            f"Tệp '{path.name}' không phải sổ Excel đọc được: " + explain(exc, "Mở bằng Excel và lưu lại.")
        ) from exc
    merged = {**existing, **(values if values is not None else conf_values())}
    for key in click_server.CONF.keys() & existing.keys():  # turned off on this PC: stays off
        merged[key] = existing[key]
    return merged, write_conf_sheet(path, merged)
