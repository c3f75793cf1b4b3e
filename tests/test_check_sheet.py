"""What makes a sheet xlpy's check sheet, which `validate --mark` and the button rewrite whole:
the mark in E1 AND the table's structure, never a contract sheet, never a sheet holding more."""

from __future__ import annotations

import openpyxl
import pytest
import remote
from conftest import run_cli, sha256

from xlpy import buttons, marks, package, panel
from xlpy.errors import WriteRefused

TOP = [["KẾT QUẢ KIỂM TRA DỮ LIỆU", None, None, None, panel.CHECK_MARK], ["0 lỗi."], list(panel.CHECK_HEADER)]


@pytest.mark.parametrize(
    ("name", "top", "last", "expected"),
    [
        ("Kiểm tra", TOP, 6, True),
        ("Bất kỳ", TOP, 4, True),  # renamed by the clerk: still xlpy's
        ("Kiểm tra", TOP, 7, False),  # something right of the records: the clerk's
        ("Kiểm tra", [TOP[0], TOP[1], ["Mức độ", "Sheet"]], 6, False),  # no table header
        ("Kiểm tra", [[None] * 5, TOP[1], TOP[2]], 6, False),  # no mark
        ("Thành viên", TOP, 6, False),
        ("chi quỹ", TOP, 6, False),
        ("T01-2022", TOP, 6, False),
        ("Cài đặt", TOP, 6, False),
        ("Nội dung báo cáo", TOP, 6, False),
    ],
)
def test_the_rule(name, top, last, expected):
    assert panel.is_check_sheet(name, top, last) is expected


def roster_marked(book):
    book["Thành viên"]["E1"] = panel.CHECK_MARK  # a data sheet whose E1 holds the mark's text
    book["T02-2022"]["C5"] = "50.000"  # one error to mark


def test_a_data_sheet_holding_the_mark_is_never_replaced(small):
    path = small(roster_marked)
    roster = [list(r) for r in openpyxl.load_workbook(path)["Thành viên"].iter_rows(values_only=True)]
    assert run_cli("validate", path, "--mark").returncode == 1
    book = openpyxl.load_workbook(path)
    assert [list(r) for r in book["Thành viên"].iter_rows(values_only=True)] == roster
    assert panel.CHECK_SHEET in book.sheetnames  # the check sheet is a new one


def test_a_check_sheet_copied_by_the_clerk_is_refused(small, tmp_path):
    path = small({("T02-2022", "C5"): "50.000"})
    assert run_cli("validate", path, "--mark").returncode == 1
    book = openpyxl.load_workbook(path)
    book.copy_worksheet(book[panel.CHECK_SHEET]).title = "Kiểm tra bản sao"
    book.save(path)
    digest = sha256(path)
    result = run_cli("validate", path, "--mark")
    assert (
        result.returncode == 1 and "2 sheet kết quả kiểm tra" in result.stderr and "Kiểm tra bản sao" in result.stderr
    )
    assert sha256(path) == digest


def test_replacing_a_part_that_is_not_a_check_sheet_is_refused(small):
    path = small(roster_marked)
    with package.Package(path) as opened:
        roster = next(s for s in opened.sheets() if s.name == "Thành viên").part
    with pytest.raises(WriteRefused, match="không phải sheet kiểm tra"):
        marks._replaced_is_check_sheet(path, roster)


def test_the_button_leaves_a_marked_data_sheet_alone(small):
    book = remote.open_remote(small(roster_marked))
    assert buttons._check_sheet(book) is None


def test_a_check_sheet_the_clerk_wrote_beside_is_left_and_the_write_refused(small):
    """A note typed right of the records (G5): the sheet is the clerk's to keep, and a new check sheet
    beside it left its problems and the fills it recorded stale for good (a fixed cell stayed red).
    Both paths refuse, naming the sheet, the workbook untouched."""
    path = small({("T02-2022", "C5"): "50.000"})
    assert run_cli("validate", path, "--mark").returncode == 1
    book = openpyxl.load_workbook(path)
    book[panel.CHECK_SHEET]["G5"] = "đã gọi điện nhắc"
    book.save(path)
    digest = sha256(path)
    result = run_cli("validate", path, "--mark")
    assert result.returncode == 1 and "cột G" in result.stderr and panel.CHECK_SHEET in result.stderr
    assert sha256(path) == digest
    book = remote.open_remote(path)
    message = buttons.check(book)
    assert "cột G" in message and "WriteRefused" not in message
    assert not remote.actions(book, "addSheet") and not remote.actions(book, "setRangeColor")


def test_the_button_counts_written_columns_as_the_command_line_does():
    """Excel's used range reaches column G for a cell only formatted (or a merge): the button refused
    such a check sheet that `validate --mark` rewrites. A value in G is refused on both paths."""
    import xlwings as xw
    from conftest import SAMPLE

    def check_sheet(g4: object) -> dict:
        rows = [
            ["KẾT QUẢ KIỂM TRA DỮ LIỆU", "", "", "", panel.CHECK_MARK, "", ""],
            ["", "", "", "", "", "", ""],
            [*panel.CHECK_HEADER, "Màu cũ", "", ""],
            ["lỗi", "T03-2019", "C5", "cũ", "", "", g4],
        ]
        return remote.sent_sheet("Kết quả cũ", rows)

    for g4, refused in ((None, False), ("ghi chú", True)):
        data = remote.payload(SAMPLE)
        data["sheets"].insert(1, check_sheet(g4))
        book = xw.Book(json=data)
        assert ("cột G" in buttons.check(book)) is refused
