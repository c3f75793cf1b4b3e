"""Writes to the workbook: all or nothing, with a backup, never over Excel or over what openpyxl drops."""

from __future__ import annotations

import base64
import io
import os
import shutil
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from conftest import SAMPLE, build_small, run_cli, sha256
from test_macro_workbook import button_macros, code_lines, modules

from xlpy import marks, panel, safe_write
from xlpy.fund import load

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def broken(tmp_path) -> Path:
    path = build_small(tmp_path / "so-quy.xlsm")
    return path


def test_mark_writes_the_check_sheet_and_colours_keeping_macros_and_buttons(tmp_path):
    path = tmp_path / "so-quy.xlsm"
    shutil.copy(SAMPLE.with_suffix(".xlsm"), path)
    original = path.read_bytes()
    book = openpyxl.load_workbook(path, keep_vba=True)
    book["T03-2019"]["C5"] = "50.000"
    book.save(path)
    edited = sha256(path)
    result = run_cli("validate", path, "--mark")
    assert result.returncode == 1 and "Đã ghi kết quả vào sổ" in result.stdout
    backups = list(tmp_path.glob("so-quy.sao-luu-*.xlsm"))
    assert len(backups) == 1 and sha256(backups[0]) == edited
    marked = openpyxl.load_workbook(path)
    assert marked.sheetnames[1] == panel.CHECK_SHEET
    rows = list(marked[panel.CHECK_SHEET].iter_rows(min_row=4, values_only=True))
    assert rows[0][:3] == ("lỗi", "T03-2019", "C5")
    assert marked["T03-2019"]["C5"].fill.fgColor.rgb.endswith(panel.ERROR_FILL.lstrip("#"))
    assert code_lines(modules(path)["Module1"]) == code_lines(modules(SAMPLE.with_suffix(".xlsm"))["Module1"])
    assert button_macros(path) == [(c, m) for c, m, _ in panel.BUTTONS]
    # Fixed and marked again: the old colour is cleared, the list is empty.
    book = openpyxl.load_workbook(path, keep_vba=True)
    book["T03-2019"]["C5"] = 50_000
    book.save(path)
    assert run_cli("validate", path, "--mark").returncode == 0
    again = openpyxl.load_workbook(path)
    assert again["T03-2019"]["C5"].fill.fill_type is None
    assert again.sheetnames.count(panel.CHECK_SHEET) == 1 and again[panel.CHECK_SHEET].max_row == 3
    assert len(list(tmp_path.glob("so-quy.sao-luu-*.xlsm"))) == 2
    assert original != path.read_bytes()


def test_no_write_while_excel_has_the_workbook_open(broken):
    before = sha256(broken)
    safe_write.owner_file(broken).write_bytes(b"owner")
    result = run_cli("validate", broken, "--mark")
    assert result.returncode == 1 and "đang mở trong Excel" in result.stderr
    assert sha256(broken) == before and not list(broken.parent.glob("*.sao-luu-*"))


def _with(tmp_path: Path, name: str, add) -> Path:
    path = tmp_path / name
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Thành viên")
    sheet.write_row(0, 0, ["Mã", "Họ và tên", "Ngày tham gia"])
    add(book, sheet)
    book.close()
    return path


@pytest.mark.parametrize(
    "name, add, lost",
    [
        ("image.xlsx", lambda b, s: s.insert_image("E2", "x.png", {"image_data": io.BytesIO(PNG)}), "hình ảnh"),
        ("shape.xlsx", lambda b, s: s.insert_textbox("E2", "Ghi chú"), "hình vẽ (shape)"),
        (
            "chart.xlsx",
            lambda b, s: (
                c := b.add_chart({"type": "column"}),
                c.add_series({"values": "='Thành viên'!$A$1:$A$2"}),
                s.insert_chart("E2", c),
            ),
            "biểu đồ",
        ),
        ("sparkline.xlsx", lambda b, s: s.add_sparkline("E2", {"range": "'Thành viên'!A1:C1"}), "sparkline"),
        (
            "comments.xlsm",
            lambda b, s: (
                b.add_vba_project(
                    io.BytesIO(
                        __import__("xlpy.vba").vba.build_project('Attribute VB_Name = "Module1"\nSub A()\nEnd Sub\n')
                    ),
                    is_stream=True,
                ),
                s.insert_button("E2", {"macro": "A"}),
                s.write_comment("A1", "ghi chú"),
            ),
            "ghi chú trên sheet có nút bấm",
        ),
    ],
)
def test_refuses_rather_than_drop_what_openpyxl_cannot_keep(tmp_path, name, add, lost):
    path = _with(tmp_path, name, add)
    before = sha256(path)
    assert safe_write.unkeepable(path) == [lost]
    with pytest.raises(safe_write.WriteRefused, match=lost.replace("(", r"\(").replace(")", r"\)")):
        marks.mark(path, [])
    assert sha256(path) == before


def test_the_sample_workbooks_hold_nothing_openpyxl_would_drop():
    assert safe_write.unkeepable(SAMPLE) == [] and safe_write.unkeepable(SAMPLE.with_suffix(".xlsm")) == []


def _interrupt_save(monkeypatch):
    original = openpyxl.Workbook.save

    def half_then_crash(self, filename):
        original(self, filename)
        with open(filename, "r+b") as handle:  # the disk filled up half-way
            handle.truncate(os.path.getsize(filename) // 2)
        raise OSError("No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", half_then_crash)


@pytest.mark.parametrize("where", ["save", "verify", "replace"])
def test_an_interrupted_write_leaves_the_original_intact(broken, monkeypatch, where):
    before = sha256(broken)
    problems = load(broken).problems
    if where == "save":
        _interrupt_save(monkeypatch)
    elif where == "verify":
        monkeypatch.setattr(safe_write.shutil, "copy2", lambda *a: (_ for _ in ()).throw(OSError("disk")))
    else:
        monkeypatch.setattr(safe_write.os, "replace", lambda *a: (_ for _ in ()).throw(OSError("killed")))
    with pytest.raises(OSError):
        marks.mark(broken, problems)
    assert sha256(broken) == before
    assert not [p for p in broken.parent.iterdir() if ".xlpy-new" in p.name]
    assert load(broken).problems == problems
