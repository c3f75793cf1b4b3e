"""Building blocks for the contract's rules, shared by the sheet schemas.

A column whose cells may all be empty (Ngày rời, Mức đóng, Số suất, Từ quỹ,
notes) may be missing from a sheet altogether: `Column(required=False)`.

A rule is a pandera Check whose `error` is the clerk's message (it may name
`{value}`, the cell, or any column of the row, e.g. `{_roster_name}`) and whose
`statistics` carry the severity and, for checks over the whole frame, the
column (`on`) whose cell the problem is reported at.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa

from xlpy.cells import NotFinite, holds, is_date, is_number
from xlpy.dates import EARLIEST_FUND_YEAR, YEARS, in_range
from xlpy.problems import Severity

SMALLEST_PLAUSIBLE_AMOUNT = 1_000  # a payment below 1.000 đồng is a slip for 50.000, not a payment
# No cell of money may hold more than the ceiling (setting CEILING_LABEL of sheet 'Cài đặt', in the
# frames as `_ceiling`): 1e19 typed in a cell is a slip, and must never reach the totals.
CEILING_LABEL = "Mức tối đa một ô"
DEFAULT_CEILING = 1_000_000_000
# The ceiling itself is bounded, so that totals stay exact whole numbers (xlpy.ledger).
MAX_CEILING = 1_000_000_000_000


def _rule(fn: Callable, message: str, severity: Severity, on: str | None, keep_na: bool) -> pa.Check:
    return pa.Check(
        fn,
        error=message,
        ignore_na=not keep_na and on is None,
        statistics={"severity": severity.value, "on": on},
    )


def error(fn: Callable, message: str, *, on: str | None = None, keep_na: bool = False) -> pa.Check:
    return _rule(fn, message, Severity.ERROR, on, keep_na)


def warning(fn: Callable, message: str, *, on: str | None = None, keep_na: bool = False) -> pa.Check:
    return _rule(fn, message, Severity.WARNING, on, keep_na)


def not_in_future(title: str) -> pa.Check:
    """A date past today is a year typed wrong, most often: the row counts in no total up to today."""
    return warning(lambda s: s <= pd.Timestamp.today(), f"{title} {{value}} ở tương lai. Kiểm tra lại năm.")


def required(title: str, hint: str) -> pa.Check:
    return error(lambda s: s.notna(), f"Thiếu {title}. {hint}", keep_na=True)


def finite_cell(title: str) -> pa.Check:
    """On a raw column: not NaN or an infinity (which a reader would otherwise take for a blank)."""
    return error(
        lambda s: holds(s, lambda v: not isinstance(v, NotFinite)),
        f"{title} có giá trị '{{value}}' (không phải số thực, thường do công thức hoặc chương trình khác ghi ra), "
        "nên không tính được. Gõ lại giá trị đúng vào ô.",
    )


# How a number stored as text is put right, whatever the column: said once, after what it costs.
_RETYPE = (
    "Nếu ô định dạng Văn bản (Text) hoặc có dấu ' ở đầu, đổi định dạng ô sang Số (Number) rồi gõ lại chỉ bằng chữ số"
)
_AN_AMOUNT = f"nên không được cộng. {_RETYPE}, ví dụ 50000 (không có dấu chấm, chữ đ)."


def number_cell(title: str, then: str = _AN_AMOUNT) -> pa.Check:
    """On a raw column: the cell holds a number, not text that looks like one (NaN: see finite_cell);
    `then`: what follows for the clerk (an amount is not added up; a voucher number is no number)."""
    return error(
        lambda s: holds(s, lambda v: is_number(v) or isinstance(v, NotFinite)),
        f"{title} '{{value}}' không phải là số (có thể đang là chữ), {then}",
    )


def date_cell(title: str) -> pa.Check:
    """On a raw column: the cell holds a real Excel date (NaN: see finite_cell)."""
    return error(
        lambda s: holds(s, lambda v: is_date(v) or isinstance(v, NotFinite)),
        f"{title} '{{value}}' không phải là ngày của Excel (ô đang là chữ hoặc số). Nếu ô định dạng Văn bản "
        "(Text), đổi sang Ngày (Date) rồi gõ lại; gõ dạng năm-tháng-ngày, ví dụ 2022-04-20, máy nào cũng nhận "
        "là ngày (máy đặt ngày kiểu Mỹ, tháng/ngày/năm, biến 15/3/2026 thành chữ).",
    )


def date_in_range(title: str) -> pa.Check:
    """On a raw column: a date in the years xlpy accepts (xlpy.dates.FIRST_YEAR-LAST_YEAR)."""
    return error(
        lambda s: holds(s, lambda v: not is_date(v) or in_range(v)),
        f"{title} {{value}} nằm ngoài khoảng {YEARS}: có lẽ gõ nhầm năm. Sửa lại ngày cho đúng.",
    )


def not_a_number_as_a_date(title: str) -> pa.Check:
    """On a raw column: a date before EARLIEST_FUND_YEAR is no fund's. Typed into a date cell, a year
    (2022) or an amount becomes a date of 1905 or so: a member would owe for 1,400 months."""
    return error(
        lambda s: holds(s, lambda v: not is_date(v) or not in_range(v) or v.year >= EARLIEST_FUND_YEAR),
        f"{title} {{value}} trước năm {EARLIEST_FUND_YEAR}, không thể là ngày của quỹ: thường do gõ một số "
        "(như năm 2022) vào ô định dạng ngày, Excel hiểu số đó là một ngày của những năm 1900. "
        "Gõ lại đủ ngày, ví dụ 2022-04-20.",
    )


def date_cells(title: str) -> list[pa.Check]:
    """Every check of a raw date column: a date, in range, not NaN."""
    return [finite_cell(title), date_cell(title), date_in_range(title), not_a_number_as_a_date(title)]


def number_cells(title: str, then: str = _AN_AMOUNT) -> list[pa.Check]:
    """Every check of a raw number column: a number, not NaN or an infinity."""
    return [finite_cell(title), number_cell(title, then)]


A_COUNT = f"nên không được tính. {_RETYPE}, ví dụ 12 (không có chữ)."


def within_ceiling(field: str, title: str) -> pa.Check:
    """Frame check on a typed money column: at most the workbook's ceiling (`_ceiling`) a cell."""

    def check(df: pd.DataFrame) -> pd.Series:
        ceiling = df.get("_ceiling", DEFAULT_CEILING)
        return df[field].isna() | (df[field] <= ceiling)

    return error(
        check,
        f"{title} {{value}} đồng vượt mức tối đa một ô ({{_ceiling}} đồng): có lẽ gõ thừa chữ số. "
        f"Sửa lại số tiền; nếu đúng là khoản lớn như vậy, tăng '{CEILING_LABEL}' trong sheet 'Cài đặt'.",
        on=field,
    )


def whole(title: str) -> pa.Check:
    return error(lambda s: s % 1 == 0, f"{title} {{value}} có phần lẻ. Số tiền tính bằng đồng, phải là số nguyên.")


def at_least(title: str, minimum: int) -> pa.Check:
    return error(lambda s: s >= minimum, f"{title} {{value}} phải từ {minimum} trở lên.")


def plausible_amount(title: str) -> pa.Check:
    return error(
        lambda s: (s <= 0) | (s >= SMALLEST_PLAUSIBLE_AMOUNT),
        f"{title} {{value}} đồng là quá nhỏ: có phải ý là {{value}}.000 đồng? Gõ đủ số đồng, ví dụ 50000.",
    )


# A frame may hold several units' rows (xlpy.validation.run_many), each marked with its unit here.
UNIT = "_unit"


def within_unit(df: pd.DataFrame, keys: list[str]) -> list[str]:
    """`keys`, and the unit when the frame holds several: a rule compares rows of one unit only."""
    return [UNIT, *keys] if UNIT in df.columns else keys


def unique_key(within: list[str] | None = None) -> Callable[[pd.DataFrame], pd.Series]:
    """Frame check: the key column (already normalised) appears once (per group)."""

    def check(df: pd.DataFrame) -> pd.Series:
        keys = within_unit(df, (within or []) + ["_key"])
        return df["_key"].isna() | ~df.duplicated(keys, keep=False)

    return check


VOUCHER_TITLE = "Số phiếu"


def voucher_columns() -> dict[str, pa.Column]:
    """The optional `Số phiếu` column (xlpy.vouchers): a whole number from 1, filled once."""
    return {
        "voucher": pa.Column(
            float,
            title=VOUCHER_TITLE,
            nullable=True,
            required=False,
            checks=[
                error(lambda s: s % 1 == 0, "Số phiếu {value} phải là số nguyên."),
                at_least("Số phiếu", 1),
            ],
        ),
        "voucher__raw": pa.Column(
            object,
            nullable=True,
            checks=[
                number_cell(
                    "Số phiếu",
                    f"nên không dùng làm số phiếu được. Số phiếu là số thứ tự trong năm. {_RETYPE}, "
                    "ví dụ 12, hoặc để trống để xlpy cấp số khi in phiếu.",
                )
            ],
        ),
    }


def voucher_used_once(group: list[str], dated: str) -> Callable[[pd.DataFrame], pd.Series]:
    """Frame check: a voucher number is used by one voucher per year.

    Rows of the same `group` (a monthly sheet) sharing a number are one voucher
    (a receipt for a month's collection); its year is that of its latest `dated`.
    """

    def check(df: pd.DataFrame) -> pd.Series:
        numbered = df[df["voucher"].notna()]
        if numbered.empty:
            return pd.Series(True, index=df.index)
        keys = within_unit(df, [*group, "voucher"])
        year = numbered.groupby(keys, dropna=False)[dated].transform("max").dt.year
        vouchers = numbered[keys].assign(_year=year).drop_duplicates()
        clash = vouchers[vouchers.duplicated(within_unit(df, ["_year", "voucher"]), keep=False)]
        bad = numbered.assign(_year=year).merge(clash, on=[*keys, "_year"], how="left", indicator=True)
        ok = pd.Series(True, index=df.index)
        ok[numbered.index[(bad["_merge"] == "both").to_numpy()]] = False
        return ok

    return check


def fields(schema: pa.DataFrameSchema) -> dict[str, pa.Column]:
    """The contract columns of a schema: the ones with a header label (read and written alike)."""
    return {name: col for name, col in schema.columns.items() if col.title}
