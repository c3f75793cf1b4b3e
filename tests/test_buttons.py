"""The four buttons, run here through xlwings itself on the JSON its remote clients send.

`xw.Book(json=…)` builds a Book from a real workbook's values; what a button
writes is recorded as actions (values, colours, sheets, hyperlinks), which is
what Excel would apply.
"""

from __future__ import annotations

import pytest
from conftest import SAMPLE, build_small
from remote import actions, open_remote, payload, sent_sheet

from xlpy import buttons, panel

XLSM = SAMPLE.with_suffix(".xlsm")


@pytest.fixture
def broken_xlsm(tmp_path):
    """The small workbook, with buttons, and an amount typed as text at 'T02-2022'!C5."""
    import openpyxl

    path = build_small(tmp_path / "small.xlsm")
    values = tmp_path / "values.xlsx"  # openpyxl only edits values here: the payload carries values
    book = openpyxl.load_workbook(path, keep_vba=True)
    book["T02-2022"]["C5"] = "50.000"
    book.save(values)
    return values


def sheet_position(book, name: str) -> int:
    return [sheet.name for sheet in book.sheets].index(name)


def written(book, func: str = "setValues", sheet: int | None = None) -> list[dict]:
    return [a for a in actions(book, func) if sheet is None or a["sheet_position"] == sheet]


def status(book) -> str:
    position = sheet_position(book, panel.PANEL_SHEET)
    row = int(panel.STATUS_CELL[1:]) - 1
    found = [a for a in written(book, sheet=position) if a["start_row"] == row]
    return found[-1]["values"][0][0]


def test_check_on_the_sample_reports_no_problem(sample_xlsm):
    book = open_remote(sample_xlsm)
    buttons.check(book)
    added = actions(book, "addSheet")
    assert [a["args"][1] for a in added] == [panel.CHECK_SHEET]
    assert added[0]["args"][0] == sheet_position(book, panel.PANEL_SHEET) + 1  # right after the panel
    check = sheet_position(book, panel.CHECK_SHEET)
    header = written(book, sheet=check)[0]["values"]
    assert header[2][:4] == ["Mức độ", "Sheet", "Ô", "Nội dung"] and "0 lỗi, 0 cảnh báo" in header[1][0]
    assert header[0][4] == panel.CHECK_MARK  # xlpy's mark: the sheet is known by it, not by its name
    assert status(book).startswith("Kiểm tra dữ liệu: 0 lỗi, 0 cảnh báo")


def test_check_names_the_broken_cell_links_it_and_colours_it(broken_xlsm):
    book = open_remote(broken_xlsm)
    buttons.check(book)
    check = sheet_position(book, panel.CHECK_SHEET)
    rows = next(a["values"] for a in written(book, sheet=check) if a["start_row"] == 0)[3:]
    assert rows[0][:3] == ["lỗi", "T02-2022", "C5"] and "50.000" in rows[0][3]
    link = actions(book, "addHyperlink")[0]
    assert link["args"][0] == "#'T02-2022'!C5" and (link["sheet_position"], link["start_row"]) == (check, 3)
    month = sheet_position(book, "T02-2022")
    colour = [a for a in actions(book, "setRangeColor") if a["sheet_position"] == month]
    assert [(a["start_row"], a["start_column"], a["args"][0]) for a in colour] == [(4, 2, panel.ERROR_FILL)]
    assert "1 lỗi" in status(book)


def test_check_restores_the_previous_colours_first(sample_xlsm):
    data = payload(sample_xlsm)
    data["sheets"].insert(
        1,
        sent_sheet(
            "Kết quả cũ",  # renamed by the clerk: known by its mark
            [
                ["KẾT QUẢ KIỂM TRA DỮ LIỆU", "", "", "", panel.CHECK_MARK],
                ["", "", "", "", ""],
                ["Mức độ", "Sheet", "Ô", "Nội dung", "Màu cũ"],
                ["lỗi", "T03-2019", "C5", "cũ", "#00FF00"],
                ["cảnh báo", "Thành viên", "B6", "cũ", ""],
            ],
        ),
    )
    import xlwings as xw

    book = xw.Book(json=data)
    buttons.check(book)
    restored = [
        (a["sheet_position"], a["start_row"], a["start_column"], a["args"])
        for a in actions(book, "setRangeColor")
        if a["sheet_position"] != 1
    ]
    assert restored == [
        (sheet_position(book, "T03-2019"), 4, 2, ["#00FF00"]),
        (sheet_position(book, "Thành viên"), 5, 1, [None]),
    ]
    assert not actions(book, "addSheet")  # the sheet is reused, emptied
    assert actions(book, "sheetClear")[0]["sheet_position"] == 1


def test_check_restores_only_cells_and_colours_from_what_the_clerk_may_have_typed(sample_xlsm):
    """The records are cells the clerk can edit: a colour that is none, a range, a cell past XFD, are
    not restored (setting "#GGGGGG" stopped the button; a range would colour a whole area)."""
    data = payload(sample_xlsm)
    data["sheets"].insert(
        1,
        sent_sheet(
            "Kết quả cũ",
            [
                ["KẾT QUẢ KIỂM TRA DỮ LIỆU", "", "", "", panel.CHECK_MARK],
                ["", "", "", "", ""],
                ["Mức độ", "Sheet", "Ô", "Nội dung", "Màu cũ"],
                ["lỗi", "T03-2019", "C5", "cũ", "#GGGGGG"],
                ["lỗi", "T03-2019", "A1:Z99", "cũ", "#00FF00"],
                ["lỗi", "T03-2019", "ZZZ9", "cũ", "#00FF00"],
            ],
        ),
    )
    import xlwings as xw

    book = xw.Book(json=data)
    assert "không chạy được" not in buttons.check(book)
    restored = [
        (a["start_row"], a["start_column"], a["row_count"], a["column_count"], a["args"])
        for a in actions(book, "setRangeColor")
        if a["sheet_position"] == sheet_position(book, "T03-2019")
    ]
    assert restored == [(4, 2, 1, 1, [None])]


def test_totals_writes_the_year_and_member_tables(sample_xlsm):
    from xlpy.fund import load

    expected = load(sample_xlsm).summary()
    book = open_remote(sample_xlsm)
    buttons.totals(book)
    sheet = sheet_position(book, panel.TOTALS_SHEET)
    blocks = {a["start_row"]: a["values"] for a in written(book, sheet=sheet)}
    assert blocks[0] == [["TỔNG HỢP QUỸ ĐẾN NGÀY 20/04/2022"]]
    assert blocks[2] == [
        ["Đã thu", expected.collected],
        ["Chi từ quỹ", expected.spent_from_fund],
        ["Tồn quỹ", expected.balance],
    ]
    years = blocks[7]
    assert years[0][0] == "Năm" and [row[0] for row in years[1:]] == list(expected.years["year"])
    members_at = max(blocks)
    members = blocks[members_at]
    assert members[0][:2] == ["Mã", "Họ và tên"] and len(members) == len(expected.members) + 1
    behind = [row for row in members[1:] if row[5] < 0]
    assert [row[0] for row in behind] == ["TV06"]
    red = [a for a in actions(book, "setFontProperty") if a["args"] == ["color", "#C00000"]]
    row_of_tv06 = members_at + 1 + [row[0] for row in members[1:]].index("TV06")
    assert [(a["start_row"], a["column_count"]) for a in red] == [(row_of_tv06, 6)]
    formats = [a for a in actions(book, "setNumberFormat") if a["sheet_position"] == sheet]
    assert formats and all(a["args"] == ["#,##0"] for a in formats)
    assert "11.700.000 đồng" in status(book)


def test_totals_rewrites_its_sheet_in_place(sample_xlsm):
    data = payload(sample_xlsm)
    data["sheets"].insert(
        1,
        sent_sheet(panel.TOTALS_SHEET, [["cũ"]]),
    )
    import xlwings as xw

    book = xw.Book(json=data)
    buttons.totals(book)
    assert not actions(book, "addSheet")
    assert [a["sheet_position"] for a in actions(book, "sheetClear")] == [1]


def test_totals_refuses_on_errors_and_lists_them(broken_xlsm):
    book = open_remote(broken_xlsm)
    buttons.totals(book)
    names = [a["args"][1] for a in actions(book, "addSheet")]
    assert names == [panel.CHECK_SHEET]
    assert actions(book, "alert") and "chưa tổng hợp" in status(book)


def test_add_month_copies_the_last_month_for_the_active_members(sample_xlsm):
    book = open_remote(sample_xlsm)
    buttons.add_month(book)
    last = sheet_position(book, "T04-2022")
    copy = actions(book, "copySheet")[0]
    assert copy["sheet_position"] == last and copy["args"][:2] == ["After", last]
    assert actions(book, "setSheetName")[0]["args"] == ["T05-2022"]
    new = last + 1
    values = {(a["start_row"], a["start_column"]): a["values"] for a in written(book, sheet=new)}
    assert values[(0, 0)] == [["THU QUỸ THÁNG 05/2022"]]
    assert values[(3, 0)] == [["TV01"], ["TV02"], ["TV04"], ["TV06"]]  # TV03 and TV05 have left
    assert values[(3, 1)][0] == ["Đinh Thị Mai Sinh"]
    cleared = actions(book, "rangeClearContents")[0]
    assert cleared["sheet_position"] == new and cleared["start_row"] == 3
    assert "T05-2022" in status(book)


def test_export_report_writes_beside_the_workbook(sample_xlsm, no_libreoffice):  # the PDF: test_report.py
    book = open_remote(sample_xlsm)
    message = buttons.export_report(book)
    docx = sample_xlsm.parent / "bao-cao-36-BC-HĐND-2022-04-20.docx"
    assert docx.exists() and str(docx) in message
    assert actions(book, "alert")
    again = buttons.export_report(open_remote(sample_xlsm))
    assert "(2).docx" in again and docx.exists()  # never overwritten


def test_export_report_refuses_on_errors_and_writes_nothing(broken_xlsm):
    book = open_remote(broken_xlsm)
    message = buttons.export_report(book)
    assert "chưa xuất báo cáo" in message
    assert not list(broken_xlsm.parent.glob("*.docx"))
    assert [a["args"][1] for a in actions(book, "addSheet")] == [panel.CHECK_SHEET]


def test_export_report_on_the_web_explains_what_to_do(sample_xlsm):
    book = open_remote(sample_xlsm, name=sample_xlsm.name)  # Excel on the web: no folder
    assert "Excel trên máy tính" in buttons.export_report(book)
    onedrive = open_remote(sample_xlsm, name="https://d.docs.live.net/abc/Documents/" + sample_xlsm.name)
    assert "OneDrive" in buttons.export_report(onedrive)
    assert not list(sample_xlsm.parent.glob("*.docx"))


@pytest.mark.parametrize(
    "script, function", [("kiem_tra_du_lieu", "check"), ("tong_hop_quy", "totals"), ("them_thang_moi", "add_month")]
)
def test_web_scripts_run_the_same_function_as_the_buttons(sample_xlsm, script, function):
    from xlpy import scripts

    by_script, by_button = open_remote(sample_xlsm), open_remote(sample_xlsm)
    getattr(scripts, script)(by_script)
    getattr(buttons, function)(by_button)

    def strip(book):
        return [
            a
            for a in actions(book)
            if a["sheet_position"] != sheet_position(book, panel.PANEL_SHEET) and "Lúc " not in str(a["values"])
        ]

    assert strip(by_script) == strip(by_button) and strip(by_script)


def test_text_from_cells_is_written_back_as_text_not_formulas(tmp_path):
    import openpyxl

    path = build_small(tmp_path / "small.xlsm")
    values = tmp_path / "values.xlsx"
    book = openpyxl.load_workbook(path, keep_vba=True)
    for sheet in ("Thành viên", "T01-2022", "T02-2022", "T03-2022"):
        book[sheet]["B5"].value = '=HYPERLINK("http://x","Bình")'
        book[sheet]["B5"].data_type = "s"  # typed as text by the clerk (or a hostile hand)
    book.save(values)
    remote = open_remote(values)
    buttons.totals(remote)
    texts = [v for a in written(remote) for row in a["values"] for v in row if isinstance(v, str)]
    assert '\'=HYPERLINK("http://x","Bình")' in texts
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]


def test_totals_runs_while_only_the_report_settings_are_unfinished_and_says_its_date(tmp_path):
    """An empty report date blocks the report, not the totals: they are made to today, and the status says so."""
    import openpyxl

    path = build_small(tmp_path / "small.xlsm")
    values = tmp_path / "values.xlsx"
    book = openpyxl.load_workbook(path, keep_vba=True)
    next(r for r in book["Cài đặt"].iter_rows() if r[0].value == "Ngày báo cáo")[1].value = None
    book.save(values)
    remote = open_remote(values)
    buttons.totals(remote)
    said = status(remote)
    from xlpy.fund import load
    from xlpy.money import dong

    assert f"đã thu {dong(load(values).summary().collected)}" in said and "hôm nay, vì Ngày báo cáo" in said
    assert said.endswith(
        "Còn 1 lỗi chưa cho xuất báo cáo và 0 cảnh báo: xem sheet 'Kiểm tra' (bấm nút 'Kiểm tra dữ liệu')."
    )
    assert "chưa xuất báo cáo" in buttons.export_report(open_remote(values))


def test_check_names_its_sheet_as_the_command_line_does_past_the_clerks_own(sample_xlsm, tmp_path):
    """The clerk has sheets named `Kiểm tra` and `Kiểm tra (xlpy)`: the button failed (StopIteration);
    it takes `Kiểm tra (xlpy 2)`, the name `validate --mark` takes (panel.free_name, one rule)."""
    import openpyxl

    path = tmp_path / "own.xlsm"
    workbook = openpyxl.load_workbook(sample_xlsm, keep_vba=True)
    for name in (panel.CHECK_SHEET, f"{panel.CHECK_SHEET} (xlpy)"):
        workbook.create_sheet(name)["A1"] = "ghi chú của người giữ sổ"
    workbook.save(path)
    book = open_remote(path)
    assert buttons.check(book).startswith("0 lỗi")
    assert [a["args"][1] for a in actions(book, "addSheet")] == [f"{panel.CHECK_SHEET} (xlpy 2)"]
