"""One truth on every path: a file read by the command line and the same workbook open in Excel
(through xlwings, `xw.Book(json=…)`) give the same problems, cell for cell, for every case of
the corpus; the command line and the buttons conclude the same from them."""

from __future__ import annotations

import shutil

import pytest
from conftest import SAMPLE, run_cli
from corpus import CASES, Case, built
from remote import actions, open_remote, payload, uncalculated

from xlpy import buttons, panel
from xlpy.errors import WorkbookUnreadable
from xlpy.excel import ExcelBook
from xlpy.fund import from_book, load


def problems(fund) -> list[tuple]:
    return [(p.sheet, p.cell, p.severity.value, p.message) for p in fund.problems]


# A date serial outside Excel's calendar (before 1900, after 9999, negative): Excel shows ##### and
# hands a number or nothing, where a file reader sees the raw value. Both must still name the same
# cell with the same severity; only the words differ.
SHOWN_OTHERWISE_BY_EXCEL = {"paid date past 9999", "paid date a negative serial", "joining date in 1800"}


def by_excel(path, sent: dict | None = None):
    import xlwings as xw

    book = xw.Book(json=sent or payload(path))
    return from_book(ExcelBook(book), path)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_file_and_excel_find_the_same_problems(case: Case, tmp_path, shared_tmp):
    if case.status == 2:
        pytest.skip("Excel would not open this file either")
    path = built(case, tmp_path, shared_tmp)
    try:
        by_file = load(path)
    except WorkbookUnreadable:
        pytest.skip("the file cannot be opened at all (status 2)")
    assert not [p for p in by_file.problems if "(trống) đồng" in p.message]  # a blank cell is no amount
    named = [f"'{p.sheet}'!{p.cell}" for p in by_file.problems if "chưa có giá trị" in p.message]
    if named:  # Excel calculates such a formula on opening: only a file can hold it without a value
        assert named == uncalculated(path)
        pytest.skip(f"Excel would calculate {', '.join(named)} on opening")
    try:
        sent = payload(path)  # read with openpyxl, as independent of xlpy's readers as Excel is
    except Exception as exc:  # invalid XML, NaN, a '/' in a sheet name: Excel repairs such a file first
        pytest.skip(f"Excel would repair this file before showing it ({type(exc).__name__}: {exc})"[:200])
    in_excel = problems(by_excel(path, sent))
    if case.name in SHOWN_OTHERWISE_BY_EXCEL:
        assert [p[:3] for p in in_excel] == [p[:3] for p in problems(by_file)]
    else:
        assert in_excel == problems(by_file)


def test_the_parity_test_sees_error_values_in_excel(tmp_path):
    """The payload really carries `#REF!` as text, as Excel sends it, and it is reported once."""
    case = next(c for c in CASES if c.name == "#REF! in an amount")
    path = case.make(tmp_path)
    month = next(s for s in payload(path)["sheets"] if s["name"] == "T02-2022")
    assert month["values"][4][2] == "#REF!"
    found = problems(by_excel(path))
    assert [p for p in found if p[1] == "C5"] == [
        ("T02-2022", "C5", "lỗi", next(p.message for p in load(path).problems if p.cell == "C5"))
    ]


def test_every_error_value_excel_shows_is_found_at_its_cell_once():
    from xlpy.cell_errors import found_in
    from xlpy.grid import Grid

    texts = ["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"]
    grid = found_in(Grid("T02-2022", [["Mã", "Số tiền"], *[["TV01", text] for text in texts]], [], [("B2", "x")]))
    assert [row[1] for row in grid.rows[1:]] == [None] * len(texts)  # never read as an amount typed as text
    assert grid.formula_cells == [("B2", "x")] + [(f"B{n}", f"lỗi công thức {t}") for n, t in enumerate(texts[1:], 3)]


def test_an_error_value_typed_as_text_reads_alike_in_the_file_and_in_excel(small):
    path = small({("T02-2022", "C5"): "#N/A"})
    for fund in (load(path), by_excel(path)):
        assert [(p.sheet, p.cell, p.severity.value) for p in fund.problems] == [("T02-2022", "C5", "lỗi")]
        assert "lỗi công thức #N/A" in fund.problems[0].message


def test_a_ref_error_is_refused_by_the_button_as_by_the_command_line(tmp_path):
    case = next(c for c in CASES if c.name == "#REF! in an amount")
    path = case.make(tmp_path)
    assert run_cli("report", path, "-o", tmp_path / "bao-cao.docx").returncode == 1
    book = open_remote(path)
    message = buttons.export_report(book)
    assert "chưa xuất báo cáo" in message and not list(tmp_path.glob("*.docx"))
    colour = [(a["sheet_position"], a["start_row"], a["start_column"]) for a in actions(book, "setRangeColor")]
    month = [s.name for s in book.sheets].index("T02-2022")
    assert (month, 4, 2) in colour


# --- one slip, one message ----------------------------------------------------------


@pytest.fixture
def oversized(tmp_path):
    """The sample workbook with one Từ quỹ typed far too large."""
    path = tmp_path / SAMPLE.with_suffix(".xlsm").name
    shutil.copy(SAMPLE.with_suffix(".xlsm"), path)
    values = tmp_path / "values.xlsx"
    import openpyxl

    book = openpyxl.load_workbook(path, keep_vba=True)
    book["Chi quỹ"]["F4"] = 99_000_000
    book.save(values)
    return values


def test_one_oversized_spending_gives_exactly_one_error(oversized):
    found = problems(load(oversized))
    assert [(sheet, cell, severity) for sheet, cell, severity, _ in found] == [("Chi quỹ", "F4", "lỗi")]
    assert problems(by_excel(oversized)) == found


def test_the_button_and_mark_colour_only_that_cell(oversized, tmp_path):
    import openpyxl

    book = open_remote(oversized)
    buttons.check(book)
    coloured = [
        (a["sheet_position"], a["start_row"], a["start_column"])
        for a in actions(book, "setRangeColor")
        if a["args"][0] in (panel.ERROR_FILL, panel.WARNING_FILL)
    ]
    assert coloured == [([s.name for s in book.sheets].index("Chi quỹ"), 3, 5)]

    assert run_cli("validate", oversized, "--mark").returncode == 1
    marked = openpyxl.load_workbook(oversized)
    filled = [
        f"'{sheet.title}'!{cell.coordinate}"
        for sheet in marked.worksheets
        if sheet.title != panel.CHECK_SHEET
        for row in sheet.iter_rows()
        for cell in row
        if cell.fill.fgColor.rgb in ("00" + panel.ERROR_FILL[1:], "FF" + panel.ERROR_FILL[1:])
    ]
    assert filled == ["'Chi quỹ'!F4"]


def test_the_first_row_that_takes_the_fund_below_zero_is_named_alone(small):
    """A real overspend (no other slip on the row) is named at its row, and not at the rows after it."""
    path = small({("Chi quỹ", "E4"): 900_000, ("Chi quỹ", "F4"): 900_000})
    found = [p for p in load(path).problems if p.sheet == "Chi quỹ"]
    assert [(p.cell, p.severity.value) for p in found] == [("F4", "lỗi")] and "âm" in found[0].message


def test_error_values_windows_hands_as_numbers_become_their_text():
    """COM gives Excel's newer error values (#SPILL!, #CALC! …) as HRESULT integers."""
    from xlpy.excel import _named_errors

    assert _named_errors([[-2146826243, -2146826238, 50_000, "#REF!"]]) == [["#SPILL!", "#CALC!", 50_000, "#REF!"]]
