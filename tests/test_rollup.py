"""`xlpy rollup`: many units' workbooks, one consolidated table, the broken ones listed and left out."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import zipfile
from datetime import date

import openpyxl
import pytest
from conftest import ROOT, apply_edits, docx_text, run_cli, run_script, sha256

from xlpy import rollup_out
from xlpy.errors import UsageError
from xlpy.fund import load
from xlpy.rollup import roll_up, workbooks

AS_OF = date(2022, 3, 31)


@pytest.fixture
def folder(small_template, tmp_path):
    """Three good units (one in a subfolder, one with other figures), one with errors, one unreadable,
    and files the roll-up must skip: Excel's owner file and xlpy's backup."""
    root = tmp_path / "don-vi"
    (root / "huyen-a").mkdir(parents=True)

    def unit(name: str, body: str, edits: dict | None = None):
        path = root / name
        shutil.copy(small_template, path)
        return apply_edits(path, {("Cài đặt", "B3"): body, **(edits or {})})

    unit("xa-1.xlsx", "UBND XÃ MỘT")
    unit("huyen-a/xa-2.xlsx", "UBND\nXÃ HAI", {("T03-2022", "C4"): 150_000})
    unit("huyen-a/xa-3.xlsx", "UBND XÃ BA", {("T02-2022", "C4"): 100_000})
    unit("xa-loi.xlsx", "UBND XÃ LỖI", {("T02-2022", "C5"): "50.000"})
    (root / "xa-hong.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    shutil.copy(root / "xa-1.xlsx", root / "~$xa-1.xlsx")
    shutil.copy(root / "xa-1.xlsx", root / "xa-1.sao-luu-20220101-120000.xlsx")
    return root


GOOD = ["huyen-a/xa-2.xlsx", "huyen-a/xa-3.xlsx", "xa-1.xlsx"]


def test_each_unit_is_totalled_as_its_own_summary_and_the_broken_are_left_out(folder, tmp_path):
    before = {p: sha256(p) for p in folder.rglob("*") if p.is_file()}
    out, report = tmp_path / "tong-hop.xlsx", tmp_path / "tong-hop.docx"
    result = run_cli("rollup", folder, "--json", "--as-of", "2022-03-31", "-o", out, "--report", report)
    assert result.returncode == 1, result.stderr  # some units left out
    data = json.loads(result.stdout)
    units = {u["file"]: u for u in data["units"]}
    assert sorted(units) == sorted([*GOOD, "xa-loi.xlsx", "xa-hong.xlsx"])  # owner file and backup skipped
    assert data["as_of"] == "2022-03-31"

    totals = {"collected": 0, "spent_from_fund": 0, "balance": 0}
    for name in GOOD:
        expected = load(folder / name).summary(AS_OF)
        unit = units[name]
        assert unit["status"] == "ok" and unit["errors"] == 0
        figures = (unit["collected"], unit["spent_from_fund"], unit["balance"])
        assert figures == (expected.collected, expected.spent_from_fund, expected.balance)
        assert unit["members_in_arrears"] == int((expected.members["balance"] < 0).sum())
        for key in totals:
            totals[key] += unit[key]
    assert units["huyen-a/xa-2.xlsx"]["unit"] == "UBND XÃ HAI"  # from Cài đặt, on one line
    assert len({units[n]["collected"] for n in GOOD}) == 3  # the units' own figures, not one copied thrice
    assert {k: data["totals"][k] for k in totals} == totals and data["totals"]["units"] == 3
    assert data["left_out"] == 2 and data["warnings"] == []  # five units, five names

    broken, unreadable = units["xa-loi.xlsx"], units["xa-hong.xlsx"]
    assert broken["status"] == "errors" and broken["errors"] >= 1 and broken["collected"] is None
    assert unreadable["status"] == "unreadable" and unreadable["errors"] == 1 and unreadable["collected"] is None

    book = openpyxl.load_workbook(out)
    rows = [r for r in book[rollup_out.SUMMARY_SHEET].iter_rows(min_row=4, values_only=True) if any(r)]
    by_file = {r[2]: r for r in rows if r[2]}
    assert by_file["xa-1.xlsx"][4] == units["xa-1.xlsx"]["collected"] and by_file["xa-1.xlsx"][8] == "Đạt"
    assert by_file["xa-loi.xlsx"][8] == "Có lỗi" and by_file["xa-loi.xlsx"][4] is None
    assert by_file["xa-hong.xlsx"][8] == "Không đọc được"
    total_row = rows[-1]
    assert total_row[1] == rollup_out.TOTALS_LABEL and total_row[4:7] == tuple(totals.values())
    problems = list(book[rollup_out.PROBLEMS_SHEET].iter_rows(min_row=2, values_only=True))
    assert ("xa-loi.xlsx", "lỗi", "T02-2022", "C5") in {(p[1], p[2], p[3], p[4]) for p in problems}
    assert any(p[1] == "xa-hong.xlsx" for p in problems)

    text = docx_text(report)
    assert "BÁO CÁO" in text and "UBND XÃ HAI" in text and "UBND XÃ LỖI" in text
    assert f"{totals['collected']:,}".replace(",", ".") in text
    assert "xa-hong.xlsx" in text and "Không đọc được".lower() in text
    assert {p: sha256(p) for p in folder.rglob("*") if p.is_file()} == before  # the units are only read


def test_outputs_never_overwrite_and_never_go_into_the_folder(folder, tmp_path):
    out = tmp_path / "tong-hop.xlsx"
    out.write_bytes(b"an earlier roll-up")
    result = run_cli("rollup", folder, "-o", out)
    assert result.returncode == 1
    assert out.read_bytes() == b"an earlier roll-up" and (tmp_path / "tong-hop (2).xlsx").exists()
    inside = run_cli("rollup", folder, "-o", folder / "tong-hop.xlsx")
    assert (
        inside.returncode == UsageError.exit_status
        and "Không ghi" in inside.stderr
        and not (folder / "tong-hop.xlsx").exists()
    )


def test_an_empty_or_missing_folder_is_said_plainly(tmp_path):
    assert run_cli("rollup", tmp_path).returncode == UsageError.exit_status
    missing = run_cli("rollup", tmp_path / "khong-co")
    assert missing.returncode == 2 and "Không có thư mục" in missing.stderr
    (tmp_path / "so.xlsx").write_bytes(b"")
    a_file = run_cli("rollup", tmp_path / "so.xlsx")
    assert a_file.returncode == 2 and "là một tệp, không phải thư mục" in a_file.stderr


def test_a_unit_with_only_warnings_is_counted(small, tmp_path):
    root = tmp_path / "units"
    root.mkdir()
    shutil.copy(small(), root / "a.xlsx")
    rollup = roll_up(root, AS_OF, workers=1)
    assert [u.status for u in rollup.units] == ["ok"] and rollup.totals()["units"] == 1
    assert workbooks(root) == [root / "a.xlsx"]


def test_the_committed_rollup_template_is_what_its_script_builds(tmp_path):
    run_script(ROOT / "templates" / "build_rollup_template.py", tmp_path / "t.docx")
    with zipfile.ZipFile(tmp_path / "t.docx") as fresh, zipfile.ZipFile(rollup_out.default_template()) as committed:
        for part in ("word/document.xml", "word/styles.xml"):
            assert fresh.read(part) == committed.read(part), part


def test_two_workbooks_of_one_unit_are_warned_about_everywhere(folder, tmp_path):
    shutil.copy(folder / "xa-1.xlsx", folder / "xa-1 - Copy.xlsx")  # the same book, twice
    out = tmp_path / "th.xlsx"
    result = run_cli("rollup", folder, "--json", "--as-of", "2022-03-31", "-o", out)
    data = json.loads(result.stdout)
    [warning] = data["warnings"]
    assert warning["unit"] == "UBND XÃ MỘT" and sorted(warning["files"]) == ["xa-1 - Copy.xlsx", "xa-1.xlsx"]
    assert warning["counted"] == 2 and "được cộng 2 lần vào tổng" in warning["message"]
    assert "Cảnh báo: Đơn vị 'UBND XÃ MỘT' có 2 sổ" in result.stderr
    problems = list(openpyxl.load_workbook(out)[rollup_out.PROBLEMS_SHEET].iter_rows(min_row=2, values_only=True))
    assert ("UBND XÃ MỘT", "cảnh báo", warning["message"]) in {(p[0], p[2], p[5]) for p in problems}


def test_the_terminal_names_a_broken_units_first_problem(folder, tmp_path):
    result = run_cli("rollup", folder, "-o", tmp_path / "th.xlsx")
    line = next(x for x in result.stderr.splitlines() if "xa-loi.xlsx" in x)
    assert "có lỗi, 1 lỗi; đầu tiên: 'T02-2022'!C5: " in line and len(line.split("C5: ")[1]) > 10
    assert "không đọc được, 1 lỗi; đầu tiên: " in next(x for x in result.stderr.splitlines() if "xa-hong" in x)


def test_backups_temp_files_and_links_are_not_units(folder, tmp_path):
    """What xlpy leaves beside a workbook, and a link to a unit, never count as more units."""
    unit = next(p for p in sorted(folder.rglob("*.xlsx")) if ".sao-luu-" not in p.name)
    backups = unit.parent / ".xlpy-sao-luu"
    backups.mkdir()
    shutil.copy(unit, backups / f"{unit.stem}.20260101-000000-000000{unit.suffix}")
    shutil.copy(unit, unit.with_name(f".{unit.stem}.abc123.xlpy-tmp{unit.suffix}"))
    (folder / "lien-ket.xlsx").symlink_to(unit)
    before = json.loads(run_cli("rollup", folder, "--json").stdout)
    assert len(before["units"]) == len({u["file"] for u in before["units"]})
    assert not any(".xlpy-sao-luu" in u["file"] or "xlpy-tmp" in u["file"] for u in before["units"])
    assert not any(u["file"].endswith("lien-ket.xlsx") for u in before["units"])


def test_units_validated_in_one_pass_have_the_problems_each_has_alone(tmp_path, shared_tmp):
    """The roll-up runs the schemas once over a batch of units (xlpy.fund.finish). Broken workbooks
    of the corpus whose problems are at a cell, and clean ones, in one batch: each keeps exactly
    its own problems, in order, though they all share member ids, sheet names and voucher numbers
    (rows are compared within a unit)."""
    from corpus import CASES, Case, built

    from xlpy import validation
    from xlpy.book import open_book
    from xlpy.errors import XlpyError
    from xlpy.fund import draft, finish

    at_a_cell = [c for c in CASES if isinstance(c, Case) and not c.own_process and c.where and "!" in c.where]
    clean = [c for c in CASES if isinstance(c, Case) and not c.own_process and c.status == 0]
    drafts = []
    for number, case in enumerate(at_a_cell[::3] + clean[:4]):
        place = tmp_path / str(number)
        place.mkdir()
        path = built(case, place, shared_tmp)
        try:
            drafts.append(draft(open_book(path), path))
        except XlpyError:  # unreadable: never in a batch
            continue
    for index in range(3):  # in one pass indeed: the frames stack as they are
        assert validation.stacks(d.frames()[index] for d in drafts if not d.frames()[index].empty)
    together = [fund.problems for fund in finish(drafts)]
    alone = [finish([one])[0].problems for one in drafts]
    assert together == alone
    assert len(drafts) >= 25 and sum(map(bool, alone)) >= 20
    assert together[0] == load(drafts[0].path).problems


def test_a_batch_never_lends_one_units_verdict_to_another(small_template, tmp_path):
    """TRUE in one unit and 1 in another (True == 1 in Python), NaN in one and the text "nan" in
    another: in one batch, each unit is judged on its own cells."""
    from xlpy.book import open_book
    from xlpy.fund import draft, finish

    def unit(name: str, voucher: object, amount: object):
        path = tmp_path / name
        shutil.copy(small_template, path)
        apply_edits(path, {("T01-2022", "F4"): voucher, ("T02-2022", "C5"): amount})
        return draft(open_book(path), path)

    drafts = [unit("a.xlsx", 1, 50_000), unit("b.xlsx", True, "nan"), unit("c.xlsx", 2, float("nan"))]
    alone = [finish([d])[0].problems for d in drafts]
    assert [finish(drafts)[i].problems for i in range(3)] == alone
    assert [finish(drafts[::-1])[i].problems for i in range(3)] == alone[::-1]
    assert not alone[0] and len(alone[1]) == 2 and alone[2]


def test_a_file_name_that_is_not_utf8_is_listed_and_the_outputs_written(small_template, tmp_path):
    """Linux lets a file name hold any bytes; such a unit is still a line of the roll-up (its name
    shown with a replacement mark) and the consolidated workbook and report are written."""
    import os

    root = tmp_path / "units"
    root.mkdir()
    shutil.copy(small_template, root / "a.xlsx")
    shutil.copy(small_template, os.fsdecode(bytes(root) + b"/t\xe9n\xff.xlsx"))
    out, report = tmp_path / "tong-hop.xlsx", tmp_path / "tong-hop.docx"
    result = run_cli("rollup", root, "-o", out, "--report", report, "--as-of", "31/03/2022")
    assert result.returncode == 0, result.stderr
    cells = {value for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True) for value in row}
    assert "a.xlsx" in cells and "t\ufffdn\ufffd.xlsx" in cells
    assert docx_text(report).count("Đạt") == 2  # both units in the report's table


def _unit_in_a_capped_worker(path, memory) -> subprocess.CompletedProcess:
    """One unit rolled in a fresh process set up as a roll-up worker is (`_warm`), its memory capped."""
    script = (
        "import json, sys\n"
        "from xlpy import rollup\n"
        f"rollup._warm({memory!r})\n"
        f"unit = rollup.roll_one(({str(path)!r}, 'x.xlsx', None))\n"
        "print(json.dumps([unit.status, unit.collected, [p.message for p in unit.problems]]))\n"
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def middling(tmp_path_factory):
    """A unit of 200 members x 48 months: a few MB to read."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import workbooks
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return workbooks.large(tmp_path_factory.mktemp("middling"), members=200, months=48, spending_rows=100)


def test_a_worker_reads_within_its_memory_cap_or_not_at_all(middling):
    """Each worker caps its address space (Linux): a unit that needs more than the cap is stopped in
    that worker, by a MemoryError (the unit listed as unreadable, the message saying why) or by the
    reader aborting (the pool then names the file); the default cap admits the unit."""
    from xlpy.rollup import UNREADABLE

    capped = _unit_in_a_capped_worker(middling, 1 << 20)
    if capped.returncode == 0:
        status, collected, messages = json.loads(capped.stdout)
        assert status == UNREADABLE and collected is None
        assert "bộ nhớ" in messages[0]
    else:
        assert capped.returncode == -signal.SIGABRT, capped.stderr
    # The default cap (WORKER_MEMORY) admits it: every other roll-up test's workers run under it.
    assert roll_up(middling.parent).units[0].collected == load(middling).summary().collected


def test_memory_refused_inside_a_call_is_said_as_memory():
    """Under the cap, memory may run out as a MemoryError or inside a system call (importing a
    module, opening a file: OSError ENOMEM); the clerk reads the same sentence either way."""
    import errno
    from pathlib import Path

    from xlpy.rollup import _unreadable

    said = [
        _unreadable("x.xlsx", Path("x.xlsx"), exc).problems[0].message
        for exc in (MemoryError(), OSError(errno.ENOMEM, "Cannot allocate memory"))
    ]
    assert said[0] == said[1] and "bộ nhớ" in said[0]


def test_a_worker_that_runs_out_of_memory_never_stops_the_rollup(middling, small_template, tmp_path):
    """Whichever way a worker runs out (MemoryError, or an abort that breaks the pool), the roll-up
    lists every unit: the others with their figures, the one stopped left out of the totals."""
    from xlpy.rollup import roll_up

    root = tmp_path / "units"
    root.mkdir()
    shutil.copy(middling, root / "lon.xlsx")
    for name in ("a.xlsx", "b.xlsx"):
        shutil.copy(small_template, root / name)
    result = roll_up(root, memory=1 << 20, workers=1)
    units = {u.file: u for u in result.units}
    assert sorted(units) == ["a.xlsx", "b.xlsx", "lon.xlsx"]
    small = load(small_template).summary()
    assert [units[n].collected for n in ("a.xlsx", "b.xlsx")] == [small.collected] * 2
    big = units["lon.xlsx"]  # a pool's worker inherits free memory from the roll-up: it may fit
    assert (big.status, big.collected) in {("ok", load(middling).summary().collected), ("unreadable", None)}
    assert result.totals()["collected"] == sum(u.collected for u in result.counted)


def test_ctrl_c_stops_the_rollup_and_its_workers_in_a_line(small_template, tmp_path):
    """Ctrl-C while the workers start, or while they work: "Đã dừng." and exit 1 (or done already),
    no worker's traceback, no hang; nothing is written."""
    from conftest import interrupted

    root = tmp_path / "units"
    root.mkdir()
    for n in range(12):
        shutil.copy(small_template, root / f"xa-{n:02d}.xlsx")
    out = tmp_path / "tong-hop.xlsx"
    for delay in (0.4, 0.8):
        result = interrupted(["rollup", str(root), "-o", str(out)], delay)
        if result is None:
            continue
        printed, err, child = result.stdout, result.stderr, result
        assert "Traceback" not in err and "KeyboardInterrupt" not in err, (delay, err)
        if "Đã dừng." in err:  # stopped: nothing written, or the table whole (the report may be next)
            assert child.returncode == 1, (delay, child.returncode)
            assert not out.exists() or openpyxl.load_workbook(out).worksheets
        else:  # done before the signal (which may then land as the process ends)
            assert "Đã ghi bảng tổng hợp" in printed + err and out.exists(), (delay, child.returncode, err)
        out.unlink(missing_ok=True)
