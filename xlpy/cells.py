"""Turning raw cell values into typed columns, before pandera sees them.

Each typed column keeps its raw cells beside it (`<field>__raw`), so one text
cell in an amount column is reported on its own instead of hiding every other
error of that column, as pandera's `coerce=True` would.

A column of 120,000 payments holds a few hundred distinct values, so every
conversion runs once per distinct value (`per_value`), not once per cell.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from typing import TypeGuard

import numpy as np
import pandas as pd

from xlpy.dates import in_range
from xlpy.text import nfc

RAW = "__raw"


class NotFinite(str):
    """A cell holding NaN or an infinity (`<v>NaN</v>`, `<v>INF</v>`, 1e309).

    pandas takes a float NaN for an empty cell, so such a cell is carried as
    this marker instead (see `kept_apart`) and reported at its cell. It never
    equals the text a clerk typed ("nan"): `per_value` judges equal values
    once, and these are two different slips.
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is NotFinite and str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((NotFinite, str(self)))


def is_blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def is_number(value: object) -> TypeGuard[float | int | np.integer]:
    """A finite number (not a bool, not NaN or an infinity, not an integer past a double's range)."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and abs(int(value)) <= _LARGEST


_LARGEST = sys.float_info.max


def _as_double(value: object) -> object:
    """What a cell holds as Excel's double: NaN, an infinity and an integer past the range are NotFinite."""
    if isinstance(value, float):
        return value if math.isfinite(value) else NotFinite(repr(value))
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _LARGEST:
        return NotFinite("inf" if value > 0 else "-inf")  # what a reader parsing it as a double gives
    return value


def is_non_finite(value: object) -> bool:
    return isinstance(value, NotFinite) or (isinstance(value, float) and not math.isfinite(value))


def kept_apart(values: list) -> list:
    """`values` with each cell that pandas or Python would take for another value made distinct:
    NaN and infinities become NotFinite (pandas reads NaN as a blank), TRUE and FALSE their text as
    Excel shows them (Python's True equals 1, and `per_value` judges equal values once)."""
    kinds = set(map(type, values))
    if bool in kinds:
        return [_as_cell(value) for value in values]
    if not any(issubclass(kind, (float, int)) for kind in kinds):
        return values  # text, dates and blanks only (a column of names: every value distinct)
    if all(_as_double(value) is value for value in set(values)):  # distinct numbers: few
        return values
    return [_as_double(value) for value in values]


def _as_cell(value: object) -> object:
    if type(value) is bool:
        return "TRUE" if value else "FALSE"
    return _as_double(value)


def is_date(value: object) -> TypeGuard[date]:  # a datetime and a pd.Timestamp are dates too
    return isinstance(value, (date, datetime, pd.Timestamp))


def per_value(series: pd.Series, convert: Callable[[object], object], dtype: str = "object") -> pd.Series:
    """`series.map(convert)`, calling `convert` once per distinct value (None for blanks)."""
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    table = np.array([convert(value) for value in uniques] + [convert(None)], dtype=dtype)
    return pd.Series(table[codes], index=series.index, dtype=table.dtype, copy=False)  # code -1 (blank): the last


def holds(series: pd.Series, predicate: Callable[[object], bool]) -> pd.Series:
    """Boolean Series: which cells satisfy `predicate` (vectorised by distinct value)."""
    return per_value(series, predicate).astype(bool)


def _raw(value: object) -> object:
    if isinstance(value, NotFinite):
        return value
    if is_blank(value):
        return pd.NA
    return nfc(value) if isinstance(value, str) else value


def raw(series: pd.Series) -> pd.Series:
    """The raw cells with blanks as NA, text in NFC."""
    return per_value(series, _raw)


def text_value(value: object) -> object:
    """A cell as text: a number typed in a text column reads as the clerk sees it."""
    if is_blank(value):
        return pd.NA
    if is_number(value) and float(value).is_integer():
        return str(int(value))
    if is_date(value):
        return display(value)
    return nfc(str(value))


def as_text(series: pd.Series) -> pd.Series:
    return per_value(series, text_value)


def as_number(series: pd.Series) -> pd.Series:
    """Numbers only; text that merely looks like a number stays missing."""
    return per_value(series, lambda v: float(v) if is_number(v) else np.nan, "float64")


def _date_value(value: object) -> np.datetime64:
    """The day of a date cell, at midnight: a time typed with it (31/03 09:30) does not move the day
    past a report date or a month's end."""
    if not isinstance(value, date) or not in_range(value):  # datetime and pd.Timestamp are dates too
        return np.datetime64("NaT", "ns")
    return np.datetime64(datetime.combine(value.date() if isinstance(value, datetime) else value, time()), "ns")


def as_date(series: pd.Series) -> pd.Series:
    """Real Excel dates only; a date typed as text stays missing (and is reported)."""
    return per_value(series, _date_value, "datetime64[ns]")


def display(value: object) -> str:
    """A cell value as a clerk would recognise it in a message."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if is_blank(value):
        return "(trống)"
    if isinstance(value, (datetime, pd.Timestamp, date)):
        return value.strftime("%d/%m/%Y")
    if is_number(value):
        number = float(value)
        if number.is_integer():
            return f"{int(number):,}".replace(",", ".")
        return f"{number:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return str(value)


def as_text_value(value: object) -> str:
    """One cell as text (see `text_value`); blank is ''."""
    text = text_value(value)
    return "" if text is pd.NA else str(text)
