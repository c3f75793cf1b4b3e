"""Sheet `Thành viên`: the roster."""

from __future__ import annotations

import pandera.pandas as pa

from xlpy.schemas._rules import (
    at_least,
    date_cells,
    error,
    number_cells,
    plausible_amount,
    required,
    unique_key,
    whole,
    within_ceiling,
)

SHEET = "Thành viên"

schema = pa.DataFrameSchema(
    name=SHEET,
    columns={
        "member_id": pa.Column(
            object,
            title="Mã",
            nullable=True,
            checks=[
                required("Mã thành viên", "Nhập mã, ví dụ TV01."),
                error(
                    lambda s: ~s.str.contains(r"\s"), "Mã '{value}' có khoảng trắng. Xoá khoảng trắng (mã dạng TV01)."
                ),
            ],
        ),
        "name": pa.Column(
            object,
            title="Họ và tên",
            nullable=True,
            checks=[
                required("Họ và tên", "Nhập họ và tên đầy đủ của thành viên."),
            ],
        ),
        "position": pa.Column(object, title="Chức vụ", nullable=True, required=False),
        "joined": pa.Column("datetime64[ns]", title="Ngày tham gia", nullable=True),
        "joined__raw": pa.Column(
            object,
            nullable=True,
            checks=[
                required("Ngày tham gia", "Nhập ngày thành viên bắt đầu đóng quỹ."),
                *date_cells("Ngày tham gia"),
            ],
        ),
        "left": pa.Column("datetime64[ns]", title="Ngày rời", nullable=True, required=False),
        "left__raw": pa.Column(object, nullable=True, checks=date_cells("Ngày rời")),
        "rate": pa.Column(
            float,
            title="Mức đóng",
            nullable=True,
            required=False,
            checks=[
                whole("Mức đóng"),
                at_least("Mức đóng", 1),
                plausible_amount("Mức đóng"),
            ],
        ),
        "rate__raw": pa.Column(object, nullable=True, checks=number_cells("Mức đóng")),
        "note": pa.Column(object, title="Ghi chú", nullable=True, required=False),
    },
    checks=[
        within_ceiling("rate", "Mức đóng"),
        error(unique_key(), "Mã '{value}' bị trùng trong danh sách. Mỗi thành viên một mã riêng.", on="member_id"),
        error(
            lambda df: df["left"].isna() | df["joined"].isna() | (df["left"] >= df["joined"]),
            "Ngày rời {value} trước Ngày tham gia {joined}. Sửa lại một trong hai ngày.",
            on="left",
        ),
    ],
)
