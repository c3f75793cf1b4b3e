"""Monthly sheets `Tnn-yyyy`: who paid what, month by month.

All monthly sheets are validated together, as one frame with a `_sheet`
column, joined beforehand with the roster (`_known`, `_roster_name`, …).
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from xlpy.schemas._rules import (
    at_least,
    date_cell,
    error,
    number_cell,
    plausible_amount,
    required,
    unique_key,
    voucher_columns,
    voucher_used_once,
    warning,
    whole,
)

NAME = re.compile(r"^\s*T(0[1-9]|1[0-2])-(\d{4})\s*$", re.IGNORECASE)  # names compare trimmed, any case
# Anything a clerk may have meant as a monthly sheet: T1-2020, T13-2020, t03/2020 …
LOOKS_MONTHLY = re.compile(r"^\s*T\s*\d{1,2}\s*[-_./ ]\s*\d{2,4}\s*$", re.IGNORECASE)
NAME_HINT = "Tên sheet tháng phải dạng Tnn-yyyy, ví dụ T03-2019 (tháng có 2 chữ số, 01 đến 12)."


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
        "amount__raw": pa.Column(object, nullable=True, checks=[number_cell("Số tiền")]),
        "paid_on": pa.Column(
            "datetime64[ns]",
            title="Ngày nộp",
            nullable=True,
            checks=[
                warning(lambda s: s <= pd.Timestamp.today(), "Ngày nộp {value} ở tương lai. Kiểm tra lại năm."),
            ],
        ),
        "paid_on__raw": pa.Column(object, nullable=True, checks=[date_cell("Ngày nộp")]),
        "note": pa.Column(object, title="Ghi chú", nullable=True, required=False),
        **voucher_columns(),
    },
    checks=[
        error(
            lambda df: df["_key"].isna() | df["_known"],
            "Mã '{value}' không có trong sheet 'Thành viên'. Thêm thành viên đó vào danh sách hoặc sửa lại mã.",
            on="member_id",
        ),
        warning(
            lambda df: ~df["_known"] | (df["member_id"] == df["_canonical_id"]),
            "Mã '{value}' có khoảng trắng thừa hoặc khác chữ hoa/thường; nên sửa thành '{_canonical_id}'.",
            on="member_id",
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
