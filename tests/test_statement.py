"""The public statement: the ledger's figures for a quarter or a year, on one page."""

from __future__ import annotations

import zipfile
from datetime import date, timedelta

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE, docx_text, run_cli, run_script
from docx import Document

from xlpy import statement
from xlpy.errors import UsageError
from xlpy.fund import load
from xlpy.money import figures


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


def test_periods():
    assert statement.parse_period("2021") == statement.Period("2021", date(2021, 1, 1), date(2021, 12, 31), "năm 2021")
    q3 = statement.parse_period(" 2021-q3 ")
    assert (q3.key, q3.start, q3.end, q3.label) == ("2021-Q3", date(2021, 7, 1), date(2021, 9, 30), "quý III năm 2021")
    for bad in ("2021-Q5", "21", "2021/3", "", "../x"):
        with pytest.raises(UsageError):
            statement.parse_period(bad)


@pytest.mark.parametrize("key", ["2018", "2019-Q1", "2019-Q3", "2020-Q4", "2021", "2021-Q2", "2022", "2022-Q2"])
def test_figures_are_the_ledgers_for_the_period(sample, key):
    period = statement.parse_period(key)
    result = statement.build(sample, period)
    end = min(period.end, sample.as_of())
    assert result.end == end
    assert result.opening == sample.summary(period.start - timedelta(days=1)).balance
    assert result.closing == sample.summary(end).balance
    months = sample.contributions["_month"]
    inside = (months >= pd.Timestamp(period.start)) & (months <= pd.Timestamp(end))
    assert result.collected == sample.contributions.loc[inside, "amount"].fillna(0).sum()
    spending = sample.spending
    used = spending[(spending["date"] >= pd.Timestamp(period.start)) & (spending["date"] <= pd.Timestamp(end))]
    assert result.spent == used["from_fund"].fillna(0).sum()
    assert [a[2] for a in result.activities] == [int(v) for v in used["from_fund"] if v > 0]
    assert result.opening + result.collected - result.spent == result.closing
    members = sample.summary(end).members
    assert result.in_arrears == int((members["balance"] < 0).sum())


def test_a_period_after_the_as_of_date_is_refused(sample):
    result = run_cli("statement", SAMPLE, "--period", "2022-Q3")
    assert result.returncode == UsageError.exit_status and "sau ngày tổng hợp" in result.stderr


def test_a_period_before_the_fund_has_anything_is_refused_as_the_cash_book_refuses_it(sample_copy, tmp_path):
    """The sample's first member joins, and its first money moves, in January 2018: a statement of 2017
    would be all zeros (exit 3, nothing written, as `cashbook --year 2017`); its first quarter is made."""
    before = run_cli("statement", sample_copy, "--period", "2017-Q4", "-o", tmp_path / "q4.docx")
    assert before.returncode == 3 and "02/01/2018" in before.stderr and "toàn số 0" in before.stderr
    assert not (tmp_path / "q4.docx").exists()
    assert run_cli("cashbook", sample_copy, "--year", "2017", "--json").returncode == 3
    first = run_cli("statement", sample_copy, "--period", "2018-Q1", "-o", tmp_path / "q1.docx")
    assert first.returncode == 0, first.stderr


def test_a_period_cut_by_the_as_of_date_before_the_funds_first_day_is_refused(tmp_path):
    """The period's end is the as-of date when that comes first: 2021 as of 1 March, for a fund whose
    members join on 15 June and first pay on 20 June, would be all zeros."""
    from conftest import SMALL_SETTINGS

    from xlpy import layout

    path = tmp_path / "moi.xlsx"
    writer = layout.WorkbookWriter(path)
    writer.settings({**SMALL_SETTINGS, "report_date": date(2021, 12, 31)})
    writer.members([("TV01", "Nguyễn Văn An", "Chủ tịch", date(2021, 6, 15), None, None, None)])
    writer.month(date(2021, 6, 1), [("TV01", "Nguyễn Văn An", 50_000, date(2021, 6, 20), None)])
    writer.spending([])
    writer.close()
    cut = run_cli("statement", path, "--period", "2021", "--as-of", "2021-03-01", "-o", tmp_path / "c.docx")
    assert cut.returncode == 3 and "tính đến ngày 01/03/2021" in cut.stderr and "15/06/2021" in cut.stderr
    assert not (tmp_path / "c.docx").exists()
    made = run_cli("statement", path, "--period", "2021", "--as-of", "2021-06-30", "-o", tmp_path / "d.docx")
    assert made.returncode == 0, made.stderr


def test_the_document_shows_the_figures_and_the_signers(sample, tmp_path):
    fund = load(SAMPLE)
    fund.settings.treasurer, fund.settings.head_of_unit = "Đinh Thị Hồng Nhung", "Đinh Thị Mai Sinh"
    result = statement.build(fund, statement.parse_period("2018"))
    text = docx_text(statement.write(fund, result, tmp_path / "ck.docx"))
    assert "BẢNG CÔNG KHAI" in text and "Tình hình thu, chi quỹ năm 2018" in text
    assert "Tồn quỹ đầu kỳ (ngày 01/01/2018) 0 II" in text  # the unit line says đồng, the table does not
    assert f"Thu trong kỳ (thành viên đóng quỹ) {figures(result.collected)} III" in text
    assert "Ngày 27/12/2018: Phối hợp với Chi bộ HĐND" in text and "2.550.000" in text
    assert f"Tồn quỹ cuối kỳ (ngày 31/12/2018) = I + II - III {figures(result.closing)}" in text
    assert "HỘI ĐỒNG NHÂN DÂN HUYỆN MINH LONG" in text and "Minh Long, ngày 31 tháng 12 năm 2018" in text
    assert "NGƯỜI GIỮ QUỸ" in text and "Đinh Thị Hồng Nhung" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
    assert "niêm yết công khai tại Thường trực HĐND huyện Minh Long để" in text  # Cơ quan báo cáo, as written
    table = Document(str(tmp_path / "ck.docx")).tables[1]
    amounts = [row.cells[2].text for row in table.rows[1:]]
    assert amounts[0] == "0" and figures(result.closing) in amounts and not [a for a in amounts if "đồng" in a]


def test_a_unit_named_only_in_capitals_is_not_shouted_in_a_sentence(sample, tmp_path):
    fund = load(SAMPLE)
    fund.settings.reporting_body = ""
    assert statement.unit_in_sentence(fund.settings) == "đơn vị"
    fund.settings.issuing_body = "Ủy ban nhân dân\nxã Long Hiệp"
    assert statement.unit_in_sentence(fund.settings) == "Ủy ban nhân dân xã Long Hiệp"


def test_the_command_writes_beside_the_workbook_and_never_overwrites(sample_copy):
    first = run_cli("statement", sample_copy, "--period", "2021-Q2")
    assert first.returncode == 0, first.stderr
    path = sample_copy.parent / "cong-khai-2021-Q2.docx"
    assert str(path) in first.stdout and path.exists()
    before = path.read_bytes()
    second = run_cli("statement", sample_copy, "--period", "2021-q2")
    assert second.returncode == 0 and (sample_copy.parent / "cong-khai-2021-Q2 (2).docx").exists()
    assert path.read_bytes() == before


def test_refused_while_the_data_has_errors(small, tmp_path):
    path = small({("T02-2022", "C5"): "50.000"})
    result = run_cli("statement", path, "--period", "2022", "-o", tmp_path / "ck.docx")
    assert result.returncode == 1 and "chưa lập bảng công khai" in result.stderr
    assert not (tmp_path / "ck.docx").exists()


def test_cell_text_is_printed_not_run(small, tmp_path):
    hostile = "{{ 7*7 }} <w:t>x</w:t> {%p if 1 %}"
    path = small({("Chi quỹ", "B4"): hostile})
    result = run_cli("statement", path, "--period", "2022", "-o", tmp_path / "ck.docx")
    assert result.returncode == 0, result.stderr
    assert hostile in docx_text(tmp_path / "ck.docx")


def test_the_committed_template_is_what_its_script_builds(tmp_path):
    script = ROOT / "templates" / "build_statement.py"
    run_script(script, tmp_path / "t.docx")
    with zipfile.ZipFile(tmp_path / "t.docx") as fresh, zipfile.ZipFile(statement.default_template()) as committed:
        for part in ("word/document.xml", "word/styles.xml"):
            assert fresh.read(part) == committed.read(part), part


@pytest.mark.libreoffice
def test_the_statement_is_one_page(sample_copy, tmp_path):
    result = run_cli("statement", sample_copy, "--period", "2019", "-o", tmp_path / "ck.docx", "--pdf")
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    pages = PdfReader(tmp_path / "ck.pdf").pages
    assert len(pages) == 1 and "2.150.000" in pages[0].extract_text()
