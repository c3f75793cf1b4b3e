"""Monthly sheets `Tnn-yyyy`: who paid what, month by month.

All monthly sheets are validated together, as one frame with a `_sheet`
column, joined beforehand with the roster (`_known`, `_roster_name`, …).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pandas as pd
import pandera.pandas as pa

from xlpy.dates import FIRST_YEAR, LAST_YEAR, YEARS
from xlpy.schemas._rules import (
    at_least,
    date_cells,
    error,
    not_in_future,
    number_cells,
    plausible_amount,
    required,
    unique_key,
    voucher_columns,
    voucher_used_once,
    warning,
    whole,
    within_ceiling,
)

# The one spelling that is counted: ASCII `T`, two-digit month, `-`, four-digit year;
# compared trimmed and in any case.
NAME = re.compile(r"^\s*T(0[1-9]|1[0-2])-([0-9]{4})\s*$", re.IGNORECASE | re.ASCII)
NAME_HINT = "Tên sheet tháng phải dạng Tnn-yyyy, ví dụ T03-2019 (chữ T, tháng có 2 chữ số 01 đến 12, dấu gạch ngang -)."

# Near misses are found on a folded name (NFKC, case-folded, without diacritics, lookalike
# letters mapped, every run of separators one `-`) rather than by a growing regex.
_LOOKALIKE_T = str.maketrans({"т": "t", "τ": "t", "ꭲ": "t", "ᴛ": "t"})  # Cyrillic, Greek, Cherokee, small capital
_LOOKALIKE_DIGITS = str.maketrans({"o": "0", "о": "0", "ο": "0", "l": "1", "і": "1"})  # TO3-2019
_SEPARATORS = re.compile(r"[\s\-_./\\,:;·‐-―−⁃﹘﹣－]+")
_COPY = re.compile(r"^(?:copy-of|ban-sao-cua|ban-sao)-")  # Google Sheets' and a Vietnamese copy prefix
_SUFFIX = r"(?:-?\([0-9]{1,3}\)|-[0-9]{1,2})?"  # Excel's copy ` (2)`, LibreOffice's `_2`
_PREFIX = r"(?:t|thang)-?"
_CLOSE = [
    re.compile(rf"^{_PREFIX}(?P<month>[0-9]{{1,2}})-?(?:nam-?)?(?P<year>[0-9]{{4}}){_SUFFIX}$"),  # Tháng 3 năm 2019
    re.compile(rf"^(?P<month>[0-9]{{1,2}})-(?P<year>[0-9]{{4}}){_SUFFIX}$"),  # 03-2019
    re.compile(rf"^{_PREFIX}(?P<month>[0-9]{{1,2}})-(?P<year>[0-9]{{2}})$"),  # T03-19
    re.compile(rf"^(?:{_PREFIX})?(?P<year>[0-9]{{4}})-(?P<month>[0-9]{{1,2}}){_SUFFIX}$"),  # 2019-03
]


def _fold_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) not in ("Mn", "Cf"))
    text = unicodedata.normalize("NFKC", text).translate(_LOOKALIKE_T)
    text = "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in text)
    text = _COPY.sub("", _SEPARATORS.sub("-", text).strip("-"))
    return text.translate(_LOOKALIKE_DIGITS)


def sheet_name(month: date) -> str:
    """The name of `month`'s sheet, `Tnn-yyyy` (what `month_named` reads back)."""
    return f"T{month.month:02d}-{month.year}"


def month_named(name: str) -> pd.Timestamp | None:
    """The month of a counted monthly sheet: named `Tnn-yyyy`, in the years xlpy accepts."""
    match = NAME.match(name)
    if not match or not FIRST_YEAR <= int(match.group(2)) <= LAST_YEAR:
        return None
    return pd.Timestamp(int(match.group(2)), int(match.group(1)), 1)


def missing_months(months: list[pd.Timestamp]) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """(missing month, the counted month after it) for each month with no sheet between the first
    and the last: a sheet deleted takes its payments out of every total without a word."""
    found = set(months)
    return (
        [
            (month, next(m for m in sorted(found) if m > month))
            for month in pd.date_range(min(found), max(found), freq="MS")
            if month not in found
        ]
        if found
        else []
    )


def misnamed(name: str) -> str | None:
    """For a sheet that is not counted but whose name is close to `Tnn-yyyy`: why, and what to do."""
    if month_named(name) is not None:
        return None
    folded = _fold_name(name)
    match = next((m for pattern in _CLOSE if (m := pattern.match(folded))), None)
    if not match:
        return None
    month, year = int(match.group("month")), match.group("year")
    intro = f"Sheet '{name}' trông như sheet tháng nhưng tên không đúng dạng Tnn-yyyy nên KHÔNG được tính vào tổng. "
    if len(year) == 4 and not FIRST_YEAR <= int(year) <= LAST_YEAR:
        return intro + f"Năm {year} nằm ngoài khoảng {YEARS}. " + NAME_HINT
    if 1 <= month <= 12 and len(year) == 4:
        proper = sheet_name(date(int(year), month, 1))
        return (
            intro + f"Nếu đây là tháng {month:02d}/{year}, đổi tên thành '{proper}' (gõ lại bằng bàn phím tiếng Anh); "
            f"nếu đã có sheet '{proper}' thì đây có thể là bản sao: gộp số liệu vào một sheet rồi xoá bản kia."
        )
    return intro + NAME_HINT


def stray_headers(name: str) -> str:
    """For a sheet that carries the monthly headers but is not a counted monthly sheet."""
    labels = ", ".join(col.title for col in schema.columns.values() if col.title and col.required)
    return (
        f"Sheet '{name}' có các cột của sheet tháng ({labels}) nhưng không phải sheet tháng được tính "
        "nên số tiền trong đó KHÔNG được cộng vào quỹ. " + NAME_HINT + " Nếu sheet này không phải số liệu thu quỹ, "
        "đổi tên các cột đó."
    )


def _paid(df: pd.DataFrame) -> pd.Series:
    return df["amount"].fillna(0) > 0


def _outside_membership(df: pd.DataFrame) -> pd.Series:
    before = df["_month"] < df["_joined_month"]
    after = df["_left_month"].notna() & (df["_month"] > df["_left_month"])
    return _paid(df) & df["_known"] & (before | after)


schema = pa.DataFrameSchema(
    name="Tnn-yyyy",
    columns={
        "member_id": pa.Column(
            object,
            title="Mã",
            nullable=True,
            checks=[
                required("Mã thành viên", "Nhập mã như trong sheet 'Thành viên', ví dụ TV01."),
            ],
        ),
        "name": pa.Column(object, title="Họ và tên", nullable=True, required=False),
        "amount": pa.Column(
            float,
            title="Số tiền",
            nullable=True,
            checks=[
                whole("Số tiền"),
                at_least("Số tiền", 0),
                plausible_amount("Số tiền"),
            ],
        ),
        "amount__raw": pa.Column(object, nullable=True, checks=number_cells("Số tiền")),
        "paid_on": pa.Column(
            "datetime64[ns]",
            title="Ngày nộp",
            nullable=True,
            checks=[not_in_future("Ngày nộp")],
        ),
        "paid_on__raw": pa.Column(object, nullable=True, checks=date_cells("Ngày nộp")),
        "note": pa.Column(object, title="Ghi chú", nullable=True, required=False),
        **voucher_columns(),
    },
    checks=[
        within_ceiling("amount", "Số tiền"),
        error(
            lambda df: df["_key"].isna() | df["_known"] | df["_no_roster"],
            "Mã '{value}' không có trong sheet 'Thành viên'. Thêm thành viên đó vào danh sách hoặc sửa lại mã.",
            on="member_id",
        ),
        warning(
            lambda df: ~df["_known"] | (df["member_id"] == df["_canonical_id"]),
            "Mã '{value}' có khoảng trắng thừa hoặc khác chữ hoa/thường; nên sửa thành '{_canonical_id}'.",
            on="member_id",
        ),
        warning(
            lambda df: (  # a date in the future has its own warning
                df["paid_on"].isna()
                | (df["paid_on"] > pd.Timestamp.today())
                | (df["paid_on"].to_numpy("datetime64[M]") == df["_month"].to_numpy("datetime64[M]"))
            ),
            "Ngày nộp {value} không thuộc tháng của sheet '{_sheet}' (mỗi sheet là một tháng nộp). Sửa lại "
            "ngày, hoặc chuyển dòng này sang sheet của tháng nộp.",
            on="paid_on",
        ),
        error(
            unique_key(within=["_sheet"]),
            "Mã '{value}' có nhiều dòng trong cùng sheet tháng. Gộp thành một dòng, cộng số tiền lại.",
            on="member_id",
        ),
        warning(
            lambda df: (
                ~df["_known"]
                | df["name"].isna()
                | df["_roster_name"].isna()
                | (df["_name_key"] == df["_roster_name_key"])
            ),
            "Tên '{value}' khác với tên trong sheet 'Thành viên' ('{_roster_name}') cho mã {member_id}.",
            on="name",
        ),
        error(
            lambda df: ~_paid(df) | df["paid_on__raw"].notna(),
            "Có Số tiền {amount} nhưng thiếu Ngày nộp. Nhập ngày nộp tiền.",
            on="paid_on",
        ),
        warning(
            lambda df: _paid(df) | df["paid_on__raw"].isna() | df["amount__raw"].notna(),
            "Có Ngày nộp {value} nhưng Số tiền để trống. Nhập số tiền hoặc xoá ngày nộp.",
            on="paid_on",
        ),
        warning(
            lambda df: ~_outside_membership(df),
            "{member_id} nộp {value} đồng trong tháng không thuộc thời gian tham gia "
            "(từ {_joined} đến {_left}). Kiểm tra lại sheet tháng hoặc ngày tham gia/rời.",
            on="amount",
        ),
        error(
            voucher_used_once(["_sheet"], "paid_on"),
            "Số phiếu thu {value} đã dùng ở sheet tháng khác trong cùng năm. Mỗi số chỉ dùng một lần "
            "(các dòng cùng một sheet ghi cùng số là một phiếu thu chung): xoá số ở ô này, "
            "chương trình sẽ cấp số tiếp theo.",
            on="voucher",
        ),
        warning(
            lambda df: df["voucher"].isna() | _paid(df),
            "Dòng này chưa nộp tiền nên không có phiếu thu; số phiếu {value} bị bỏ qua.",
            on="voucher",
        ),
    ],
)
