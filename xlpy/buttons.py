"""The control panel's four buttons: one function per action, for every entry point.

Desktop Excel calls them through xlwings' RunPython (`xlpy.buttons.check()`,
the book is the caller); xlwings Server and Lite call the same functions with
the book (xlpy.scripts). They read each sheet in one call, write in blocks,
and report in the panel's status area what they did and how long it took.
Nothing here raises into Excel: every failure becomes a Vietnamese message.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

from xlpy import panel
from xlpy.dates import numeric_date
from xlpy.excel import ExcelBook
from xlpy.money import dong
from xlpy.problems import Problem, Severity, has_errors

MONEY = "#,##0"


def check(book=None) -> str:
    """Kiểm tra dữ liệu: list every problem in `Kiểm tra`, highlight the cells."""
    return _run(book, "Kiểm tra dữ liệu", _check)


def totals(book=None) -> str:
    """Tổng hợp quỹ: the year and member tables in `Tổng hợp`, rewritten in place."""
    return _run(book, "Tổng hợp quỹ", _totals)


def add_month(book=None) -> str:
    """Thêm tháng mới: the next Tnn-yyyy sheet, laid out like the last one."""
    return _run(book, "Thêm tháng mới", _add_month)


def export_report(book=None) -> str:
    """Xuất báo cáo: validate, then write the .docx (and PDF) beside the workbook."""
    return _run(book, "Xuất báo cáo", _export_report)


def restart(book=None) -> str:
    """Khởi động lại Python: runs in the Python just started (VBA KhoiDongLaiPython); says which xlpy answers."""
    from xlpy import __version__

    return _run(book, "Khởi động lại Python", lambda book: f"đã khởi động lại; các nút chạy xlpy {__version__}.")


def _run(book, label: str, action) -> str:
    import xlwings as xw

    book = book or xw.Book.caller()
    started = time.perf_counter()
    try:
        message = action(book)
    except Exception as exc:  # a button never ends in a Python traceback
        message = f"không chạy được ({type(exc).__name__}: {exc}). Sổ không bị thay đổi thêm."
        book.app.alert(message, label)
    _status(book, f"{label}: {message}", time.perf_counter() - started)
    return message


def _status(book, message: str, seconds: float) -> None:
    sheet = _sheet(book, panel.PANEL_SHEET)
    if sheet is None:
        return
    sheet[panel.STATUS_CELL].value = message
    when = datetime.now().strftime("%H:%M:%S %d/%m/%Y")
    sheet[panel.STATUS_TIME_CELL].value = f"Lúc {when}, chạy trong {seconds:.1f} giây".replace(".", ",", 1)


def _sheet(book, name: str):
    """The sheet called `name`, or None: one question to Excel, not one per sheet."""
    try:
        return book.sheets[name]
    except Exception:  # COM and the remote engine raise different errors for a missing sheet
        return None


def _load(book):
    from xlpy.fund import from_book

    return from_book(ExcelBook(book), Path(book.fullname))


def _count(problems: list[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    return f"{errors} lỗi, {len(problems) - errors} cảnh báo"


def _output_sheet(book, name: str):
    """The output sheet, emptied; created after the control panel the first time."""
    sheet = _sheet(book, name)
    if sheet is not None:
        sheet.clear()
        return sheet
    after = _sheet(book, panel.PANEL_SHEET) or book.sheets[-1]
    return book.sheets.add(name, after=after)


def _previous_highlights(book) -> list[tuple[str, str]]:
    sheet = _sheet(book, panel.CHECK_SHEET)
    if sheet is None:
        return []
    last = sheet.used_range.last_cell.row
    if last < 4:
        return []
    rows = sheet.range((4, 2), (last, 3)).options(ndim=2).value
    return [(s, c) for s, c in rows if isinstance(s, str) and isinstance(c, str) and c]


def _write_problems(book, problems: list[Problem]) -> None:
    names = {sheet.name for sheet in book.sheets}
    for sheet_name, cell in _previous_highlights(book):
        if sheet_name in names:
            book.sheets[sheet_name][cell].color = None
    sheet = _output_sheet(book, panel.CHECK_SHEET)
    table = _literal_rows(panel.problem_rows(problems))
    sheet["A1"].value = [
        ["KẾT QUẢ KIỂM TRA DỮ LIỆU", None, None, None],
        [f"Lúc {datetime.now():%H:%M %d/%m/%Y}: {_count(problems)}.", None, None, None],
        *table,
    ]
    sheet["A1"].font.bold = True
    sheet["A3:D3"].font.bold = True
    sheet["A3:D3"].color = "#DDEBF7"
    for index, problem in enumerate(problems, start=4):
        if problem.cell and problem.sheet in names:
            sheet[f"C{index}"].add_hyperlink(
                f"#'{problem.sheet}'!{problem.cell}", problem.cell, f"Đi tới {problem.where}"
            )
            fill = panel.ERROR_FILL if problem.severity is Severity.ERROR else panel.WARNING_FILL
            book.sheets[problem.sheet][problem.cell].color = fill
    for column, width in zip("ABCD", (10, 16, 8, 100), strict=False):
        sheet.range(f"{column}:{column}").column_width = width


def _literal_rows(rows: list[list]) -> list[list]:
    """Cell text from the workbook goes back as text, never as a formula."""
    return [[panel.literal(value) for value in row] for row in rows]


def _check(book) -> str:
    fund = _load(book)
    _write_problems(book, fund.problems)
    return f"{_count(fund.problems)} (xem sheet '{panel.CHECK_SHEET}')."


def _refuse(book, fund, what: str) -> str:
    _write_problems(book, fund.problems)
    message = (
        f"chưa {what}: sổ còn {_count(fund.problems)}. Xem sheet '{panel.CHECK_SHEET}', sửa các ô tô màu rồi bấm lại."
    )
    book.app.alert(message, "xlpy")
    return message


def _totals(book) -> str:
    from xlpy.names import sort_key

    fund = _load(book)
    if has_errors(fund.problems):
        return _refuse(book, fund, "tổng hợp")
    result = fund.summary()
    sheet = _output_sheet(book, panel.TOTALS_SHEET)
    sheet["A1"].value = f"TỔNG HỢP QUỸ ĐẾN NGÀY {numeric_date(result.as_of)}"
    sheet["A3"].value = [
        ["Đã thu", result.collected],
        ["Chi từ quỹ", result.spent_from_fund],
        ["Tồn quỹ", result.balance],
    ]
    years = [["Năm", "Thu", "Chi từ quỹ", "Giá trị hoạt động", "Tồn cuối năm"]] + [
        [r.year, r.collected, r.spent_from_fund, r.activities_value, r.closing_balance]
        for r in result.years.itertuples()
    ]
    sheet["A7"].value = "THEO NĂM"
    sheet["A8"].value = years
    top = 8 + len(years) + 1
    members = sorted(result.members.itertuples(), key=lambda r: sort_key(r.name or ""))
    sheet[f"A{top}"].value = "THEO THÀNH VIÊN (âm: còn nợ, dương: đóng trước)"
    sheet[f"A{top + 1}"].value = _literal_rows(
        [["Mã", "Họ và tên", "Số tháng phải đóng", "Phải đóng", "Đã đóng", "Chênh lệch"]]
        + [[r.id, r.name, r.months_owed, r.owed, r.paid, r.balance] for r in members]
    )
    for cell in ("A1", "A7", f"A{top}"):
        sheet[cell].font.bold = True
    for header in ("A8:E8", f"A{top + 1}:F{top + 1}"):
        sheet[header].font.bold = True
        sheet[header].color = "#DDEBF7"
    sheet["B3:B5"].number_format = MONEY
    sheet[f"B9:E{8 + len(years) - 1}"].number_format = MONEY
    last = top + 1 + len(members)
    sheet[f"D{top + 2}:F{last}"].number_format = MONEY
    for offset, member in enumerate(members, start=top + 2):
        if member.balance < 0:
            sheet[f"A{offset}:F{offset}"].font.color = "#C00000"
    for column, width in zip("ABCDEF", (12, 28, 18, 18, 16, 16), strict=False):
        sheet.range(f"{column}:{column}").column_width = width
    behind = sum(1 for m in members if m.balance < 0)
    return (
        f"đã thu {dong(result.collected)}, tồn quỹ {dong(result.balance)}; "
        f"{behind} thành viên còn nợ (xem sheet '{panel.TOTALS_SHEET}')."
    )


def _add_month(book) -> str:
    from xlpy.grid import column_index
    from xlpy.ledger import active_in
    from xlpy.schemas import contributions
    from xlpy.sheets import header_row, locate

    months = sorted(
        (date(int(m[2]), int(m[1]), 1), sheet.name)
        for sheet in book.sheets
        if (m := contributions.NAME.match(sheet.name))
    )
    if not months:
        return "chưa có sheet tháng nào (dạng T01-2022) để làm mẫu. Tạo sổ mới bằng lệnh xlpy init."
    last_month, last_name = months[-1]
    month = date(last_month.year + last_month.month // 12, last_month.month % 12 + 1, 1)
    name = f"T{month.month:02d}-{month.year}"
    active = active_in(_load(book).members, month)

    source = book.sheets[last_name]
    grid = ExcelBook(book).grid(last_name)
    header = header_row(grid, contributions.schema) or 3
    located, _ = locate(grid, contributions.schema)
    letters = located.letters if located else {}
    new = source.copy(after=source)
    new.name = name
    title = grid.rows[0][0] if grid.rows and grid.rows[0] else None
    if isinstance(title, str) and f"{last_month:%m/%Y}" in title:
        new["A1"].value = title.replace(f"{last_month:%m/%Y}", f"{month:%m/%Y}")
    if len(grid.rows) > header:
        new.range((header + 1, 1), (len(grid.rows), len(grid.rows[header - 1]))).clear_contents()
    ids, names = column_index(letters.get("member_id", "A")), column_index(letters.get("name", "B"))
    for column, values in ((ids, active["member_id"].str.strip()), (names, active["name"])):
        if len(values):
            new.range((header + 1, column)).options(transpose=True).value = [panel.literal(v) for v in values]
    new.activate()
    return f"đã thêm sheet {name} với {len(active)} thành viên đang tham gia; nhập Số tiền và Ngày nộp."


def _export_report(book) -> str:
    from xlpy import report

    if book.fullname.lower().startswith(("http://", "https://")):
        return (
            "sổ đang mở từ OneDrive/SharePoint nên xlwings không biết thư mục trên máy. Đồng bộ OneDrive "
            "về máy và mở sổ từ thư mục đó (hoặc Lưu thành bản sao trên máy) rồi bấm lại."
        )
    path = Path(book.fullname)
    if not path.is_absolute():
        return (
            "sổ đang mở trên web nên không có thư mục để ghi báo cáo. Mở sổ bằng Excel trên máy tính "
            "rồi bấm lại, hoặc dùng lệnh: xlpy report <tệp sổ>."
        )
    fund = _load(book)
    if has_errors(fund.problems):
        return _refuse(book, fund, "xuất báo cáo")
    written = [report.write(fund)]
    note = ""
    if report.find_soffice():
        try:
            written.append(report.to_pdf(written[0]))
        except report.ReportError as exc:
            note = f" {exc}"
    else:
        note = " Chưa có LibreOffice nên chưa tạo PDF (mở .docx bằng Word, Lưu dạng PDF)."
    message = "đã ghi " + " và ".join(str(p) for p in written) + "." + note
    book.app.alert(message, "Xuất báo cáo")
    return message
