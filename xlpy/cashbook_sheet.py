"""The cash book on paper: one table of cells, written by XlsxWriter (a printable file)
or by xlwings (the `Sổ quỹ` sheet of the open workbook).

`table` is pure; the two writers only place its cells and formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from xlpy.cashbook import CashBook
from xlpy.dates import numeric_date
from xlpy.layout import DATE, FONT
from xlpy.panel import literal

SHEET = "Sổ quỹ"
HEADER = ["Ngày tháng", "Số phiếu thu", "Số phiếu chi", "Diễn giải", "Thu", "Chi", "Tồn", "Ghi chú"]
WIDTHS = (10, 7.5, 7.5, 36, 11, 11, 12, 8)
# `.` between thousands whatever Windows' regional settings say ("#,##0" follows them: 50,000 in English).
MONEY = '[>=1000000]#"."###"."###;[>=1000]#"."###;0'


def money_format(value: int) -> str:
    """MONEY; for a figure below zero (a cash book run below zero, which validation warns of) the
    same grouping in one section, which Excel and LibreOffice both print with its minus sign
    (LibreOffice drops it in a conditional format's last section)."""
    if value >= 0:
        return MONEY
    return '#"."###"."###' if value <= -1_000_000 else '#"."###' if value <= -1_000 else "0"


HEADER_ROW = 5  # 0-based row of the column headings, repeated on each printed page
VOUCHER_COLUMNS = (1, 2)  # Số phiếu thu, Số phiếu chi: numbers, never text ("number stored as text")


@dataclass(frozen=True)
class Line:
    kind: str  # title, unit, blank, header, opening, entry, month, year, closing
    cells: list


def table(book: CashBook, unit: str) -> list[Line]:
    """Every line of the printed book, top to bottom."""
    end = f"đến ngày {numeric_date(book.end)}" if book.end != date(book.year, 12, 31) else ""
    lines = [
        Line("unit", [f"Đơn vị: {unit}" if unit else ""]),
        Line("title", ["SỔ QUỸ TIỀN MẶT"]),
        Line("subtitle", [f"Năm {book.year}" + (f" ({end})" if end else "")]),
        Line("subtitle", ["Đơn vị tính: đồng"]),
        Line("blank", [""]),
        Line("header", list(HEADER)),
        Line("opening", [book.start, None, None, "Số tồn đầu năm", None, None, book.opening, None]),
    ]
    for month in book.months:
        for e in (e for e in book.rows if e.day.month == month.month.month):
            thu, chi = (e.voucher, None) if e.kind == "thu" else (None, e.voucher)
            amounts = [e.received or None, e.paid or None, e.balance]
            lines.append(Line("entry", [e.day, thu, chi, e.description, *amounts, e.note or None]))
        label = f"Cộng tháng {month.month:%m/%Y}"
        lines.append(Line("month", [None, None, None, label, month.received, month.paid, month.balance, None]))
    year = f"Cộng năm {book.year}"
    lines.append(Line("year", [None, None, None, year, book.received, book.paid, book.closing, None]))
    lines.append(Line("closing", [book.end, None, None, "Số tồn cuối kỳ", None, None, book.closing, None]))
    return lines


def default_name(book: CashBook) -> str:
    return f"so-quy-{book.year}.xlsx"


def write_xlsx(book: CashBook, unit: str, path: Path) -> Path:
    """A printable workbook: A4, headings repeated on each page, page numbers in the footer."""
    import xlsxwriter

    from xlpy.safe_write import close_xlsx

    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    base = {"font_name": FONT, "font_size": 11}
    cell = {**base, "border": 1, "valign": "top"}
    f = {
        "unit": workbook.add_format({**base, "bold": True}),
        "title": workbook.add_format({**base, "bold": True, "font_size": 14, "align": "center"}),
        "subtitle": workbook.add_format({**base, "italic": True, "align": "center"}),
        "header": workbook.add_format(
            {**cell, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}
        ),
        "text": workbook.add_format({**cell, "text_wrap": True}),
        "bold": workbook.add_format({**cell, "bold": True, "text_wrap": True}),
        "money": workbook.add_format({**cell, "num_format": MONEY}),
        "bold_money": workbook.add_format({**cell, "bold": True, "num_format": MONEY}),
        "date": workbook.add_format({**cell, "num_format": DATE, "align": "center"}),
        "voucher": workbook.add_format({**cell, "num_format": "0", "align": "center"}),
    }
    sheet = workbook.add_worksheet(SHEET)
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    for row, line in enumerate(table(book, unit)):
        if line.kind in ("unit", "title", "subtitle", "blank"):
            if line.cells[0]:
                if line.kind == "unit":
                    sheet.write_string(row, 0, line.cells[0], f["unit"])
                else:
                    sheet.merge_range(row, 0, row, len(HEADER) - 1, line.cells[0], f[line.kind])
            continue
        bold = line.kind in ("header", "opening", "month", "year", "closing")
        if line.kind == "header":
            sheet.set_row(row, 30)
        if line.kind == "entry":  # XlsxWriter cannot fit a row to wrapped text: estimate its lines
            lines_of = [-(-len(str(line.cells[i] or "")) // int(WIDTHS[i] * 1.4)) for i in (3, 7)]
            sheet.set_row(row, 15 * max(1, *lines_of))
        for column, value in enumerate(line.cells):
            if line.kind == "header":
                sheet.write_string(row, column, value, f["header"])
            elif isinstance(value, date):
                sheet.write_datetime(row, column, value, f["date"])
            elif isinstance(value, int) and column in VOUCHER_COLUMNS:
                sheet.write_number(row, column, value, f["voucher"])
            elif isinstance(value, int) and value < 0:
                key = f"{'bold_' if bold else ''}{money_format(value)}"
                if key not in f:
                    f[key] = workbook.add_format({**cell, "bold": bold, "num_format": money_format(value)})
                sheet.write_number(row, column, value, f[key])
            elif isinstance(value, int):
                sheet.write_number(row, column, value, f["bold_money" if bold else "money"])
            elif value:
                sheet.write_string(row, column, str(value), f["bold" if bold else "text"])
            else:
                sheet.write_blank(row, column, None, f["money" if column >= 4 else "text"])
    sheet.set_paper(9)  # A4
    sheet.set_portrait()
    sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.7)
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_footer("&CTrang &P/&N", {"margin": 0.3})
    sheet.set_print_scale(65)  # the eight columns across A4 portrait, every page at the same size
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    close_xlsx(workbook)
    return path


def write_sheet(sheet, book: CashBook, unit: str) -> None:
    """The same table on a sheet of the open workbook (xlwings), in one block of values."""
    lines = table(book, unit)
    width = len(HEADER)
    values = [[literal(v) for v in (line.cells + [None] * width)[:width]] for line in lines]
    sheet["A1"].value = values
    sheet["A1"].font.bold = True
    sheet["A2"].font.bold = True
    header = f"A{HEADER_ROW + 1}:H{HEADER_ROW + 1}"
    sheet[header].font.bold = True
    sheet[header].color = "#DDEBF7"
    last = len(lines)
    sheet[f"E{HEADER_ROW + 2}:G{last}"].number_format = MONEY
    sheet[f"A{HEADER_ROW + 2}:A{last}"].number_format = DATE
    sheet[f"B{HEADER_ROW + 2}:C{last}"].number_format = "0"
    for row, line in enumerate(lines, start=1):
        if line.kind in ("opening", "month", "year", "closing"):
            sheet[f"A{row}:H{row}"].font.bold = True
        for column, value in zip("EFG", line.cells[4:7], strict=False):
            if isinstance(value, int) and value < 0:
                sheet[f"{column}{row}"].number_format = money_format(value)
    for column, width_chars in zip("ABCDEFGH", WIDTHS, strict=True):
        sheet.range(f"{column}:{column}").column_width = width_chars
