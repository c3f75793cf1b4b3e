"""The command line as other programs rely on it: output, exit status, no side effects."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli, run_cli_process, sha256


def test_validate_sample_is_clean(sample_copy):
    before = sha256(sample_copy)
    result = run_cli("validate", sample_copy)
    assert result.returncode == 0, result.stderr
    assert "0 lỗi, 0 cảnh báo" in result.stdout
    assert sha256(sample_copy) == before


def test_the_installed_command_runs_end_to_end(sample_copy):
    """The console script itself, in its own process: streams, exit status, JSON on stdout."""
    before = sha256(sample_copy)
    assert run_cli_process("validate", sample_copy).returncode == 0
    result = run_cli_process("summary", sample_copy, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["collected"] == 11_700_000
    assert sha256(sample_copy) == before


def test_summary_json_follows_the_contract(sample_copy):
    result = run_cli("summary", sample_copy, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2022-04-20"
    totals = data["totals"]
    assert totals["collected"] == 11_700_000
    assert totals["balance"] == totals["collected"] - totals["spent_from_fund"]
    assert sum(y["collected"] for y in data["years"]) == totals["collected"]
    assert sum(y["spent_from_fund"] for y in data["years"]) == totals["spent_from_fund"]
    assert data["years"][-1]["closing_balance"] == totals["balance"]
    assert [y["year"] for y in data["years"]] == list(range(2018, 2023))
    assert sum(m["paid"] for m in data["members"]) == totals["collected"]
    for member in data["members"]:
        assert set(member) == {"id", "name", "months_owed", "owed", "paid", "balance"}
        assert member["balance"] == member["paid"] - member["owed"]
        assert all(isinstance(member[k], int) for k in ("months_owed", "owed", "paid", "balance"))


def test_summary_as_of_another_date(sample_copy):
    early = json.loads(run_cli("summary", sample_copy, "--json", "--as-of", "2018-12-31").stdout)
    late = json.loads(run_cli("summary", sample_copy, "--json", "--as-of", "31/12/2019").stdout)
    assert early["as_of"] == "2018-12-31" and late["as_of"] == "2019-12-31"
    assert [y["year"] for y in early["years"]] == [2018]
    assert late["totals"]["collected"] == early["totals"]["collected"] + late["years"][1]["collected"]


def test_summary_table_is_readable(sample_copy):
    result = run_cli("summary", sample_copy)
    assert result.returncode == 0
    assert "11.700.000" in result.stdout and "Đinh Thị Mai Sinh" in result.stdout


def test_bad_as_of_is_a_usage_error(sample_copy):
    result = run_cli("summary", sample_copy, "--as-of", "hôm nay")
    assert result.returncode == 1 and "không phải ngày" in result.stderr and "Traceback" not in result.stderr


def test_errors_give_status_1_and_name_the_cell(small):
    path = small({("T02-2022", "C5"): "50.000"})
    before = sha256(path)
    result = run_cli("validate", path)
    assert result.returncode == 1
    line = next(s for s in result.stdout.splitlines() if s.startswith("'T02-2022'!C5"))
    assert "[lỗi]" in line and "50.000" in line
    assert run_cli("summary", path, "--json").returncode == 1
    out = path.parent / "report.docx"
    refused = run_cli("report", path, "-o", out)
    assert refused.returncode == 1 and not out.exists()
    assert "'T02-2022'!C5" in refused.stderr
    assert sha256(path) == before


def test_warnings_alone_keep_status_0(small):
    result = run_cli("validate", small({("T01-2022", "B5"): "Trần Bình"}))
    assert result.returncode == 0 and "[cảnh báo]" in result.stdout


@pytest.mark.parametrize("content", [None, b"", b"this is not a workbook", b"PK\x03\x04broken zip"])
def test_unreadable_files_give_status_2_without_traceback(tmp_path, content):
    path = tmp_path / "so-quy.xlsx"
    if content is not None:
        path.write_bytes(content)
    for command in ("validate", "summary", "report"):
        result = run_cli(command, path)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and "so-quy.xlsx" in result.stderr
    if content is not None:
        assert path.read_bytes() == content


def test_report_default_name_never_overwrites(sample_copy):
    first = run_cli("report", sample_copy)
    second = run_cli("report", sample_copy)
    assert first.returncode == second.returncode == 0
    written = sorted(p.name for p in sample_copy.parent.glob("*.docx"))
    assert written == ["bao-cao-36-BC-HĐND-2022-04-20 (2).docx", "bao-cao-36-BC-HĐND-2022-04-20.docx"]


def test_pdf_without_libreoffice_still_writes_the_report_and_says_how(sample_copy, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from conftest import xlpy_command

    out = tmp_path / "out" / "bao-cao.docx"
    env = {**os.environ, "PATH": str(Path(sys.executable).parent), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [xlpy_command(), "report", str(sample_copy), "-o", str(out), "--pdf"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )
    assert result.returncode == 0 and out.exists() and not out.with_suffix(".pdf").exists()
    assert "LibreOffice" in result.stderr and "Traceback" not in result.stderr
