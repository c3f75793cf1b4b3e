"""Each rule of the contract, broken in a real workbook, found at its cell."""

from __future__ import annotations

import functools
import math
import unicodedata
import warnings
from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.table import Table

from xlpy import cells, dates, sheets
from xlpy.fund import load
from xlpy.grid import Grid
from xlpy.problems import Severity
from xlpy.schemas import contributions

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def found(path):
    return {(p.where, p.severity): p.message for p in load(path).problems}


def assert_found(path, where: str, severity: Severity, *words: str) -> dict:
    """The problem is named at `where` with `severity`, its message has `words`; returns the others."""
    problems = found(path)
    assert (where, severity) in problems, problems
    message = problems[(where, severity)]
    for word in words:
        assert word.casefold() in message.casefold(), message
    return {k: v for k, v in problems.items() if k != (where, severity)}


def assert_only(path, where: str, severity: Severity, *words: str) -> None:
    others = assert_found(path, where, severity, *words)
    assert not others, others


def test_the_small_and_the_sample_workbooks_are_clean(small):
    assert load(small()).problems == []
    from conftest import SAMPLE

    assert load(SAMPLE).problems == []


# --- Thành viên -----------------------------------------------------------------


def test_member_id_is_required(small):
    others = assert_found(small({("Thành viên", "A6"): None}), "'Thành viên'!A6", ERROR, "Thiếu Mã")
    # TV03's payments now belong to nobody: each is named too.
    assert set(others) == {("'T02-2022'!A6", ERROR), ("'T03-2022'!A6", ERROR)}


def test_member_id_has_no_spaces(small):
    assert_only(
        small({("Thành viên", "A6"): "TV 03", ("T02-2022", "A6"): "TV 03", ("T03-2022", "A6"): "TV 03"}),
        "'Thành viên'!A6",
        ERROR,
        "khoảng trắng",
    )


def test_member_id_is_unique(small):
    problems = found(small({("Thành viên", "A6"): "TV02"}))
    assert ("'Thành viên'!A5", ERROR) in problems and ("'Thành viên'!A6", ERROR) in problems
    assert "trùng" in problems[("'Thành viên'!A6", ERROR)]


def test_member_name_is_required(small):
    assert_only(small({("Thành viên", "B5"): "  "}), "'Thành viên'!B5", ERROR, "Họ và tên")


def test_joining_date_is_required_and_a_real_date(small):
    assert_only(small({("Thành viên", "D5"): None}), "'Thành viên'!D5", ERROR, "Thiếu Ngày tham gia")
    assert_only(
        small({("Thành viên", "D5"): "01/01/2022"}), "'Thành viên'!D5", ERROR, "không phải là ngày", "01/01/2022"
    )


def test_a_year_typed_into_a_date_cell_is_an_error_not_1400_months_owed(small):
    """2022 typed into a date cell is 14/07/1905 to Excel: TV01 owed for 1,401 months, no word said."""
    path = small({("Thành viên", "D4"): datetime(1905, 7, 14)})
    assert_only(path, "'Thành viên'!D4", ERROR, "14/07/1905", "trước năm 1950")


def test_leaving_date_is_not_before_joining(small):
    others = assert_found(
        small({("Thành viên", "E5"): date(2021, 12, 31)}), "'Thành viên'!E5", ERROR, "trước Ngày tham gia"
    )
    assert all(severity is WARNING for _, severity in others)  # and TV02's payments fall outside


@pytest.mark.parametrize(
    "rate, words", [("50.000", "không phải là số"), (50, "quá nhỏ"), (50_000.5, "phần lẻ"), (-50_000, "từ 1")]
)
def test_rate_is_a_whole_number_of_dong(small, rate, words):
    assert_only(small({("Thành viên", "F5"): rate}), "'Thành viên'!F5", ERROR, words)


# --- monthly sheets -------------------------------------------------------------


@pytest.mark.parametrize(
    "amount, words",
    [
        ("50.000", "không phải là số"),
        ("50k", "không phải là số"),
        ("năm mươi nghìn", "không phải là số"),
        (50, "quá nhỏ"),
        (-50_000, "từ 0"),
        (49_999.5, "phần lẻ"),
    ],
)
def test_amount_slips_are_errors_at_their_cell(small, amount, words):
    assert_only(small({("T02-2022", "C5"): amount}), "'T02-2022'!C5", ERROR, words)


def test_all_problems_of_a_column_are_found_at_once(small):
    path = small(
        {("T02-2022", "C4"): "50.000", ("T02-2022", "C5"): 50.5, ("T02-2022", "C6"): "50k", ("T03-2022", "C4"): 50}
    )
    where = {p.where for p in load(path).problems if p.severity is ERROR and p.sheet != "Chi quỹ"}
    assert where == {"'T02-2022'!C4", "'T02-2022'!C5", "'T02-2022'!C6", "'T03-2022'!C4"}


def test_unknown_member_is_an_error(small):
    assert_only(small({("T03-2022", "A6"): "TV09"}), "'T03-2022'!A6", ERROR, "TV09", "không có trong")


def test_member_id_in_another_case_matches_with_a_warning(small):
    assert_only(small({("T03-2022", "A6"): " tv03"}), "'T03-2022'!A6", WARNING, "TV03")


def test_member_at_most_once_per_sheet(small):
    problems = found(small({("T03-2022", "A6"): "TV02", ("T03-2022", "B6"): "Trần Thị Bình"}))
    assert ("'T03-2022'!A6", ERROR) in problems and "nhiều dòng" in problems[("'T03-2022'!A6", ERROR)]


def test_name_differing_from_roster_is_a_warning(small):
    assert_only(small({("T01-2022", "B5"): "Trần Thị Bìn"}), "'T01-2022'!B5", WARNING, "Trần Thị Bình")


def test_name_in_nfd_or_other_case_matches_the_roster(small):
    path = small({("T01-2022", "B5"): unicodedata.normalize("NFD", "trần thị bình")})
    assert load(path).problems == []


def test_paid_amount_needs_a_paid_date(small):
    assert_only(small({("T02-2022", "D5"): None}), "'T02-2022'!D5", ERROR, "thiếu Ngày nộp")


def test_paid_date_typed_as_text_is_an_error(small):
    """The advice is not what the clerk typed (a US date order turns 15/3/2022 into text): a date
    every Excel takes, year first."""
    path = small({("T02-2022", "D5"): "15/02/2022"})
    assert_only(path, "'T02-2022'!D5", ERROR, "không phải là ngày", "tháng/ngày/năm", "ví dụ 2022-04-20")


def test_paid_date_without_amount_is_a_warning(small):
    assert_only(small({("T02-2022", "C5"): None}), "'T02-2022'!D5", WARNING, "Số tiền để trống")


def test_paid_date_in_the_future_is_a_warning(small):
    assert_only(small({("T02-2022", "D5"): date(2099, 1, 1)}), "'T02-2022'!D5", WARNING, "tương lai")
    assert_only(small({("T02-2022", "D5"): date(2101, 1, 1)}), "'T02-2022'!D5", ERROR, "1900", "2100")


def test_payment_outside_the_members_months_is_a_warning(small):
    path = small(
        {
            ("T01-2022", "A6"): "TV03",
            ("T01-2022", "B6"): "Lê Văn Cường",
            ("T01-2022", "C6"): 50_000,
            ("T01-2022", "D6"): date(2022, 1, 10),
        }
    )
    assert_only(path, "'T01-2022'!C6", WARNING, "TV03", "không thuộc thời gian tham gia")


@pytest.mark.parametrize("name", ["T13-2022", "T1-2022"])
def test_misnamed_monthly_sheet_is_named(small, name):
    assert_only(small(lambda book: setattr(book["T03-2022"], "title", name)), f"'{name}'", ERROR, "Tnn-yyyy")


# --- Chi quỹ --------------------------------------------------------------------


def test_spending_date_is_required_and_a_date(small):
    assert_only(small({("Chi quỹ", "A5"): None}), "'Chi quỹ'!A5", ERROR, "Thiếu Ngày")
    assert_only(small({("Chi quỹ", "A5"): "20/3/2022"}), "'Chi quỹ'!A5", ERROR, "không phải là ngày")


def test_spending_content_is_required(small):
    assert_only(small({("Chi quỹ", "B4"): None}), "'Chi quỹ'!B4", ERROR, "Thiếu Nội dung")


@pytest.mark.parametrize("gifts, words", [(2.5, "số nguyên"), (-1, "từ 0"), ("hai", "không phải là số")])
def test_gifts_are_a_whole_number(small, gifts, words):
    assert_only(small({("Chi quỹ", "D4"): gifts}), "'Chi quỹ'!D4", ERROR, words)


def test_total_is_required(small):
    assert_only(small({("Chi quỹ", "E5"): None, ("Chi quỹ", "F5"): None}), "'Chi quỹ'!E5", ERROR, "Thiếu Tổng số tiền")


def test_from_fund_cannot_exceed_total(small):
    assert_only(small({("Chi quỹ", "E5"): 40_000}), "'Chi quỹ'!F5", ERROR, "lớn hơn Tổng số tiền")


def test_spending_above_the_balance_on_its_date_is_an_error(small):
    # By 15/02/2022: January (2 x 50.000) + February (3 x 50.000) = 250.000 collected.
    path = small({("Chi quỹ", "E4"): 260_000, ("Chi quỹ", "F4"): 260_000})
    assert_only(path, "'Chi quỹ'!F4", ERROR, "âm", "250.000")  # March's money comes too late for it


def test_each_row_that_leaves_the_fund_below_zero_is_named(small):
    path = small({("Chi quỹ", "E4"): 400_000, ("Chi quỹ", "F4"): 400_000})
    assert {p.where for p in load(path).problems} == {"'Chi quỹ'!F4", "'Chi quỹ'!F5"}


# --- structure ------------------------------------------------------------------


def test_missing_sheet_is_named(small):
    assert_only(small(lambda book: book.remove(book["Chi quỹ"])), "'Chi quỹ'", ERROR, "Không có sheet")


def test_renamed_header_is_a_missing_column(small):
    assert_only(small({("T02-2022", "C3"): "So tien"}), "'T02-2022'", ERROR, "Thiếu cột 'Số tiền'")


def test_headers_match_in_any_order_case_and_normal_form_below_a_title(small):
    def shuffle(book):
        sheet = book["T02-2022"]
        sheet.insert_rows(1, 4)  # header now on row 7
        sheet.insert_cols(1)  # an extra column in front
        sheet["A7"] = "Cột thêm"
        sheet["C7"] = unicodedata.normalize("NFD", " HỌ VÀ TÊN ")
        for row in range(7, 11):  # swap Số tiền and Mã
            sheet[f"B{row}"].value, sheet[f"D{row}"].value = sheet[f"D{row}"].value, sheet[f"B{row}"].value
        sheet["D9"] = "50.000"  # now Mã is in D: a text amount in B9 must be named at B9
        sheet["B9"], sheet["D9"] = "50.000", "TV02"

    assert_only(small(shuffle), "'T02-2022'!B9", ERROR, "không phải là số")


def test_an_excel_table_marks_the_header_row(small):
    def as_table(book):
        sheet = book["Chi quỹ"]
        sheet["A2"] = "Ngày"  # a decoy: a hint row that looks like a header
        sheet.add_table(Table(displayName="ChiQuy", ref="A3:G5"))

    assert load(small(as_table)).problems == []


def test_monthly_sheet_names_compare_trimmed_and_in_any_case(small):
    assert load(small(lambda book: setattr(book["T03-2022"], "title", "t03-2022 "))).problems == []


def test_two_sheets_for_one_month_are_an_error_not_counted_twice(small):
    def twin(book):
        copy = book.copy_worksheet(book["T03-2022"])
        copy.title = " T03-2022"

    path = small(twin)
    assert_only(path, "' T03-2022'", ERROR, "trùng tháng")
    assert load(path).summary().collected == 400_000


def test_columns_that_may_be_all_empty_may_be_missing(small):
    def drop(book):
        book["Thành viên"].delete_cols(5, 2)  # Ngày rời, Mức đóng
        book["Chi quỹ"].delete_cols(4)  # Số suất

    assert load(small(drop)).problems == []
    assert load(small(drop)).summary().members["owed"].tolist() == [150_000, 150_000, 100_000]


def test_settings_that_must_be_dates_or_numbers_are_named(small):
    def edit(book):
        for row in book["Cài đặt"].iter_rows():
            if row[0].value == "Ngày báo cáo":
                row[1].value = "hôm nay"
            if row[0].value == "Mức đóng mặc định":
                row[1].value = "50.000"

    path = small(edit)
    import openpyxl

    rows = {r[0].value: r[1].row for r in openpyxl.load_workbook(path)["Cài đặt"].iter_rows()}
    problems = {p.where: p for p in load(path).problems}
    date_cell, rate_cell = f"'Cài đặt'!B{rows['Ngày báo cáo']}", f"'Cài đặt'!B{rows['Mức đóng mặc định']}"
    assert problems[date_cell].severity is ERROR and "Ngày báo cáo" in problems[date_cell].message
    assert problems[rate_cell].severity is ERROR and "Mức đóng mặc định" in problems[rate_cell].message
    assert set(problems) == {date_cell, rate_cell}


def test_a_report_date_typed_as_text_reads_day_first(small):
    def edit(book):
        next(r for r in book["Cài đặt"].iter_rows() if r[0].value == "Ngày báo cáo")[1].value = "5/3/2022"

    assert load(small(edit)).settings.report_date == date(2022, 3, 5)


# --- totals that cannot be silently wrong (issue 8) -------------------------------------------------

NOT_MONTHLY = ["Tổng hợp", "Danh mục", "Thành viên", "Chi quỹ", "Cài đặt", "Nội dung báo cáo", "Bảng điều khiển"]


@pytest.mark.parametrize(
    "name",
    [
        *["Т03-2019", "Τ03-2019", "Ｔ０３－２０１９", "T03–2019", "T03_2019", "T03 2019", "Tháng 03-2019"],
        *["Thang 3/2019", "T04-2019 (2)", "T04-2019_2", "T 03-2019", "T03-2019\u200b", "TO3-2019", "2019-03"],
        *["T3-2019", "T13-2019"],
    ],
)
def test_names_close_to_a_monthly_sheet_are_not_counted_and_say_so(name):
    assert contributions.month_named(name) is None
    assert "Tnn-yyyy" in contributions.misnamed(name)


@pytest.mark.parametrize("name", [*NOT_MONTHLY, "Kiểm tra", "Sheet1", "2022", "To-do", "Tổng hợp 2019"])
def test_other_sheet_names_are_left_alone(name):
    assert contributions.misnamed(name) is None


@pytest.mark.parametrize("name", ["T03-2019", " t03-2019 ", "T12-2100", "T01-1900"])
def test_the_contract_spelling_is_counted(name):
    assert contributions.month_named(name) is not None and contributions.misnamed(name) is None


@given(
    month=st.integers(1, 12),
    year=st.integers(1900, 2100),
    letter=st.sampled_from(["T", "t", "Т", "Τ", "Ｔ", "Tháng ", "Thang "]),
    dash=st.sampled_from(["-", "–", "—", "−", "_", ".", "/", " ", " - ", "‐"]),
    digits=st.sampled_from(["{:02d}", "{:d}"]),
)
@settings(max_examples=60, deadline=None)
def test_a_monthly_name_however_typed_is_counted_or_an_error_naming_the_right_one(month, year, letter, dash, digits):
    name = f"{letter}{digits.format(month)}{dash}{year}"
    if contributions.month_named(name) is None:
        assert f"'T{month:02d}-{year}'" in contributions.misnamed(name)
    else:
        assert contributions.month_named(name) == pd.Timestamp(year, month, 1)
        assert letter in "Tt" and dash == "-" and (month >= 10 or digits == "{:02d}")


def grid(rows: list[list], tables: list[int] | None = None) -> Grid:
    return Grid("T02-2022", rows, tables or [])


HEAD = ["Mã", "Họ và tên", "Số tiền", "Ngày nộp", "Ghi chú"]
PAID = ["TV01", "An", 50_000.0, datetime(2022, 2, 3), ""]


def test_the_first_header_row_wins_over_a_table_below_the_data():
    rows = [["SỔ THU"], [], HEAD, PAID, [], HEAD, ["TV02", "Bình", 50_000.0, datetime(2022, 2, 4), ""]]
    located, problems = sheets.locate(grid(rows, tables=[6]), contributions.schema)
    assert sheets.header_row(grid(rows, tables=[6]), contributions.schema) == 3
    assert [(p.row, p.column) for p in problems] == [(6, "A")] and "lặp lại dòng tiêu đề" in problems[0].message
    assert located.columns["_row"] == [4, 5, 7]  # the repeated header is not data; the rows under it are named


def test_a_table_marks_the_header_row_when_it_is_the_first():
    rows = [["Ghi chú"], ["Mã"], HEAD, PAID]
    assert sheets.header_row(grid(rows, tables=[3]), contributions.schema) == 3
    assert sheets.locate(grid(rows, tables=[3]), contributions.schema)[1] == []


def test_a_table_below_rows_without_headers_takes_the_header_and_the_rows_above_are_errors():
    rows = [PAID, PAID, [], HEAD, PAID]
    problems = sheets.locate(grid(rows, tables=[4]), contributions.schema)[1]
    assert [(p.row, p.column) for p in problems] == [(1, "A"), (2, "A")]
    assert all("trên dòng tiêu đề" in p.message for p in problems)


def test_a_title_or_a_totals_row_above_the_header_is_no_data():
    rows = [["SỔ THU QUỸ THÁNG 02/2022"], ["", "Tổng cộng", 150_000.0, None], HEAD, PAID]
    assert sheets.locate(grid(rows), contributions.schema)[1] == []


def test_nan_and_infinity_are_carried_to_their_cell_not_read_as_blank():
    rows = [HEAD, ["TV01", "An", math.nan, datetime(2022, 2, 3)], ["TV02", "Bình", math.inf, math.nan]]
    located, _ = sheets.locate(grid(rows), contributions.schema)
    assert [str(v) for v in located.columns["amount"]] == ["nan", "inf"]
    assert all(isinstance(v, cells.NotFinite) for v in located.columns["amount"])


def test_true_and_false_are_not_read_as_one_and_zero():
    """Python's True equals 1 and a typed "nan" equals NaN's marker text: a column holding both is
    still judged cell by cell (`per_value` judges equal values once)."""
    rows = [HEAD, ["TV01", "An", 1.0, datetime(2022, 2, 3)], ["TV02", "Bình", True, datetime(2022, 2, 3)]]
    located, _ = sheets.locate(grid(rows), contributions.schema)
    assert located.columns["amount"] == [1.0, "TRUE"]
    raw = pd.Series([1.0, "TRUE", cells.NotFinite("nan"), "nan"], dtype=object)
    assert cells.holds(raw, cells.is_number).tolist() == [True, False, False, False]
    assert cells.holds(raw, lambda v: isinstance(v, cells.NotFinite)).tolist() == [False, False, True, False]


def test_a_ceiling_in_the_settings_is_read_and_bounded(small):
    def edit(value):
        def change(book):
            book["Cài đặt"]["A30"], book["Cài đặt"]["B30"] = "  mức TỐI ĐA một ô ", value

        return change

    assert load(small(edit(2_000_000))).settings.cell_ceiling == 2_000_000
    assert load(small()).settings.cell_ceiling == 1_000_000_000  # absent: the default
    assert_only(small(edit(10**13)), "'Cài đặt'!B30", ERROR, "Mức tối đa một ô", "1.000.000.000.000")


def test_dates_have_one_range_everywhere():
    assert (dates.FIRST_YEAR, dates.LAST_YEAR) == (1900, 2100)
    assert cells.as_date(pd.Series([date(2100, 12, 31), date(2101, 1, 1), date(1899, 12, 31)])).isna().tolist() == [
        False,
        True,
        True,
    ]


@functools.cache
def _small_frames() -> tuple:
    """The clean small workbook's three frames, ready for their schemas (read once)."""
    import tempfile
    from pathlib import Path

    from conftest import build_small

    from xlpy.book import open_book
    from xlpy.fund import draft

    path = build_small(Path(tempfile.mkdtemp(prefix="xlpy-quick-")) / "small.xlsx")
    return draft(open_book(path), path).frames()


ODD_VALUES = [None, math.nan, -1.0, 0.5, 999.0, 1e20, "x y", "TV01", "tv01 ", pd.NaT, pd.Timestamp("1800-01-01"),
              pd.Timestamp("2099-01-01"), pd.Timestamp("2022-01-15"), True, cells.NotFinite("nan"), date(2021, 1, 1),
              50_000.0, 0.0, 3.0]  # fmt: skip


def test_the_quick_pass_is_taken_on_a_clean_workbook():
    from xlpy.fund import SCHEMAS
    from xlpy.validation import passes

    assert all(passes(schema, frame) for schema, frame in zip(SCHEMAS, _small_frames(), strict=True))


@given(data=st.data())
@settings(max_examples=80, deadline=None)
def test_the_quick_pass_never_passes_what_pandera_fails(data):
    """validation.passes skips pandera only where pandera would find nothing: one cell of a clean
    frame (a contract column or a joined one the rules read) set to an odd value, many times over."""
    import pandera.pandas as pa

    from xlpy.fund import SCHEMAS
    from xlpy.validation import passes

    index = data.draw(st.integers(0, 2))
    schema, frame = SCHEMAS[index], _small_frames()[index].copy()
    for _ in range(data.draw(st.integers(1, 2))):
        column = data.draw(st.sampled_from([c for c in frame.columns if c not in ("_sheet", "_row")]))
        row = data.draw(st.integers(0, len(frame) - 1))
        value = data.draw(st.sampled_from(ODD_VALUES))
        column_values = frame[column].astype(object)
        column_values.iat[row] = value
        try:
            frame[column] = column_values.astype(frame[column].dtype)  # as typed() would give it, if it can
        except (TypeError, ValueError, OverflowError):
            frame[column] = column_values
    with warnings.catch_warnings():  # NaN compared in a mutated column: numpy says so, pandera does not care
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            schema.validate(frame, lazy=True)
            clean = True
        except pa.errors.SchemaErrors:
            clean = False
        assert clean or not passes(schema, frame)


# --- dates a year off, and a month sheet gone: the figures change, so they are said ------------


def test_a_spending_date_in_the_future_is_a_warning(small):
    """27/12/2030 for 27/12/2021: the row is left out of every total up to today; say so."""
    assert_only(small({("Chi quỹ", "A5"): datetime(2030, 3, 20)}), "'Chi quỹ'!A5", WARNING, "20/03/2030", "tương lai")


def test_a_payment_dated_outside_its_sheets_month_is_a_warning(small):
    """The sheet is the month of payment: a date a year off prints a voucher of another year."""
    assert_only(small({("T03-2022", "D5"): datetime(2021, 3, 7)}), "'T03-2022'!D5", WARNING, "07/03/2021", "T03-2022")


def test_a_missing_month_between_two_month_sheets_is_a_warning(small):
    path = small(lambda book: book.remove(book["T02-2022"]))
    warned = {(p.sheet, p.severity): p.message for p in load(path).problems}
    assert set(warned) == {("T03-2022", WARNING)}, warned
    assert "T02-2022" in warned[("T03-2022", WARNING)]


def test_a_second_sheet_that_a_contract_title_also_finds_is_an_error(small):
    """'Chi quỹ' typed with its marks decomposed (NFD), beside the real one: Excel keeps both."""
    import unicodedata

    def twin(book):
        book.copy_worksheet(book["Chi quỹ"]).title = unicodedata.normalize("NFD", "Chi quỹ")

    problems = load(small(twin)).problems
    assert [(p.sheet, p.severity) for p in problems] == [(unicodedata.normalize("NFD", "Chi quỹ"), ERROR)]
    assert "trùng tên với sheet 'Chi quỹ'" in problems[0].message


@pytest.mark.parametrize("how", ["sheet deleted", "members deleted"])
def test_no_roster_is_one_error_not_one_a_payment(how, sample_copy):
    """Without the roster (its sheet deleted, or every member row), the clerk reads one error at the
    roster; every payment row had also said its member was not in it (235 lines on the sample)."""
    import openpyxl
    from conftest import run_cli

    book = openpyxl.load_workbook(sample_copy)
    if how == "sheet deleted":
        del book["Thành viên"]
    else:
        sheet = book["Thành viên"]
        header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Mã")
        sheet.delete_rows(header + 1, sheet.max_row)
    book.save(sample_copy)
    result = run_cli("validate", sample_copy)
    errors = [line for line in result.stdout.splitlines() if "[lỗi]" in line]
    assert result.returncode == 1 and len(errors) == 1 and errors[0].startswith("'Thành viên' ")
