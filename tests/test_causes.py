"""A reader's English failure reaches the clerk in Vietnamese, its own words kept at the end."""

from __future__ import annotations

import re
import zipfile

import pytest
from conftest import run_cli

from xlpy.causes import explain


def _zip_without_workbook(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "x")


def _broken_xml(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook")


ENGLISH = re.compile(r"\b(could not|cannot|invalid|unable|error|no item|unclosed|detect)\b", re.IGNORECASE)


@pytest.mark.parametrize(
    "name, make, meaning",
    [
        ("a.xlsx", lambda p: p.write_bytes(b"this is not a workbook"), "không phải sổ Excel đọc được"),
        ("b.xlsx", lambda p: p.write_bytes(b"PK\x03\x04broken zip"), "không phải sổ Excel đọc được"),
        ("c.xlsx", _zip_without_workbook, "thiếu xl/workbook.xml"),
        ("d.xlsx", _broken_xml, "không phải sổ Excel đọc được"),
        ("e.csv", lambda p: p.write_bytes(b"abc"), "không có đuôi .xlsx hay .xlsm"),
    ],
)
def test_unreadable_files_are_explained_in_vietnamese(tmp_path, name, make, meaning):
    """The file is named, the advice given, and a library's words only in the closing parentheses."""
    path = tmp_path / name
    make(path)
    result = run_cli("validate", path)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert meaning in message and f"'{name}'" in message and "Mở tệp trong Excel" in message
    said = message.split("(Chi tiết kỹ thuật:")[0]
    assert not ENGLISH.search(said), said


def test_an_unknown_cause_is_still_framed_in_vietnamese():
    text = explain(RuntimeError("something new"), "Làm lại.")
    assert text == "lỗi khi đọc cấu trúc tệp. Làm lại. (Chi tiết kỹ thuật: RuntimeError: something new)"


def test_calamine_workbook_error_is_translated():
    text = explain(ValueError("Xlsx error: Unable to read workbook: missing part"))
    assert text.startswith("thư viện đọc Excel không đọc được cấu trúc của sổ.")


@pytest.mark.parametrize(
    "error, meaning",
    [
        (PermissionError(13, "Permission denied"), "không được phép mở tệp"),
        (OSError(28, "No space left on device"), "ổ đĩa đã đầy"),
        (FileNotFoundError(2, "No such file or directory"), "không có tệp hoặc thư mục này"),
    ],
)
def test_system_errors_are_translated(error, meaning):
    text = explain(error)
    assert text.startswith(meaning) and text.endswith(f"(Chi tiết kỹ thuật: {type(error).__name__}: {error})")
