"""Failures of the file system and of the options said in Vietnamese, never the catch-all."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli, sha256, xlpy_command

CATCH_ALL = "Lỗi không mong đợi"


@pytest.mark.parametrize("year", ["-5", "0", "1899", "2101"])
def test_a_cashbook_year_out_of_range_is_a_usage_error(small, year):
    result = run_cli("cashbook", small(), "--year", year)
    assert result.returncode == 3 and "1900" in result.stderr and CATCH_ALL not in result.stderr


@pytest.mark.parametrize("period", ["1800", "2101-Q1"])
def test_a_statement_period_out_of_range_is_a_usage_error(small, period):
    result = run_cli("statement", small(), "--period", period)
    assert result.returncode == 3 and "1900" in result.stderr and CATCH_ALL not in result.stderr


def test_an_output_name_too_long_is_a_refused_write(small, tmp_path):
    path = small()
    digest = sha256(path)
    result = run_cli("report", path, "-o", tmp_path / ("a" * 300 + ".docx"))
    assert result.returncode == 1 and "quá dài" in result.stderr and CATCH_ALL not in result.stderr
    assert sha256(path) == digest


def test_a_workbook_name_too_long_is_unreadable(tmp_path):
    result = run_cli("validate", tmp_path / ("x" * 300 + ".xlsx"))
    assert result.returncode == 2 and "quá dài" in result.stderr and CATCH_ALL not in result.stderr
    assert "x" * 100 not in result.stderr.split("Chi tiết")[0]  # the name shortened where the clerk reads


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_while_printing_is_said_once(small):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [xlpy_command(), "summary", "--json", str(small())],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            timeout=120,
        )
    assert done.returncode == 1 and "ổ đĩa đã đầy" in done.stderr
    assert CATCH_ALL not in done.stderr and "Exception ignored" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["report", "{book}", "-o", "{missing}/bao-cao.docx"],
        ["statement", "{book}", "--period", "2022", "-o", "{missing}/cong-khai.docx"],
        ["cashbook", "{book}", "-o", "{missing}/so-quy.xlsx"],
        ["vouchers", "{book}", "-o", "{missing}/phieu"],
        ["rollup", "{units}", "-o", "{missing}/tong-hop.xlsx"],
        ["rollup", "{units}", "--report", "{missing}/tong-hop.docx"],
    ],
    ids=lambda args: " ".join(a for a in args if "{" not in a),
)
def test_a_file_given_into_a_folder_that_is_not_there_is_refused_and_no_folder_made(args, small_template, tmp_path):
    """A mistyped folder after -o is said (exit 1, as `init` says it); nothing is made, the workbook
    is untouched: the document would have landed in a new folder nobody looks in."""
    import shutil

    units = tmp_path / "units"
    units.mkdir()
    book = Path(shutil.copy(small_template, units / "so.xlsx"))
    before = sha256(book)
    missing = tmp_path / "khong-co"
    result = run_cli(*[a.format(book=book, units=units, missing=missing) for a in args])
    assert result.returncode == 1, result.stderr
    assert "Không có thư mục" in result.stderr and "khong-co" in result.stderr
    assert not missing.exists() and sha256(book) == before


def test_vouchers_into_a_folder_that_cannot_be_made_leave_the_workbook_as_it_was(small_template, tmp_path):
    """`vouchers -o` a dangling link: refused before a number goes into the workbook (a hostile trial:
    the workbook was numbered, backed up, and then no voucher could be written)."""
    import shutil

    book = Path(shutil.copy(small_template, tmp_path / "so.xlsx"))
    (tmp_path / "phieu").symlink_to(tmp_path / "khong-co")
    before = sha256(book)
    result = run_cli("vouchers", book, "-o", tmp_path / "phieu")
    assert result.returncode == 1 and "phieu" in result.stderr
    assert sha256(book) == before and not (tmp_path / ".xlpy-sao-luu").exists()


@pytest.mark.parametrize("command", [["report"], ["statement", "--period", "2022"]])
def test_a_folder_given_as_the_document_is_said_to_be_a_folder(command, small_template, tmp_path):
    import shutil

    book = Path(shutil.copy(small_template, tmp_path / "so.xlsx"))
    (tmp_path / "bao-cao.docx").mkdir()
    result = run_cli(command[0], book, *command[1:], "-o", tmp_path / "bao-cao.docx", "--force")
    assert result.returncode == 1 and "là một thư mục" in result.stderr


def test_a_unit_saved_as_xls_is_listed_never_skipped(small_template, tmp_path):
    """A roll-up lists a .xls unit as unreadable, with the message to save it as .xlsx; the totals
    are the others' (it had been skipped in silence, exit 0)."""
    import shutil

    units = tmp_path / "units"
    units.mkdir()
    shutil.copy(small_template, units / "a.xlsx")
    shutil.copy(small_template, units / "b.XLS")
    result = run_cli("rollup", units, "--json")
    assert result.returncode == 1
    listed = {u["file"]: u for u in __import__("json").loads(result.stdout)["units"]}
    assert sorted(listed) == ["a.xlsx", "b.XLS"] and listed["b.XLS"]["status"] != "ok"
