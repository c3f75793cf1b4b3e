"""Dates the Vietnamese way: day first, always."""

from __future__ import annotations

import re
from datetime import date, datetime

_DAY_FIRST = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def parse_day_first(text: str) -> date | None:
    """`20/4/2022` is the 20th of April: never read month first."""
    match = _DAY_FIRST.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def long_date(value: date) -> str:
    """`ngày 05 tháng 01 năm 2020`: days below 10 and months 1-2 take a leading zero."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def short_date(value: date) -> str:
    """`20/4/2022`, as in "(Kèm theo Báo cáo số … ngày 20/4/2022 …)"."""
    return f"{value.day}/{value.month}/{value.year}"


def numeric_date(value: date) -> str:
    """`05/01/2020`, for tables and messages."""
    return value.strftime("%d/%m/%Y")
