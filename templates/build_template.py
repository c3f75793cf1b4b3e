"""Build templates/bao-cao.docx, the report template, in the layout of Decree 30/2020.

Run: python templates/build_template.py

The .docx is what clerks open and edit in Word (wording, spacing, fonts); this
script is how it was first made, kept so that the layout can be reviewed and
rebuilt. Tags are docxtpl/Jinja: {{ value }}, {%p for … %} for paragraphs,
{%tr for … %} for table rows. Each tag is written in one run so Word keeps it
whole.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

OUT = Path(__file__).with_name("bao-cao.docx")
FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


def _fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def para(
    container,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align=JUSTIFY,
    indent: bool = False,
    before: float = 0,
    after: float = 6,
    runs=None,
    keep_next: bool = False,
):
    """A paragraph; `runs` is a list of (text, bold, italic) for mixed formatting."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.15
    fmt.first_line_indent = Cm(1.27) if indent else Cm(0)
    fmt.keep_with_next = keep_next
    for chunk, chunk_bold, chunk_italic in runs or [(text, bold, italic)]:
        run = p.add_run(chunk)
        run.font.name, run.font.size = FONT, Pt(size)
        run.font.bold, run.font.italic = chunk_bold, chunk_italic
        _fonts(run._r.get_or_add_rPr())
    return p


def tag(container, text: str):
    """A paragraph holding only a {%p … %} tag: docxtpl removes it."""
    return para(container, text, size=1, align=LEFT, after=0)


def rule(container, indent_cm: float):
    """A short solid line: an empty paragraph with a top border, narrowed by indents."""
    p = para(container, "", size=2, align=CENTER, before=3, after=0)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Cm(indent_cm)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    p._p.get_or_add_pPr().append(borders)
    return p


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def grid_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            element.set(qn(key), value)
        borders.append(element)
    tbl_pr.append(borders)


def fixed_table(doc, rows: int, widths: tuple[float, ...]):
    """A table whose column widths hold in Word and LibreOffice alike."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)
    return table


def row_flag(row, flag: str) -> None:
    """`cantSplit` keeps a row on one page; `tblHeader` repeats it on each page."""
    row._tr.get_or_add_trPr().append(OxmlElement(f"w:{flag}"))


def two_columns(doc, left_cm: float, right_cm: float):
    table = fixed_table(doc, 1, (left_cm, right_cm))
    no_borders(table)
    row_flag(table.rows[0], "cantSplit")
    left, right = table.rows[0].cells
    for cell in (left, right):  # a new cell starts with one empty paragraph; drop it
        cell._tc.remove(cell.paragraphs[0]._p)
    return left, right


def page_number_header(section) -> None:
    """Page numbers centred in the top margin, from page 2 on (Decree 30/2020)."""
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = CENTER
    run = header.add_run()
    run.font.name, run.font.size = FONT, Pt(14)
    _fonts(run._r.get_or_add_rPr())
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            value = OxmlElement("w:t")
            value.text = "2"
            run._r.append(value)


LANGUAGE = "vi-VN"
# docProps/core.xml parts python-docx's default document carries ("python-docx", 2013-12-23):
# dropped, so a template says nothing false; xlpy.report.render stamps the real dates.
_STALE = ("dcterms:created", "dcterms:modified", "cp:lastModifiedBy", "cp:revision", "cp:keywords", "cp:category")


def finish(doc, title: str) -> None:
    """Vietnamese proofing for every run (Word spell-checks the text as vi-VN, not en-US), and
    metadata of our own. Nothing depends on the time: the build stays byte-for-byte repeatable."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")  # Word's own default for right-to-left text; none is written here
    core = doc.core_properties
    core.title, core.subject, core.author, core.comments = title, "", "xlpy", ""
    core.language = LANGUAGE
    for name in _STALE:
        for element in core._element.findall(qn(name)):
            core._element.remove(element)


def decree_30_page(doc, size: float):
    """The page of every document (Decree 30/2020, Phụ lục I): A4, margins top and bottom 20 mm,
    left 30 mm, right 15 mm; the Normal style in FONT at `size` pt. Returns the section."""
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(size)
    _fonts(normal.element.get_or_add_rPr())
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    return section


def national_heading(right) -> None:
    """Quốc hiệu and tiêu ngữ (Decree 30/2020): 12 pt and 13 pt bold, centred, a rule below the motto."""
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=CENTER, after=0)
    para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=CENTER, after=0)
    rule(right, 2.1)


def blocks(doc, name: str, keep_next: bool = False) -> None:
    """The narrative paragraphs of the workbook's sheet `Nội dung báo cáo`.

    `keep_next`: the closing paragraphs stay on the page of the signature.
    """
    tag(doc, f"{{%p for b in {name} %}}")
    tag(doc, "{%p if b.heading %}")
    para(doc, "{{ b.text }}", bold=True, indent=True, keep_next=True)
    tag(doc, "{%p else %}")
    para(doc, "{{ b.text }}", indent=True, keep_next=keep_next)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def build(out: Path = OUT) -> Path:
    doc = Document()
    section = decree_30_page(doc, 14)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    page_number_header(section)

    left, right = two_columns(doc, 6.0, 10.5)
    tag(left, "{%p if parent_body %}")
    para(left, "{{ parent_body }}", size=13, align=CENTER, after=0)
    tag(left, "{%p endif %}")
    para(left, "{{ issuing_body }}", size=13, bold=True, align=CENTER, after=0)
    rule(left, 1.9)
    para(left, "Số: {{ number }}", size=13, align=CENTER, before=6, after=0)
    national_heading(right)
    para(right, "{{ place_date }}", size=14, italic=True, align=CENTER, before=6, after=0)

    para(doc, "BÁO CÁO", bold=True, align=CENTER, before=18, after=0)
    para(doc, "{{ subject }}", bold=True, align=CENTER, after=0)
    rule(doc, 6.5)
    para(doc, "", after=0)
    blocks(doc, "before_figures")
    para(doc, "", indent=True, runs=[("- Tên mô hình: ", False, False), ("“{{ model.name }}”", True, False)])
    para(doc, "- Năm xây dựng mô hình: Năm {{ model.year }}", indent=True)
    para(doc, "- Hình thức thực hiện: {{ model.form }} {{ model.rate }}/người/tháng.", indent=True)
    para(
        doc,
        "- Số tiền tiết kiệm được từ năm {{ model.year }} đến nay: {{ model.collected }} "
        "(bằng chữ: {{ model.collected_words }}).",
        indent=True,
    )
    tag(doc, "{%p if chart %}")  # the fund's chart (xlpy.chart), switched by `Biểu đồ trong báo cáo`
    para(doc, "{{ chart }}", align=CENTER, before=6)
    tag(doc, "{%p endif %}")
    para(doc, "(Có phụ lục chi tiết kèm theo)", italic=True, indent=True)
    blocks(doc, "after_figures")
    blocks(doc, "closing", keep_next=True)

    para(doc, "", after=0, keep_next=True)
    left, right = two_columns(doc, 7.5, 9.0)
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, after=0)
    tag(left, "{%p for r in recipients %}")
    para(left, "{{ r }}", size=11, align=LEFT, after=0)
    tag(left, "{%p endfor %}")
    para(right, "{{ signing_authority }}", bold=True, align=CENTER, after=0)
    para(right, "{{ signer_title }}", bold=True, align=CENTER, after=0)
    for _ in range(4):
        para(right, "", align=CENTER, after=0)
    para(right, "{{ signer }}", bold=True, align=CENTER, after=0)

    appendix = para(doc, "Phụ lục", bold=True, align=CENTER, after=0)
    appendix.paragraph_format.page_break_before = True
    para(doc, "{{ appendix.title }}", bold=True, align=CENTER, after=0)
    para(doc, "({{ appendix.period }})", italic=True, align=CENTER, after=0)
    para(doc, "{{ appendix.attached_to }}", italic=True, align=CENTER, after=12)

    table = fixed_table(doc, 4, (2.0, 10.0, 4.5))
    grid_borders(table)
    row_flag(table.rows[0], "tblHeader")
    for row in table.rows:
        for cell in row.cells:
            cell._tc.remove(cell.paragraphs[0]._p)
    for cell, label in zip(table.rows[0].cells, ("Năm", "Nội dung thực hiện", "Ghi chú"), strict=False):
        para(cell, label, size=13, bold=True, align=CENTER, before=3, after=3)
    para(table.rows[1].cells[0], "{%tr for y in years %}", size=1, after=0)
    for cell in table.rows[1].cells[1:]:
        para(cell, "", size=1, after=0)
    year, content, note = table.rows[2].cells
    para(year, "{{ y.year }}", size=13, align=CENTER, before=3)
    tag(content, "{%p for a in y.activities %}")
    para(content, "{{ a }}", size=13, before=3)
    tag(content, "{%p endfor %}")
    para(note, "{{ y.note }}", size=13, before=3)
    para(table.rows[3].cells[0], "{%tr endfor %}", size=1, after=0)
    for cell in table.rows[3].cells[1:]:
        para(cell, "", size=1, after=0)
    for row in table.rows:  # a year's row never splits: its `Năm` cell would be blank on the next page
        row_flag(row, "cantSplit")
    finish(doc, "Báo cáo")
    doc.save(out)
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
