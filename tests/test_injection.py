"""Text from cells is data: it never changes the report's structure, nor escapes the output folder."""

from __future__ import annotations

from conftest import docx_text, run_cli
from docx import Document

from xlpy import report
from xlpy.fund import load

HOSTILE = "{{ 7*7 }} {% for x in range(3) %}X{% endfor %} <w:p>&amp; & < > \" ' 😀 {{"
CONTROL = "Tặng\x01 quà\x0b\x1f cho hộ nghèo"


def _setting(book, label: str, value) -> None:
    next(row for row in book["Cài đặt"].iter_rows() if row[0].value == label)[1].value = value


def test_template_syntax_and_xml_in_cells_appear_literally(small, tmp_path):
    def edit(book):
        book["Chi quỹ"]["B4"] = HOSTILE
        _setting(book, "Người ký", "Nguyễn {{ signer }} <b>A</b>")
        _setting(book, "Trích yếu", "{% if true %}Báo cáo{% endif %} & <b>quỹ</b>")

    path = small(edit)
    fund = load(path)
    assert not [p for p in fund.problems if p.severity.name == "ERROR"]
    fund.spending.loc[1, "content"] = CONTROL  # as a file from another program may hold it
    out = report.write(fund, tmp_path / "r.docx")
    text = docx_text(out)
    assert HOSTILE in text
    assert "Tặng quà cho hộ nghèo" in text  # characters illegal in XML are dropped, the rest kept
    assert "Nguyễn {{ signer }} <b>A</b>" in text
    assert "{% if true %}Báo cáo{% endif %} & <b>quỹ</b>" in text
    assert "49" not in text.split("{{ 7*7 }}")[0][-5:]
    Document(str(out))  # still a valid document


def test_report_file_name_from_cells_cannot_leave_the_folder(small, tmp_path):
    def edit(book):
        _setting(book, "Số văn bản", "../../../tmp/evil")
        _setting(book, "Ký hiệu", "..\\..\\x:y*?<>|")

    path = small(edit)
    result = run_cli("report", path)
    assert result.returncode == 0, result.stderr
    written = [p for p in path.parent.iterdir() if p.suffix == ".docx"]
    assert len(written) == 1 and written[0].parent == path.parent
    assert "/" not in written[0].name and "\\" not in written[0].name and ".." not in written[0].name
    assert not list(tmp_path.parent.glob("evil*"))


def test_formula_like_text_in_cells_is_read_as_text(small):
    def edit(book):
        book["Thành viên"]["B5"] = "=cmd|' /C calc'!A0"
        book["Thành viên"]["B5"].data_type = "s"

    fund = load(small(edit))
    assert fund.members.loc[fund.members["member_id"] == "TV02", "name"].iloc[0] == "=cmd|' /C calc'!A0"
