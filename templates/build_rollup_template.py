"""Build templates/tong-hop.docx, the roll-up report template, in the layout of Decree 30/2020.

Run: python templates/build_rollup_template.py [OUT.docx]

The consolidating office's own names (body, number, signer) are not in any
unit's workbook, so the template leaves them as dotted places that the clerk
fills in Word; the figures come from `xlpy rollup` (xlpy.rollup_out.context).
Built with the same helpers as the unit report (build_template.py).
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
    grid_borders,
    national_heading,
    para,
    row_flag,
    rule,
    tag,
    two_columns,
)
from docx import Document

OUT = Path(__file__).with_name("tong-hop.docx")
COLUMNS = (  # (header, width cm, value tag, alignment); 16.5 cm, the text width
    ("STT", 1.2, "{{ u.n }}", CENTER),
    ("Đơn vị", 4.4, "{{ u.name }}", LEFT),
    ("Thành viên", 1.8, "{{ u.members }}", CENTER),
    ("Đã thu (đồng)", 2.4, "{{ u.collected }}", CENTER),
    ("Chi từ quỹ (đồng)", 2.4, "{{ u.spent }}", CENTER),
    ("Tồn quỹ (đồng)", 2.4, "{{ u.balance }}", CENTER),
    ("Tình trạng", 1.9, "{{ u.status }}", CENTER),
)


def _table(doc) -> None:
    table = fixed_table(doc, 5, tuple(width for _, width, _, _ in COLUMNS))
    grid_borders(table)
    row_flag(table.rows[0], "tblHeader")
    for row in table.rows:
        for cell in row.cells:
            cell._tc.remove(cell.paragraphs[0]._p)
    for cell, (label, _, _, _) in zip(table.rows[0].cells, COLUMNS, strict=True):
        para(cell, label, size=11, bold=True, align=CENTER, before=2, after=2)
    para(table.rows[1].cells[0], "{%tr for u in units %}", size=1, after=0)
    for cell in table.rows[1].cells[1:]:
        para(cell, "", size=1, after=0)
    for cell, (_, _, value, align) in zip(table.rows[2].cells, COLUMNS, strict=True):
        para(cell, value, size=11, align=align, before=2, after=2)
    para(table.rows[3].cells[0], "{%tr endfor %}", size=1, after=0)
    for cell in table.rows[3].cells[1:]:
        para(cell, "", size=1, after=0)
    totals = ("", "Tổng cộng (các đơn vị đạt)", "{{ totals.members }}", "{{ totals.collected }}")
    totals += ("{{ totals.spent }}", "{{ totals.balance }}", "")
    for cell, value in zip(table.rows[4].cells, totals, strict=True):
        para(cell, value, size=11, bold=True, align=CENTER, before=2, after=2)


def build(out: Path = OUT) -> Path:
    doc = Document()
    decree_30_page(doc, 14)

    left, right = two_columns(doc, 6.0, 10.5)
    para(left, "……………………", size=13, align=CENTER, after=0)
    para(left, "……………………", size=13, bold=True, align=CENTER, after=0)
    rule(left, 1.9)
    para(left, "Số: ……/BC-……", size=13, align=CENTER, before=6, after=0)
    national_heading(right)
    para(right, "{{ place_date }}", size=14, italic=True, align=CENTER, before=6, after=0)

    para(doc, "BÁO CÁO", bold=True, align=CENTER, before=18, after=0)
    para(doc, "Tổng hợp kết quả quỹ của các đơn vị", bold=True, align=CENTER, after=0)
    rule(doc, 6.5)
    para(doc, "", after=0)
    para(
        doc,
        "Tổng hợp từ {{ count }} sổ quỹ của các đơn vị, số liệu đến {{ as_of }}: {{ counted }} đơn vị có sổ đạt "
        "yêu cầu được cộng vào tổng; tổng số tiền đã thu là {{ collected_words }}.",
        indent=True,
    )
    _table(doc)
    para(doc, "", after=0)
    tag(doc, "{%p if left_out %}")
    para(doc, "Các đơn vị chưa được cộng vào tổng (sổ còn lỗi hoặc không đọc được):", bold=True, indent=True)
    tag(doc, "{%p for u in left_out %}")
    para(doc, "- {{ u.name }} (tệp {{ u.file }}): {{ u.why }}", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    para(doc, "", after=0, keep_next=True)
    left, right = two_columns(doc, 7.5, 9.0)
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, after=0)
    para(left, "- ……;", size=11, align=LEFT, after=0)
    para(left, "- Lưu: VT.", size=11, align=LEFT, after=0)
    para(right, "……………………", bold=True, align=CENTER, after=0)
    for _ in range(4):
        para(right, "", align=CENTER, after=0)
    para(right, "……………………", bold=True, align=CENTER, after=0)
    finish(doc, "Báo cáo tổng hợp kết quả quỹ của các đơn vị")
    doc.save(out)
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
