"""Every .docx xlpy makes: Vietnamese proofing language, metadata of its own (not python-docx's)."""

from __future__ import annotations

import sys
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE
from docx import Document
from docx.oxml.ns import qn

from xlpy import report, rollup_out, statement, vouchers
from xlpy.fund import load
from xlpy.rollup import Rollup

TEMPLATES = ("bao-cao.docx", "cong-khai.docx", "phieu-thu.docx", "phieu-chi.docx", "tong-hop.docx")


def _committed(name: str) -> Path:
    return report.default_template().with_name(name)


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_proof_in_vietnamese_and_carry_no_python_docx_metadata(name):
    document = Document(str(_committed(name)))
    lang = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = lang.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "vi-VN" and lang.get(qn("w:eastAsia")) == "vi-VN"
    with zipfile.ZipFile(_committed(name)) as archive:
        assert b"en-US" not in archive.read("word/styles.xml")
        assert b"python-docx" not in archive.read("docProps/core.xml")
    core = document.core_properties
    assert core.author == "xlpy" and core.comments == "" and core.language == "vi-VN"
    assert core.created is None and core.modified is None  # no fixed date: render stamps the real one
    assert core.title and core.title[0].isupper()


def test_the_template_scripts_rebuild_the_committed_metadata(tmp_path, monkeypatch):
    """The build holds nothing of the moment: core.xml is the same byte for byte."""
    monkeypatch.syspath_prepend(str(ROOT / "templates"))
    import build_phieu
    import build_rollup_template
    import build_statement
    import build_template

    built = {
        "bao-cao.docx": build_template.build(tmp_path / "bao-cao.docx"),
        "cong-khai.docx": build_statement.build(tmp_path / "cong-khai.docx"),
        "phieu-thu.docx": build_phieu.build("thu", tmp_path / "phieu-thu.docx"),
        "phieu-chi.docx": build_phieu.build("chi", tmp_path / "phieu-chi.docx"),
        "tong-hop.docx": build_rollup_template.build(tmp_path / "tong-hop.docx"),
    }
    for name, fresh in built.items():
        with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(_committed(name)) as b:
            assert a.read("docProps/core.xml") == b.read("docProps/core.xml"), name
    for module in ("build_phieu", "build_rollup_template", "build_statement", "build_template"):
        sys.modules.pop(module, None)


def _stamped(path: Path, title: str) -> None:
    core = Document(str(path)).core_properties
    now = datetime.now(UTC)
    assert core.author == "xlpy" and core.last_modified_by == "xlpy"
    assert now - timedelta(minutes=5) <= core.created <= now + timedelta(seconds=1)
    assert core.modified == core.created
    assert core.title == title


def test_every_rendered_document_is_stamped_now_by_xlpy_under_its_title(tmp_path):
    fund = load(SAMPLE)
    _stamped(
        report.write(fund, tmp_path / "r.docx"),
        "Báo cáo kết quả 05 năm thực hiện Chỉ thị số 22-CT/TU ngày 03/4/2017 của Ban Thường vụ Tỉnh ủy "
        "về đẩy mạnh và nâng cao hiệu quả phong trào thi đua “Dân vận khéo”",
    )
    period = statement.parse_period("2019")
    _stamped(
        statement.write(fund, statement.build(fund, period), tmp_path / "ck.docx"),
        "Bảng công khai tình hình thu, chi quỹ năm 2019",
    )
    receipts, payments = vouchers.write(
        fund, vouchers.for_period(fund, date(2018, 12, 1), date(2018, 12, 31)), tmp_path
    )
    _stamped(receipts, "Phiếu thu")
    _stamped(payments, "Phiếu chi")
    _stamped(
        rollup_out.write_report(Rollup(date(2021, 12, 31)), tmp_path / "th.docx"),
        "Báo cáo tổng hợp kết quả quỹ của các đơn vị đến 31/12/2021",
    )


def test_an_appendix_row_never_splits_across_pages(tmp_path):
    document = Document(str(report.write(load(SAMPLE), tmp_path / "r.docx")))
    appendix = next(t for t in document.tables if t.rows[0].cells[0].text == "Năm")
    assert len(appendix.rows) > 2
    for row in appendix.rows:
        assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert appendix.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
