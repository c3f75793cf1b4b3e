"""Properties over generated workbooks (hypothesis): validation never raises, totals equal a
plain recount, and running again gives the same result."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from conftest import SMALL_SETTINGS, sha256
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlpy import layout
from xlpy.fund import load
from xlpy.problems import Severity

MONTHS = [date(2021, m, 1) for m in range(1, 13)]
AS_OF = date(2021, 12, 31)

cell = st.one_of(
    st.none(),
    st.integers(-(10**7), 10**9),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.dates(date(1800, 1, 1), date(2300, 1, 1)),
    st.booleans(),
    st.sampled_from(["50.000", "50k", "TV01", " tv02 ", "=1+1", "#REF!", "20/4/2021", "😀", "\t"]),
)


def write(folder: Path, members, months: dict, spending) -> Path:
    path = folder / "so-quy.xlsx"
    writer = layout.WorkbookWriter(path)
    writer.settings({**SMALL_SETTINGS, "report_date": AS_OF})
    writer.members(members)
    for month, rows in months.items():
        writer.month(month, rows)
    writer.spending(spending)
    writer.lists(["Khác"])
    return writer.close()


# Each example writes and reads a workbook: how many is the profile's (tests/conftest.py).
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    members=st.lists(st.tuples(cell, cell, cell, cell, cell, cell, cell), max_size=4),
    rows=st.lists(st.tuples(cell, cell, cell, cell, cell), max_size=6),
    spending=st.lists(st.tuples(cell, cell, cell, cell, cell, cell, cell), max_size=3),
)
def test_validation_never_raises_and_names_real_places(members, rows, spending):
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), members, {MONTHS[0]: rows, MONTHS[1]: rows[::-1]}, spending)
        fund = load(path)
        names = {"Cài đặt", "Thành viên", "T01-2021", "T02-2021", "Chi quỹ", "Danh mục"}
        for problem in fund.problems:
            assert problem.sheet in names and problem.message
            assert problem.severity in (Severity.ERROR, Severity.WARNING)
        if not any(p.severity is Severity.ERROR for p in fund.problems):
            fund.summary()


member = st.tuples(
    st.integers(0, 11), st.one_of(st.none(), st.integers(0, 11)), st.sampled_from([None, 30_000, 50_000])
)
payment = st.one_of(st.none(), st.integers(1, 200).map(lambda n: n * 1_000))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    roster=st.lists(member, min_size=1, max_size=4),
    paid=st.lists(st.lists(payment, min_size=4, max_size=4), min_size=12, max_size=12),
    spent=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 100)), max_size=4),
    as_of_month=st.integers(0, 11),
)
def test_totals_equal_a_plain_recount_and_runs_repeat(roster, paid, spent, as_of_month):
    members = []
    for n, (joined, left, rate) in enumerate(roster, start=1):
        left = None if left is None or left < joined else left
        members.append(
            (
                f"TV{n:02d}",
                f"Người {n}",
                None,
                date(2021, joined + 1, 2),
                date(2021, left + 1, 20) if left is not None else None,
                rate,
                None,
            )
        )
    months = {}
    for index, month in enumerate(MONTHS):
        months[month] = [
            (m[0], m[1], paid[index][k], date(2021, index + 1, 10) if paid[index][k] else None, None)
            for k, m in enumerate(members)
        ]
    spending = [
        (date(2021, month + 1, 28), "Hoạt động", "Khác", None, amount * 1_000, amount * 1_000, None)
        for month, amount in spent
    ]
    as_of = date(2021, as_of_month + 1, 28)

    # The plain recount, straight from the generated rows.
    collected = sum(p or 0 for i in range(as_of_month + 1) for p in paid[i][: len(members)])
    fund_spent = sum(amount * 1_000 for month, amount in spent if month <= as_of_month)
    owed = {}
    for (joined, left, rate), m in zip(roster, members, strict=False):
        end = as_of_month if m[4] is None else min(left, as_of_month)
        owed[m[0]] = max(0, end - joined + 1) * (rate or 50_000)
    # The rows that take the fund below zero, recounted: money counts from its sheet's month,
    # spending in date order (sheet order on the same date); only the row that crosses zero is named.
    overspent_rows, taken = [], 0
    for index in sorted(range(len(spent)), key=lambda i: spent[i][0]):
        month, amount = spent[index]
        received = sum(p or 0 for i in range(month + 1) for p in paid[i][: len(members)])
        if received - taken >= 0 > received - taken - amount * 1_000:
            overspent_rows.append(layout.HEADER_ROW + 1 + index)
        taken += amount * 1_000

    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), members, months, spending)
        before = sha256(path)
        fund = load(path)
        # The only errors a generated fund can have: Từ quỹ taking the fund below zero, at that row.
        errors = [p.where for p in fund.problems if p.severity is Severity.ERROR]
        assert errors == [f"'Chi quỹ'!F{row}" for row in sorted(overspent_rows)]
        summary = fund.summary(as_of)
        assert summary.collected == collected
        assert summary.spent_from_fund == fund_spent
        assert summary.balance == collected - fund_spent
        table = summary.members.set_index("id")
        for member_id, amount in owed.items():
            assert table.at[member_id, "owed"] == amount
        again = load(path)
        assert again.problems == fund.problems and again.summary(as_of).to_dict() == summary.to_dict()
        assert sha256(path) == before


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    offset=st.integers(0, 9),
    order=st.permutations(["Mã", "Họ và tên", "Số tiền", "Ngày nộp", "Ghi chú", "Thêm"]),
    amounts=st.lists(st.lists(payment, min_size=3, max_size=3), min_size=3, max_size=3),
    case=st.sampled_from([str, str.upper, str.lower, lambda t: " " + t + " "]),
)
def test_any_header_row_and_column_order_gives_the_same_totals(offset, order, amounts, case):
    """Workbook shapes: the header anywhere in the first 10 rows, columns in any order, labels in any case."""
    import unicodedata

    import xlsxwriter

    members = [("TV01", "An"), ("TV02", "Bình"), ("TV03", "Cường")]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "so-quy.xlsx"
        book = xlsxwriter.Workbook(str(path))
        roster = book.add_worksheet("Thành viên")
        roster.write_row(0, 0, ["Mã", "Họ và tên", "Ngày tham gia"])
        for row, (member_id, name) in enumerate(members, start=1):
            roster.write_row(row, 0, [member_id, name])
            roster.write_datetime(row, 2, date(2021, 1, 1), book.add_format({"num_format": "dd/mm/yyyy"}))
        for index in range(3):
            sheet = book.add_worksheet(f"T{index + 1:02d}-2021")
            for title_row in range(offset):
                sheet.write_string(title_row, 0, "THU QUỸ" if title_row == 0 else "")
            labels = [
                unicodedata.normalize("NFD", case(label)) if label == "Họ và tên" else case(label) for label in order
            ]
            sheet.write_row(offset, 0, labels)
            for k, (member_id, name) in enumerate(members):
                cells = {
                    "Mã": member_id,
                    "Họ và tên": name,
                    "Số tiền": amounts[index][k],
                    "Ngày nộp": date(2021, index + 1, 5) if amounts[index][k] else None,
                    "Ghi chú": None,
                    "Thêm": "x",
                }
                for column, label in enumerate(order):
                    value = cells[label]
                    if isinstance(value, date):
                        sheet.write_datetime(
                            offset + 1 + k, column, value, book.add_format({"num_format": "dd/mm/yyyy"})
                        )
                    elif value is not None:
                        sheet.write(offset + 1 + k, column, value)
        chi = book.add_worksheet("Chi quỹ")
        chi.write_row(0, 0, ["Ngày", "Nội dung", "Tổng số tiền", "Từ quỹ"])
        book.close()
        fund = load(path)
        assert [p for p in fund.problems if p.severity is Severity.ERROR and p.sheet != "Cài đặt"] == []
        expected = sum(a or 0 for month in amounts for a in month)
        assert fund.summary(AS_OF).collected == expected
