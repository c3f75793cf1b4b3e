"""Build templates/cong-khai.docx, the public statement of the fund (Bảng công khai), on one page.

Run: python templates/build_statement.py

The layout of Decree 30/2020 where a statement has no form of its own: the
header of build_template.py, Times New Roman, A4 with the decree's margins.
Its helpers are reused from build_template.py (same folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

from build_template import (
    CENTER,
    JUSTIFY,
    LEFT,
    decree_30_page,
    finish,
    fixed_table,
    grid_borders,
    national_heading,
    para,
    rule,
    tag,
    two_columns,
)
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

OUT = Path(__file__).with_name("cong-khai.docx")
SIZE = 13


def _row(table, index: int, cells: tuple[str, str, str], bold: bool = False) -> None:
    for cell, text, align in zip(table.rows[index].cells, cells, (CENTER, LEFT, CENTER), strict=True):
        para(cell, text, size=SIZE, bold=bold, align=align if text else LEFT, before=3, after=3)


def build(out: Path = OUT) -> Path:
    doc = Document()
    decree_30_page(doc, SIZE)

    left, right = two_columns(doc, 6.5, 10.0)
    tag(left, "{%p if parent_body %}")
    para(left, "{{ parent_body }}", size=12, align=CENTER, after=0)
    tag(left, "{%p endif %}")
    para(left, "{{ issuing_body }}", size=12, bold=True, align=CENTER, after=0)
    rule(left, 2.0)
    national_heading(right)
    para(right, "{{ place_date }}", size=13, italic=True, align=CENTER, before=6, after=0)

    para(doc, "BẢNG CÔNG KHAI", size=14, bold=True, align=CENTER, before=18, after=0)
    para(doc, "{{ subject }}", size=14, bold=True, align=CENTER, after=0)
    tag(doc, "{%p if fund_name %}")
    para(doc, "“{{ fund_name }}”", size=SIZE, bold=True, align=CENTER, after=0)
    tag(doc, "{%p endif %}")
    para(doc, "{{ span }}", size=SIZE, italic=True, align=CENTER, after=0)
    rule(doc, 6.5)
    para(doc, "Đơn vị tính: đồng", size=12, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT, before=6, after=3)

    table = fixed_table(doc, 7, (1.5, 10.5, 4.5))
    grid_borders(table)
    for row in table.rows:
        for cell in row.cells:
            cell._tc.remove(cell.paragraphs[0]._p)
    _row(table, 0, ("STT", "Nội dung", "Số tiền"), bold=True)
    _row(table, 1, ("I", "Tồn quỹ đầu kỳ (ngày {{ opening_day }})", "{{ opening }}"), bold=True)
    _row(table, 2, ("II", "Thu trong kỳ (thành viên đóng quỹ)", "{{ collected }}"), bold=True)
    _row(table, 3, ("III", "Chi từ quỹ trong kỳ", "{{ spent }}"), bold=True)
    para(table.rows[4].cells[0], "{%tr for a in activities %}", size=1, after=0)
    for cell in table.rows[4].cells[1:]:
        para(cell, "", size=1, after=0)
    _row(table, 5, ("{{ a.n }}", "{{ a.text }}", "{{ a.amount }}"))
    table.rows[5].cells[1].paragraphs[0].alignment = JUSTIFY
    para(table.rows[6].cells[0], "{%tr endfor %}", size=1, after=0)
    for cell in table.rows[6].cells[1:]:
        para(cell, "", size=1, after=0)
    closing = table.add_row()
    for cell in closing.cells:
        cell._tc.remove(cell.paragraphs[0]._p)
    _row(table, 7, ("IV", "Tồn quỹ cuối kỳ (ngày {{ closing_day }}) = I + II - III", "{{ closing }}"), bold=True)

    para(doc, "{{ arrears }}", size=SIZE, indent=True, before=9)
    para(
        doc,
        "Bảng này được niêm yết công khai tại {{ unit }} để mọi thành viên theo dõi; ý kiến về thu, chi quỹ "
        "xin gửi người giữ quỹ.",
        size=SIZE,
        indent=True,
    )
    para(doc, "", after=0, keep_next=True)
    left, right = two_columns(doc, 8.0, 8.5)
    for cell, title, name in ((left, "NGƯỜI GIỮ QUỸ", "treasurer"), (right, "THỦ TRƯỞNG ĐƠN VỊ", "head")):
        para(cell, title, size=SIZE, bold=True, align=CENTER, after=0)
        para(cell, "(Ký, ghi rõ họ tên)", size=SIZE, italic=True, align=CENTER, after=0)
        for _ in range(4):
            para(cell, "", size=SIZE, align=CENTER, after=0)
        para(cell, f"{{{{ {name} }}}}", size=SIZE, bold=True, align=CENTER, after=0)
    finish(doc, "Bảng công khai tình hình thu, chi quỹ")
    doc.save(out)
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
