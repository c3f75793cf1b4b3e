"""Sổ quỹ tiền mặt (the cash book): every đồng in and out, with the running balance.

Pure: frames in, a `CashBook` out. Its closing balance is `summary`'s balance
at the same date, always. The contract counts a contribution from its monthly
sheet's month, not from Ngày nộp, so a receipt is dated by Ngày nộp *brought
into its sheet's month and not past the as-of date* (paid early: the 1st of
the month; paid late: the month's last day; the as-of month: no later than
the as-of date). Then the money in the book by any month end, and by the
as-of date, is exactly what the contract counts. Payments are the `Chi quỹ`
rows with `Từ quỹ` > 0, on their own date; on one date receipts come first.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd

from xlpy.dates import numeric_date
from xlpy.errors import UsageError
from xlpy.ledger import month_of, spent_until
from xlpy.money import figures
from xlpy.text import fold, member_id

VOUCHER = "voucher"  # the optional `Số phiếu` column (schemas._rules.voucher_columns)
# A voucher's number as `xlpy vouchers` gives it (a whole number), None when it has none yet; text
# only for a cell the contract would not accept as a number (kept as typed rather than lost).
Voucher = int | str | None


@dataclass(frozen=True)
class Entry:
    day: date
    kind: str  # "thu" | "chi"
    voucher: Voucher
    description: str
    received: int
    paid: int
    balance: int = 0
    note: str = ""  # a receipt whose day is not its Ngày nộp says its Ngày nộp (the voucher's date)

    def to_dict(self) -> dict:
        return {
            "date": self.day.isoformat(),
            "kind": self.kind,
            "voucher": self.voucher,
            "description": self.description,
            "received": self.received,
            "paid": self.paid,
            "balance": self.balance,
            "note": self.note,
        }


@dataclass(frozen=True)
class MonthTotal:
    month: date  # its first day
    received: int
    paid: int
    balance: int  # at the month's end (or the as-of date)

    def to_dict(self) -> dict:
        return {"month": f"{self.month:%Y-%m}", "received": self.received, "paid": self.paid, "balance": self.balance}


@dataclass
class CashBook:
    year: int
    start: date
    end: date
    opening: int
    rows: list[Entry] = field(default_factory=list)
    months: list[MonthTotal] = field(default_factory=list)

    @property
    def received(self) -> int:
        return sum(e.received for e in self.rows)

    @property
    def paid(self) -> int:
        return sum(e.paid for e in self.rows)

    @property
    def closing(self) -> int:
        return self.opening + self.received - self.paid

    def below_zero(self) -> str:
        """A warning when the running balance goes below zero on some line ("" when it never does):
        a payment dated before the receipts that cover it (see `cash_around`)."""
        rows = [e for e in self.rows if e.balance < 0]
        if not rows:
            return ""
        return (
            f"Cảnh báo: tồn quỹ trên sổ âm ở {len(rows)} dòng, dòng đầu ngày {numeric_date(rows[0].day)} "
            f"({figures(rows[0].balance)} đồng): có khoản chi ghi ngày trước Ngày nộp của các khoản thu bù cho nó. "
            "Chạy Kiểm tra (xlpy validate) để xem dòng nào trong sheet 'Chi quỹ'."
        )

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "opening": self.opening,
            "rows": [e.to_dict() for e in self.rows],
            "months": [m.to_dict() for m in self.months],
            "received": self.received,
            "paid": self.paid,
            "closing": self.closing,
        }


def voucher_number(value: object) -> Voucher:
    """`1.0`, `1` or `"1"` is 1 (a number, as Excel and `vouchers --json` have it); blank is None."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    text = str(value).strip()
    return int(text) if text.isdigit() else (text or None)


def voucher_numbers(frame: pd.DataFrame) -> pd.Series:
    """The `Số phiếu` of each row (`voucher_number`), None where the frame has no such column."""
    if VOUCHER not in frame.columns:
        return pd.Series(None, index=frame.index, dtype=object)
    return pd.Series([voucher_number(v) for v in frame[VOUCHER]], index=frame.index, dtype=object)


def per_month(mode: str) -> bool:
    """The receipt-mode setting (Cài đặt, from the vouchers' work): one line per month's collection
    when it names a month ("Mỗi tháng một phiếu"); one per contribution row otherwise or when absent."""
    return "tháng" in fold(mode)


def month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def receipt_day(paid_on: object, month: pd.Timestamp, as_of: date) -> date:
    """Ngày nộp brought into the sheet's month, and not past the as-of date (see the module's note)."""
    frame = pd.DataFrame({"paid_on": [pd.Timestamp(paid_on)], "_month": [pd.Timestamp(month)], "amount": [1.0]})
    return receipt_days(frame, as_of).iloc[0].date()


def counted(contributions: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The contribution rows the cash book receives: an amount, in a month up to the as-of month."""
    paid = contributions[(contributions["amount"].fillna(0) > 0) & contributions["_month"].notna()]
    return paid[paid["_month"] <= month_of(as_of)]


def receipt_days(paid: pd.DataFrame, as_of: date, monthly: bool = False) -> pd.Series:
    """Each counted row's day in the book (the one rule, for the book and for validation's cash check):
    its Ngày nộp brought into its sheet's month (early: the 1st; late: the month's last day; none:
    the 1st), never past the as-of date; `monthly`: a receipt line's rows (one month, one voucher
    number, or none yet) all on the line's day, the latest of theirs."""
    first = pd.to_datetime(paid["_month"])
    last = (first + pd.offsets.MonthEnd(0)).clip(upper=pd.Timestamp(as_of))
    days = pd.to_datetime(paid["paid_on"]).clip(lower=first, upper=last).fillna(first)
    if monthly and not paid.empty:
        days = days.groupby([first, _line_keys(paid)]).transform("max")
    return days


def _line_keys(paid: pd.DataFrame) -> pd.Series:
    """The receipt line a row belongs to in a month, in the monthly mode: its voucher number, or ""."""
    return voucher_numbers(paid).map(lambda v: "" if v is None else str(v))


def cash_around(
    spending: pd.DataFrame, contributions: pd.DataFrame, as_of: date, monthly: bool = False
) -> tuple[pd.Series, pd.Series]:
    """The cash on hand just before and just after each payment row, as this book runs it: what was
    received by the row's date (`receipt_days`; receipts first on a date) less what was paid until
    then. It can dip below `ledger.balance_around`'s figure inside a month, which counts a month's
    money from its first day. Rows without a date, or after the as-of date (not in the book), get none."""
    empty = pd.Series(float("nan"), index=spending.index)
    dated = spent_until(spending, as_of).sort_values("date", kind="stable")
    if dated.empty:
        return empty, empty.copy()
    paid = counted(contributions, as_of)
    days = receipt_days(paid, as_of, monthly).to_numpy("datetime64[ns]")
    order = np.argsort(days, kind="stable")
    received = np.concatenate([[0.0], np.cumsum(paid["amount"].to_numpy("float64")[order])])
    by_date = received[np.searchsorted(days[order], dated["date"].to_numpy("datetime64[ns]"), side="right")]
    after = pd.Series(by_date, index=dated.index) - dated["from_fund"].fillna(0).cumsum()
    before = after + dated["from_fund"].fillna(0)
    return before.reindex(spending.index), after.reindex(spending.index)


def _receipts(contributions: pd.DataFrame, as_of: date, monthly: bool) -> list[Entry]:
    paid = counted(contributions, as_of)
    if paid.empty:
        return []
    vouchers = voucher_numbers(paid)
    days = [day.date() for day in receipt_days(paid, as_of, monthly)]
    names = paid["_roster_name"].where(paid["_roster_name"].notna(), paid["name"])
    if not monthly:
        return [
            Entry(day, "thu", voucher, _receipt_text(month, name, member), int(amount), 0, note=_paid_on(on, day))
            for day, voucher, month, name, member, amount, on in zip(
                days, vouchers, paid["_month"], names, paid["member_id"], paid["amount"], paid["paid_on"], strict=True
            )
        ]
    # One line per receipt: a month's rows under one number (or all not yet numbered) share a line,
    # on the day of its latest row; its voucher bears the latest Ngày nộp.
    entries = []
    frame = pd.DataFrame(
        {"day": days, "voucher": vouchers, "amount": paid["amount"], "month": paid["_month"], "on": paid["paid_on"]}
    )
    frame["key"] = _line_keys(paid)
    for (month, _), group in frame.groupby(["month", "key"], sort=True):
        text = f"Thu quỹ tháng {month:%m/%Y} ({len(group)} lượt nộp)"
        number, day = group["voucher"].iloc[0], max(group["day"])
        entries.append(
            Entry(day, "thu", number, text, int(group["amount"].sum()), 0, note=_paid_on(group["on"].max(), day))
        )
    return entries


def _paid_on(paid_on: object, day: date) -> str:
    """The Ngày nộp a receipt was moved from (paid early or late: its voucher bears that date)."""
    if paid_on is None or pd.isna(paid_on) or pd.Timestamp(paid_on).date() == day:
        return ""
    return f"Nộp {numeric_date(pd.Timestamp(paid_on).date())}"


def _receipt_text(month: pd.Timestamp, name: object, member: object) -> str:
    who = str(name).strip() if isinstance(name, str) and name.strip() else ""
    code = member_id(str(member)) if member is not None and not pd.isna(member) else ""
    person = f"{who} ({code})" if who and code else who or code
    return f"Thu quỹ tháng {month:%m/%Y}" + (f" của {person}" if person else "")


def _payments(spending: pd.DataFrame, as_of: date) -> list[Entry]:
    from xlpy.report import clean, fill_markers

    rows = spent_until(spending, as_of)
    rows = rows[rows["from_fund"].fillna(0) > 0]
    vouchers = voucher_numbers(rows)
    return [
        Entry(
            r.date.date(),
            "chi",
            voucher,
            clean(fill_markers(r.content or "", r.gifts, r.total, r.from_fund)).strip(),
            0,
            int(r.from_fund),
        )
        for r, voucher in zip(rows.itertuples(), vouchers, strict=True)
    ]


def entries(contributions: pd.DataFrame, spending: pd.DataFrame, as_of: date, monthly: bool = False) -> list[Entry]:
    """Every movement through the as-of date, in date order (receipts first on a date), with balances."""
    found = _receipts(contributions, as_of, monthly) + _payments(spending, as_of)
    ordered = sorted(enumerate(found), key=lambda item: (item[1].day, item[1].kind != "thu", item[0]))
    balance, out = 0, []
    for _, e in ordered:
        balance += e.received - e.paid
        out.append(replace(e, balance=balance))
    return out


def build(
    contributions: pd.DataFrame, spending: pd.DataFrame, year: int, as_of: date, monthly: bool = False
) -> CashBook:
    """The cash book of `year`, through 31 December or the as-of date, whichever comes first."""
    if year > as_of.year:
        raise UsageError(f"Năm {year} sau ngày tổng hợp {numeric_date(as_of)}: chưa có sổ quỹ của năm này.")
    start, end = date(year, 1, 1), min(date(year, 12, 31), as_of)
    every = entries(contributions, spending, as_of, monthly)
    if every and year < every[0].day.year:
        first = every[0].day.year
        raise UsageError(
            f"Năm {year} trước khi quỹ có số liệu: khoản thu, chi đầu tiên là năm {first}. "
            f"Chọn một năm từ {first} đến {as_of.year}."
        )
    movements = [e for e in entries(contributions, spending, end, monthly) if e.day <= end]
    before = [e for e in movements if e.day < start]
    opening = before[-1].balance if before else 0
    rows = [e for e in movements if e.day >= start]
    months, balance = [], opening
    for number in range(1, end.month + 1):
        inside = [e for e in rows if e.day.month == number]
        received, paid = sum(e.received for e in inside), sum(e.paid for e in inside)
        balance += received - paid
        months.append(MonthTotal(date(year, number, 1), received, paid, balance))
    return CashBook(year, start, end, opening, rows, months)


def check_year(year: int | None) -> int | None:
    """The `--year` asked for, in the years xlpy accepts (None: the as-of date's), else UsageError."""
    from xlpy.dates import FIRST_YEAR, LAST_YEAR, YEARS

    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"--year {year} nằm ngoài khoảng {YEARS}; ghi một năm trong khoảng đó, ví dụ --year 2022.")
    return year


def for_fund(fund, year: int | None = None, as_of: date | None = None) -> CashBook:
    when = fund.as_of(as_of)
    year = check_year(year)
    chosen = when.year if year is None else year
    return build(fund.contributions, fund.spending, chosen, when, per_month(receipt_mode(fund.settings)))


def receipt_mode(settings) -> str:
    """The receipt-mode setting's text, empty while `Cài đặt` has none (the vouchers' work adds it)."""
    return settings.receipt_mode
