"""Reading a workbook file's cell values, for validation.

python-calamine reads values (and Excel Tables) several times faster than
openpyxl and never expands XML entities; xlsxscan looks into the package
first (sizes, formula cells). Writing is elsewhere: XlsxWriter for new
workbooks, openpyxl for `--mark`, xlwings inside Excel.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from xlpy import compound, xlsxscan
from xlpy.causes import explain
from xlpy.errors import WorkbookUnreadable, XlpyError
from xlpy.grid import Cell, Grid
from xlpy.parse_ahead import ParseAhead, open_calamine
from xlpy.safe_write import FileChanged, Stamp, opened_as, stamp

FALLBACK_PART = 8 << 20  # bytes of one part, inflated, that openpyxl's fallback may parse whole


class FileBook:
    """A workbook file opened for reading; sheets are loaded when first asked for."""

    def __init__(
        self,
        path: Path,
        workbook,
        tables: dict[str, list[int]],
        scan: xlsxscan.Scan | None = None,
        ahead: ParseAhead | None = None,
    ):
        self.path = path
        self._workbook = workbook
        self._ahead = ahead
        self._tables = tables
        self._scan = scan or xlsxscan.Scan()
        # From the thread that opened it when one parses ahead: calamine lends the workbook to one caller at a time.
        self.sheet_names: list[str] = ahead.sheet_names if ahead else list(workbook.sheet_names)
        self.version: Stamp | None = stamp(path)  # set by open_book to the version it scanned

    def grids(self, names: list[str]) -> list[Grid]:
        # calamine's parse runs beside the scan (ParseAhead); two parses side by side after the scan
        # were measured only 7 % faster on the large workbook.
        return [self.grid(name) for name in names]

    def grid(self, name: str) -> Grid:
        late = name not in self._scan.scanned  # scanned now: from the file calamine holds, or not at all
        if late:
            _same_version(self.path, self.version)
        try:
            formula_cells = self._scan.sheet(name)  # a sheet not scanned up front is bounded before calamine reads it
        except XlpyError:
            _same_version(self.path, self.version)  # a file saved meanwhile is said as such, not as damaged
            raise
        if late:  # and the bytes scanned were the version calamine holds
            _same_version(self.path, self.version)
        try:
            sheet = self._ahead.take(name) if self._ahead else None
            if sheet is None:
                sheet = self._workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except BaseException:  # calamine errors, and its panics (a huge negative date serial)
            rows = self._rows_by_openpyxl(name)
        return Grid(name, rows, self._tables.get(name, []), formula_cells, self._scan.table_totals.get(name, []))

    def _rows_by_openpyxl(self, name: str) -> list[list[Cell]]:
        """The slow way, for the rare sheet calamine cannot read. openpyxl parses whole parts (the
        properties, the styles, the shared strings …), so it is taken only when each is small."""
        import warnings

        import openpyxl

        package = self._scan.package
        sheets = set(package.sheets.values()) if package else set()
        big = [
            m
            for m, info in (package.members.items() if package else ())
            if m not in sheets and info.file_size > FALLBACK_PART
        ]
        if package is None or big:
            raise WorkbookUnreadable(
                f"Không đọc được sheet '{name}': python-calamine không đọc được, và phần '{big[0] if big else '?'}' "
                "quá lớn để đọc cách khác. Mở tệp trong Excel và lưu lại rồi chạy lại."
            )

        try:
            self._scan.parsed_again(name)  # TooLarge passes through: openpyxl never reads past the bounds
        except XlpyError:
            _same_version(self.path, self.version)
            raise
        _same_version(self.path, self.version)  # the bytes parsed again were the version scanned
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with opened_as(self.path, self.version) as handle:  # the version scanned, as calamine's
                    book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
                    # Bounded by the scan's extent: openpyxl would trust the sheet's declared dimension.
                    last_row, last_column = self._scan.extents.get(name, (0, 0))
                    cells = book[name].iter_rows(
                        min_row=1, min_col=1, max_row=max(last_row, 1), max_col=max(last_column, 1), values_only=True
                    )
                    rows = [list(row) for row in cells]
                    book.close()
                    return rows
        except FileChanged as exc:
            raise _saved_meanwhile(self.path) from exc
        except Exception as exc:
            raise WorkbookUnreadable(
                f"Không đọc được sheet '{name}': " + explain(exc, "Mở bằng Excel và lưu lại.")
            ) from exc


def open_book(path: str | Path, parse_ahead: bool = False) -> FileBook:
    """Open a workbook file, or raise WorkbookUnreadable with a message for the clerk.

    `parse_ahead`, for a read of every sheet xlpy.fund reads, and of nothing else first: calamine
    parses each sheet in a thread while the scan goes on (ParseAhead). Not for a roll-up's workers,
    which keep every core busy already (a thread made them 6 % slower), nor to look at one sheet."""
    import python_calamine as calamine  # not needed (nor always available) inside Excel

    path = Path(path)
    try:
        return _open_book(path, calamine, parse_ahead)
    except OSError as exc:  # the file system's refusal (a name too long, a loop of links …), said plainly
        raise WorkbookUnreadable(
            f"Không mở được tệp '{_short(path.name)}': " + explain(exc, "Kiểm tra lại đường dẫn và tên tệp.")
        ) from exc


def _short(name: str) -> str:
    return name if len(name) <= 80 else name[:60] + "…" + name[-15:]


def _open_book(path: Path, calamine, parse_ahead: bool) -> FileBook:
    if not path.exists():
        raise WorkbookUnreadable(f"Không tìm thấy tệp '{path}'. Kiểm tra lại đường dẫn và tên tệp.")
    if path.is_dir():
        raise WorkbookUnreadable(f"'{path}' là một thư mục, không phải tệp Excel.")
    if not path.is_file():  # a pipe, a device: nothing a clerk saves
        raise WorkbookUnreadable(f"'{path}' không phải một tệp thường (.xlsx, .xlsm). Kiểm tra lại đường dẫn.")
    if path.stat().st_size == 0:
        raise WorkbookUnreadable(f"Tệp '{path.name}' rỗng (0 byte). Mở bản sao lưu gần nhất.")
    if path.suffix.lower() == ".xls" and zipfile.is_zipfile(path):  # a .xlsx renamed: the name is what is wrong
        raise WorkbookUnreadable(
            f"Tệp '{path.name}' có đuôi .xls nhưng không phải dạng Excel 97-2003: bên trong là dạng nén như "
            "sổ .xlsx. Nếu đây là sổ quỹ, đổi đuôi tệp thành .xlsx (hoặc .xlsm nếu sổ có nút bấm) rồi chạy lại."
        )
    if path.suffix.lower() == ".xls":
        raise WorkbookUnreadable(
            f"Tệp '{path.name}' là dạng Excel 97-2003 (.xls) cũ. Mở bằng Excel, chọn "
            "Lưu thành (Save As) dạng .xlsx hoặc .xlsm rồi chạy lại."
        )
    if path.suffix.lower() not in (".xlsx", ".xlsm"):  # python-calamine would pick another reader by it
        raise WorkbookUnreadable(
            f"Tệp '{path.name}' không có đuôi .xlsx hay .xlsm: xlpy chỉ đọc sổ Excel dạng đó. "
            "Mở tệp trong Excel và Lưu thành (Save As) Excel Workbook (.xlsx) hoặc .xlsm."
        )
    if compound.is_compound(path):
        raise WorkbookUnreadable(_compound_message(path))
    if not zipfile.is_zipfile(path):
        raise WorkbookUnreadable(
            f"Tệp '{path.name}' không phải sổ Excel đọc được (.xlsx, .xlsm). "
            "Mở tệp trong Excel và lưu lại dạng .xlsx hoặc .xlsm."
        )
    # Everything calamine will allocate is bounded here first (xlpy.xlsxscan); TooLarge passes through.
    # The version scanned must be the version read: a save in between (Excel writes a new file and
    # renames it) is told apart from a damaged file, and never read unscanned.
    version = stamp(path)
    ahead = ParseAhead(path, version, calamine) if parse_ahead else None
    try:
        scan = xlsxscan.scan(path, passed=ahead.passed if ahead else None)
    except (XlpyError, MemoryError):  # out of memory is said as such (a roll-up's worker under its cap)
        _stop(ahead)
        _same_version(path, version)
        raise
    except Exception as exc:  # a package no rule of the scan foresaw: still a message, never a traceback
        _stop(ahead)
        _same_version(path, version)
        raise WorkbookUnreadable(
            f"Tệp '{path.name}' không phải sổ Excel đọc được (.xlsx, .xlsm): "
            + explain(exc, "Mở tệp trong Excel và lưu lại dạng .xlsx hoặc .xlsm.")
        ) from exc
    try:
        workbook = ahead.workbook() if ahead else None
        if workbook is None:  # no sheet was handed over (none the scan picks): nothing parsed ahead
            ahead = None
            workbook = open_calamine(path, calamine, version)
    except (KeyboardInterrupt, SystemExit, MemoryError):  # out of memory is no damaged file
        _stop(ahead)
        raise
    except BaseException as exc:  # calamine's errors, and its panics (pyo3's PanicException is no Exception)
        _stop(ahead)
        _same_version(path, version)
        raise WorkbookUnreadable(
            f"Tệp '{path.name}' không phải sổ Excel đọc được (.xlsx, .xlsm): "
            + explain(exc, "Mở tệp trong Excel và lưu lại dạng .xlsx hoặc .xlsm.")
        ) from exc
    try:
        _same_version(path, version)  # calamine holds the file it opened: the one scanned, checked here
    except WorkbookUnreadable:
        _stop(ahead)
        raise
    book = FileBook(path, workbook, scan.tables, scan, ahead)  # tables from the scan: calamine's allocate their `ref`
    book.version = version
    return book


def _stop(ahead: ParseAhead | None) -> None:
    if ahead is not None:
        ahead.stop()


def _same_version(path: Path, version: Stamp | None) -> None:
    """WorkbookUnreadable when the file is no longer the version first looked at."""
    if stamp(path) != version:
        raise _saved_meanwhile(path)


def _saved_meanwhile(path: Path) -> WorkbookUnreadable:
    return WorkbookUnreadable(
        f"Sổ '{path.name}' vừa được lưu lại (bởi Excel hay chương trình khác) trong lúc xlpy đọc; "
        "chưa đọc gì. Chạy lại lệnh khi đã lưu xong."
    )


def _compound_message(path: Path) -> str:
    """An OLE compound file: Excel's password-protected package, or an Excel 97-2003 workbook renamed."""
    kind = compound.describe(path)
    if kind == "encrypted":
        return (
            f"Tệp '{path.name}' được đặt mật khẩu. Mở trong Excel, bỏ mật khẩu "
            "(Tệp > Thông tin > Bảo vệ sổ làm việc), lưu lại rồi chạy lại."
        )
    if kind == "old-xls":
        return (
            f"Tệp '{path.name}' là dạng Excel 97-2003 (.xls) cũ dù tên có đuôi '{path.suffix}'. Mở bằng Excel, "
            "chọn Lưu thành (Save As) Excel Workbook (.xlsx) rồi chạy lại."
        )
    return (
        f"Tệp '{path.name}' là tệp Office dạng cũ nhưng không phải sổ Excel. "
        "Kiểm tra lại tên tệp; nếu là sổ quỹ, mở bằng Excel và lưu lại dạng .xlsx."
    )
