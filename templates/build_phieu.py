"""Build templates/phieu-thu.docx and templates/phieu-chi.docx: forms C40-BB and C41-BB.

Run: python templates/build_phieu.py [FOLDER]

The layout is that of the forms of Circular 107/2017/TT-BTC (kept by Circular
24/2024/TT-BTC): unit and address top left, the form's code top right, title,
date, book and number, the payer or payee, the reason, the amount in figures
and in words, the documents attached, the signature row. One voucher per page:
the template loops over `vouchers` (xlpy.vouchers.context). Page and fonts as
the report (templates/build_template.py), whose helpers this script reuses.
"""

from __future__ import annotations

import sys
from pathlib import Path

from build_template import (
    CENTER,
    LEFT,
    decree_30_page,
    finish,
    fixed_table,
    no_borders,
    para,
    row_flag,
    tag,
)
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

HERE = Path(__file__).parent
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
KINDS = {
    "thu": {
        "file": "phieu-thu.docx",
        "form": "C40-BB",
        "title": "PHIẾU THU",
        "person": "Họ và tên người nộp tiền",
        "reason": "Lý do nộp",
        "signer": "NGƯỜI NỘP TIỀN",
    },
    "chi": {
        "file": "phieu-chi.docx",
        "form": "C41-BB",
        "title": "PHIẾU CHI",
        "person": "Họ và tên người nhận tiền",
        "reason": "Lý do chi",
        "signer": "NGƯỜI NHẬN TIỀN",
    },
}
SIGNATURES = (  # (title, hint, name in the template)
    ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, họ tên, đóng dấu)", "{{ head_of_unit }}"),
    ("KẾ TOÁN TRƯỞNG", "(Ký, họ tên)", "{{ chief_accountant }}"),
    (None, "(Ký, họ tên)", "{{ v.signer }}"),
    ("NGƯỜI LẬP", "(Ký, họ tên)", "{{ preparer }}"),
    ("THỦ QUỸ", "(Ký, họ tên)", "{{ treasurer }}"),
)
WIDTH = 16.5  # cm between the margins of an A4 page (30 mm left, 15 mm right)


def _cells(table):
    cells = table.rows[0].cells
    for cell in cells:  # a new cell starts with one empty paragraph; drop it
        cell._tc.remove(cell.paragraphs[0]._p)
    return cells


def line(doc, label: str, value: str, *, bold_value: bool = False):
    return para(doc, "", size=13, align=LEFT, after=4, runs=[(f"{label}: ", False, False), (value, bold_value, False)])


def voucher(doc, kind: dict) -> None:
    table = fixed_table(doc, 1, (9.5, 7.0))
    no_borders(table)
    left, right = _cells(table)
    para(left, "Đơn vị: {{ unit }}", size=12, bold=True, align=LEFT, after=0)
    para(left, "Địa chỉ: {{ unit_address }}", size=12, align=LEFT, after=0)
    para(right, f"Mẫu số {kind['form']}", size=12, bold=True, align=CENTER, after=0)
    para(
        right,
        "(Ban hành kèm theo Thông tư số 107/2017/TT-BTC ngày 10/10/2017 của Bộ Tài chính)",
        size=11,
        italic=True,
        align=CENTER,
        after=0,
    )

    table = fixed_table(doc, 1, (4.0, 8.5, 4.0))
    no_borders(table)
    _, middle, side = _cells(table)
    para(_, "", size=12, after=0)
    para(middle, kind["title"], size=16, bold=True, align=CENTER, before=18, after=0)
    para(middle, "{{ v.date }}", size=13, italic=True, align=CENTER, after=0)
    para(side, "Quyển số: {{ book }}", size=12, align=LEFT, before=12, after=0)
    para(side, "Số: {{ v.number }}", size=12, align=LEFT, after=0)
    para(side, "Nợ: ……………", size=12, align=LEFT, after=0)
    para(side, "Có: ……………", size=12, align=LEFT, after=0)

    para(doc, "", size=13, after=6)
    line(doc, kind["person"], "{{ v.person }}")
    line(doc, "Địa chỉ", "{{ v.address }}")
    line(doc, kind["reason"], "{{ v.purpose }}")
    line(doc, "Số tiền", "{{ v.amount }}", bold_value=True)
    line(doc, "Viết bằng chữ", "{{ v.amount_words }}")
    line(doc, "Kèm theo", "{{ v.attached }} chứng từ gốc.")
    para(doc, "{{ v.date }}", size=13, italic=True, align=RIGHT, before=6, after=6)

    table = fixed_table(doc, 2, (WIDTH / 5,) * 5)  # titles in one row, names in the next: aligned
    no_borders(table)
    for row in table.rows:
        row_flag(row, "cantSplit")
        for cell in row.cells:
            cell._tc.remove(cell.paragraphs[0]._p)
    for titles, names, (title, hint, name) in zip(table.rows[0].cells, table.rows[1].cells, SIGNATURES, strict=True):
        para(titles, title or kind["signer"], size=11, bold=True, align=CENTER, after=0)
        para(titles, hint, size=10, italic=True, align=CENTER, after=0)
        for _ in range(4):
            para(names, "", size=11, align=CENTER, after=0)
        para(names, name, size=11, bold=True, align=CENTER, after=0)

    para(doc, "", size=13, after=6)
    para(doc, "Đã nhận đủ số tiền (viết bằng chữ): ……………………………………………………", size=13, align=LEFT, after=2)
    para(doc, "+ Tỷ giá ngoại tệ (vàng bạc, đá quý): ……………………………", size=13, align=LEFT, after=2)
    para(doc, "+ Số tiền quy đổi: ……………………………………………", size=13, align=LEFT, after=2)


def build(kind: str, out: Path) -> Path:
    spec = KINDS[kind]
    doc = Document()
    decree_30_page(doc, 13)
    tag(doc, "{%p for v in vouchers %}")
    voucher(doc, spec)
    tag(doc, "{%p if not loop.last %}")
    para(doc, "", size=1, after=0).runs[0].add_break(WD_BREAK.PAGE)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    finish(doc, spec["title"].capitalize())
    doc.save(out)
    return out


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for kind, spec in KINDS.items():
        print(build(kind, folder / spec["file"]))
