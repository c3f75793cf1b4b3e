"""The cash book: its balances are the ledger's, on the sample and on generated workbooks."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta

import openpyxl
import pandas as pd
import pytest
from conftest import SAMPLE, SMALL_MEMBERS, SMALL_SETTINGS, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlpy import cashbook, cashbook_sheet, layout
from xlpy.errors import UsageError
from xlpy.fund import load


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


def month_ends(start: date, end: date) -> list[date]:
    found, day = [], cashbook.month_end(start)
    while day <= end:
        found.append(day)
        day = cashbook.month_end(day + timedelta(days=1))
    return found


def test_each_years_closing_is_the_ledgers_balance_and_the_next_years_opening(sample):
    previous = None
    for year in range(2018, 2023):  # 2018: the first receipt (2017 is refused: see below)
        book = cashbook.for_fund(sample, year)
        assert book.closing == sample.summary(book.end).balance, year
        assert book.closing == book.months[-1].balance
        if previous is not None:
            assert book.opening == previous.closing, year
        previous = book
    assert previous.end == sample.settings.report_date and previous.closing == sample.summary().balance


def test_the_balance_at_every_month_end_is_the_ledgers(sample):
    rows = cashbook.entries(sample.contributions, sample.spending, sample.as_of())
    for day in month_ends(date(2018, 1, 1), sample.as_of()):
        inside = [e for e in rows if e.day <= day]
        assert (inside[-1].balance if inside else 0) == sample.summary(day).balance, day


def test_rows_are_the_contributions_and_the_fund_payments(sample):
    book = cashbook.for_fund(sample, 2018)
    paid_2018 = sample.contributions[
        (sample.contributions["_month"].dt.year == 2018) & (sample.contributions["amount"].fillna(0) > 0)
    ]
    receipts = [e for e in book.rows if e.kind == "thu"]
    assert len(receipts) == len(paid_2018) and sum(e.received for e in receipts) == paid_2018["amount"].sum()
    payments = [e for e in book.rows if e.kind == "chi"]
    spent = sample.spending[(sample.spending["date"].dt.year == 2018) & (sample.spending["from_fund"].fillna(0) > 0)]
    assert [e.paid for e in payments] == list(spent["from_fund"].astype(int))
    assert payments[0].description.startswith("Phối hợp với Chi bộ HĐND") and "34 suất" in payments[0].description
    assert [e.day for e in book.rows] == sorted(e.day for e in book.rows)
    assert receipts[0].description == "Thu quỹ tháng 01/2018 của Đinh Thị Mai Sinh (TV01)"


def test_a_receipt_is_dated_inside_its_sheets_month_and_not_after_the_as_of_date():
    march = pd.Timestamp(2022, 3, 1)
    assert cashbook.receipt_day(pd.Timestamp(2022, 3, 9), march, date(2022, 12, 31)) == date(2022, 3, 9)
    assert cashbook.receipt_day(pd.Timestamp(2022, 2, 20), march, date(2022, 12, 31)) == date(2022, 3, 1)
    assert cashbook.receipt_day(pd.Timestamp(2022, 4, 2), march, date(2022, 12, 31)) == date(2022, 3, 31)
    assert cashbook.receipt_day(pd.Timestamp(2022, 3, 25), march, date(2022, 3, 20)) == date(2022, 3, 20)


def test_voucher_numbers_come_from_a_so_phieu_column_when_there_is_one(sample):
    contributions = sample.contributions.assign(voucher=[float(n) for n in range(1, len(sample.contributions) + 1)])
    spending = sample.spending.assign(voucher=["PC-07"] * len(sample.spending))
    book = cashbook.build(contributions, spending, 2018, sample.as_of())
    assert book.rows[0].voucher == 1 and {e.voucher for e in book.rows if e.kind == "chi"} == {"PC-07"}
    assert {e.voucher for e in cashbook.for_fund(sample, 2018).rows} == {None}
    assert [cashbook.voucher_number(v) for v in (3.0, 3, " 3 ", "", None, float("nan"))] == [3, 3, 3, None, None, None]


def test_a_month_on_one_line_keeps_each_voucher_number_as_a_number(sample):
    numbers = [1 if m.month == 1 else None for m in sample.contributions["_month"]]
    contributions = sample.contributions.assign(voucher=numbers)
    book = cashbook.build(contributions, sample.spending, 2018, sample.as_of(), monthly=True)
    receipts = [e for e in book.rows if e.kind == "thu"]
    assert receipts[0].voucher == 1 and receipts[0].description.startswith("Thu quỹ tháng 01/2018")
    assert {e.voucher for e in receipts[1:]} == {None} and len(receipts) == 12


def test_one_line_per_months_collection_when_the_setting_says_so(sample):
    assert cashbook.per_month("Mỗi tháng một phiếu") and not cashbook.per_month("Mỗi dòng một phiếu")
    assert not cashbook.per_month("")
    book = cashbook.build(sample.contributions, sample.spending, 2018, sample.as_of(), monthly=True)
    receipts = [e for e in book.rows if e.kind == "thu"]
    assert len(receipts) == 12 and receipts[0].description.startswith("Thu quỹ tháng 01/2018")
    assert book.closing == cashbook.for_fund(sample, 2018).closing


def test_a_year_after_the_as_of_date_is_refused(sample):
    result = run_cli("cashbook", SAMPLE, "--year", "2023", "--json")
    assert result.returncode == UsageError.exit_status and "2023" in result.stderr


def test_a_year_before_the_fund_began_is_refused_naming_the_first_year(sample, tmp_path):
    first = min(e.day for e in cashbook.entries(sample.contributions, sample.spending, sample.as_of())).year
    result = run_cli("cashbook", SAMPLE, "--year", str(first - 2), "-o", tmp_path / "so-quy.xlsx")
    assert result.returncode == UsageError.exit_status
    assert f"Năm {first - 2} trước khi quỹ có số liệu" in result.stderr and f"năm {first}." in result.stderr
    assert not (tmp_path / "so-quy.xlsx").exists()
    assert cashbook.for_fund(sample, first).rows  # the first year itself is a book


def test_voucher_numbers_are_numbers_in_the_json_and_the_workbook(sample_copy, tmp_path):
    printed = run_cli("vouchers", sample_copy, "--from", "2018-12-01", "--to", "2018-12-31", "-o", tmp_path / "p")
    assert printed.returncode == 0, printed.stderr
    stored = json.loads(run_cli("vouchers", sample_copy, "--from", "2018-12-01", "--to", "2018-12-31", "--json").stdout)
    result = run_cli("cashbook", sample_copy, "--year", "2018", "--json")
    rows = json.loads(result.stdout)["rows"]
    numbered = [r["voucher"] for r in rows if r["voucher"] is not None]
    assert numbered and all(type(n) is int for n in numbered)
    assert {r["voucher"] for r in rows if r["date"] < "2018-12-01"} == {None}
    assert sorted(numbered) == sorted(v["number"] for v in stored)
    made = run_cli("cashbook", sample_copy, "--year", "2018", "-o", tmp_path / "so-quy.xlsx")
    assert made.returncode == 0, made.stderr
    sheet = openpyxl.load_workbook(tmp_path / "so-quy.xlsx")["Sổ quỹ"]
    cells = [c for row in sheet.iter_rows(min_row=7, min_col=2, max_col=3) for c in row if c.value is not None]
    assert sorted(c.value for c in cells) == sorted(numbered)
    assert all(c.data_type == "n" and c.number_format == "0" for c in cells)
    again = run_cli("cashbook", sample_copy, "--year", "2018", "-o", tmp_path / "so-quy.xlsx")
    assert again.returncode == 1 and "sổ Excel đã có" in again.stderr and "đuôi .xlsx" in again.stderr


# Generated workbooks: members paying any amount on any day (early, late), spending on any day.
amounts = st.sampled_from([0, 50_000, 100_000, 150_000, 30_000])
day_offsets = st.integers(min_value=-40, max_value=70)


@st.composite
def workbooks(draw):
    months = draw(st.integers(min_value=1, max_value=14))
    first = date(2021, draw(st.integers(min_value=1, max_value=12)), 1)
    sheets = []
    for index in range(months):
        month = date(first.year + (first.month - 1 + index) // 12, (first.month - 1 + index) % 12 + 1, 1)
        rows = []
        for member in SMALL_MEMBERS:
            amount = draw(amounts)
            paid_on = month + timedelta(days=draw(day_offsets)) if amount else None
            rows.append((member[0], member[1], amount or None, paid_on, None))
        sheets.append((month, rows))
    spending = [
        (
            first + timedelta(days=draw(st.integers(min_value=0, max_value=31 * months))),
            "Chi hoạt động",
            None,
            None,
            500_000,
            draw(st.sampled_from([0, 20_000, 80_000, 200_000])),
            None,
        )
        for _ in range(draw(st.integers(min_value=0, max_value=4)))
    ]
    as_of = first + timedelta(days=draw(st.integers(min_value=0, max_value=31 * months + 20)))
    return sheets, spending, as_of, draw(st.sampled_from(["Theo từng lần nộp", "Theo tháng"]))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # examples: the profile's
@given(data=workbooks())
def test_the_closing_balance_is_summarys_on_generated_workbooks(tmp_path, data):
    sheets, spending, as_of, mode = data
    path = tmp_path / "gen.xlsx"
    writer = layout.WorkbookWriter(path)
    writer.settings({**SMALL_SETTINGS, "report_date": as_of, "receipt_mode": mode})
    writer.members([(m[0], m[1], m[2], date(2020, 1, 1), None, None, None) for m in SMALL_MEMBERS])
    for month, rows in sheets:
        writer.month(month, rows)
    writer.spending(spending)
    writer.close()
    fund = load(path)
    previous = None
    moved = cashbook.entries(fund.contributions, fund.spending, as_of)
    for year in range(moved[0].day.year if moved else as_of.year, as_of.year + 1):
        book = cashbook.for_fund(fund, year)
        assert book.closing == fund.summary(book.end).balance
        assert previous is None or book.opening == previous.closing
        previous = book
    monthly = cashbook.per_month(mode)
    rows = cashbook.entries(fund.contributions, fund.spending, as_of, monthly)
    for day in [*month_ends(date(2020, 1, 1), as_of), as_of]:
        inside = [e for e in rows if e.day <= day]
        assert (inside[-1].balance if inside else 0) == fund.summary(day).balance, day
    # The cash validation warns about is the book's, payment by payment, in either receipt mode;
    # a payment after the as-of date is in no book and gets none.
    spending = fund.spending
    paid = spending[(spending["from_fund"] > 0) & (spending["date"] <= pd.Timestamp(as_of))]
    payments = [e for e in rows if e.kind == "chi"]
    assert [e.balance for e in payments] == list(paid.sort_values("date", kind="stable")["_cash_after"])
    assert spending.loc[spending["date"] > pd.Timestamp(as_of), "_cash_after"].isna().all()
    warned = {p.row for p in fund.problems if "tiền mặt" in p.message}
    takes_below = (paid["_cash_before"] >= 0) & (paid["_cash_after"] < 0) & (paid["_balance_after"] >= 0)
    below = set(paid.loc[takes_below, "_row"])
    assert warned == below


def test_json_gives_the_books_rows_months_and_balances():
    result = run_cli("cashbook", SAMPLE, "--year", "2019", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"opening", "rows", "months", "closing"} <= set(data)
    assert set(data["rows"][0]) >= {"date", "voucher", "description", "received", "paid", "balance"}
    assert data["opening"] == 450_000 and data["closing"] == 2_150_000 and len(data["months"]) == 12
    assert data["rows"][-1]["balance"] == data["closing"]


def test_the_printable_workbook(sample_copy):
    result = run_cli("cashbook", sample_copy, "--year", "2018")
    assert result.returncode == 0, result.stderr
    path = sample_copy.parent / "so-quy-2018.xlsx"
    assert str(path) in result.stdout
    book = openpyxl.load_workbook(path)
    sheet = book["Sổ quỹ"]
    assert sheet.page_setup.paperSize == 9 and sheet.print_title_rows == "$6:$6"
    assert "&P" in sheet.oddFooter.center.text
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "SỔ QUỸ TIỀN MẶT"
    assert values[5][:4] == ["Ngày tháng", "Số phiếu thu", "Số phiếu chi", "Diễn giải"]
    assert values[6][3] == "Số tồn đầu năm" and values[-1][3] == "Số tồn cuối kỳ" and values[-1][6] == 450_000
    assert sheet.cell(8, 5).number_format == cashbook_sheet.MONEY
    again = run_cli("cashbook", sample_copy, "--year", "2018")
    assert (sample_copy.parent / "so-quy-2018 (2).xlsx").exists() and again.returncode == 0  # never overwritten


def test_refused_while_the_data_has_errors(small, tmp_path):
    path = small({("T02-2022", "C5"): "50.000"})
    result = run_cli("cashbook", path, "-o", tmp_path / "out.xlsx")
    assert result.returncode == 1 and "T02-2022" in result.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_cell_text_stays_text(small, tmp_path):
    def typed_as_text(book):
        book["Chi quỹ"]["B4"].value = '=HYPERLINK("http://x","y")'
        book["Chi quỹ"]["B4"].data_type = "s"  # typed as text by the clerk (or a hostile hand)

    path = small(typed_as_text)
    result = run_cli("cashbook", path, "-o", tmp_path / "out.xlsx")
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["Sổ quỹ"]
    texts = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x","y")']
    assert texts and all(c.data_type == "s" for c in texts)


def test_a_payment_before_the_receipts_that_cover_it_is_warned_and_printed_below_zero(small, tmp_path):
    """The contract counts a month's money from its first day, so paying 200.000 on 5 February is no
    error; but by Ngày nộp only January's 100.000 is in hand: validation warns at that row, the cash
    book says so (the payment's line and the receipt after it are below zero), and its Tồn cells
    show the minus sign (in LibreOffice as in Excel)."""
    from xlpy.report import find_soffice

    path = small({("Chi quỹ", "A4"): date(2022, 2, 5), ("Chi quỹ", "F4"): 200_000})
    checked = run_cli("validate", path)
    assert checked.returncode == 0, checked.stdout
    warned = [line for line in checked.stdout.splitlines() if "tiền mặt" in line]
    assert len(warned) == 1 and warned[0].startswith("'Chi quỹ'!F4 [cảnh báo]") and "100.000 đồng" in warned[0]

    out = tmp_path / "so-quy.xlsx"
    made = run_cli("cashbook", path, "--year", "2022", "--as-of", "2022-03-31", "-o", out)
    assert made.returncode == 0 and "tồn quỹ trên sổ âm ở 2 dòng" in made.stderr and "05/02/2022" in made.stderr
    sheet = openpyxl.load_workbook(out)["Sổ quỹ"]
    below = [row[6] for row in sheet.iter_rows(min_row=7) if isinstance(row[6].value, int) and row[6].value < 0]
    assert [(c.value, c.number_format) for c in below] == [(-100_000, '#"."###'), (-50_000, '#"."###')]
    if find_soffice() is None:
        pytest.skip("LibreOffice not found: the printed sign is checked where it is")
    shown = tmp_path / "so-quy.csv"
    subprocess.run(
        [
            find_soffice(),
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert ",-100.000," in shown.read_text(encoding="utf-8") and ",100.000," in shown.read_text(encoding="utf-8")


def test_a_receipt_moved_into_its_month_says_its_own_date(small, tmp_path):
    """Paid on 2 March for February: the book dates it 28/02 (the contract counts it in February) and
    its Ghi chú gives the Ngày nộp its receipt voucher bears, so the two documents are reconciled."""
    path = small({("T02-2022", "D5"): date(2022, 3, 2)})
    data = json.loads(run_cli("cashbook", path, "--year", "2022", "--as-of", "2022-03-31", "--json").stdout)
    noted = [(r["date"], r["note"]) for r in data["rows"] if r["note"]]
    assert noted == [("2022-02-28", "Nộp 02/03/2022")]
    out = tmp_path / "so-quy.xlsx"
    assert run_cli("cashbook", path, "--year", "2022", "--as-of", "2022-03-31", "-o", out).returncode == 0
    sheet = openpyxl.load_workbook(out)["Sổ quỹ"]
    assert [row[7].value for row in sheet.iter_rows(min_row=7) if row[7].value] == ["Nộp 02/03/2022"]


def test_a_cash_book_that_cannot_be_written_is_a_failed_write_not_a_crash(tmp_path):
    """XlsxWriter says a file it cannot create with FileCreateError, which is no OSError: it ended as
    "Lỗi không mong đợi", exit 2 (a hostile trial: a read-only folder). It is raised as an OSError,
    which every command says as a failed write (the cash book, the roll-up table, `init`)."""
    import xlsxwriter

    from xlpy.safe_write import close_xlsx

    workbook = xlsxwriter.Workbook(str(tmp_path / "khong-co" / "so-quy.xlsx"))  # a folder not there
    workbook.add_worksheet()
    with pytest.raises(OSError):
        close_xlsx(workbook)
