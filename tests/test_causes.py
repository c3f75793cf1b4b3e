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


@pytest.mark.parametrize(
    "name, make, meaning, cause",
    [
        (
            "a.xlsx",
            lambda p: p.write_bytes(b"this is not a workbook"),
            "không phải dạng nén ZIP",
            "Could not find EOCD",
        ),
        ("b.xlsx", lambda p: p.write_bytes(b"PK\x03\x04broken zip"), "không phải dạng nén ZIP", "EOCD"),
        ("c.xlsx", _zip_without_workbook, "thiếu phần 'xl/workbook.xml'", "There is no item named"),
        ("d.xlsx", _broken_xml, "một phần XML bên trong sổ bị hỏng", "unclosed token"),
        ("e.csv", lambda p: p.write_bytes(b"abc"), "không nhận ra loại tệp", "Cannot detect file format"),
    ],
)
def test_unreadable_files_are_explained_with_the_cause_kept(tmp_path, name, make, meaning, cause):
    path = tmp_path / name
    make(path)
    result = run_cli("validate", path)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert meaning in message and f"'{name}'" in message
    # the library's words only inside the closing parentheses, for the technician
    said, technical = re.fullmatch(r"(.*)\(Chi tiết kỹ thuật: (.*)\)", message, re.S).groups()
    assert cause in technical and cause not in said
    assert "Mở tệp trong Excel" in said


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
