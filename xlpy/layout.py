"""Writing the fund's sheets with openpyxl: the layout a clerk works in.

Used to build the sample workbook and new empty ones. Header labels come
from the schemas; styling is the project's own (contract: "everything else").
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xlpy.schemas import contributions, members, spending
from xlpy.settings import HEADING, LABELS, SETTINGS_SHEET, TEXT_PARTS, TEXT_SHEET
from xlpy.sheets import fields

LISTS_SHEET = "Danh mục"
MEMBER_IDS = "DS_MA_THANH_VIEN"
CATEGORIES = "DS_DOI_TUONG"
MONEY = "#,##0"
DATE = "dd/mm/yyyy"
HEADER_ROW = 3  # row 1 holds the sheet's title, row 2 a hint
MAX_ROWS = 200

_THIN = Side(style="thin", color="A6A6A6")
_HEADER = dict(font=Font(name="Times New Roman", bold=True, color="FFFFFF"),
               fill=PatternFill("solid", fgColor="1F4E79"),
               alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
               border=Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN))
_WIDTHS = {"Mã": 10, "Họ và tên": 28, "Chức vụ": 30, "Ngày tham gia": 14, "Ngày rời": 14, "Mức đóng": 12,
           "Số tiền": 14, "Ngày nộp": 13, "Ghi chú": 32, "Ngày": 13, "Nội dung": 70, "Đối tượng": 26,
           "Số suất": 9, "Tổng số tiền": 15, "Từ quỹ": 14}
_FORMATS = {"float64": MONEY, "datetime64[ns]": DATE}


def _titles(schema) -> list[tuple[str, str]]:
    return [(col.title, str(col.dtype)) for col in fields(schema).values()]


def _table_sheet(book: Workbook, name: str, title: str, hint: str, schema,
                 rows: Iterable[Sequence[object]]) -> Worksheet:
    sheet = book.create_sheet(name)
    sheet["A1"] = title
    sheet["A1"].font = Font(name="Times New Roman", bold=True, size=14)
    sheet["A2"] = hint
    sheet["A2"].font = Font(name="Times New Roman", italic=True, color="595959")
    columns = _titles(schema)
    for index, (label, dtype) in enumerate(columns, start=1):
        cell = sheet.cell(HEADER_ROW, index, label)
        for attr, value in _HEADER.items():
            setattr(cell, attr, value)
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = _WIDTHS.get(label, 14)
        fmt = _FORMATS.get(dtype)
        for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + MAX_ROWS):
            body = sheet.cell(row, index)
            body.font = Font(name="Times New Roman")
            if fmt:
                body.number_format = fmt
            if label == "Nội dung":
                body.alignment = Alignment(wrap_text=True, vertical="top")
    for offset, values in enumerate(rows, start=HEADER_ROW + 1):
        for index, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(offset, index, value)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    sheet.row_dimensions[HEADER_ROW].height = 30
    return sheet


def _dropdown(sheet: Worksheet, label: str, source: str, prompt: str) -> None:
    columns = {cell.value: cell.column_letter for cell in sheet[HEADER_ROW]}
    letter = columns[label]
    rule = DataValidation(type="list", formula1=f"={source}", allow_blank=True,
                          showErrorMessage=True, errorTitle="Giá trị không có trong danh sách",
                          error=prompt, promptTitle=label, prompt=prompt)
    rule.add(f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + MAX_ROWS}")
    sheet.add_data_validation(rule)


def new_book() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def add_members(book: Workbook, rows: Iterable[Sequence[object]]) -> Worksheet:
    sheet = _table_sheet(book, members.SHEET, "DANH SÁCH THÀNH VIÊN ĐÓNG QUỸ",
                         "Mỗi người một dòng, một mã riêng (TV01, TV02…). Để trống Mức đóng để dùng mức mặc định.",
                         members.schema, rows)
    ref = f"'{members.SHEET}'!$A${HEADER_ROW + 1}:$A${HEADER_ROW + MAX_ROWS}"
    book.defined_names[MEMBER_IDS] = DefinedName(MEMBER_IDS, attr_text=ref)
    return sheet


def month_sheet_name(month: date) -> str:
    return f"T{month.month:02d}-{month.year}"


def add_month(book: Workbook, month: date, rows: Iterable[Sequence[object]]) -> Worksheet:
    name = month_sheet_name(month)
    sheet = _table_sheet(book, name, f"THU QUỸ THÁNG {month.month:02d}/{month.year}",
                         "Số tiền để trống hoặc 0 là chưa nộp. Nộp nhiều tháng một lần: ghi cả số tiền vào tháng nộp.",
                         contributions.schema, rows)
    _dropdown(sheet, "Mã", MEMBER_IDS, "Chọn mã thành viên trong sheet 'Thành viên'.")
    return sheet


def add_spending(book: Workbook, rows: Iterable[Sequence[object]]) -> Worksheet:
    sheet = _table_sheet(book, spending.SHEET, "CHI QUỸ VÀ HOẠT ĐỘNG",
                         "Trong Nội dung, gõ [Số suất], [Tổng số tiền] hoặc [Từ quỹ] để báo cáo tự điền số liệu của dòng đó.",
                         spending.schema, rows)
    _dropdown(sheet, "Đối tượng", CATEGORIES, "Chọn đối tượng trong sheet 'Danh mục'.")
    return sheet


def add_lists(book: Workbook, categories: Sequence[str]) -> Worksheet:
    sheet = book.create_sheet(LISTS_SHEET)
    sheet["A1"] = "Đối tượng"
    for attr, value in _HEADER.items():
        setattr(sheet["A1"], attr, value)
    for row, category in enumerate(categories, start=2):
        sheet.cell(row, 1, category)
    sheet.column_dimensions["A"].width = 40
    ref = f"'{LISTS_SHEET}'!$A$2:$A${max(len(categories) + 1, 2)}"
    book.defined_names[CATEGORIES] = DefinedName(CATEGORIES, attr_text=ref)
    return sheet


def add_settings(book: Workbook, values: dict[str, object | list[object]]) -> Worksheet:
    """One row per setting (Nơi nhận: one row per recipient), in LABELS order."""
    sheet = book.create_sheet(SETTINGS_SHEET)
    for index, label in enumerate(("Mục", "Giá trị"), start=1):
        cell = sheet.cell(1, index, label)
        for attr, value in _HEADER.items():
            setattr(cell, attr, value)
    row = 2
    for key, label in LABELS.items():
        value = values.get(key, "")
        for item in value if isinstance(value, list) else [value]:
            sheet.cell(row, 1, label).font = Font(name="Times New Roman", bold=True)
            cell = sheet.cell(row, 2, item)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(item, date):
                cell.number_format = DATE
            elif isinstance(item, int) and key == "default_rate":
                cell.number_format = MONEY
            row += 1
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 80
    sheet.freeze_panes = "A2"
    return sheet


def add_text(book: Workbook, blocks: Iterable[tuple[str, bool, str]]) -> Worksheet:
    """Rows of Phần | Kiểu | Nội dung: the report's narrative, edited in Excel."""
    sheet = book.create_sheet(TEXT_SHEET)
    for index, label in enumerate(("Phần", "Kiểu", "Nội dung"), start=1):
        cell = sheet.cell(1, index, label)
        for attr, value in _HEADER.items():
            setattr(cell, attr, value)
    for row, (part, heading, text) in enumerate(blocks, start=2):
        sheet.cell(row, 1, part)
        sheet.cell(row, 2, HEADING if heading else "Đoạn văn")
        cell = sheet.cell(row, 3, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if heading:
            cell.font = Font(bold=True)
    parts = DataValidation(type="list", formula1='"' + ",".join(TEXT_PARTS) + '"', allow_blank=True)
    parts.add(f"A2:A{MAX_ROWS}")
    kinds = DataValidation(type="list", formula1=f'"{HEADING},Đoạn văn"', allow_blank=True)
    kinds.add(f"B2:B{MAX_ROWS}")
    sheet.add_data_validation(parts)
    sheet.add_data_validation(kinds)
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 110
    sheet.freeze_panes = "A2"
    return sheet
