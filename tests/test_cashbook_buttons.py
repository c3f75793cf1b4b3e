"""The "Sổ quỹ" button and the chart of "Tổng hợp quỹ", run through xlwings on the JSON of remote clients."""

from __future__ import annotations

import base64

from conftest import build_small
from remote import actions, open_remote

from xlpy import buttons, cashbook, cashbook_sheet, panel
from xlpy.cashbook_sheet import SHEET
from xlpy.fund import load


def position(book, name: str) -> int:
    return [sheet.name for sheet in book.sheets].index(name)


def test_cashbook_button_writes_the_book_of_the_as_of_year(sample_xlsm):
    expected = cashbook.for_fund(load(sample_xlsm))
    book = open_remote(sample_xlsm)
    message = buttons.cashbook(book)
    added = actions(book, "addSheet")
    assert [a["args"][1] for a in added] == [SHEET]
    assert added[0]["args"][0] == position(book, panel.PANEL_SHEET) + 1
    sheet = position(book, SHEET)
    values = next(a["values"] for a in actions(book, "setValues") if a["sheet_position"] == sheet)
    assert values[1][0] == "SỔ QUỸ TIỀN MẶT" and values[5][3] == "Diễn giải"
    assert values[6][3] == "Số tồn đầu năm" and values[6][6] == expected.opening == 7_350_000
    assert values[-1][3] == "Số tồn cuối kỳ"
    assert values[-1][6] == expected.closing == load(sample_xlsm).summary().balance
    descriptions = [row[3] for row in values[7:-2]]
    assert descriptions.count("Cộng tháng 04/2022") == 1 and len(values) == 7 + len(expected.rows) + 4 + 2
    formats = [a["args"] for a in actions(book, "setNumberFormat") if a["sheet_position"] == sheet]
    assert [cashbook_sheet.MONEY] in formats
    assert "8.150.000 đồng" in message


def test_cashbook_button_refuses_on_errors(tmp_path):
    import openpyxl

    path = build_small(tmp_path / "small.xlsm")
    values = tmp_path / "values.xlsx"
    workbook = openpyxl.load_workbook(path, keep_vba=True)
    workbook["T02-2022"]["C5"] = "50.000"
    workbook.save(values)
    book = open_remote(values)
    assert "chưa lập sổ quỹ" in buttons.cashbook(book)
    assert [a["args"][1] for a in actions(book, "addSheet")] == [panel.CHECK_SHEET]


def test_totals_places_the_chart_beside_its_tables(sample_xlsm):
    book = open_remote(sample_xlsm)
    buttons.totals(book)
    sheet = position(book, panel.TOTALS_SHEET)
    [picture] = actions(book, "addPicture")
    assert picture["sheet_position"] == sheet and picture["args"][1:3] == [7, 1]  # anchored at H2
    assert base64.b64decode(picture["args"][0])[:8] == b"\x89PNG\r\n\x1a\n"
    assert actions(book, "setPictureName")[0]["args"] == [0, buttons.CHART_NAME]


def test_the_web_script_runs_the_same_function_as_the_button(sample_xlsm):
    from xlpy import scripts

    by_script, by_button = open_remote(sample_xlsm), open_remote(sample_xlsm)
    scripts.so_quy(by_script)
    buttons.cashbook(by_button)

    def strip(book):
        panel_at = position(book, panel.PANEL_SHEET)
        return [a for a in actions(book) if a["sheet_position"] != panel_at]

    assert strip(by_script) == strip(by_button) and strip(by_script)


def test_cashbook_button_prints_a_balance_below_zero_with_its_sign_and_says_so(tmp_path):
    """As the command line does: a payment dated before the receipts that cover it leaves the book's
    balance below zero on two lines; those cells get a format with the minus sign, the message warns."""
    import openpyxl

    path = build_small(tmp_path / "small.xlsm")
    values = tmp_path / "values.xlsx"
    workbook = openpyxl.load_workbook(path, keep_vba=True)
    workbook["Chi quỹ"]["A4"].value = workbook["Chi quỹ"]["A4"].value.replace(day=5)
    workbook["Chi quỹ"]["F4"] = 200_000
    workbook.save(values)
    book = open_remote(values)
    message = buttons.cashbook(book)
    assert "tồn quỹ trên sổ âm ở 2 dòng" in message and "05/02/2022" in message
    sheet = position(book, SHEET)
    formats = [a for a in actions(book, "setNumberFormat") if a["sheet_position"] == sheet]
    single = [(a["start_column"], a["args"]) for a in formats if a["row_count"] == a["column_count"] == 1]
    assert single == [(6, ['#"."###'])] * 2  # column G, Tồn
