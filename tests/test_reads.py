"""Reads with hard bounds: every bomb is refused (exit status 2, a Vietnamese message, no traceback)
by a child process held under an address-space limit, and files just inside the limits are read
within 512 MB and 30 s. The cases themselves are in tests/corpus_reads.py (gathered by the corpus too)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from corpus_reads import CASES, OLD_XLS, huge_shared_string, just_inside

from xlpy import compound, xlsxscan
from xlpy.errors import TooLarge

ADDRESS_SPACE = 1536 << 20
PEAK_MB = 512
SECONDS = 30
CHILD = """
import contextlib, io, json, sys, time
from xlpy import cli
results = []
for path in sys.argv[1:]:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.run(["validate", path])
    results.append([status, out.getvalue(), err.getvalue(), time.perf_counter() - started])
print(json.dumps(results))
"""


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def validate_limited(paths: list[Path], folder: Path) -> tuple[list, float]:
    """`xlpy validate` of each path in one child under the address-space limit: results and peak MB."""
    out, err = folder / "child.out", folder / "child.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, *map(str, paths)],
            stdout=stdout,
            stderr=stderr,
            preexec_fn=_limited,
            env={**os.environ, "PYTHONIOENCODING": "utf-8", "OPENBLAS_NUM_THREADS": "1"},
        )
        _, status, usage = os.wait4(child.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, err.read_text()
    return json.loads(out.read_text(encoding="utf-8")), usage.ru_maxrss / 1024


BOMBS = [case for case in CASES if case.status == 2]


def validate_cases_limited(cases: list, folder: Path) -> tuple[list, float]:
    """Each case built in a folder of its own, then `validate_limited` on them all."""
    paths = []
    for index, case in enumerate(cases):
        (folder / str(index)).mkdir()
        paths.append(case.make(folder / str(index)))
    return validate_limited(paths, folder)


def test_every_bomb_is_refused_under_an_address_space_limit(tmp_path):
    results, peak = validate_cases_limited(BOMBS, tmp_path)
    print(f"bombs: peak {peak:.0f} MB")
    for case, (status, out, err, _) in zip(BOMBS, results, strict=True):
        assert status == 2, (case.name, status, out, err)
        assert "Traceback" not in out + err and "Lỗi không mong đợi" not in err, (case.name, err)
        assert "Không đọc được sổ" in err and all(w.casefold() in err.casefold() for w in case.words), (case.name, err)
    assert peak < PEAK_MB


READ_UNDER_LIMITS = [case for case in CASES if case.own_process and case.status != 2]


def test_hostile_files_that_are_read_stay_under_the_address_space_limit(tmp_path):
    """A table declaring the whole sheet, or 30 million Total Rows: read, within the same bounds."""
    results, peak = validate_cases_limited(READ_UNDER_LIMITS, tmp_path)
    for case, (status, out, err, _) in zip(READ_UNDER_LIMITS, results, strict=True):
        assert status == case.status and "Traceback" not in out + err, (case.name, status, out, err)
    assert READ_UNDER_LIMITS and peak < PEAK_MB


def test_files_just_inside_the_limits_are_read_within_512_MB_and_30_s(tmp_path):
    path = just_inside(tmp_path)
    scan = xlsxscan.scan(path)
    assert scan.package is not None
    totals = scan.package.totals
    # the file is as close to the limits as its own sheets allow
    assert xlsxscan.MAX_AREA - 10_000 < totals.area <= xlsxscan.MAX_AREA
    assert xlsxscan.MAX_TEXT - 500_000 < totals.text <= xlsxscan.MAX_TEXT
    started = time.perf_counter()
    [(status, out, err, seconds)], peak = validate_limited([path], tmp_path)
    print(f"just inside the limits: peak {peak:.0f} MB, {seconds:.1f} s")
    assert status in (0, 1) and "Traceback" not in out + err, (status, out, err)
    assert peak < PEAK_MB and seconds < SECONDS and time.perf_counter() - started < SECONDS


def test_a_shared_string_too_long_for_the_parser_is_refused_where_a_sheet_uses_it(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsxscan, "MAX_RATIO", 10**6)  # past the ratio check, to reach libxml2's 10 MB text cap
    path = huge_shared_string(tmp_path)
    with pytest.raises(TooLarge, match=r"Sheet 'T01-2019' ô A1 có hơn 10\.000\.000 ký tự"):
        xlsxscan.scan(path)


def test_a_sheet_refused_when_first_asked_for_is_refused_every_time(tmp_path):
    """A sheet scanned late (not one of the fund's) and past a limit must never reach python-calamine,
    however often it is asked for: asked again, it is refused again."""
    from corpus import rewritten, sheet_part
    from corpus_reads import add_rows

    far = add_rows('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    path = rewritten(sheet_part("Danh mục"), far)(tmp_path)
    scan = xlsxscan.scan(path)
    for _ in range(2):
        with pytest.raises(TooLarge, match="Sheet 'Danh mục' có ô ở quá xa"):
            scan.sheet("Danh mục")


def test_a_compound_file_is_told_apart_by_its_streams(tmp_path):
    from corpus import ENCRYPTED

    (tmp_path / "a.xlsx").write_bytes(ENCRYPTED)
    (tmp_path / "b.xlsx").write_bytes(OLD_XLS)
    assert compound.describe(tmp_path / "a.xlsx") == "encrypted"
    assert compound.describe(tmp_path / "b.xlsx") == "old-xls"
    assert "EncryptedPackage" in compound.stream_names(tmp_path / "a.xlsx")


def _small(folder: Path) -> Path:
    from conftest import build_small

    return build_small(folder / "so.xlsx")


AGREE = {
    **{c.name: c.make for c in CASES if c.status != 2},
    **{c.name: c.make for c in BOMBS if "CZ200000" in c.name or "out of order" in c.name or "r counted" in c.name},
    "small workbook": _small,
    "just inside the limits": just_inside,
}


@pytest.mark.parametrize("name", AGREE)
def test_the_fast_way_and_the_parser_agree(name, tmp_path, monkeypatch):
    """Sheets written as Excel writes them are read by byte searches, any other by the parser: both
    give the same extent, cells, text and formula cells, or the same refusal."""
    path = AGREE[name](tmp_path)

    def outcome():
        try:
            scan = xlsxscan.scan(path)
        except TooLarge as exc:
            return str(exc)
        assert scan.package is not None
        return scan.package.totals, scan.formula_cells

    fast = outcome()
    monkeypatch.setattr(xlsxscan._SheetScan, "_plain", lambda self: False)
    assert outcome() == fast


@pytest.mark.parametrize("make", [_small, just_inside])
def test_a_workbook_as_excel_writes_it_is_read_the_fast_way(make, tmp_path, monkeypatch):
    path = make(tmp_path)
    plain: list[bool] = []
    original = xlsxscan._SheetScan._plain
    monkeypatch.setattr(xlsxscan._SheetScan, "_plain", lambda self: plain.append(original(self)) or plain[-1])
    xlsxscan.scan(path)
    assert plain and all(plain)


def test_a_save_while_the_workbook_is_read_is_said_never_read_unscanned(tmp_path, small_template):
    """Excel saves by writing a new file and renaming it over the old: read meanwhile, the scan and
    python-calamine could see two versions (the file then said to be damaged, or a version read that
    was never scanned). The read refuses, saying the workbook was just saved."""

    import shutil
    import threading

    from conftest import apply_edits, run_cli

    other = apply_edits(shutil.copy(small_template, tmp_path / "b.xlsx"), {("T02-2022", "C4"): 60_000})
    book = tmp_path / "so.xlsx"
    shutil.copy(small_template, book)
    stop = threading.Event()

    def save_again_and_again() -> None:
        turn = 0
        while not stop.is_set():
            shutil.copy(other if turn % 2 else small_template, tmp_path / "tmp.xlsx")
            os.replace(tmp_path / "tmp.xlsx", book)
            turn += 1

    saver = threading.Thread(target=save_again_and_again)
    saver.start()
    try:
        results = []
        while len(results) < 40 and sum(r.returncode == 2 for r in results) < 2:  # a save lands within a few
            results.append(run_cli("validate", book))
    finally:
        stop.set()
        saver.join()
    said = [r.stderr for r in results if r.returncode]
    assert all(r.returncode in (0, 2) for r in results) and said
    assert all("vừa được lưu lại" in text and "hỏng" not in text for text in said), said


def _read_whole(path: Path, parse_ahead: bool):
    """Every sheet's rows and formula cells as FileBook gives them (the clerk's own sheets first, as
    xlpy.fund reads them), or the refusal."""
    from xlpy.book import open_book
    from xlpy.errors import XlpyError

    try:
        book = open_book(path, parse_ahead=parse_ahead)
        names = sorted(book.sheet_names, key=xlsxscan.read_sheet)
        return [(g.name, g.rows, g.formula_cells) for g in book.grids(names)], book
    except XlpyError as exc:
        return str(exc), None


def _sample(folder: Path) -> Path:
    import shutil

    from conftest import SAMPLE

    return Path(shutil.copy(SAMPLE, folder))


def _with_own_sheet(folder: Path) -> Path:
    """The sample with a sheet of the clerk's own before the monthly ones: read lazily, in between."""
    import openpyxl
    from conftest import SAMPLE

    book = openpyxl.load_workbook(SAMPLE)
    book.create_sheet("Ghi chú", 1)["A1"] = "sổ tay của thủ quỹ"
    book.save(folder / "own.xlsx")
    return folder / "own.xlsx"


AHEAD = {
    **{c.name: c.make for c in CASES},
    "sample": _sample,
    "sample with a sheet of the clerk's own": _with_own_sheet,
}


@pytest.mark.parametrize("name", AHEAD)
def test_sheets_parsed_ahead_are_the_sheets_read_one_by_one(name, tmp_path):
    """python-calamine parses each sheet in a thread while the scan goes on (xlpy.parse_ahead):
    what it gives, and what it refuses, is what the read without that thread gives."""
    path = AHEAD[name](tmp_path)
    ahead, _ = _read_whole(path, parse_ahead=True)
    assert repr(ahead) == repr(_read_whole(path, parse_ahead=False)[0])  # repr: NaN as read equals NaN
    assert not [t for t in threading.enumerate() if t.name == "xlpy-parse-ahead"], "a thread left running"


def test_a_workbook_as_excel_writes_it_is_parsed_ahead(tmp_path):
    path = AHEAD["sample"](tmp_path)
    _, book = _read_whole(path, parse_ahead=True)
    assert book is not None
    wanted = [name for name in book.sheet_names if xlsxscan.read_sheet(name)]
    assert 40 < len(wanted) < len(book.sheet_names)  # the clerk's other sheets are read after: they wait
    assert book._ahead.handed == len(wanted)  # every sheet xlpy.fund reads, each parsed once


@pytest.mark.parametrize("parse_ahead", [True, False])
@pytest.mark.parametrize("when", ["after the scan, before calamine opens", "before a sheet scanned late"])
def test_calamine_reads_only_the_version_scanned(when, parse_ahead, tmp_path, monkeypatch):
    """A save (a new file renamed over the name) in the middle of a read: python-calamine parses shared
    strings and styles as it opens, and a sheet scanned late is parsed from the file calamine holds. It
    must never read bytes that were not scanned (a hostile trial aborted the process both ways): the
    read ends with "vừa được lưu lại", and every byte calamine read is the first version's."""
    import hashlib
    import io
    import shutil

    import openpyxl
    import python_calamine

    from xlpy.book import open_book
    from xlpy.errors import WorkbookUnreadable

    first = _with_own_sheet(tmp_path)
    second = tmp_path / "second.xlsx"
    book = openpyxl.load_workbook(first)
    book["Ghi chú"]["A1"] = "một phiên bản khác"
    book.save(second)
    path = Path(shutil.copy(first, tmp_path / "so.xlsx"))
    sha = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in (first, second)}
    real, read = python_calamine.CalamineWorkbook, []

    class Recording:  # what calamine is given to read
        @staticmethod
        def from_filelike(handle):
            data = handle.read()
            read.append(sha.get(hashlib.sha256(data).hexdigest(), "?"))
            return real.from_filelike(io.BytesIO(data))

        @staticmethod
        def from_path(name):
            read.append(sha.get(hashlib.sha256(Path(name).read_bytes()).hexdigest(), "?"))
            return real.from_path(name)

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Recording)

    def save() -> None:
        os.replace(shutil.copy(second, tmp_path / "tmp.xlsx"), path)

    scan, scan_sheets = xlsxscan.scan, xlsxscan.Package.scan_sheets

    def saved_after_the_scan(*args, **kwargs):
        result = scan(*args, **kwargs)
        save()
        return result

    def saved_before_a_late_sheet(self, names, result, passed=None):
        if names == ["Ghi chú"]:
            save()
        return scan_sheets(self, names, result, passed)

    if when == "after the scan, before calamine opens":
        monkeypatch.setattr(xlsxscan, "scan", saved_after_the_scan)
    else:
        monkeypatch.setattr(xlsxscan.Package, "scan_sheets", saved_before_a_late_sheet)
    with pytest.raises(WorkbookUnreadable, match="vừa được lưu lại"):
        opened = open_book(path, parse_ahead=parse_ahead)
        opened.grids(opened.sheet_names)
    assert set(read) <= {"own.xlsx"}, read


def test_a_workbook_whose_sheets_are_all_misnamed_is_read_alike_both_ways(tmp_path):
    """No sheet the scan picks (every title mistyped): nothing is parsed ahead, and the sheets are
    still all there to be told about (a hostile trial: an empty list, 51 errors never said)."""
    import openpyxl
    from conftest import SAMPLE, run_cli

    book = openpyxl.load_workbook(SAMPLE)
    for sheet in book.worksheets:
        sheet.title = "Tháng " + sheet.title if sheet.title[0] == "T" else sheet.title + " cũ"
    book.save(tmp_path / "so.xlsx")
    from xlpy.book import open_book

    assert open_book(tmp_path / "so.xlsx", parse_ahead=True).sheet_names == [s.title for s in book.worksheets]
    assert run_cli("validate", tmp_path / "so.xlsx").stdout.count("[lỗi]") > 40


@pytest.mark.parametrize("parse_ahead", [True, False])
def test_a_file_renamed_away_and_back_around_the_scan_is_never_read_unscanned(parse_ahead, tmp_path, monkeypatch):
    """Another file under the name while the scan runs, the first put back after: same inode, size
    and time, so a stamp of those saw nothing, and calamine read a file never scanned (a hostile trial
    aborted the process on a far cell). The change time is in the stamp: the read is refused."""
    import shutil

    from xlpy.book import open_book
    from xlpy.errors import WorkbookUnreadable

    first, other = _with_own_sheet(tmp_path), _sample(tmp_path)
    path, aside = Path(shutil.copy(first, tmp_path / "so.xlsx")), tmp_path / "aside.xlsx"
    scan = xlsxscan.scan

    def another_file_meanwhile(*args, **kwargs):
        os.rename(path, aside)
        shutil.copy(other, path)
        try:
            return scan(*args, **kwargs)
        finally:
            os.replace(aside, path)

    monkeypatch.setattr(xlsxscan, "scan", another_file_meanwhile)
    with pytest.raises(WorkbookUnreadable, match="vừa được lưu lại"):
        open_book(path, parse_ahead=parse_ahead)
