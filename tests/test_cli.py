"""The command line as other programs rely on it: output, exit status, no side effects."""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import ROOT, SAMPLE, run_cli, run_cli_process, sha256

from xlpy.errors import UsageError

USAGE = UsageError.exit_status
COMMANDS = ["validate", "summary", "report", "init", "excel-setup", "vouchers", "cashbook", "statement", "rollup"]
# click's own framing, which must never reach a clerk
ENGLISH = [
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Show this message",
    "No such",
    "Invalid value",
    "Missing",
    "Error",
    "Try ",
    "required",
    "default",
    "<path>",
    "<bool>",
    "<str>",
    "Got unexpected",
    "Did you mean",
    "requires an argument",
]


def english(text: str) -> list[str]:
    return [word for word in ENGLISH if word.lower() in text.lower()]


def test_validate_sample_is_clean(sample_copy):
    before = sha256(sample_copy)
    result = run_cli("validate", sample_copy)
    assert result.returncode == 0, result.stderr
    assert "0 lỗi, 0 cảnh báo" in result.stdout
    assert sha256(sample_copy) == before


def test_the_installed_command_runs_end_to_end(sample_copy):
    """The console script itself, in its own process: streams, exit status, JSON on stdout (one run:
    `python -m xlpy validate` runs in a child in test_run_module.py, every command in-process here)."""
    before = sha256(sample_copy)
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


@pytest.mark.parametrize("typed", ["hôm nay", "31/02/2022", "2022-13-01", "04/20/2022"])
def test_bad_as_of_is_a_usage_error(sample_copy, typed):
    result = run_cli("summary", sample_copy, "--as-of", typed)
    assert result.returncode == USAGE and "Traceback" not in result.stderr
    assert f"--as-of '{typed}' không phải ngày" in result.stderr and "2022-04-20" in result.stderr


def test_every_date_form_the_help_lists_is_accepted(sample_copy):
    from datetime import date

    from xlpy.cli import _as_of

    for typed in ("2018-12-31", "31/12/2018", "31-12-2018", "31.12.2018", " 31/12/2018 "):
        assert _as_of(typed) == date(2018, 12, 31), typed
    assert _as_of("5/1/2020") == date(2020, 1, 5)  # day first, always
    result = run_cli("summary", sample_copy, "--json", "--as-of", "31.12.2018")
    assert result.returncode == 0 and json.loads(result.stdout)["as_of"] == "2018-12-31"
    for form in ("2022-04-20", "20/04/2022", "20-4-2022", "20.4.2022"):
        assert form in run_cli("summary", "--help").stdout


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


def test_pdf_without_libreoffice_still_writes_the_report_and_says_how(sample_copy, tmp_path, no_libreoffice):
    out = tmp_path / "bao-cao.docx"
    result = run_cli("report", sample_copy, "-o", out, "--pdf")
    assert result.returncode == 0 and out.exists() and not out.with_suffix(".pdf").exists()
    assert "LibreOffice" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["-h"], [], *([c, "--help"] for c in COMMANDS)])
def test_help_is_in_vietnamese(args):
    result = run_cli(*args)
    text = result.stdout + result.stderr
    assert "Cách dùng: xlpy" in text and not english(text), (args, english(text))
    assert result.returncode == (USAGE if not args else 0)


def test_every_command_and_option_has_vietnamese_help():
    import typer

    from xlpy.cli import app
    from xlpy.usage import Command

    group = typer.main.get_command(app)
    assert sorted(group.commands) == sorted(COMMANDS)
    for name, command in group.commands.items():
        assert isinstance(command, Command), name
        assert command.help and re.search(r"[à-ỹ]", command.help), name
        assert "Mã thoát" in (command.epilog or ""), name
        for param in command.params:
            assert param.help and re.search(r"[à-ỹ]", param.help), (name, param.name)


@pytest.mark.parametrize(
    "args, said",
    [
        (["summary", "SỔ.xlsx", "--bad"], "Không có tuỳ chọn --bad."),
        (["summary", "SỔ.xlsx", "--as-f", "2022-01-01"], "Có phải ý là --as-of?"),
        (["validate"], "Thiếu SỔ (Tệp Excel sổ quỹ (.xlsx, .xlsm))."),
        (["valdate", "SỔ.xlsx"], "Không có lệnh 'valdate'. Có phải ý là 'validate'?"),
        (["summary", "Sổ", "quỹ.xlsx"], "Thừa tham số: quỹ.xlsx. Tên tệp có dấu cách thì đặt trong ngoặc kép"),
        (["summary", "SỔ.xlsx", "--as-of"], "Tuỳ chọn --as-of cần một giá trị"),
        (["validate", "SỔ.xlsx", "--mark=yes"], "Tuỳ chọn --mark không nhận giá trị."),
        (["--colour"], "Không có tuỳ chọn --colour."),
    ],
)
def test_usage_errors_are_said_in_vietnamese_with_their_own_status(args, said, tmp_path):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == USAGE == 3, result.stderr
    assert said in result.stderr and not english(result.stderr), english(result.stderr)
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())


def test_the_usage_status_is_documented_and_distinct_from_the_others():
    assert USAGE not in (0, 1, 2)
    for command in COMMANDS:
        assert f"{USAGE} gõ lệnh chưa đúng" in " ".join(run_cli(command, "--help").stdout.split())


def test_version_has_one_source():
    from importlib.metadata import version

    import xlpy

    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"xlpy {xlpy.__version__}"
    assert version("xlpy") == xlpy.__version__
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and not re.search(r'^version\s*=\s*"', pyproject, re.M)


def test_summary_table_keeps_amounts_whole_and_right_aligned_at_60_columns():
    from rich.console import Console

    from xlpy.console import print_summary
    from xlpy.fund import load
    from xlpy.money import figures

    summary = load(SAMPLE).summary(None)
    console = Console(width=60, record=True, file=io.StringIO(), color_system=None)
    print_summary(summary, console)
    text = console.export_text()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60 and "…" not in text
    for member in summary.members.itertuples():
        row = next(i for i, line in enumerate(lines) if line.split()[:1] == [member.id])
        amounts = [figures(member.owed), figures(member.paid), figures(member.balance)]
        assert lines[row].split()[-3:] == amounts  # whole, in order, at the end of the row
        # wrapped name lines follow the row; the row's last figure ends where the header does
        assert len(lines[row].rstrip()) == len(next(x for x in lines if "lệch" in x).rstrip())
        assert member.name.split()[0] in lines[row]  # the name wraps, on the row's own lines
    years = [line for line in lines if re.match(r"\s*\d{4}\s", line)]
    header = next(x for x in lines if "hoạt động" in x)
    assert len(years) == len(summary.years) and {len(line.rstrip()) for line in years} == {len(header.rstrip())}
    for year in summary.years.itertuples():
        assert figures(year.closing_balance) in text and figures(year.activities_value) in text


def test_every_option_that_takes_a_value_names_it_in_vietnamese():
    import typer

    from xlpy.cli import app

    for name, command in typer.main.get_command(app).commands.items():
        for param in command.params:
            if getattr(param, "is_flag", False) or param.name == "help":
                continue
            assert param.metavar and re.search(r"[À-ỹ]", param.metavar), (name, param.name, param.metavar)


def test_a_bad_date_names_its_own_option(sample_copy):
    result = run_cli("vouchers", sample_copy, "--from", "hôm-qua", "--json")
    assert result.returncode == USAGE and "--from 'hôm-qua' không phải ngày" in result.stderr
    assert "summary" not in result.stderr
    reversed_range = run_cli("vouchers", sample_copy, "--from", "2022-04-01", "--to", "2022-01-01", "--json")
    assert reversed_range.returncode == USAGE and "đổi chỗ" in reversed_range.stderr


def test_a_number_option_given_text_is_explained_in_vietnamese(sample_copy):
    result = run_cli("cashbook", sample_copy, "--year", "abc", "--json")
    said = result.stderr.split("(Chi tiết kỹ thuật:")[0]
    assert result.returncode == USAGE and "cần một số nguyên" in said and not english(said)


@pytest.mark.parametrize(("command", "name"), [(["report"], "bc.docx"), (["statement", "--period", "2021"], "ck.docx")])
def test_every_document_command_keeps_an_existing_output_unless_forced(sample_copy, command, name):
    """The refusal says to add --force, and every command that writes a .docx takes it (an existing
    .xlsx, which may be a workbook, is never overwritten: `cashbook` has no --force)."""
    out = sample_copy.parent / name
    out.write_bytes(b"earlier")
    refused = run_cli(*command, sample_copy, "-o", out)
    assert refused.returncode == 1 and "--force" in refused.stderr and out.read_bytes() == b"earlier"
    forced = run_cli(*command, sample_copy, "-o", out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_bytes() != b"earlier" and out.read_bytes()[:2] == b"PK"
