"""The fund's arithmetic (workbook contract, "Totals"), over typed frames.

contributions: `_key` (member), `_month` (first day of the sheet's month), `amount`.
spending: `date`, `total`, `from_fund`. members: `_key`, `member_id`, `name`,
`joined`, `left`, `rate`. Empty amounts count as 0.

Overflow is impossible by construction: sums run in float64, which never
wraps, and `_whole` turns a sum into int64 only where it is an exact whole
number (below 2**53). Validation keeps every money cell under the
workbook's ceiling (at most 10**12 đồng), so a real fund is far from that
bound; past it, TotalsTooLarge is raised instead of printing a wrong figure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from xlpy.errors import TotalsTooLarge
from xlpy.money import figures
from xlpy.text import member_id

EXACT = 2**53  # every whole number below this is exact in float64, and far inside int64


def _whole(values: pd.Series) -> pd.Series:
    """Float sums as int64, or TotalsTooLarge: never a wrapped or rounded figure."""
    array = values.to_numpy(dtype="float64")
    if not np.isfinite(array).all() or (np.abs(array) >= EXACT).any():
        raise TotalsTooLarge(
            f"Tổng số tiền vượt {figures(EXACT)} đồng nên không tính chính xác được. "
            "Kiểm tra các ô số tiền có bị gõ thừa chữ số không."
        )
    return pd.Series(array.astype("int64"), index=values.index)


def _total(values: pd.Series) -> int:
    return int(_whole(pd.Series([values.to_numpy(dtype="float64").sum()])).iloc[0])


def month_of(day: date | pd.Timestamp) -> pd.Timestamp:
    """The first day of `day`'s month: money counts by the month of its sheet."""
    return pd.Timestamp(day).to_period("M").to_timestamp()


def months_of(days: pd.Series) -> pd.Series:
    """`month_of` for a column of dates (NaT stays NaT)."""
    return days.dt.to_period("M").dt.to_timestamp()


def spent_until(spending: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The spending rows that count on `as_of`: dated, on or before it (sheet order kept)."""
    return spending[spending["date"].notna() & (spending["date"] <= pd.Timestamp(as_of))]


def first_paid_year(contributions: pd.DataFrame, as_of: date) -> int:
    """The year the fund first received money (the report's "since"), or as-of's year before any."""
    paid = contributions[contributions["amount"].fillna(0) > 0]
    return int(paid["_month"].min().year) if len(paid) else as_of.year


def _months(start: pd.Series, end: pd.Series) -> pd.Series:
    """Calendar months from start's month through end's month, both included."""
    count = (end.dt.year - start.dt.year) * 12 + (end.dt.month - start.dt.month) + 1
    return count.fillna(0).clip(lower=0).astype("int64")


def active_in(members: pd.DataFrame, month: date) -> pd.DataFrame:
    """Roster rows owing for `month`: joined by then, not left before it (roster order)."""
    roster = members[members["_key"].notna() & members["joined"].notna()].drop_duplicates("_key")
    first = month_of(month)
    joined, left = months_of(roster["joined"]), months_of(roster["left"])
    return roster[(joined <= first) & (left.isna() | (left >= first))]


def collected_by_month(contributions: pd.DataFrame) -> pd.Series:
    amounts = contributions["amount"].fillna(0)
    return amounts.groupby(contributions["_month"]).sum().sort_index()


def balance_around(spending: pd.DataFrame, contributions: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The fund's balance just before and just after each spending row, on its date.

    Money counts from its monthly sheet's month; rows on the same date are
    taken in sheet order. Rows without a date get no balance.
    """
    dated = spending[spending["date"].notna()].sort_values("date", kind="stable")
    if dated.empty:
        empty = pd.Series(float("nan"), index=spending.index)
        return empty, empty.copy()
    by_month = collected_by_month(contributions).cumsum()
    months = dated["date"].map(month_of)
    collected = by_month.reindex(by_month.index.union(months.unique())).ffill().fillna(0)
    after = months.map(collected) - dated["from_fund"].fillna(0).cumsum()
    before = after + dated["from_fund"].fillna(0)
    return before.reindex(spending.index), after.reindex(spending.index)


@dataclass
class Summary:
    as_of: date
    collected: int
    spent_from_fund: int
    balance: int
    years: pd.DataFrame
    members: pd.DataFrame

    def to_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "totals": {"collected": self.collected, "spent_from_fund": self.spent_from_fund, "balance": self.balance},
            "years": _records(self.years),
            "members": _records(self.members),
        }


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def member_table(members: pd.DataFrame, contributions: pd.DataFrame, as_of: date, default_rate: int) -> pd.DataFrame:
    as_of_month = month_of(as_of)
    roster = members[members["_key"].notna()].drop_duplicates("_key")
    end = roster["left"].where(roster["left"].notna() & (roster["left"] < as_of_month), as_of_month)
    months_owed = _months(roster["joined"], end)
    rate = roster["rate"].fillna(default_rate)
    counted = contributions[contributions["_month"] <= as_of_month]
    paid = counted["amount"].fillna(0).groupby(counted["_key"]).sum()
    table = pd.DataFrame(
        {
            "id": roster["member_id"].map(member_id, na_action="ignore"),
            "name": roster["name"],
            "months_owed": months_owed,
            "owed": _whole(months_owed * rate),
            "paid": _whole(roster["_key"].map(paid).fillna(0)),
        }
    )
    table["balance"] = table["paid"] - table["owed"]
    return table.reset_index(drop=True)


def year_table(contributions: pd.DataFrame, spending: pd.DataFrame, as_of: date) -> pd.DataFrame:
    as_of_month = month_of(as_of)
    counted = contributions[contributions["_month"] <= as_of_month]
    spent = spent_until(spending, as_of)
    starts = [d for d in (counted["_month"].min(), spent["date"].min()) if pd.notna(d)]
    if not starts:
        return pd.DataFrame(columns=["year", "collected", "spent_from_fund", "activities_value", "closing_balance"])
    years = range(min(starts).year, as_of.year + 1)
    collected = counted["amount"].fillna(0).groupby(counted["_month"].dt.year).sum()
    from_fund = spent["from_fund"].fillna(0).groupby(spent["date"].dt.year).sum()
    value = spent["total"].fillna(0).groupby(spent["date"].dt.year).sum()
    table = pd.DataFrame({"year": list(years)})
    table["collected"] = _whole(table["year"].map(collected).fillna(0))
    table["spent_from_fund"] = _whole(table["year"].map(from_fund).fillna(0))
    table["activities_value"] = _whole(table["year"].map(value).fillna(0))
    table["closing_balance"] = _whole((table["collected"] - table["spent_from_fund"]).astype("float64").cumsum())
    return table


def summarize(
    members: pd.DataFrame, contributions: pd.DataFrame, spending: pd.DataFrame, as_of: date, default_rate: int
) -> Summary:
    years = year_table(contributions, spending, as_of)
    collected, spent = _total(years["collected"]), _total(years["spent_from_fund"])
    return Summary(
        as_of, collected, spent, collected - spent, years, member_table(members, contributions, as_of, default_rate)
    )
