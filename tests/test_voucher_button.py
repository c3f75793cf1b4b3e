"""The "In phiếu" button, run through xlwings on the JSON its remote clients send (see test_buttons.py)."""

from __future__ import annotations

from conftest import SAMPLE, docx_text
from remote import actions, payload
from test_buttons import sheet_position, status, written

from xlpy import buttons, panel

XLSM = SAMPLE.with_suffix(".xlsm")


def open_on(path, sheet: str, selection: str):
    import xlwings as xw  # after remote.py has set the licence key xlwings reads on import

    data = payload(path)
    data["book"]["active_sheet_index"] = [s["name"] for s in data["sheets"]].index(sheet)
    data["book"]["selection"] = selection
    return xw.Book(json=data)


def test_selected_rows_of_chi_quy_are_numbered_and_printed(sample_xlsm, no_libreoffice):
    book = open_on(sample_xlsm, "Chi quỹ", "B4:C6")  # rows 4-6: two of them paid from the fund
    message = buttons.print_vouchers(book)
    sheet = sheet_position(book, "Chi quỹ")
    numbers = [(a["start_row"], a["start_column"], a["values"]) for a in written(book, sheet=sheet)]
    assert numbers == [(3, 7, [[1]]), (5, 7, [[1]])]  # H4 and H6: the first payment of 2018 and of 2019
    (docx,) = sample_xlsm.parent.glob("phieu-chi-*.docx")
    text = docx_text(docx)
    assert text.count("PHIẾU CHI") == 2 and "Số tiền: 2.550.000 đồng" in text and "Số tiền: 1.000.000 đồng" in text
    assert "Đã cấp số cho 2 phiếu" in message and "Ctrl+S" in message and "LibreOffice" in message
    assert str(docx) in status(book)


def test_a_month_on_screen_with_no_row_selected_prints_the_whole_month(sample_xlsm, no_libreoffice):
    book = open_on(sample_xlsm, "T03-2019", "A1")
    buttons.print_vouchers(book)
    (docx,) = sample_xlsm.parent.glob("phieu-thu-*.docx")
    assert docx.name == "phieu-thu-2019-03-05-2019-03-13.docx"
    from xlpy.fund import load

    rows = load(SAMPLE).contributions  # the same data as the .xlsm
    paid = rows[(rows["_sheet"] == "T03-2019") & (rows["amount"] > 0)]
    text = docx_text(docx)
    assert text.count("PHIẾU THU") == len(paid) and "Nộp quỹ tháng 03/2019 (Nộp 3 tháng)" in text  # TV04's quarter
    sheet = sheet_position(book, "T03-2019")
    assert [a["values"] for a in written(book, sheet=sheet)] == [[[n]] for n in range(1, len(paid) + 1)]


def test_from_the_panel_it_prints_the_latest_month(sample_xlsm, no_libreoffice):
    book = open_on(sample_xlsm, panel.PANEL_SHEET, "B12")
    message = buttons.print_vouchers(book)
    (docx,) = sample_xlsm.parent.glob("phieu-thu-*.docx")
    assert docx.name.startswith("phieu-thu-2022-04-") and "Nộp quỹ tháng 04/2022" in docx_text(docx)
    assert not list(sample_xlsm.parent.glob("phieu-chi-*"))  # nothing paid from the fund in April 2022
    assert str(docx) in message and actions(book, "alert")
    # January to March 2022 have no numbers yet: printed later, they would come after April's.
    assert "phiếu thu năm 2022 trước ngày" in message and "chưa có số" in message


def test_refused_while_the_data_has_errors(tmp_path):
    import openpyxl
    from conftest import build_small

    path = build_small(tmp_path / "small.xlsm")
    values = tmp_path / "values.xlsx"
    book = openpyxl.load_workbook(path, keep_vba=True)
    book["T02-2022"]["C5"] = "50.000"
    book.save(values)
    remote = open_on(values, "T02-2022", "A4:A6")
    assert "chưa in phiếu" in buttons.print_vouchers(remote)
    assert not list(tmp_path.glob("*.docx"))
    assert [a["args"][1] for a in actions(remote, "addSheet")] == [panel.CHECK_SHEET]
