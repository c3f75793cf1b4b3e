"""The report: its text against the seed, its format against Decree 30/2020."""

from __future__ import annotations

import difflib
from datetime import date

import openpyxl
import pytest
from conftest import SAMPLE, docx_text, run_cli, seed_text
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from xlpy import report
from xlpy.fund import load

FONT = "Times New Roman"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return report.write(load(SAMPLE), tmp_path_factory.mktemp("report") / "bao-cao.docx")


@pytest.fixture(scope="module")
def document(rendered):
    return Document(str(rendered))


SECTIONS = [
    "BÁO CÁO",
    "I. Khái quát tình hình chung",
    "II. Kết quả thực hiện phong trào thi đua",
    "1. Công tác tham mưu",
    "2. Kết quả thực hiện phong trào thi đua Dân vận khéo",
    "Tên mô hình",
    "III. Đánh giá chung",
    "IV. Phương hướng",
    "Trên đây là Báo cáo",
    "Nơi nhận",
    "BÁO CÁO THỐNG KÊ",
    "Nội dung thực hiện",
    "2018",
    "2019",
    "2020",
    "2021",
]

FIGURES = [
    "50.000 đồng/người/tháng",
    "11.700.000 đồng",
    "34 suất",
    "8.550.000 đồng cho 25 hộ",
    "2.550.000 đồng",
    "08 suất",
    "03 suất",
    "1.500.000 đồng",
    "1.000.000 đồng",
    "1.630.000 đồng",
    "500.000",
    "trên 7.000.000 đồng",
    "12.000.000 đồng",
    "Năm xây dựng mô hình: Năm 2018",
]


def positions(text: str, markers: list[str]) -> list[int]:
    found, start = [], 0
    for marker in markers:
        start = text.index(marker, start)
        found.append(start)
    return found


def test_sections_come_in_the_seeds_order(rendered):
    text, seed = docx_text(rendered), seed_text()
    assert positions(text, SECTIONS) == sorted(positions(text, SECTIONS))
    assert positions(seed, SECTIONS[:-5]) == sorted(positions(seed, SECTIONS[:-5]))


def test_every_figure_of_the_seed_is_in_the_report(rendered):
    text = docx_text(rendered)
    for figure in FIGURES:
        assert figure in text, figure
    assert "mười một triệu bảy trăm nghìn đồng" in text
    assert "Số: 36/BC-HĐND" in text and "Minh Long, ngày 20 tháng 4 năm 2022" in text


def test_text_is_at_least_90_percent_like_the_seed(rendered):
    ratio = difflib.SequenceMatcher(None, seed_text(), docx_text(rendered), autojunk=False).ratio()
    assert ratio >= 0.9, ratio


def test_figures_come_from_the_data(sample_copy, tmp_path):
    book = openpyxl.load_workbook(sample_copy)
    book["Chi quỹ"]["D4"] = 35
    book["Chi quỹ"]["E4"] = 8_600_000
    book["Chi quỹ"]["F4"] = 2_600_000
    book["T04-2022"]["C4"] = 100_000  # one more month paid ahead
    settings = book["Cài đặt"]
    next(row for row in settings.iter_rows() if row[0].value == "Số văn bản")[1].value = 7
    book.save(sample_copy)
    text = docx_text(report.write(load(sample_copy), tmp_path / "r.docx"))
    assert "tặng 35 suất quà với tổng số tiền 8.600.000 đồng" in text
    assert "từ mô hình Quỹ là 2.600.000 đồng" in text
    assert "đến nay: 11.750.000 đồng" in text
    assert "Số: 07/BC-HĐND" in text and "Kèm theo Báo cáo số 07/BC-HĐND ngày 20/4/2022" in text


def test_the_rate_and_the_period_are_stated_as_the_data_has_them(small, tmp_path):
    """One rate for all: that rate. Members on their own rates: the range, never the default alone.
    An appendix of one year: "Năm 2022", not "Từ năm 2022 đến năm 2022"."""
    same = docx_text(report.write(load(small()), tmp_path / "same.docx"))
    assert "50.000 đồng/người/tháng" in same and "(Năm 2022)" in same and "Từ năm 2022" not in same
    mixed = small({("Thành viên", "F5"): 100_000}, name="mixed.xlsx")
    text = docx_text(report.write(load(mixed), tmp_path / "mixed.docx"))
    assert "từ 50.000 đồng đến 100.000 đồng/người/tháng" in text

    def no_end_year(book):
        next(row for row in book["Cài đặt"].iter_rows() if row[0].value == "Đến năm")[1].value = None

    open_ended = docx_text(report.write(load(small(no_end_year, name="open.xlsx")), tmp_path / "open.docx"))
    assert "(Năm 2022)" in open_ended and "()" not in open_ended  # the as-of year ends it
    left = small({("Thành viên", "F5"): 100_000, ("Thành viên", "E5"): date(2022, 1, 31)}, name="left.xlsx")
    text = docx_text(report.write(load(left), tmp_path / "left.docx"))  # who left pays no rate now
    assert " 50.000 đồng/người/tháng" in text and "từ 50.000" not in text
    assert "100.000 đồng/người/tháng" not in text


def test_page_is_a4_with_the_decrees_margins(document):
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)

    def within(value, low, high):
        return Mm(low - 0.1) <= value <= Mm(high + 0.1)  # Word stores twips

    assert within(section.top_margin, 20, 25) and within(section.bottom_margin, 20, 25)
    assert within(section.left_margin, 30, 35) and within(section.right_margin, 15, 20)


def _all_runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs
    for paragraph in document.sections[0].header.paragraphs:
        yield from paragraph.runs


def test_times_new_roman_throughout(document):
    assert document.styles["Normal"].font.name == FONT
    runs = list(_all_runs(document))
    assert len(runs) > 50
    for run in runs:
        assert run.font.name in (None, FONT), run.text
        fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
        if fonts is not None:
            assert {v for k, v in fonts.attrib.items() if not k.endswith("Theme")} <= {FONT}


def _after(document, paragraph):
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p._p is paragraph._p)
    return paragraphs[index + 1]


def _paragraph(container, starts: str):
    return next(p for p in container.paragraphs if p.text.strip().startswith(starts))


def _style(paragraph) -> tuple[float, bool, bool]:
    runs = [r for r in paragraph.runs if r.text.strip()]
    sizes = {r.font.size.pt for r in runs}
    assert len(sizes) == 1, paragraph.text
    return sizes.pop(), all(r.font.bold for r in runs), all(r.font.italic for r in runs)


def _has_rule_below(cell, text: str) -> bool:
    paragraphs = cell.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text.startswith(text))
    following = paragraphs[index + 1]._p
    return following.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}") is not None


def test_header_block(document):
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert header._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"
    body = _paragraph(left, "HỘI ĐỒNG NHÂN DÂN")
    assert body.text == body.text.upper() and "HUYỆN MINH LONG" in body.text
    size, bold, _ = _style(body)
    assert 12 <= size <= 13 and bold
    assert _has_rule_below(left, "HỘI ĐỒNG NHÂN DÂN")
    number = _paragraph(left, "Số:")
    assert number.text == "Số: 36/BC-HĐND"
    size, bold, italic = _style(number)
    assert size == 13 and not bold and not italic
    size, bold, _ = _style(_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    assert 12 <= size <= 13 and bold
    size, bold, _ = _style(_paragraph(right, "Độc lập - Tự do - Hạnh phúc"))
    assert 13 <= size <= 14 and bold
    assert _has_rule_below(right, "Độc lập - Tự do - Hạnh phúc")
    place = _paragraph(right, "Minh Long,")
    size, _, italic = _style(place)
    assert 13 <= size <= 14 and italic


def test_title_and_body(document):
    title = _paragraph(document, "BÁO CÁO")
    size, bold, _ = _style(title)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and bold and 13 <= size <= 14
    subject = _after(document, title)
    assert subject.text.startswith("Kết quả 05 năm") and _style(subject)[1]
    body = _paragraph(document, "Trong thời gian qua")
    fmt = body.paragraph_format
    size, bold, _ = _style(body)
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and 13 <= size <= 14 and not bold
    assert Mm(10) <= fmt.first_line_indent <= Mm(12.7) and fmt.space_after.pt >= 6
    assert 1.0 <= fmt.line_spacing <= 1.5
    assert _style(_paragraph(document, "III. Đánh giá chung"))[1]


def test_closing_block(document):
    assert _paragraph(document, "Trên đây là Báo cáo").paragraph_format.keep_with_next  # with the signature
    closing = next(t for t in document.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    left, right = closing.rows[0].cells
    size, bold, italic = _style(_paragraph(left, "Nơi nhận:"))
    assert size == 12 and bold and italic
    recipients = [p for p in left.paragraphs if p.text.startswith("- ")]
    assert len(recipients) == 6 and all(_style(p)[0] == 11 for p in recipients)
    assert all(p.text.endswith(";") for p in recipients[:-1]) and recipients[-1].text == "- Lưu: VT."
    for line in ("TM. THƯỜNG TRỰC HĐND", "CHỦ TỊCH", "Đinh Thị Mai Sinh"):
        assert _style(_paragraph(right, line))[1], line


def test_page_numbers_from_page_two(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    fields = section.header._element.xpath(".//w:instrText")
    assert any("PAGE" in f.text for f in fields)
    assert not section.first_page_header._element.xpath(".//w:instrText")


def test_appendix_starts_on_its_own_page(document):
    appendix = _paragraph(document, "Phụ lục")
    assert appendix.paragraph_format.page_break_before and _style(appendix)[1]
    following = _after(document, appendix)
    assert following.text.startswith("BÁO CÁO THỐNG KÊ") and _style(following)[1]
    attached = _paragraph(document, "(Kèm theo Báo cáo số 36/BC-HĐND ngày 20/4/2022")
    assert _style(attached)[2]
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Năm", "Nội dung thực hiện", "Ghi chú"]
    assert [r.cells[0].text for r in table.rows[1:]] == ["2018", "2019", "2020", "2021"]
    assert table.rows[2].cells[1].paragraphs[0].text.startswith("1. Phối hợp Chi bộ HĐND, Tổ đại biểu")


# Times New Roman, or the fonts LibreOffice lays it out with: Liberation Serif has its metrics, and
# fonts-liberation2 its Vietnamese letters (with Debian's fonts-liberation 1.07, "ế", "ủ"… fall back to DejaVu).
TIMES_COMPATIBLE = {"TimesNewRoman", "TimesNewRomanPSMT", "LiberationSerif"}


@pytest.mark.libreoffice
def test_report_command_writes_docx_and_pdf(tmp_path, sample_copy):
    out = tmp_path / "bao-cao.docx"
    result = run_cli("report", sample_copy, "-o", out, "--pdf")
    assert result.returncode == 0, result.stderr
    pdf = out.with_suffix(".pdf")
    from pypdf import PdfReader

    pages = PdfReader(pdf).pages
    assert len(pages) == 6  # 4 of report (one with the chart), 2 of appendix: measured, as Word lays it out
    first, last = pages[0].extract_text(), pages[-1].extract_text()
    assert "BÁO CÁO" in first and "36/BC-HĐND" in first
    assert "2021" in last
    assert str(pdf) in result.stdout
    assert not first.split("\n")[0].strip().isdigit()  # no number on the first page
    assert [page.extract_text().split("\n")[0].strip() for page in pages[1:]] == [str(n) for n in range(2, 7)]
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert fonts and {name.split("-")[0].split(",")[0] for name in fonts} <= TIMES_COMPATIBLE, fonts


def test_the_committed_template_is_what_its_script_builds(tmp_path):
    import zipfile

    from conftest import ROOT, run_script

    run_script(ROOT / "templates" / "build_template.py", tmp_path / "t.docx")
    parts = ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/header2.xml")
    with zipfile.ZipFile(tmp_path / "t.docx") as fresh, zipfile.ZipFile(report.default_template()) as committed:
        for part in parts:
            if part in fresh.namelist():
                assert fresh.read(part) == committed.read(part), part
