"""Totals (workbook contract): checked against a plain recount read with openpyxl."""

from __future__ import annotations

import re
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from conftest import SAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from xlpy import ledger
from xlpy.errors import TotalsTooLarge
from xlpy.fund import load


def recount(path, as_of: date) -> dict:
    """The contract's arithmetic done the long way, from openpyxl's reading of the file."""
    book = openpyxl.load_workbook(path, data_only=True)
    paid: dict[str, int] = {}
    for sheet in book.worksheets:
        match = re.fullmatch(r"T(\d\d)-(\d{4})", sheet.title)
        if not match or (int(match[2]), int(match[1])) > (as_of.year, as_of.month):
            continue
        header = [c.value for c in sheet[3]]
        who, amount = header.index("Mã"), header.index("Số tiền")
        for row in sheet.iter_rows(min_row=4, values_only=True):
            if row[who]:
                paid[row[who]] = paid.get(row[who], 0) + int(row[amount] or 0)
    spent = 0
    chi = book["Chi quỹ"]
    header = [c.value for c in chi[3]]
    for row in chi.iter_rows(min_row=4, values_only=True):
        if row[header.index("Ngày")] and row[header.index("Ngày")].date() <= as_of:
            spent += int(row[header.index("Từ quỹ")] or 0)
    owed = {}
    members = book["Thành viên"]
    header = [c.value for c in members[3]]
    for row in members.iter_rows(min_row=4, values_only=True):
        if not row[0]:
            continue
        joined, left = row[header.index("Ngày tham gia")], row[header.index("Ngày rời")]
        end = min(left.date(), as_of) if isinstance(left, datetime) else as_of
        months = 0
        year, month = joined.year, joined.month
        while (year, month) <= (end.year, end.month):
            months += 1
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        owed[row[0]] = months * int(row[header.index("Mức đóng")] or 50_000)
    collected = sum(paid.values())
    return {"collected": collected, "spent": spent, "paid": paid, "owed": owed}


def test_sample_collects_the_seed_reports_amount_by_its_date():
    summary = load(SAMPLE).summary()
    assert summary.as_of == date(2022, 4, 20)
    assert summary.collected == 11_700_000


@pytest.mark.parametrize("as_of", [date(2018, 12, 31), date(2019, 9, 4), date(2021, 6, 30), date(2022, 4, 20)])
def test_totals_equal_a_plain_recount(as_of):
    expected = recount(SAMPLE, as_of)
    summary = load(SAMPLE).summary(as_of)
    assert summary.collected == expected["collected"]
    assert summary.spent_from_fund == expected["spent"]
    assert summary.balance == expected["collected"] - expected["spent"]
    members = summary.members.set_index("id")
    for member, owed in expected["owed"].items():
        assert members.at[member, "owed"] == owed
        assert members.at[member, "paid"] == expected["paid"].get(member, 0)
        assert members.at[member, "balance"] == expected["paid"].get(member, 0) - owed


def test_years_and_members_add_up_to_the_totals():
    summary = load(SAMPLE).summary()
    years = summary.years
    assert list(years["year"]) == list(range(2018, 2023))
    assert years["collected"].sum() == summary.collected == summary.members["paid"].sum()
    assert years["spent_from_fund"].sum() == summary.spent_from_fund
    assert years["closing_balance"].iloc[-1] == summary.balance
    assert (years["closing_balance"].diff().dropna() == (years["collected"] - years["spent_from_fund"]).iloc[1:]).all()


def test_arrears_are_negative_and_prepayments_positive(small):
    path = small(
        {
            ("T01-2022", "C5"): 150_000,
            ("T02-2022", "C5"): None,
            ("T02-2022", "D5"): None,
            ("T03-2022", "C6"): None,
            ("T03-2022", "D6"): None,
        }
    )
    members = load(path).summary().members.set_index("id")
    # TV02 paid three months in January and nothing in February: 50.000 ahead at the end of March.
    assert members.at["TV02", "paid"] == 200_000 and members.at["TV02", "balance"] == 50_000
    # TV03 joined in February and skipped March: one month behind.
    assert members.at["TV03", "months_owed"] == 2 and members.at["TV03", "balance"] == -50_000


def test_a_member_owes_through_the_month_they_leave(small):
    path = small({("Thành viên", "E4"): datetime(2022, 2, 15), ("T03-2022", "C4"): None, ("T03-2022", "D4"): None})
    members = load(path).summary().members.set_index("id")
    assert members.at["TV01", "months_owed"] == 2 and members.at["TV01", "balance"] == 0


def test_as_of_limits_what_counts(small):
    fund = load(small())
    assert fund.summary(date(2022, 1, 31)).collected == 100_000
    assert fund.summary(date(2022, 2, 14)).spent_from_fund == 0
    assert fund.summary(date(2022, 2, 15)).spent_from_fund == 100_000


def test_a_date_with_a_time_of_day_counts_on_its_day(small):
    """Excel keeps a time in a date cell when one is typed: 31/03/2022 09:30 is still the 31st, the
    report date, so that payment is spent by then (and the cash book lists it)."""
    path = small({("Chi quỹ", "A5"): datetime(2022, 3, 31, 9, 30), ("Thành viên", "D4"): datetime(2022, 1, 1, 8)})
    fund = load(path)
    assert fund.summary(date(2022, 3, 31)).spent_from_fund == 150_000
    assert fund.summary(date(2022, 3, 30)).spent_from_fund == 100_000
    assert load(path).summary().members.set_index("id").at["TV01", "months_owed"] == 3


def frames(amounts: list[float], rate: float = 50_000, from_fund: float = 0) -> tuple:
    """Typed frames as xlpy.fund makes them: one member paying `amounts`, month after month from 2022."""
    members = pd.DataFrame(
        {
            "_key": ["TV01"],
            "member_id": ["TV01"],
            "name": ["An"],
            "joined": pd.to_datetime(["2022-01-01"]),
            "left": pd.to_datetime([None]),
            "rate": [rate],
        }
    )
    months = pd.date_range("2022-01-01", periods=len(amounts), freq="MS")
    contributions = pd.DataFrame({"_key": "TV01", "_month": months, "amount": amounts})
    spending = pd.DataFrame({"date": pd.to_datetime(["2022-01-20"]), "total": [from_fund], "from_fund": [from_fund]})
    return members, contributions, spending


@given(st.lists(st.integers(0, 10**12), min_size=1, max_size=30), st.integers(1, 10**12))
@settings(max_examples=40, deadline=None)
def test_totals_are_exact_whole_numbers_up_to_the_ceiling(amounts, rate):
    members, contributions, spending = frames(list(map(float, amounts)), rate=float(rate), from_fund=float(amounts[0]))
    as_of = date(2022 + (len(amounts) - 1) // 12, (len(amounts) - 1) % 12 + 1, 28)
    summary = ledger.summarize(members, contributions, spending, as_of, 50_000)
    assert summary.collected == sum(amounts) and summary.balance == sum(amounts) - amounts[0]
    assert int(summary.members.at[0, "owed"]) == len(amounts) * rate
    assert int(summary.years["closing_balance"].iloc[-1]) == summary.balance


@pytest.mark.parametrize("amount", [1e19, 2.0**53, 9.3e18, float("inf")])
def test_totals_past_exact_whole_numbers_are_refused_never_wrapped(amount):
    members, contributions, spending = frames([amount, 1.0])
    with pytest.raises(TotalsTooLarge, match="không tính chính xác"):
        ledger.summarize(members, contributions, spending, date(2022, 2, 28), 50_000)


def test_a_rate_of_1e18_never_wraps_the_amount_owed():
    members, contributions, spending = frames([50_000.0] * 12, rate=1e18)
    with pytest.raises(TotalsTooLarge):
        ledger.summarize(members, contributions, spending, date(2022, 12, 31), 50_000)


def test_a_huge_amount_is_an_error_at_its_cell_and_summary_refuses(small):
    from conftest import run_cli

    path = small({("T02-2022", "C5"): 1e19})
    result = run_cli("summary", path, "--json")
    assert result.returncode == 1 and "'T02-2022'!C5 [lỗi]" in result.stderr and "vượt mức tối đa" in result.stderr
