"""The control panel's buttons: one function per action, for every entry point.

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

from xlpy import outcome, panel
from xlpy.dates import numeric_date
from xlpy.errors import DataHasErrors, XlpyError
from xlpy.excel import ExcelBook
from xlpy.money import dong
from xlpy.problems import Problem, Severity

MONEY = "#,##0"
OURS = panel.MARK_FILLS | panel.EARLIER_MARK_FILLS  # a recorded colour is put back on these only
CHART_NAME = "Biểu đồ quỹ"


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


def print_vouchers(book=None) -> str:
    """In phiếu: phiếu thu/chi of the selected rows (or the month on screen), numbered once."""
    return _run(book, "In phiếu", _print_vouchers)


def cashbook(book=None) -> str:
    """Sổ quỹ: the cash book of the as-of year in the `Sổ quỹ` sheet, rewritten in place."""
    return _run(book, "Sổ quỹ", _cashbook)


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
    except XlpyError as exc:  # said for the clerk already
        message = f"không chạy được: {exc.message}"
        book.app.alert(message, label)
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


def _output_sheet(book, name: str):
    """The output sheet, emptied; created after the control panel the first time."""
    sheet = _sheet(book, name)
    if sheet is not None:
        sheet.clear()
        return sheet
    after = _sheet(book, panel.PANEL_SHEET) or book.sheets[-1]
    return book.sheets.add(name, after=after)


def _check_sheet(book):
    """xlpy's check sheet, known by the mark in its hidden E1 and `panel.is_check_sheet`, or None.

    A clerk may rename it: every sheet is asked (one round trip each), the mark decides.
    """
    marked = [sheet for sheet in book.sheets if sheet["E1"].value == panel.CHECK_MARK]
    found = []
    for sheet in marked:
        top, last = sheet["A1:F3"].value, _last_written_column(sheet)
        panel.refuse_written_beside(sheet.name, top, last)
        if panel.is_check_sheet(sheet.name, top, last):
            found.append(sheet)
    return panel.single_check_sheet(found, [s.name for s in found])


def _last_written_column(sheet) -> int:
    """The last column holding a value, as the command line counts (`marks.is_check_part`): Excel's
    used range also counts cells that are only formatted, or merged."""
    used = sheet.used_range
    if used.last_cell.column <= panel.CHECK_COLUMNS:
        return used.last_cell.column  # one call: the common case
    rows = used.options(ndim=2).value
    filled = [i for row in rows for i, v in enumerate(row) if v is not None]
    return used.column + max(filled, default=-1)


def _previous_highlights(sheet) -> list[tuple[str, str, str | None]]:
    """(sheet, cell, fill it had before the mark: '#RRGGBB' or None) of each row of the check sheet."""
    last = sheet.used_range.last_cell.row
    if last < 4:
        return []
    rows = sheet.range((4, 2), (last, 5)).options(ndim=2).value
    return [  # typed in a sheet the clerk can edit: only a cell and a colour, else nothing
        (s, cell, panel.recorded_colour(colour))
        for s, c, _, colour in rows
        if isinstance(s, str) and (cell := panel.recorded_cell(c))
    ]


def _colour_of(cell) -> str:
    """The cell's fill as '#RRGGBB', "" for none or when the engine cannot tell."""
    return _fill(cell) or ""


def _fill(cell) -> str | None:
    """The cell's fill as '#RRGGBB', "" for none, None when the engine cannot read it."""
    try:  # a remote book (xlwings Server, Office.js) cannot read a fill: it is cleared next time
        rgb = cell.color
    except NotImplementedError:
        return None
    return "#{:02X}{:02X}{:02X}".format(*rgb) if rgb else ""


def _write_problems(book, problems: list[Problem]) -> str:
    """List the problems in xlpy's check sheet and fill their cells; returns the sheet's name."""
    names = {sheet.name for sheet in book.sheets}
    previous = _check_sheet(book)
    for sheet_name, cell, colour in _previous_highlights(previous) if previous else []:
        if sheet_name in names and _fill(book.sheets[sheet_name][cell]) in {None, *OURS}:
            book.sheets[sheet_name][cell].color = colour  # still xlpy's fill (or unknown: a remote book)
    if previous is None:
        sheet = _output_sheet(book, panel.free_name(list(names)))  # the command line's name, the same rule
    else:
        sheet = previous
        sheet.clear()
    table = _literal_rows(panel.problem_rows(problems))
    marked: dict[str, Problem] = {}
    for p in problems:  # one fill a cell: an error's red wins over a warning's yellow
        if p.cell and p.sheet in names and (p.where not in marked or p.severity is Severity.ERROR):
            marked[p.where] = p
    colours = {where: _colour_of(book.sheets[p.sheet][p.cell]) for where, p in marked.items()}
    # xlpy's own fill already there is a mark whose record was lost (a row inserted): no colour before
    colours = {where: "" if colour in panel.MARK_FILLS else colour for where, colour in colours.items()}
    sheet["A1"].value = [
        panel.check_title(),
        [f"Lúc {datetime.now():%H:%M %d/%m/%Y}: {outcome.tally(problems)}.", None, None, None, None],
        *[[*row, colours.get(p.where, "") if p else "Màu cũ"] for row, p in zip(table, [None, *problems], strict=True)],
    ]
    sheet["E:F"].columns.hidden = True
    sheet["A1"].font.bold = True
    sheet["A3:D3"].font.bold = True
    sheet["A3:D3"].color = "#DDEBF7"
    for index, problem in enumerate(problems, start=4):
        if problem.cell and problem.sheet in names:
            sheet[f"C{index}"].add_hyperlink(
                f"#'{problem.sheet}'!{problem.cell}", problem.cell, f"Đi tới {problem.where}"
            )
    for problem in marked.values():
        fill = panel.ERROR_FILL if problem.severity is Severity.ERROR else panel.WARNING_FILL
        book.sheets[problem.sheet][problem.cell].color = fill
    for column, width in zip("ABCD", (10, 16, 8, 100), strict=False):
        sheet.range(f"{column}:{column}").column_width = width
    return sheet.name


def _literal_rows(rows: list[list]) -> list[list]:
    """Cell text from the workbook goes back as text, never as a formula."""
    return [[panel.literal(value) for value in row] for row in rows]


def _check(book) -> str:
    fund = _load(book)
    name = _write_problems(book, fund.problems)
    return f"{outcome.tally(fund.problems)} (xem sheet '{name}')."


def _refuse(book, refusal: DataHasErrors) -> str:
    name = _write_problems(book, refusal.problems)
    message = f"{refusal.message} Xem sheet '{name}', sửa các ô tô màu rồi bấm lại."
    book.app.alert(message, "xlpy")
    return message


def _fund_for(book, purpose: str):
    """The open workbook's fund, or the refusal's message when its errors forbid `purpose` (xlpy.outcome)."""
    fund = _load(book)
    try:
        outcome.refuse_on_errors(fund.problems, purpose)
    except DataHasErrors as refusal:
        return _refuse(book, refusal)
    return fund


def _remaining(problems: list[Problem]) -> str:
    return outcome.remaining(problems, outcome.CHECK_SHEET_HINT)


def _totals(book) -> str:
    from xlpy.names import sort_key

    fund = _fund_for(book, outcome.SUMMARY)
    if isinstance(fund, str):  # refused: the problems are listed in the check sheet
        return fund
    used = outcome.date_used(fund.settings.report_date)
    result = fund.summary(used.day)
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
    _chart(sheet, result)
    behind = sum(1 for m in members if m.balance < 0)
    return " ".join(
        filter(
            None,
            [
                f"đã thu {dong(result.collected)}, tồn quỹ {dong(result.balance)}; "
                f"{behind} thành viên còn nợ (xem sheet '{panel.TOTALS_SHEET}').",
                str(used),
                used.warning,
                _remaining(fund.problems),
            ],
        )
    )


def _chart(sheet, result) -> None:
    """The report's chart (xlpy.chart) beside the tables, replacing the one of the last run."""
    import tempfile

    from xlpy import chart

    if result.years.empty:
        return
    with tempfile.TemporaryDirectory(prefix="xlpy-chart-") as folder:
        path = Path(folder) / "bieu-do-quy.png"
        path.write_bytes(chart.png(result.years))
        sheet.pictures.add(str(path), name=CHART_NAME, update=True, anchor=sheet["H2"], width=480)


def _add_month(book) -> str:
    from xlpy.grid import column_index
    from xlpy.ledger import active_in
    from xlpy.schemas import contributions
    from xlpy.sheets import header_row, locate
    from xlpy.text import member_id

    months = sorted(
        (m.date(), sheet.name) for sheet in book.sheets if (m := contributions.month_named(sheet.name)) is not None
    )
    if not months:
        return "chưa có sheet tháng nào (dạng T01-2022) để làm mẫu. Tạo sổ mới bằng lệnh xlpy init."
    last_month, last_name = months[-1]
    month = date(last_month.year + last_month.month // 12, last_month.month % 12 + 1, 1)
    name = contributions.sheet_name(month)
    fund = _load(book)
    active = active_in(fund.members, month)

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
    for column, values in ((ids, active["member_id"].map(member_id, na_action="ignore")), (names, active["name"])):
        if len(values):
            new.range((header + 1, column)).options(transpose=True).value = [panel.literal(v) for v in values]
    new.activate()
    return f"đã thêm sheet {name} với {len(active)} thành viên đang tham gia; nhập Số tiền và Ngày nộp. " + _remaining(
        fund.problems
    )


def _no_folder(book, command: str) -> str | None:
    """Why documents cannot be written beside this workbook, if they cannot."""
    if book.fullname.lower().startswith(("http://", "https://")):
        return (
            "sổ đang mở từ OneDrive/SharePoint nên xlwings không biết thư mục trên máy. Đồng bộ OneDrive "
            "về máy và mở sổ từ thư mục đó (hoặc Lưu thành bản sao trên máy) rồi bấm lại."
        )
    if not Path(book.fullname).is_absolute():
        return (
            "sổ đang mở trên web nên không có thư mục để ghi tệp. Mở sổ bằng Excel trên máy tính "
            f"rồi bấm lại, hoặc dùng lệnh: {command}."
        )
    return None


def _export_report(book) -> str:

    refused = _no_folder(book, "xlpy report <tệp sổ>")
    if refused:
        return refused
    fund = _load(book)
    try:
        written = outcome.write_report(fund, pdf=True)
    except DataHasErrors as refusal:
        return _refuse(book, refusal)
    message = f"{written} {_remaining(fund.problems)}"
    book.app.alert(message, "Xuất báo cáo")
    return message


def _print_vouchers(book) -> str:
    from xlpy import vouchers
    from xlpy.schemas import contributions, spending
    from xlpy.text import fold

    refused = _no_folder(book, "xlpy vouchers <tệp sổ>")
    if refused:
        return refused
    fund = _fund_for(book, outcome.VOUCHERS)
    if isinstance(fund, str):  # refused: the problems are listed in the check sheet
        return fund
    sheet = book.sheets.active.name
    selection = book.selection
    rows = set(range(selection.row, selection.row + selection.rows.count)) if selection is not None else set()
    if contributions.month_named(sheet) is not None or fold(sheet) == fold(spending.SHEET):
        chosen = vouchers.for_rows(fund, sheet, rows)
        if not chosen and contributions.month_named(sheet) is not None:  # nothing selected: the month on screen
            chosen = vouchers.numbered(fund, lambda v: v.cells[0][0] == sheet)
    else:  # from the panel: the latest month
        months = fund.contributions["_month"]
        if months.empty:
            return "chưa có sheet tháng nào có tiền nộp để in phiếu."
        latest, latest_sheet = months.max(), fund.contributions.loc[months.idxmax(), "_sheet"]
        chosen = vouchers.numbered(
            fund,
            lambda v: (
                v.cells[0][0] == latest_sheet
                or ((v.kind == "chi" and v.date.month == latest.month) and v.date.year == latest.year)
            ),
        )
    if not chosen:
        return (
            "không có phiếu nào để in: chọn các dòng đã nộp tiền (sheet tháng) hoặc có chi Từ quỹ "
            f"(sheet '{spending.SHEET}') rồi chạy lại."
        )
    cells = vouchers.cells_to_store(ExcelBook(book), chosen)
    for name, values in cells.items():  # the numbers first: a printed voucher keeps its number
        for reference, value in values.items():
            book.sheets[name][reference].value = value
    written = vouchers.write(fund, chosen, Path(book.fullname).parent)
    pdfs = outcome.pdfs_of(written)  # as the report's: a missing PDF is said, the .docx files stay
    written += pdfs.written
    note = f" {pdfs.failed}" if pdfs.failed else ""
    new = sum(1 for v in chosen if not v.stored)
    numbered = f" Đã cấp số cho {new} phiếu: lưu sổ (Ctrl+S) để giữ số phiếu." if new else ""
    warning = vouchers.passed_over(fund, chosen)
    note += f" {warning}" if warning else ""
    message = f"đã ghi {len(chosen)} phiếu: " + " và ".join(str(p) for p in written) + "." + numbered + note
    book.app.alert(message, "In phiếu")
    return message


def _cashbook(book) -> str:
    from xlpy import cashbook as cash
    from xlpy.cashbook_sheet import SHEET, write_sheet

    fund = _fund_for(book, outcome.CASHBOOK)
    if isinstance(fund, str):  # refused: the problems are listed in the check sheet
        return fund
    result = cash.for_fund(fund)
    write_sheet(_output_sheet(book, SHEET), result, fund.settings.unit)
    said = (
        f"sổ quỹ năm {result.year}: {len(result.rows)} dòng, tồn đầu năm {dong(result.opening)}, "
        f"tồn cuối kỳ {dong(result.closing)} (xem sheet '{SHEET}')."
    )
    return f"{said} {result.below_zero()}".rstrip()
