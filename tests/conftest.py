"""Shared fixtures: the sample workbook, and small real workbooks to break."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import settings as hypothesis_settings

from xlpy import layout

# Hypothesis: `ci` (the default, and what .ci/run sets) keeps the suite under a minute; `dev`
# tries many more cases (HYPOTHESIS_PROFILE=dev .venv/bin/pytest tests/test_properties.py).
# A test's own `max_examples` scales nothing: the generated-workbook tests leave it to the
# profile; the pure-function ones keep theirs, being cheap. No example database is written
# into the repository (`database=None`): a failure prints its reproduction blob instead.
hypothesis_settings.register_profile("ci", max_examples=8, deadline=None, database=None, print_blob=True)
hypothesis_settings.register_profile("dev", max_examples=200, deadline=None, database=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbook" / "quy-dan-van-kheo.xlsx"
SEED = ROOT / "tests" / "data" / "seed-report.txt"
RATE = 50_000

SMALL_MEMBERS = [
    ("TV01", "Nguyễn Văn An", "Chủ tịch", date(2022, 1, 1), None, None, None),
    ("TV02", "Trần Thị Bình", "Phó Chủ tịch", date(2022, 1, 1), None, None, None),
    ("TV03", "Lê Văn Cường", "Chuyên viên", date(2022, 2, 1), None, None, None),
]
SMALL_SETTINGS = {
    "issuing_body": "HỘI ĐỒNG NHÂN DÂN\nXÃ THỬ NGHIỆM",
    "place": "Thử Nghiệm",
    "number": 5,
    "symbol": "BC-HĐND",
    "report_date": date(2022, 3, 31),
    "subject": "Kết quả quỹ",
    "default_rate": RATE,
    "model_name": "Quỹ thử",
    "model_form": "Mỗi người đóng",
    "contributors": "Chi bộ",
    "period_from": 2022,
    "period_to": 2022,
    "appendix_title": "BÁO CÁO THỐNG KÊ",
    "signing_authority": "TM. THƯỜNG TRỰC HĐND",
    "signer_title": "CHỦ TỊCH",
    "signer": "Nguyễn Văn An",
    "recipients": ["Như trên", "Lưu: VT"],
}


def small_rows(month: date) -> list[tuple]:
    return [
        (m[0], m[1], RATE, date(month.year, month.month, 10), None)
        for m in SMALL_MEMBERS
        if (m[3].year, m[3].month) <= (month.year, month.month)
    ]


def build_small(path: Path) -> Path:
    """3 members, January-March 2022 all paid, two activities; no problems.
    An .xlsm path gets the control panel and buttons."""
    writer = layout.WorkbookWriter(path, with_buttons=path.suffix == ".xlsm")
    if writer.with_buttons:
        writer.panel()
    writer.settings(SMALL_SETTINGS)
    writer.members(SMALL_MEMBERS)
    for month in (date(2022, 1, 1), date(2022, 2, 1), date(2022, 3, 1)):
        writer.month(month, small_rows(month))
    writer.spending(
        [
            (date(2022, 2, 15), "Tặng [Số suất] suất quà, tổng [Tổng số tiền].", "Khác", 2, 500_000, 100_000, None),
            (date(2022, 3, 20), "Thăm hỏi.", "Khác", None, 300_000, 50_000, None),
        ]
    )
    writer.lists(["Khác"])
    return writer.close()


@pytest.fixture(scope="session")
def shared_tmp(tmp_path_factory) -> Path:
    """A folder every xdist worker of this run sees (the parent of the workers' own), else this run's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def small_template(tmp_path_factory) -> Path:
    return build_small(tmp_path_factory.mktemp("small") / "small.xlsx")


Edit = Callable[[openpyxl.Workbook], None]


@pytest.fixture
def small(small_template, tmp_path) -> Callable[..., Path]:
    """small(edits) -> path of a copy of the small workbook with cells changed.

    `edits` maps (sheet, cell) to a value, or is a function of the openpyxl book.
    """

    def make(edits: dict[tuple[str, str], object] | Edit | None = None, name: str = "book.xlsx") -> Path:
        path = tmp_path / name
        shutil.copy(small_template, path)
        return apply_edits(path, edits) if edits else path

    return make


def apply_edits(path: Path, edits: dict[tuple[str, str], object] | Edit) -> Path:
    """Change cells of a real workbook with openpyxl: {(sheet, cell): value}, or a function of the book."""
    book = openpyxl.load_workbook(path)
    if callable(edits):
        edits(book)
    else:
        for (sheet, cell), value in edits.items():
            book[sheet][cell] = value
    book.save(path)
    return path


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    path = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, path)
    return path


@pytest.fixture
def sample_xlsm(tmp_path) -> Path:
    """A copy of the sample workbook with the control panel and its buttons."""
    path = tmp_path / SAMPLE.with_suffix(".xlsm").name
    shutil.copy(SAMPLE.with_suffix(".xlsm"), path)
    return path


@pytest.fixture
def no_libreoffice(monkeypatch) -> None:
    """A machine without LibreOffice (it is looked up on PATH): the .docx is written, the PDF left to Word."""
    monkeypatch.setenv("PATH", "")


def run_script(script: Path, *args: str | Path) -> None:
    """A build script of the repository (templates/build_*.py, workbook/build_sample.py) run as
    `python script args` would, in this process: no interpreter to start, the same code."""
    import contextlib
    import io
    import runpy

    saved_argv, saved_path = sys.argv, list(sys.path)
    try:
        sys.argv = [str(script), *map(str, args)]
        sys.path.insert(0, str(script.parent))  # as for a script: its folder first (`from build_template …`)
        with contextlib.redirect_stdout(io.StringIO()):
            runpy.run_path(str(script), run_name="__main__")
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def xlpy_command() -> str:
    """The installed console script, beside the interpreter running the tests."""
    found = shutil.which("xlpy", path=str(Path(sys.executable).parent))
    assert found, "pip install should put an `xlpy` command beside python"
    return found


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The command line, run in this process (fast): exit status, stdout and stderr as a shell sees them.

    `xlpy.cli.run` is what the console script runs after setting up its streams;
    `run_cli_process` runs the real console script where the process is the point.
    """
    import contextlib
    import io

    from xlpy import cli

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.run([str(a) for a in args])
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess(["xlpy", *map(str, args)], status, out.getvalue(), err.getvalue())


def run_cli_process(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real command line, in a child process, as a clerk's shell would run it."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [xlpy_command(), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=300,
    )


def docx_text(path: Path) -> str:
    """All text of a .docx in reading order (tables cell by cell), whitespace-normalised."""
    from docx import Document

    parts: list[str] = []

    def walk(container) -> None:
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) not in seen:
                            seen.add(id(cell._tc))
                            walk(cell)
            else:
                parts.append(block.text)

    walk(Document(str(path)))
    return " ".join(" ".join(parts).split())


def seed_text() -> str:
    """The seed report's text without its markdown and HTML residue."""
    import re

    text = SEED.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", text).replace("**", "").replace("*", "")
    return " ".join(text.split())


def pytest_collection_modifyitems(config, items):
    """Tests marked `libreoffice` skip where soffice is missing (.ci/run installs it)."""
    from xlpy.report import find_soffice

    if find_soffice() is None:
        skip = pytest.mark.skip(reason="LibreOffice is not installed here (.ci/run installs it)")
        for item in items:
            if "libreoffice" in item.keywords:
                item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    """One line for the corpus of broken workbooks: how many cases passed out of how many."""
    reports = [
        r
        for key in ("passed", "failed")
        for r in terminalreporter.stats.get(key, [])
        if getattr(r, "when", "") == "call" and "test_corpus.py::test_case[" in r.nodeid
    ]
    if reports:
        passed = sum(1 for r in reports if r.passed)
        terminalreporter.write_line(f"corpus of broken workbooks: {passed} of {len(reports)} cases passed")


def parts(path: Path) -> dict[str, bytes]:
    """Every member of a workbook package, by name: to compare a file part by part."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="session")
def rich_template(tmp_path_factory) -> Path:
    """A workbook with what a write must keep (tests/richbook.py), built once; copy it before a write."""
    from richbook import rich

    return rich(tmp_path_factory.mktemp("rich") / "so-quy.xlsx")


def interrupted(args: list[str], delay: float) -> subprocess.CompletedProcess | None:
    """The `xlpy` command given Ctrl-C (SIGINT) `delay` seconds after it starts; None when the
    signal landed while Python itself still started (`site`, before any of xlpy runs), which a
    loaded machine can make last that long."""
    import signal
    import time

    child = subprocess.Popen(
        [xlpy_command(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    )
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    if "init_import_site" in err:
        return None
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)
