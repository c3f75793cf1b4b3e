"""Dates the Vietnamese way: day first, always."""

from __future__ import annotations

import re
from datetime import date, datetime

# Outside these years a date is a typing slip (20/4/2922), anywhere: cells, settings, --as-of.
# It also keeps every date inside pandas' datetime64[ns] range (1677-2262).
FIRST_YEAR, LAST_YEAR = 1900, 2100
EARLIEST_FUND_YEAR = 1950  # a date in a fund's sheet before it is a number typed into a date cell
YEARS = f"từ năm {FIRST_YEAR} đến năm {LAST_YEAR}"

_DAY_FIRST = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$", re.ASCII)
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$", re.ASCII)


def in_range(value: date | datetime) -> bool:
    """The date falls in a year xlpy accepts (FIRST_YEAR-LAST_YEAR)."""
    return FIRST_YEAR <= value.year <= LAST_YEAR


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


def parse_date(text: str) -> date | None:
    """`2022-04-20` (ISO) or `20/04/2022` (day first); None for anything else."""
    match = _ISO.match(text)
    if not match:
        return parse_day_first(text)
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def without_time(value: date | datetime) -> date:
    """The calendar day of a date or a datetime (a datetime is a date too, so isinstance cannot tell)."""
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
