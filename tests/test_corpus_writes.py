"""The write cases of the corpus (tests/corpus_writes.py): validate and report as documented,
the write refused with its reason and exit 1, the workbook's bytes unchanged, no backup."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import run_cli
from corpus import Case
from corpus_writes import CASES, REFUSALS

from xlpy import safe_write


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_case_names_its_refusal():
    assert len(CASES) >= 10 and {c.name for c in CASES} == set(REFUSALS) and all(c.mark for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_write_case(case: Case, tmp_path):
    folder = tmp_path / "so"
    folder.mkdir()
    path = case.make(folder)
    before = digest(path)
    validate = run_cli("validate", path)
    assert validate.returncode == case.status, validate.stdout + validate.stderr
    if case.where:
        assert any(line.startswith(case.where + " ") for line in validate.stdout.splitlines()), validate.stdout
    report = run_cli("report", path, "-o", tmp_path / "bao-cao.docx")
    assert report.returncode == case.report_status, report.stderr
    mark = run_cli("validate", path, "--mark")
    everything = validate.stderr + report.stderr + mark.stdout + mark.stderr
    assert "Lỗi không mong đợi" not in everything and "Traceback" not in everything
    assert mark.returncode == 1, mark.stdout + mark.stderr
    assert all(word in mark.stderr for word in REFUSALS[case.name]), mark.stderr
    assert digest(path) == before
    assert not (Path(path).resolve().parent / safe_write.BACKUP_FOLDER).exists()
