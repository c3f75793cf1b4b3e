"""The fund's chart: drawn from the ledger's years, an image part of the report, switched by a setting."""

from __future__ import annotations

import zipfile

import openpyxl
from conftest import SAMPLE
from docx import Document

from xlpy import chart, report
from xlpy.fund import load


def image_parts(docx) -> list[str]:
    with zipfile.ZipFile(docx) as archive:
        return [n for n in archive.namelist() if n.startswith("word/media/")]


def test_the_chart_is_an_image_part_after_the_funds_figures(tmp_path):
    fund = load(SAMPLE)
    docx = report.write(fund, tmp_path / "r.docx")
    [part] = image_parts(docx)
    with zipfile.ZipFile(docx) as archive:
        assert archive.read(part) == chart.png(fund.summary().years)  # the ledger's years, drawn
    paragraphs = [p for p in Document(str(docx)).paragraphs]
    figures = next(i for i, p in enumerate(paragraphs) if p.text.startswith("- Số tiền tiết kiệm"))
    pictured = next(i for i, p in enumerate(paragraphs) if p._p.xpath(".//pic:pic"))
    assert pictured == figures + 1 and paragraphs[pictured + 1].text.startswith("(Có phụ lục")


def test_the_setting_switches_the_chart_off(sample_copy, tmp_path):
    book = openpyxl.load_workbook(sample_copy)
    row = next(r for r in book["Cài đặt"].iter_rows() if r[0].value == "Biểu đồ trong báo cáo")
    row[1].value = "Không"
    book.save(sample_copy)
    fund = load(sample_copy)
    assert not fund.problems and not fund.settings.chart_in_report
    assert image_parts(report.write(fund, tmp_path / "r.docx")) == []
    row[1].value = "Có lẽ"
    book.save(sample_copy)
    assert [(p.cell, p.message) for p in load(sample_copy).problems] == [
        (row[1].coordinate, "'Biểu đồ trong báo cáo' là 'Có lẽ', nhưng chỉ nhận 'Có' hoặc 'Không'.")
    ]


def test_the_png_is_drawn_without_a_display():
    years = load(SAMPLE).summary().years
    data = chart.png(years)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    import matplotlib

    assert matplotlib.get_backend().lower() == "agg"


def test_labels_are_vietnamese_and_amounts_use_dots_between_thousands():
    drawn = chart.figure(load(SAMPLE).summary().years)
    drawn.canvas.draw()
    axes = drawn.axes[0]
    ticks = [t.get_text() for t in axes.get_yticklabels()]
    assert "2.000.000" in ticks and not [t for t in ticks if "," in t]
    assert {t.get_text() for t in axes.get_legend().get_texts()} == {"Đã thu", "Chi từ quỹ", "Tồn quỹ cuối năm"}
    assert "8.150.000" in [t.get_text() for t in axes.texts]  # the balance at the as-of date
    assert [t.get_text() for t in axes.get_xticklabels()] == ["2018", "2019", "2020", "2021", "2022"]


def _drawn(years):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    drawn = chart.figure(years)
    canvas = FigureCanvasAgg(drawn)
    canvas.draw()
    return drawn.axes[0], canvas.get_renderer()


def test_the_legend_is_below_the_plot_and_bars_keep_their_width_for_one_year_or_five():
    years = load(SAMPLE).summary().years
    assert len(years) == 5
    for shown in (years.tail(1), years):
        axes, renderer = _drawn(shown)
        legend, plot = axes.get_legend().get_window_extent(renderer), axes.get_window_extent(renderer)
        ticks = max(t.get_window_extent(renderer).y0 for t in axes.get_xticklabels())
        assert legend.y1 <= plot.y0 and legend.y1 <= ticks and legend.y0 >= 0  # under the years, on the figure
        bars = [patch.get_window_extent(renderer) for patch in axes.patches]
        assert len(bars) == 2 * len(shown)
        assert all(bar.width <= 0.1 * plot.width for bar in bars), [bar.width / plot.width for bar in bars]
