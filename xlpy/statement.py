"""Bảng công khai (the public statement of the fund) for a quarter or a year.

What members are shown (Law on Implementation of Grassroots Democracy, 2022):
the balance at the start, what was collected, each use of the fund, the balance
at the end, how many members are behind, signed by the person who keeps the
fund and the head of the unit. Every figure is the ledger's (`summary`) at the
period's edges; `build` is pure, `write` renders templates/cong-khai.docx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pandas as pd

from xlpy.cashbook import month_end
from xlpy.dates import FIRST_YEAR, LAST_YEAR, YEARS, long_date, numeric_date
from xlpy.errors import UsageError
from xlpy.money import dong, figures

_PERIOD = re.compile(r"^\s*(\d{4})(?:\s*-\s*Q([1-4]))?\s*$", re.IGNORECASE)
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    key: str  # "2021" or "2021-Q3"
    start: date
    end: date
    label: str  # "năm 2021", "quý III năm 2021"


def parse_period(text: str) -> Period:
    match = _PERIOD.match(text or "")
    if not match:
        raise UsageError(f"Kỳ '{text}' không hợp lệ: ghi một năm (2021) hoặc một quý (2021-Q3).")
    year, quarter = int(match.group(1)), match.group(2)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(
            f"Kỳ '{text}' nằm ngoài khoảng {YEARS}; ghi một năm trong khoảng đó (2021) hoặc một quý (2021-Q3)."
        )
    if quarter is None:
        return Period(str(year), date(year, 1, 1), date(year, 12, 31), f"năm {year}")
    q = int(quarter)
    start = date(year, 3 * q - 2, 1)
    return Period(f"{year}-Q{q}", start, month_end(date(year, 3 * q, 1)), f"quý {ROMAN[q - 1]} năm {year}")


@dataclass
class Statement:
    period: Period
    end: date  # the period's end, or the as-of date inside it
    opening: int
    collected: int
    activities: list[tuple[date, str, int]] = field(default_factory=list)
    closing: int = 0
    in_arrears: int = 0
    arrears: int = 0

    @property
    def spent(self) -> int:
        return sum(amount for _, _, amount in self.activities)


def _first_day(fund, as_of: date) -> date | None:
    """The fund's first day with something to state: a member joining (who owes from then), a
    receipt or a payment in the cash book (the cash book refuses a year before its first one)."""
    from xlpy.cashbook import entries

    days = [e.day for e in entries(fund.contributions, fund.spending, as_of)[:1]]
    joined = fund.members["joined"].dropna() if "joined" in fund.members else pd.Series(dtype="datetime64[ns]")
    days += [joined.min().date()] if not joined.empty else []
    return min(days, default=None)


def build(fund, period: Period, as_of: date | None = None) -> Statement:
    """The figures of `period` through its end or the as-of date, from the ledger."""
    from xlpy.report import clean, fill_markers

    when = fund.as_of(as_of)
    if period.start > when:
        raise UsageError(f"Kỳ {period.label} bắt đầu sau ngày tổng hợp {numeric_date(when)}: chưa có số liệu.")
    end = min(period.end, when)
    first = _first_day(fund, when)
    if first is None:
        raise UsageError(
            "Sổ chưa có số liệu (thành viên, khoản thu, khoản chi) nên bảng công khai sẽ toàn số 0. "
            "Nhập số liệu rồi chạy lại."
        )
    if end < first:
        until = f", tính đến ngày {numeric_date(end)}," if end != period.end else ""
        raise UsageError(
            f"Kỳ {period.label}{until} kết thúc trước ngày quỹ bắt đầu có số liệu ({numeric_date(first)}: thành "
            "viên tham gia, khoản thu hoặc chi đầu tiên) nên bảng công khai sẽ toàn số 0. "
            + (
                f"Chọn một kỳ từ năm {first.year} đến ngày tổng hợp {numeric_date(when)}."
                if when >= first
                else f"Ngày tổng hợp {numeric_date(when)} cũng trước ngày đó: chọn ngày tổng hợp muộn hơn."
            )
        )
    before, after = fund.summary(period.start - timedelta(days=1)), fund.summary(end)
    spending = fund.spending
    used = spending[
        spending["date"].notna()
        & (spending["date"] >= pd.Timestamp(period.start))
        & (spending["date"] <= pd.Timestamp(end))
        & (spending["from_fund"].fillna(0) > 0)
    ].sort_values("date", kind="stable")
    activities = [
        (r.date.date(), clean(fill_markers(r.content or "", r.gifts, r.total, r.from_fund)).strip(), int(r.from_fund))
        for r in used.itertuples()
    ]
    behind = after.members[after.members["balance"] < 0]
    return Statement(
        period,
        end,
        opening=before.balance,
        collected=after.collected - before.collected,
        activities=activities,
        closing=after.balance,
        in_arrears=len(behind),
        arrears=int(-behind["balance"].sum()),
    )


def unit_in_sentence(settings) -> str:
    """The unit as a sentence names it: `Cơ quan báo cáo` (written for running text, "Thường trực
    HĐND huyện Minh Long"), else `Cơ quan ban hành` unless it is the header's capitals, which
    cannot be put back in sentence case (proper names), else "đơn vị"."""
    for name in (settings.reporting_body, settings.issuing_body):
        name = " ".join((name or "").split())
        if name and name != name.upper():
            return name
    return "đơn vị"


def context(fund, statement: Statement) -> dict:
    from xlpy.report import clean

    s, p = fund.settings, statement.period
    partial = statement.end < p.end
    return {
        "parent_body": clean(s.parent_body).upper(),
        "issuing_body": clean(s.issuing_body).upper(),
        "place_date": f"{clean(s.place)}, {long_date(statement.end)}" if s.place else long_date(statement.end),
        "subject": f"Tình hình thu, chi quỹ {p.label}",
        "fund_name": clean(s.model_name),
        "span": f"(Từ ngày {numeric_date(p.start)} đến ngày {numeric_date(statement.end)})",
        "partial": partial,
        "opening_day": numeric_date(p.start),
        "closing_day": numeric_date(statement.end),
        "opening": figures(statement.opening),
        "collected": figures(statement.collected),
        "spent": figures(statement.spent),
        "closing": figures(statement.closing),
        "activities": [
            {"n": n, "text": f"Ngày {numeric_date(day)}: {text}", "amount": figures(amount)}
            for n, (day, text, amount) in enumerate(statement.activities, start=1)
        ],
        "arrears": (
            f"Đến ngày {numeric_date(statement.end)}, số thành viên còn nợ quỹ: {statement.in_arrears} người"
            + (f", tổng số tiền còn nợ {dong(statement.arrears)}." if statement.in_arrears else ".")
        ),
        "treasurer": clean(s.treasurer),
        "head": clean(s.head_of_unit),
        "unit": clean(unit_in_sentence(s)),
    }


def default_template() -> Path:
    return Path(str(resources.files("xlpy.templates").joinpath("cong-khai.docx")))


def write(fund, statement: Statement, out: Path | None = None, force: bool = False, pdf: bool = False) -> Path:
    """Render beside the workbook (or at `out`), never over an earlier file unless `force`."""
    from xlpy.report import file_name, output_path, render, sentence

    target = output_path(fund, out, file_name(["cong-khai", statement.period.key], "cong-khai"), force, pdf)
    values = context(fund, statement)
    return render(values, target, default_template(), title=f"Bảng công khai {sentence(values['subject'])}")
