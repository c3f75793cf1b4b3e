"""Writing a fund workbook with XlsxWriter: the layout a clerk works in.

Builds the sample workbook and new empty ones (`xlpy init`), as .xlsx or as
.xlsm with the control panel's buttons and the VBA project (xlpy.vba). Header
labels come from the schemas; the styling is the project's own.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from importlib import resources
from pathlib import Path

import xlsxwriter

from xlpy import panel
from xlpy.click_server import RESTART_NOTE
from xlpy.schemas import contributions, members, spending
from xlpy.schemas._rules import fields
from xlpy.settings import HEADING, LABELS, PLACEHOLDERS, SETTINGS_SHEET, TEXT_PARTS, TEXT_SHEET, VOUCHER_PLACEHOLDERS

LISTS_SHEET = "Danh mục"
MEMBER_IDS = "DS_MA_THANH_VIEN"
CATEGORIES = "DS_DOI_TUONG"
MONEY = "#,##0"
DATE = "dd/mm/yyyy"
HEADER_ROW = 3  # 1-based: row 1 holds the sheet's title, row 2 a hint
# Rows of a new sheet given formats, drop-down lists and the ids' defined name (a clerk adds
# more rows by copying); not a limit on what is read (xlsxscan.MAX_ROWS).
PREPARED_ROWS = 200
FONT = "Times New Roman"
_KIND = {"float64": "money", "datetime64[ns]": "date"}
_WIDTHS = {
    "Mã": 10,
    "Họ và tên": 28,
    "Chức vụ": 30,
    "Ngày tham gia": 14,
    "Ngày rời": 14,
    "Mức đóng": 12,
    "Số tiền": 14,
    "Ngày nộp": 13,
    "Ghi chú": 32,
    "Ngày": 13,
    "Nội dung": 70,
    "Đối tượng": 26,
    "Số suất": 9,
    "Tổng số tiền": 15,
    "Từ quỹ": 14,
    "Số phiếu": 10,
    "Người nhận tiền": 24,
}
_PLAIN = {"Số phiếu"}  # numbers, but not amounts: no thousands separator


def _format(col) -> str:
    if col.title in _PLAIN:
        return "text"
    return _KIND.get(str(col.dtype), "wrap" if col.title == "Nội dung" else "text")


def macros_source() -> str:
    """workbook VBA: the text of xlpy/macros/Module1.bas."""
    return resources.files("xlpy.macros").joinpath("Module1.bas").read_text(encoding="ascii")


class WorkbookWriter:
    """One workbook being written; sheets are added in the order they appear."""

    def __init__(self, path: Path, with_buttons: bool = False):
        self.path = Path(path)
        self.book = xlsxwriter.Workbook(
            str(path),
            {
                # Cell text stays text: "=…", "0123" or "http://…" typed by a clerk are not reinterpreted.
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        self.with_buttons = with_buttons
        if with_buttons:
            from xlpy.vba import build_project

            self.book.add_vba_project(io.BytesIO(build_project(macros_source())), is_stream=True)
            self.book.set_vba_name("ThisWorkbook")
        base = {"font_name": FONT, "font_size": 12}
        self.f = {
            "title": self.book.add_format({**base, "bold": True, "font_size": 14}),
            "hint": self.book.add_format({**base, "italic": True, "font_color": "#595959"}),
            "header": self.book.add_format(
                {
                    **base,
                    "bold": True,
                    "font_color": "#FFFFFF",
                    "bg_color": "#1F4E79",
                    "align": "center",
                    "valign": "vcenter",
                    "text_wrap": True,
                    "border": 1,
                }
            ),
            "text": self.book.add_format(base),
            "wrap": self.book.add_format({**base, "text_wrap": True, "valign": "top"}),
            "bold": self.book.add_format({**base, "bold": True, "valign": "top"}),
            "money": self.book.add_format({**base, "num_format": MONEY}),
            "date": self.book.add_format({**base, "num_format": DATE}),
        }

    def close(self) -> Path:
        from xlpy.safe_write import close_xlsx

        close_xlsx(self.book)
        return self.path

    def _write(self, sheet, row: int, col: int, value: object, fmt=None) -> None:
        """0-based row/col; text is always written as text, never as a formula."""
        if value is None or value == "":
            return
        if isinstance(value, (date, datetime)):
            sheet.write_datetime(row, col, value, fmt or self.f["date"])
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(row, col, value, fmt)
        else:
            sheet.write_string(row, col, str(value), fmt)

    def _table_sheet(self, name: str, title: str, hint: str, schema, rows: Iterable[Sequence[object]]):
        sheet = self.book.add_worksheet(name)
        sheet.write_string(0, 0, title, self.f["title"])
        sheet.write_string(1, 0, hint, self.f["hint"])
        labels = [col.title for col in fields(schema).values()]
        # Amount and date columns carry their format, so cells typed later look right too.
        formats = [self.f[_format(col)] for col in fields(schema).values()]
        for index, (label, fmt) in enumerate(zip(labels, formats, strict=False)):
            sheet.write_string(HEADER_ROW - 1, index, label, self.f["header"])
            sheet.set_column(index, index, _WIDTHS.get(label, 14), fmt)
        for offset, values in enumerate(rows, start=HEADER_ROW):
            for index, value in enumerate(values):
                self._write(sheet, offset, index, value, formats[index])
        sheet.set_row(HEADER_ROW - 1, 30)
        sheet.freeze_panes(HEADER_ROW, 0)
        sheet.repeat_rows(HEADER_ROW - 1)  # printed: the header on every page
        sheet.fit_to_pages(1, 0)
        return sheet, labels

    def _dropdown(self, sheet, labels: list[str], label: str, source: str, prompt: str) -> None:
        column = labels.index(label)
        sheet.data_validation(
            HEADER_ROW,
            column,
            HEADER_ROW + PREPARED_ROWS - 1,
            column,
            {
                "validate": "list",
                "source": f"={source}",
                "input_title": label,
                "input_message": prompt,
                "error_title": "Không có trong danh sách",
                "error_message": prompt,
            },
        )

    def panel(self) -> None:
        """The control panel: the buttons and the status area they write to."""
        sheet = self.book.add_worksheet(panel.PANEL_SHEET)
        sheet.set_column(0, 0, 26, self.f["text"])
        sheet.set_column(1, 1, 30, self.f["text"])
        sheet.set_column(2, 2, 70, self.f["wrap"])
        sheet.write_string(0, 0, "BẢNG ĐIỀU KHIỂN SỔ QUỸ", self.f["title"])
        sheet.write_string(
            1,
            0,
            "Bấm một nút để chạy. Lần đầu mở sổ, chọn Bật nội dung (Enable Content) để cho phép macro.",
            self.f["hint"],
        )
        notes = {
            "check": "Kiểm tra mọi sheet; liệt kê lỗi ở sheet 'Kiểm tra' (bấm vào ô để tới nơi sai), tô màu ô sai.",
            "totals": "Tổng thu, chi từ quỹ, tồn quỹ theo năm và theo thành viên ở sheet 'Tổng hợp'.",
            "add_month": "Thêm sheet tháng kế tiếp, sẵn danh sách thành viên đang tham gia.",
            "export_report": "Kiểm tra rồi ghi báo cáo (.docx, và PDF nếu có LibreOffice) cạnh tệp sổ này.",
            "print_vouchers": "Phiếu thu, phiếu chi (.docx) của tháng mới nhất, cấp số phiếu một lần. "
            "Ở sheet tháng hoặc 'Chi quỹ': chọn dòng rồi chạy macro InPhieu (Alt+F8) để in các dòng đó.",
            "cashbook": "Sổ quỹ tiền mặt của năm: từng khoản thu, chi, tồn quỹ, cộng tháng, cộng năm (sheet 'Sổ quỹ').",
            "restart": RESTART_NOTE,
        }
        for index, (caption, macro, function) in enumerate(panel.BUTTONS):
            row = 3 + 2 * index
            sheet.set_row(row, 30)
            sheet.insert_button(row, 1, {"macro": macro, "caption": caption, "width": 200, "height": 34})
            sheet.write_string(row, 2, notes[function], self.f["wrap"])
        status_row = int(panel.STATUS_CELL[1:]) - 1
        sheet.write_string(status_row, 0, "Lần chạy gần nhất:", self.f["bold"])
        sheet.write_string(status_row, 1, "(chưa chạy)", self.f["text"])
        sheet.write_string(status_row + 1, 0, "Thời gian:", self.f["bold"])
        sheet.set_landscape()
        sheet.fit_to_pages(1, 1)
        sheet.activate()

    def members(self, rows: Iterable[Sequence[object]]) -> None:
        self._table_sheet(
            members.SHEET,
            "DANH SÁCH THÀNH VIÊN ĐÓNG QUỸ",
            "Mỗi người một dòng, một mã riêng (TV01, TV02…). Để trống Mức đóng để dùng mức mặc định.",
            members.schema,
            rows,
        )
        self.book.define_name(MEMBER_IDS, f"='{members.SHEET}'!$A${HEADER_ROW + 1}:$A${HEADER_ROW + PREPARED_ROWS}")

    def month(self, month: date, rows: Iterable[Sequence[object]]) -> None:
        sheet, labels = self._table_sheet(
            contributions.sheet_name(month),
            f"THU QUỸ THÁNG {month.month:02d}/{month.year}",
            "Số tiền để trống hoặc 0 là chưa nộp. Nộp nhiều tháng một lần: ghi cả số tiền vào tháng nộp.",
            contributions.schema,
            rows,
        )
        self._dropdown(sheet, labels, "Mã", MEMBER_IDS, "Chọn mã thành viên có trong sheet 'Thành viên'.")

    def spending(self, rows: Iterable[Sequence[object]]) -> None:
        sheet, labels = self._table_sheet(
            spending.SHEET,
            "CHI QUỸ VÀ HOẠT ĐỘNG",
            "Trong Nội dung, gõ [Số suất], [Tổng số tiền] hoặc [Từ quỹ] để báo cáo tự điền số liệu của dòng đó.",
            spending.schema,
            rows,
        )
        self._dropdown(sheet, labels, "Đối tượng", CATEGORIES, "Chọn đối tượng có trong sheet 'Danh mục'.")

    def lists(self, categories: Sequence[str]) -> None:
        sheet = self.book.add_worksheet(LISTS_SHEET)
        sheet.write_string(0, 0, "Đối tượng", self.f["header"])
        for row, category in enumerate(categories, start=1):
            sheet.write_string(row, 0, category, self.f["text"])
        sheet.set_column(0, 0, 40, self.f["text"])
        self.book.define_name(CATEGORIES, f"='{LISTS_SHEET}'!$A$2:$A${max(len(categories) + 1, 2)}")

    def settings(self, values: dict[str, object]) -> None:
        """One row per setting (Nơi nhận: one row per recipient), in LABELS order."""
        sheet = self.book.add_worksheet(SETTINGS_SHEET)
        sheet.write_string(0, 0, "Mục", self.f["header"])
        sheet.write_string(0, 1, "Giá trị", self.f["header"])
        row = 1
        for key, label in LABELS.items():
            value = values.get(key, "")
            for item in value if isinstance(value, list) else [value]:
                sheet.write_string(row, 0, label, self.f["bold"])
                fmt = self.f["money"] if key == "default_rate" else self.f["wrap"]
                self._write(sheet, row, 1, item, self.f["date"] if isinstance(item, date) else fmt)
                row += 1
        sheet.set_column(0, 0, 26, self.f["text"])
        sheet.set_column(1, 1, 80, self.f["wrap"])
        sheet.freeze_panes(1, 0)

    def text(self, blocks: Iterable[tuple[str, bool, str]]) -> None:
        """Rows of Phần | Kiểu | Nội dung: the report's narrative, edited in Excel."""
        sheet = self.book.add_worksheet(TEXT_SHEET)
        for col, label in enumerate(("Phần", "Kiểu", "Nội dung")):
            sheet.write_string(0, col, label, self.f["header"])
        for row, (part, heading, content) in enumerate(blocks, start=1):
            sheet.write_string(row, 0, part, self.f["text"])
            sheet.write_string(row, 1, HEADING if heading else "Đoạn văn", self.f["text"])
            sheet.write_string(row, 2, content, self.f["bold"] if heading else self.f["wrap"])
        sheet.data_validation(1, 0, PREPARED_ROWS, 0, {"validate": "list", "source": list(TEXT_PARTS)})
        sheet.data_validation(1, 1, PREPARED_ROWS, 1, {"validate": "list", "source": [HEADING, "Đoạn văn"]})
        sheet.set_column(0, 0, 10, self.f["text"])
        sheet.set_column(1, 1, 12, self.f["text"])
        sheet.set_column(2, 2, 110, self.f["wrap"])
        sheet.freeze_panes(1, 0)

    def conf(self, values: dict[str, str]) -> None:
        """The hidden `xlwings.conf` sheet RunPython reads (xlpy.excel_setup): keys from A1 down, values in B."""
        from xlpy.excel_setup import SHEET

        sheet = self.book.add_worksheet(SHEET)
        for row, (key, value) in enumerate(values.items()):
            sheet.write_string(row, 0, key)
            sheet.write_string(row, 1, value)
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, 1, 90)
        sheet.hide()


def new_workbook(path: Path, office: dict | None = None) -> Path:
    """An empty fund workbook for a new office (`xlpy init`): buttons when it is .xlsm."""
    today = date.today()
    writer = WorkbookWriter(path, with_buttons=Path(path).suffix.lower() == ".xlsm")
    if writer.with_buttons:
        writer.panel()
    writer.settings(
        office
        or {
            **PLACEHOLDERS,  # to be replaced by the office: reported as unfinished until then
            "number": 1,
            "report_date": today,
            "subject": "Kết quả xây dựng quỹ",
            "default_rate": 50_000,
            "model_form": "Mỗi thành viên đóng quỹ",
            "period_from": today.year,
            "period_to": today.year,
            "appendix_title": "BÁO CÁO THỐNG KÊ",
            "recipients": ["Như trên", "Lưu: VT"],
            "zero_tens": "linh",
            **VOUCHER_PLACEHOLDERS,  # warned about until replaced (xlpy.unfinished)
            "voucher_book": "01",
            "receipt_mode": "Theo từng lần nộp",
            "report_chart": "Có",
        }
    )
    writer.members([])
    writer.month(date(today.year, today.month, 1), [])
    writer.spending([])
    writer.text([])
    writer.lists(["Hộ nghèo, gia đình chính sách", "Học sinh nghèo", "Thăm hỏi, tặng quà Tết", "Khác"])
    if writer.with_buttons:  # the buttons run the Python that created the workbook
        from xlpy.excel_setup import conf_values

        writer.conf(conf_values())
    return writer.close()
