"""Sheet `Chi quỹ`: activities and what the fund paid for them.

`_balance_before` and `_balance_after` (the fund's balance around each row, on
its date) are worked out by the ledger before validation; the rule that it
never goes below zero lives here, named once, at the row that takes it below.
So do `_cash_before` and `_cash_after`, the cash on hand as the cash book runs it
(receipts by Ngày nộp): below zero is a warning, since the contract counts a
month's money from its first day.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from xlpy.schemas._rules import (
    A_COUNT,
    at_least,
    date_cells,
    error,
    not_in_future,
    number_cells,
    required,
    voucher_columns,
    voucher_used_once,
    warning,
    whole,
    within_ceiling,
)

SHEET = "Chi quỹ"


def _above_total(df: pd.DataFrame) -> pd.Series:
    return df["from_fund"].notna() & df["total"].notna() & (df["from_fund"] > df["total"])


def _keeps_the_fund_positive(df: pd.DataFrame) -> pd.Series:
    """Only the row that takes the fund below zero fails: the rows after it, still below zero,
    are its consequence, and a row already named for Từ quỹ above its total is not named twice."""
    takes_below = (df["_balance_before"] >= 0) & (df["_balance_after"] < 0)
    return ~takes_below | _above_total(df)


def _keeps_cash_on_hand(df: pd.DataFrame) -> pd.Series:
    """By Ngày nộp, the money received by a row's date covers it (the cash book never runs below
    zero); only the row that takes it below is named, and none the rules above already name."""
    takes_below = (df["_cash_before"] >= 0) & (df["_cash_after"] < 0)
    return ~takes_below | _above_total(df) | (df["_balance_after"] < 0)


schema = pa.DataFrameSchema(
    name=SHEET,
    columns={
        "date": pa.Column("datetime64[ns]", title="Ngày", nullable=True, checks=[not_in_future("Ngày")]),
        "date__raw": pa.Column(
            object,
            nullable=True,
            checks=[
                required("Ngày", "Nhập ngày của hoạt động."),
                *date_cells("Ngày"),
            ],
        ),
        "content": pa.Column(
            object,
            title="Nội dung",
            nullable=True,
            checks=[
                required("Nội dung", "Ghi hoạt động như sẽ in trong báo cáo."),
            ],
        ),
        "category": pa.Column(object, title="Đối tượng", nullable=True, required=False),
        "gifts": pa.Column(
            float,
            title="Số suất",
            nullable=True,
            required=False,
            checks=[
                error(lambda s: s % 1 == 0, "Số suất {value} phải là số nguyên."),
                at_least("Số suất", 0),
            ],
        ),
        "gifts__raw": pa.Column(object, nullable=True, checks=number_cells("Số suất", A_COUNT)),
        "total": pa.Column(
            float,
            title="Tổng số tiền",
            nullable=True,
            checks=[
                whole("Tổng số tiền"),
                at_least("Tổng số tiền", 0),
            ],
        ),
        "total__raw": pa.Column(
            object,
            nullable=True,
            checks=[
                required("Tổng số tiền", "Nhập tổng giá trị hoạt động (mọi nguồn), 0 nếu không có."),
                *number_cells("Tổng số tiền"),
            ],
        ),
        "from_fund": pa.Column(
            float,
            title="Từ quỹ",
            nullable=True,
            required=False,
            checks=[
                whole("Từ quỹ"),
                at_least("Từ quỹ", 0),
            ],
        ),
        "from_fund__raw": pa.Column(object, nullable=True, checks=number_cells("Từ quỹ")),
        "note": pa.Column(object, title="Ghi chú", nullable=True, required=False),
        **voucher_columns(),
        "payee": pa.Column(object, title="Người nhận tiền", nullable=True, required=False),
    },
    checks=[
        within_ceiling("total", "Tổng số tiền"),
        within_ceiling("from_fund", "Từ quỹ"),
        error(
            lambda df: ~_above_total(df),
            "Từ quỹ {value} lớn hơn Tổng số tiền {total}. Phần chi từ quỹ không thể vượt tổng giá trị.",
            on="from_fund",
        ),
        error(
            _keeps_the_fund_positive,
            "Chi {value} đồng từ quỹ ngày {date} làm quỹ bị âm: trước khoản này quỹ chỉ còn "
            "{_balance_before} đồng. Kiểm tra số tiền, ngày chi, hoặc các khoản thu.",
            on="from_fund",
        ),
        warning(
            _keeps_cash_on_hand,
            "Chi {value} đồng từ quỹ ngày {date}, nhưng theo Ngày nộp, đến ngày đó quỹ chỉ có "
            "{_cash_before} đồng tiền mặt: sổ quỹ tiền mặt sẽ ghi tồn quỹ âm ở dòng này. Kiểm tra ngày chi, "
            "hoặc Ngày nộp của các khoản thu trong tháng.",
            on="from_fund",
        ),
        error(
            voucher_used_once(["_row"], "date"),
            "Số phiếu chi {value} đã dùng cho một phiếu chi khác trong cùng năm. "
            "Mỗi số chỉ dùng một lần: xoá số ở ô này, chương trình sẽ cấp số tiếp theo.",
            on="voucher",
        ),
        warning(
            lambda df: df["voucher"].isna() | (df["from_fund"].fillna(0) > 0),
            "Dòng này không chi từ quỹ (Từ quỹ trống hoặc 0) nên không có phiếu chi; số phiếu {value} bị bỏ qua.",
            on="voucher",
        ),
    ],
)
