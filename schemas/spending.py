"""Sheet `Chi quỹ`: activities and what the fund paid for them.

`_balance_after` (the fund's balance after each row, on its date) is worked
out by the ledger before validation; the rule that it never goes below zero
lives here.
"""

from __future__ import annotations

import pandera.pandas as pa

from xlpy.schemas._rules import at_least, date_cells, error, number_cells, required, whole, within_ceiling

SHEET = "Chi quỹ"

schema = pa.DataFrameSchema(
    name=SHEET,
    columns={
        "date": pa.Column("datetime64[ns]", title="Ngày", nullable=True),
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
        "gifts__raw": pa.Column(object, nullable=True, checks=number_cells("Số suất")),
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
    },
    checks=[
        within_ceiling("total", "Tổng số tiền"),
        within_ceiling("from_fund", "Từ quỹ"),
        error(
            lambda df: df["from_fund"].isna() | df["total"].isna() | (df["from_fund"] <= df["total"]),
            "Từ quỹ {value} lớn hơn Tổng số tiền {total}. Phần chi từ quỹ không thể vượt tổng giá trị.",
            on="from_fund",
        ),
        error(
            lambda df: df["_balance_after"].isna() | (df["_balance_after"] >= 0),
            "Chi {value} đồng từ quỹ ngày {date} làm quỹ bị âm: trước khoản này quỹ chỉ còn "
            "{_balance_before} đồng. Kiểm tra số tiền, ngày chi, hoặc các khoản thu.",
            on="from_fund",
        ),
    ],
)
