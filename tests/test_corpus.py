"""Every broken workbook of the corpus: the documented exit status, the cell named with its
severity and the key words of its message, no traceback, and the workbook's bytes unchanged.

The cases come from corpus.py and, when they exist, corpus_reads.py (bounded reads, bombs)
and corpus_writes.py (writes), each exposing `CASES`.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

import pytest
from conftest import run_cli, run_cli_process
from corpus import CASES, Case, built
from corpus_writes import REFUSALS

MORE = ("corpus_reads", "corpus_writes")


def gathered() -> list:
    cases: list = list(CASES)
    for module in MORE:
        try:
            cases += importlib.import_module(module).CASES
        except ModuleNotFoundError as missing:
            if missing.name != module:  # the module is there but broken: say so
                raise
    return cases


ALL = gathered()


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def xlpy(case: Case, first: bool, *args: str | Path) -> tuple[int, str, str]:
    """Run the command line in this process; a case hostile to the process runs its first command
    in a child (were a read unbounded, the child would die, not the run: its status then fails the
    case before anything runs here)."""
    result = run_cli_process(*args) if case.own_process and first else run_cli(*args)
    return result.returncode, result.stdout, result.stderr


def test_the_corpus_is_large_enough():
    assert len({c.name for c in CASES}) == len(CASES)
    assert len(ALL) >= 100


@pytest.mark.parametrize("case", ALL, ids=[c.name for c in ALL])
def test_case(case, tmp_path, shared_tmp):
    if not isinstance(case, Case):  # a case that runs and checks itself (corpus_reads, corpus_writes)
        case.verify(tmp_path)
        return
    folder = tmp_path / "so"
    folder.mkdir()
    path = built(case, folder, shared_tmp)
    before = digest(path)
    runs = [("validate", case.status, ["validate", path], ())]
    if case.status != 1 or case.report is not None:  # with errors, report refuses on the very problems validate found
        runs.append(("report", case.report_status, ["report", path, "-o", tmp_path / "bao-cao.docx"], ()))
    if case.mark:
        runs.append(("validate --mark", 1, ["validate", path, "--mark"], ()))
    runs += [(" ".join(r.args), r.status, [r.args[0], path, *r.args[1:]], r.words) for r in case.runs]
    for number, (label, expected, args, words) in enumerate(runs):
        status, out, err = xlpy(case, number == 0, *args)
        assert "Traceback" not in out + err and "Lỗi không mong đợi" not in out + err, (label, out, err)
        assert status == expected, (label, status, out, err)
        assert all(w.casefold() in (out + err).casefold() for w in words), (label, words, out, err)
        if label == "validate":
            if case.status == 2:
                assert all(w.casefold() in err.casefold() for w in case.words), err
            elif case.where:
                lines = [s for s in out.splitlines() if s.startswith(case.where + " ") and f"[{case.severity}]" in s]
                assert lines, out
                assert any(all(w.casefold() in s.casefold() for w in case.words) for s in lines), lines
            else:
                assert "0 lỗi" in out, out
        assert digest(path) == before, f"{label} changed the workbook"
    if case.mark:  # the write's refusal names its reason (corpus_writes.REFUSALS), Excel's owner file by default
        words = REFUSALS.get(case.name, ("đang mở trong Excel",))
        assert all(w.casefold() in err.casefold() for w in words), (words, err)
    written = (tmp_path / "bao-cao.docx").exists()
    assert written == (case.report_status == 0)
