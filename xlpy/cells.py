"""Turning raw cell values into typed columns, before pandera sees them.

Each typed column keeps its raw cells beside it (`<field>__raw`), so one text
cell in an amount column is reported on its own instead of hiding every other
error of that column, as pandera's `coerce=True` would.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd

from xlpy.text import nfc

RAW = "__raw"


def is_blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def is_date(value: object) -> bool:
    return isinstance(value, (date, datetime, pd.Timestamp))


def raw(series: pd.Series) -> pd.Series:
    """The raw cells with blanks as NA, text in NFC."""
    return series.map(lambda v: pd.NA if is_blank(v) else (nfc(v) if isinstance(v, str) else v)).astype(object)


def as_text(series: pd.Series) -> pd.Series:
    """Text columns: a number typed in a text column reads as the clerk sees it."""
    def one(value: object) -> object:
        if is_blank(value):
            return pd.NA
        if is_number(value) and float(value).is_integer():
            return str(int(value))
        if is_date(value):
            return display(value)
        return nfc(str(value))

    return series.map(one).astype(object)


def as_number(series: pd.Series) -> pd.Series:
    """Numbers only; text that merely looks like a number stays missing."""
    return pd.to_numeric(series.map(lambda v: float(v) if is_number(v) else None), errors="coerce").astype("float64")


def as_date(series: pd.Series) -> pd.Series:
    """Real Excel dates only; a date typed as text stays missing (and is reported)."""
    def one(value: object) -> object:
        if not is_date(value) or not 1900 <= value.year <= 2200:
            return None
        return value if isinstance(value, datetime) else datetime.combine(value, time())

    return pd.to_datetime(series.map(one), errors="coerce").astype("datetime64[ns]")


def display(value: object) -> str:
    """A cell value as a clerk would recognise it in a message."""
    if is_blank(value):
        return "(trống)"
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if is_number(value):
        number = float(value)
        if number.is_integer():
            return f"{int(number):,}".replace(",", ".")
        return f"{number:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return str(value)


def as_text_value(value: object) -> str:
    """One cell as text (see `as_text`)."""
    text = as_text(pd.Series([value], dtype=object)).iloc[0]
    return "" if text is pd.NA else text
