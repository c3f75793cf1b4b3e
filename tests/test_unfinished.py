"""An unfinished workbook is refused, at the cell; summary says which date it used; warnings are
always said, on the command line and on every button."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from conftest import build_small, run_cli
from remote import open_remote
from test_buttons import status

from xlpy import buttons, layout
from xlpy.fund import load
from xlpy.problems import Severity
from xlpy.schemas._rules import CEILING_LABEL
from xlpy.settings import LABELS, PLACEHOLDERS


def setting_cells(path) -> dict[str, str]:
    """Setting label -> its (first) value cell, read back from the file."""
    cells: dict[str, str] = {}
    for row in openpyxl.load_workbook(path)["Cài đặt"].iter_rows():
        if row[0].value:
            cells.setdefault(row[0].value, f"B{row[0].row}")
    return cells


def set_setting(path, label: str, value: object):
    book = openpyxl.load_workbook(path)
    next(r for r in book["Cài đặt"].iter_rows() if r[0].value == label)[1].value = value
    book.save(path)
    return path


def test_a_new_workbook_names_each_placeholder_and_the_empty_roster(tmp_path):
    path = tmp_path / "moi.xlsx"
    assert run_cli("init", path).returncode == 0
    result = run_cli("validate", path)
    assert result.returncode == 1
    cells = setting_cells(path)
    for key, placeholder in PLACEHOLDERS.items():
        line = f"'Cài đặt'!{cells[LABELS[key]]} [lỗi] "
        assert any(s.startswith(line) and placeholder in s for s in result.stdout.splitlines()), (key, result.stdout)
    assert "'Thành viên' [lỗi] Sheet 'Thành viên' chưa có thành viên nào" in result.stdout

    out = tmp_path / "bao-cao.docx"
    refused = run_cli("report", path, "-o", out)
    assert refused.returncode == 1 and not out.exists()
    assert "chưa xuất báo cáo" in refused.stderr and "TÊN CƠ QUAN" in refused.stderr
    assert run_cli("summary", path).returncode == 1  # no member: nothing to total


def test_the_new_workbook_writes_the_placeholders_that_validation_knows(tmp_path):
    path = layout.new_workbook(tmp_path / "moi.xlsx")
    fund = load(path)
    assert fund.settings.signer == PLACEHOLDERS["signer"]
    errors = {p.message.split("'")[1] for p in fund.problems if "chữ mẫu" in p.message and p.severity.value == "lỗi"}
    assert errors == {LABELS[key] for key in PLACEHOLDERS}


def test_a_placeholder_blocks_the_report_but_not_the_summary(small, tmp_path):
    path = set_setting(small(), "Người ký", "Họ và tên người ký")
    cell = setting_cells(path)["Người ký"]
    assert [(p.sheet, p.cell) for p in load(path).problems] == [("Cài đặt", cell)]
    report = run_cli("report", path, "-o", tmp_path / "bao-cao.docx")
    assert report.returncode == 1 and f"'Cài đặt'!{cell} [lỗi]" in report.stderr
    summary = run_cli("summary", path)
    assert summary.returncode == 0
    assert summary.stdout.rstrip().splitlines()[-1] == (
        f"Còn 1 lỗi chưa cho xuất báo cáo và 0 cảnh báo: xem xlpy validate {path}."
    )


@pytest.mark.parametrize("label", ["Cơ quan ban hành", "Người ký", "Nơi nhận", "Số văn bản"])
def test_a_setting_the_report_needs_left_empty_is_an_error_at_its_cell(small, tmp_path, label):
    path = small()
    book = openpyxl.load_workbook(path)
    for row in book["Cài đặt"].iter_rows():
        if row[0].value == label:
            row[1].value = None
    book.save(path)
    found = [(p.sheet, p.cell, p.severity.value) for p in load(path).problems]
    assert found == [("Cài đặt", setting_cells(path)[label], "lỗi")]


def test_a_missing_setting_row_is_named_on_the_sheet(small, tmp_path):
    path = small()
    book = openpyxl.load_workbook(path)
    sheet = book["Cài đặt"]
    sheet.delete_rows(next(r[0].row for r in sheet.iter_rows() if r[0].value == "Địa danh"))
    book.save(path)
    found = load(path).problems
    assert [(p.sheet, p.cell) for p in found] == [("Cài đặt", None)] and "'Địa danh'" in found[0].message


def test_no_monthly_sheet_is_an_error(small, tmp_path):
    path = small()
    book = openpyxl.load_workbook(path)
    for name in ("T01-2022", "T02-2022", "T03-2022"):
        book.remove(book[name])
    book.save(path)
    errors = [p for p in load(path).problems if p.severity.value == "lỗi"]
    assert any("Chưa có sheet tháng nào" in p.message for p in errors)
    assert run_cli("summary", path).returncode == 1


# --- which date a summary uses ---------------------------------------------------


def test_summary_says_it_used_the_report_date(small, tmp_path):
    result = run_cli("summary", small())
    assert "Tổng hợp đến ngày 31/03/2022 (Ngày báo cáo trong sheet 'Cài đặt')." in result.stdout


def test_summary_says_it_used_as_of(small, tmp_path):
    result = run_cli("summary", small(), "--as-of", "2022-02-28", "--json")
    assert result.returncode == 0 and '"as_of": "2022-02-28"' in result.stdout
    assert "Tổng hợp đến ngày 28/02/2022 (ngày ghi trong --as-of)." in result.stderr


def test_summary_says_it_used_today_and_warns_when_the_report_date_is_empty(small, tmp_path):
    path = set_setting(small(), "Ngày báo cáo", None)
    assert "Ngày báo cáo" in str(load(path).problems[0].message)  # an error for the report
    result = run_cli("summary", path)
    assert result.returncode == 0
    assert f"Tổng hợp đến ngày {date.today():%d/%m/%Y} (hôm nay, vì Ngày báo cáo" in result.stdout
    assert "Cảnh báo: Chưa có Ngày báo cáo" in result.stderr


# --- warnings are always said ---------------------------------------------------------


@pytest.fixture
def with_a_warning(tmp_path):
    """The small workbook, with buttons, and one warning: an id typed in lower case at 'T02-2022'!A5."""
    path = build_small(tmp_path / "so.xlsm")
    values = tmp_path / "so.xlsx"
    book = openpyxl.load_workbook(path, keep_vba=True)
    book["T02-2022"]["A5"] = "tv02"
    book.save(values)
    return values


def test_summary_and_report_end_with_the_warnings_and_where_to_read_them(with_a_warning, tmp_path):
    said = f"Còn 1 cảnh báo: xem xlpy validate {with_a_warning}."
    summary = run_cli("summary", with_a_warning)
    assert summary.returncode == 0 and summary.stdout.rstrip().splitlines()[-1] == said
    as_json = run_cli("summary", with_a_warning, "--json")
    assert as_json.stderr.rstrip().splitlines()[-1] == said
    report = run_cli("report", with_a_warning, "-o", tmp_path / "bao-cao.docx")
    assert report.returncode == 0 and report.stdout.rstrip().splitlines()[-1] == said


def test_without_warnings_the_count_is_said_too(small, tmp_path):
    result = run_cli("report", small(), "-o", tmp_path / "bao-cao.docx")
    assert result.stdout.rstrip().splitlines()[-1] == "0 lỗi, 0 cảnh báo."


@pytest.mark.parametrize("button", ["check", "totals", "add_month", "export_report"])
def test_every_button_ends_its_status_with_the_warnings(with_a_warning, button, no_libreoffice):
    book = open_remote(with_a_warning)
    getattr(buttons, button)(book)
    said = status(book)
    if button == "check":
        assert said.endswith("0 lỗi, 1 cảnh báo (xem sheet 'Kiểm tra').")
    else:
        assert said.endswith("Còn 1 cảnh báo: xem sheet 'Kiểm tra' (bấm nút 'Kiểm tra dữ liệu').")


def test_a_wrong_default_rate_blocks_the_summary_too(small, tmp_path):
    """The one setting the figures use: the summary is refused, not made with 50.000 in its place."""
    path = set_setting(small(), "Mức đóng mặc định", "50.000")
    result = run_cli("summary", path)
    assert result.returncode == 1 and "chưa tổng hợp" in result.stderr


def test_a_default_rate_above_the_cell_ceiling_blocks_the_summary_too(small, tmp_path):
    """Said in other words than a wrong rate, still about the rate: the figures depend on it."""
    path = set_setting(small(), "Mức đóng mặc định", 900_000_000)
    book = openpyxl.load_workbook(path)
    sheet = book["Cài đặt"]
    sheet.append([CEILING_LABEL, 100_000_000])
    book.save(path)
    assert [p.setting for p in load(path).problems] == ["default_rate"]
    assert run_cli("summary", path).returncode == 1


def test_every_setting_is_a_field_of_settings():
    """`Settings` says each setting by name (an editor and mypy see them), and nothing else."""
    from dataclasses import fields

    from xlpy.settings import ALL_LABELS, Settings

    assert {f.name for f in fields(Settings)} == set(ALL_LABELS)


def test_a_new_offices_voucher_words_and_empty_text_are_warned_about(tmp_path):
    """A filled-in new workbook still carrying the template's voucher names, and no report text, is warned
    about at the cells, so the vouchers never print "Họ và tên thủ quỹ" unannounced."""
    from xlpy.layout import new_workbook
    from xlpy.settings import VOUCHER_PLACEHOLDERS

    path = tmp_path / "moi.xlsx"
    new_workbook(path)
    fund = load(path)
    warned = {p.setting for p in fund.problems if p.severity is Severity.WARNING and p.setting}
    assert set(VOUCHER_PLACEHOLDERS) <= warned
    assert all(p.cell for p in fund.problems if p.setting in VOUCHER_PLACEHOLDERS)
    assert any(p.sheet == "Nội dung báo cáo" and "chưa có đoạn nào" in p.message for p in fund.problems)


@pytest.mark.parametrize(
    "label, typed, canonical",
    [
        ("Đọc số 0 hàng chục", "LẺ", "lẻ"),
        ("Lập phiếu thu", "theo tháng", "Theo tháng"),
        ("Biểu đồ trong báo cáo", "không", "Không"),
    ],
)
def test_a_setting_of_few_words_is_read_in_any_case_and_refused_at_its_cell(small, label, typed, canonical):
    from xlpy.settings import key_of

    fund = load(set_setting(small(), label, typed))
    assert not fund.problems and getattr(fund.settings, key_of(label)) == canonical
    path = set_setting(small(name="wrong.xlsx"), label, "gì đó")
    wrong, cell = load(path), setting_cells(path)[label]
    assert [(p.sheet, p.cell, p.setting) for p in wrong.problems] == [("Cài đặt", cell, key_of(label))]
