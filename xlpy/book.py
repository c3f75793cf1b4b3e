"""Reading a workbook file's cell values, for validation.

python-calamine reads values (and Excel Tables) several times faster than
openpyxl and never expands XML entities; xlsxscan looks into the package
first (sizes, formula cells). Writing is elsewhere: XlsxWriter for new
workbooks, openpyxl for `--mark`, xlwings inside Excel.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from xlpy.causes import explain
from xlpy.errors import TooLarge, WorkbookUnreadable
from xlpy.grid import Cell, Grid


class FileBook:
    """A workbook file opened for reading; sheets are loaded when first asked for."""

    def __init__(
        self,
        path: Path,
        workbook,
        tables: dict[str, list[int]],
        formula_cells: dict[str, list[tuple[str, str]]] | None = None,
    ):
        self.path = path
        self._workbook = workbook
        self._tables = tables
        self._formula_cells = formula_cells or {}
        self.sheet_names: list[str] = list(workbook.sheet_names)

    def grids(self, names: list[str]) -> list[Grid]:
        # Two readers in two threads were measured 7 % faster on the large workbook: not worth threads.
        return [self.grid(name) for name in names]

    def grid(self, name: str) -> Grid:
        try:
            rows = self._workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # calamine errors, and its panics (a huge negative date serial)
            rows = self._rows_by_openpyxl(name)
        return Grid(name, rows, self._tables.get(name, []), self._formula_cells.get(name, []))

    def _rows_by_openpyxl(self, name: str) -> list[list[Cell]]:
        """The slow way, for the rare sheet calamine cannot read."""
        import warnings

        import openpyxl

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
                rows = [list(row) for row in book[name].iter_rows(min_row=1, min_col=1, values_only=True)]
                book.close()
                return rows
        except Exception as exc:
            raise WorkbookUnreadable(
                f"Không đọc được sheet '{name}': " + explain(exc, "Mở bằng Excel và lưu lại.")
            ) from exc


def open_book(path: str | Path) -> FileBook:
    """Open a workbook file, or raise WorkbookUnreadable with a message for the clerk."""
    import python_calamine as calamine  # not needed (nor always available) inside Excel

    path = Path(path)
    if not path.exists():
        raise WorkbookUnreadable(f"Không tìm thấy tệp '{path}'. Kiểm tra lại đường dẫn và tên tệp.")
    if path.is_dir():
        raise WorkbookUnreadable(f"'{path}' là một thư mục, không phải tệp Excel.")
    if path.stat().st_size == 0:
        raise WorkbookUnreadable(f"Tệp '{path.name}' rỗng (0 byte). Mở bản sao lưu gần nhất.")
    compound = _compound_kind(path)  # an OLE compound file: an old .xls, or a password-protected package
    if path.suffix.lower() == ".xls" or compound == "xls":
        raise WorkbookUnreadable(
            f"Tệp '{path.name}' là dạng Excel 97-2003 (.xls) cũ. Mở bằng Excel, chọn "
            "Lưu thành (Save As) dạng .xlsx hoặc .xlsm rồi chạy lại."
        )
    if compound == "encrypted":
        raise WorkbookUnreadable(
            f"Tệp '{path.name}' được đặt mật khẩu. Mở trong Excel, bỏ mật khẩu "
            "(Tệp > Thông tin > Bảo vệ sổ làm việc), lưu lại rồi chạy lại."
        )
    formula_cells: dict[str, list[tuple[str, str]]] = {}
    if _is_zip(path):
        from xlpy import xlsxscan

        try:
            formula_cells = xlsxscan.scan(path).formula_cells
        except TooLarge:
            raise
        except Exception as exc:  # not a workbook package, or a hostile one
            raise WorkbookUnreadable(
                f"Tệp '{path.name}' không phải sổ Excel đọc được (.xlsx, .xlsm): "
                + explain(exc, "Mở tệp trong Excel và lưu lại dạng .xlsx hoặc .xlsm.")
            ) from exc
    try:
        if _utf8(str(path)):
            workbook = calamine.CalamineWorkbook.from_path(str(path), load_tables=_is_zip(path))
        else:  # a Linux file name that is not UTF-8 (surrogate-escaped) cannot cross into Rust: hand over the bytes
            with path.open("rb") as handle:
                workbook = calamine.CalamineWorkbook.from_filelike(handle, load_tables=_is_zip(path))
        tables: dict[str, list[int]] = {}
        for name in workbook.table_names if _is_zip(path) else []:
            table = workbook.get_table_by_name(name)
            # `start` is the first data row (0-based), so the header is that row 1-based.
            tables.setdefault(table.sheet, []).append(table.start[0])
    except Exception as exc:
        raise WorkbookUnreadable(
            f"Tệp '{path.name}' không phải sổ Excel đọc được (.xlsx, .xlsm): "
            + explain(exc, "Mở tệp trong Excel và lưu lại dạng .xlsx hoặc .xlsm.")
        ) from exc
    return FileBook(path, workbook, tables, formula_cells)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_zip(path: Path) -> bool:
    return zipfile.is_zipfile(path)


def _compound_kind(path: Path) -> str | None:
    """ "encrypted", "xls" or None: Excel saves a password-protected .xlsx/.xlsm as an OLE
    compound file holding EncryptedPackage; an Excel 97-2003 workbook is one holding Workbook (or Book)."""
    with path.open("rb") as handle:
        if handle.read(8) != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return None
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).casefold() for entry in ole.listdir()}
    except Exception:  # a damaged compound file: what it meant is unknown, a password is the likelier
        return "encrypted"
    if "encryptedpackage" in streams:
        return "encrypted"
    return "xls" if streams & {"workbook", "book"} else "encrypted"
