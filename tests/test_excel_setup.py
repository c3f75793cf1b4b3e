"""`xlpy excel-setup`: the `xlwings.conf` sheet written, read back, and nothing else changed."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, parts, run_cli, sha256

from xlpy import click_server, excel_setup
from xlpy.excel_setup import SHEET, conf_values, read_conf, write_conf_sheet

SAMPLE_XLSM = ROOT / "workbook" / "quy-dan-van-kheo.xlsm"
WINDOWS = r"C:\Users\Nguyễn An\AppData\Local\Programs\Python\Python312\python.exe"


@pytest.fixture
def book(tmp_path) -> Path:
    path = tmp_path / "SỔ QUỸ.xlsm"
    shutil.copy(SAMPLE_XLSM, path)
    return path


def test_windows_gets_pythonw_beside_python():
    values = conf_values("Windows", WINDOWS, exists=lambda p: p.endswith("pythonw.exe"))
    assert values == {
        "ADD_WORKBOOK_TO_PYTHONPATH": "false",
        "INTERPRETER_WIN": WINDOWS.replace("python.exe", "pythonw.exe"),
        **click_server.CONF,
    }
    # no pythonw.exe there (an unusual build): python.exe itself rather than nothing
    assert conf_values("Windows", WINDOWS, exists=lambda p: False)["INTERPRETER_WIN"] == WINDOWS


def test_mac_gets_its_own_key_and_linux_only_the_path_rule():
    mac = conf_values("Darwin", "/Users/an/.venv/bin/python3")
    assert mac == {
        "ADD_WORKBOOK_TO_PYTHONPATH": "false",
        "INTERPRETER_MAC": "/Users/an/.venv/bin/python3",
        "USE UDF SERVER": "True",
    }
    assert conf_values("Linux", "/usr/bin/python3") == {"ADD_WORKBOOK_TO_PYTHONPATH": "false", **click_server.CONF}


def test_the_sheet_is_added_and_every_other_part_keeps_its_bytes(book):
    before = parts(book)
    values = conf_values("Windows", WINDOWS, exists=lambda p: True)
    backup = write_conf_sheet(book, values)
    assert backup is not None and sha256(backup) == sha256(SAMPLE_XLSM)
    assert read_conf(book) == values
    after = parts(book)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    (new,) = after.keys() - before.keys()
    assert new.startswith("xl/worksheets/sheet") and b"inlineStr" in after[new]
    assert list(after)[: len(before)] == list(before)  # same parts, same order; the new one last
    # a second reader: openpyxl sees the sheet, hidden, after all the clerk's sheets
    loaded = openpyxl.load_workbook(book, keep_vba=True)
    assert loaded.sheetnames[-1] == SHEET and loaded[SHEET].sheet_state == "hidden"
    assert loaded.sheetnames[:-1] == openpyxl.load_workbook(SAMPLE_XLSM).sheetnames
    assert loaded[SHEET]["A2"].value == "INTERPRETER_WIN" and loaded[SHEET]["B2"].value == values["INTERPRETER_WIN"]
    assert [loaded[SHEET][f"A{row}"].value for row in (1, 2, 3, 4)] == [*values, None]
    assert run_cli("validate", book).returncode == 0


def test_a_second_write_replaces_the_sheet_and_keeps_keys_it_does_not_own(book):
    write_conf_sheet(book, {"ADD_WORKBOOK_TO_PYTHONPATH": "true", "INTERPRETER_MAC": "/usr/bin/python3"})
    before = parts(book)
    values, backup = excel_setup.setup(book, conf_values("Windows", WINDOWS, exists=lambda p: True))
    assert backup is not None
    assert (
        read_conf(book)
        == values
        == {
            "ADD_WORKBOOK_TO_PYTHONPATH": "false",
            "INTERPRETER_MAC": "/usr/bin/python3",
            "INTERPRETER_WIN": WINDOWS.replace("python.exe", "pythonw.exe"),
            "USE UDF SERVER": "True",
        }
    )
    after = parts(book)
    assert after.keys() == before.keys()
    assert len([name for name in before if before[name] != after[name]]) == 1  # the conf sheet's part only


def test_the_command_writes_the_interpreter_running_it(book):
    result = run_cli("excel-setup", book)
    assert result.returncode == 0, result.stderr
    assert read_conf(book) == conf_values()
    assert read_conf(book)["USE UDF SERVER"] == "True" and "USE UDF SERVER = True" in result.stdout
    assert "ADD_WORKBOOK_TO_PYTHONPATH = false" in result.stdout and "Bản cũ lưu ở" in result.stdout


def test_init_writes_it_into_new_workbooks(tmp_path):
    path = tmp_path / "moi.xlsm"
    assert run_cli("init", path).returncode == 0
    assert read_conf(path) == conf_values()
    assert read_conf(path)["USE UDF SERVER"] == "True"
    # excel-setup on it finds the same keys with the same values: one list, two writers
    values, _ = excel_setup.setup(path)
    assert values == read_conf(path) == conf_values()
    assert openpyxl.load_workbook(path)[SHEET].sheet_state == "hidden"
    assert run_cli("init", tmp_path / "moi.xlsx").returncode == 0
    assert read_conf(tmp_path / "moi.xlsx") == {}  # no buttons, nothing to run


def test_refused_while_excel_has_it_open(book):
    before = sha256(book)
    (book.parent / f"~${book.name}").write_bytes(b"owner")
    result = run_cli("excel-setup", book)
    assert result.returncode == 1 and "đang mở trong Excel" in result.stderr
    assert sha256(book) == before


def test_strict_files_are_refused(book, tmp_path):
    strict = tmp_path / "strict.xlsm"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(
                    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
                )
            target.writestr(info, data)
    before = sha256(strict)
    result = run_cli("excel-setup", strict)
    # Read first, as every file is: not readable (2), with the advice to keep the buttons (.xlsm).
    assert result.returncode == 2 and "Strict" in result.stderr and sha256(strict) == before
    assert "(*.xlsm)" in result.stderr


@pytest.mark.parametrize(
    "name, content, status, said",
    [
        ("so.xlsx", None, 1, "không phải sổ có nút bấm (.xlsm)"),
        ("khong-co.xlsm", None, 2, "Không tìm thấy tệp"),
        ("hong.xlsm", b"not a workbook", 2, "không phải sổ Excel đọc được"),
    ],
)
def test_other_refusals(tmp_path, name, content, status, said):
    path = tmp_path / name
    if name.endswith(".xlsx"):
        shutil.copy(ROOT / "workbook" / "quy-dan-van-kheo.xlsx", path)
    elif content is not None:
        path.write_bytes(content)
    before = sha256(path) if path.exists() else None
    result = run_cli("excel-setup", path)
    assert result.returncode == status and said in result.stderr, result.stderr
    assert (sha256(path) if path.exists() else None) == before


def test_a_kept_python_turned_off_on_this_pc_stays_off(book):
    """The buttons' VBA sets USE UDF SERVER to False where the server fails; a new setup keeps that."""
    write_conf_sheet(book, {"USE UDF SERVER": "False", "INTERPRETER_WIN": r"C:\cu\python.exe"})
    values, _ = excel_setup.setup(book, conf_values("Windows", WINDOWS, exists=lambda p: True))
    assert read_conf(book) == values
    assert values["USE UDF SERVER"] == "False" and values["INTERPRETER_WIN"].endswith("Python312\\pythonw.exe")


def test_a_second_identical_setup_changes_nothing(book):
    excel_setup.setup(book)
    digest = sha256(book)
    assert excel_setup.setup(book)[1] is None and sha256(book) == digest


def test_an_existing_sheet_keeps_every_cell_it_does_not_own(book):
    """A note beside a key, a formula, a row after a blank one: only the B cells of xlpy's keys change."""
    setup = openpyxl.load_workbook(book, keep_vba=True)
    sheet = setup.create_sheet(SHEET)
    sheet["A1"], sheet["B1"], sheet["C1"] = "INTERPRETER_WIN", r"C:\cu\python.exe", "ghi chú của kỹ thuật viên"
    sheet["A2"], sheet["B2"] = "MY KEY", "=1+1"
    sheet["A4"], sheet["B4"] = "AFTER BLANK", "giữ"
    setup.save(book)
    excel_setup.setup(book, conf_values("Windows", WINDOWS, exists=lambda p: True))
    after = openpyxl.load_workbook(book)[SHEET]
    assert after["B1"].value == WINDOWS.replace("python.exe", "pythonw.exe")
    assert after["C1"].value == "ghi chú của kỹ thuật viên" and after["B2"].value == "=1+1"
    assert (after["A4"].value, after["B4"].value) == ("AFTER BLANK", "giữ")
    assert after["A3"].value == "ADD_WORKBOOK_TO_PYTHONPATH"  # the gap filled: xlwings reads down to a blank
    conf = read_conf(book)
    assert conf["ADD_WORKBOOK_TO_PYTHONPATH"] == "false" and conf["USE UDF SERVER"] == "True"
    assert conf["AFTER BLANK"] == "giữ"


def test_the_conf_sheet_is_read_within_the_bounds_of_every_read(book, tmp_path):
    """excel-setup reads the workbook's own xlwings.conf sheet: bounded first, as every sheet is
    (it went to python-calamine straight, and a cell at XFD1048576 there aborted the process)."""
    run_cli("excel-setup", book)  # the sheet exists now
    with zipfile.ZipFile(book) as source:
        names = {info.filename: source.read(info) for info in source.infolist()}
    workbook, rels = names["xl/workbook.xml"].decode(), names["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'name="{SHEET}"[^>]*r:id="(rId\d+)"', workbook).group(1)
    conf = "xl/" + re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1).removeprefix("/xl/")
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    names[conf] = names[conf].replace(b"</sheetData>", far, 1)
    bomb = tmp_path / "bom.xlsm"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in names.items():
            target.writestr(name, data)
    before = sha256(bomb)
    result = run_cli("excel-setup", bomb)
    assert result.returncode == 2 and "quá xa" in result.stderr and SHEET in result.stderr, result.stderr
    assert sha256(bomb) == before
