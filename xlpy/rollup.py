"""The roll-up: every unit workbook under a folder, validated and totalled on all cores.

Units report upward (communes to a district, districts to a province). Each
workbook is loaded, validated and totalled in a worker process that imported
pandas and pandera once; only a small `Unit` record (figures and problems)
comes back, so memory does not grow with the units' size. A unit with errors,
or a file that cannot be read, is listed with its problems and left out of
the totals: a province's figure never silently includes a broken book.

The outputs (a consolidated workbook, a .docx report, JSON) are written by
xlpy.rollup_out; nothing here writes into the folder.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from xlpy.errors import WorkbookUnreadable, XlpyError
from xlpy.outcome import tally
from xlpy.problems import Problem, Severity
from xlpy.text import fold, shown

# A unit saved as .xls is listed (unreadable, with the message to save it as .xlsx), never skipped.
SUFFIXES = (".xlsx", ".xlsm", ".xls")
OK, ERRORS, UNREADABLE = "ok", "errors", "unreadable"
STATUS_WORDS = {OK: "Đạt", ERRORS: "Có lỗi", UNREADABLE: "Không đọc được"}


@dataclass(frozen=True)
class Unit:
    """One unit's line of the roll-up; figures are None when the unit is left out."""

    file: str  # relative to the folder, with `/`
    unit: str
    status: str
    as_of: date | None = None
    members: int | None = None
    collected: int | None = None
    spent_from_fund: int | None = None
    balance: int | None = None
    in_arrears: int | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> int:
        return tally(list(self.problems)).errors

    @property
    def warnings(self) -> int:
        return tally(list(self.problems)).warnings

    @property
    def counted(self) -> bool:
        return self.status == OK

    def first_problem(self) -> str:
        """Its first error (else its first problem), with the sheet and cell: what to open first."""
        first = next((p for p in self.problems if p.severity is Severity.ERROR), None) or next(
            iter(self.problems), None
        )
        if first is None:
            return ""
        return f"{first.where}: {first.message}" if first.sheet else first.message


@dataclass(frozen=True)
class Duplicate:
    """Units of one name (the same workbook copied twice?): each copy is counted, so said once."""

    unit: str
    files: tuple[str, ...]
    counted: int  # how many of them are in the totals

    @property
    def message(self) -> str:
        files = ", ".join(self.files)
        twice = f", được cộng {self.counted} lần vào tổng" if self.counted > 1 else ""
        return (
            f"Đơn vị '{self.unit}' có {len(self.files)} sổ ({files}){twice}: có thể là các bản sao của cùng "
            "một sổ. Bỏ bản thừa khỏi thư mục, hoặc sửa 'Cơ quan báo cáo' trong sheet 'Cài đặt' cho đúng đơn vị."
        )

    def to_dict(self) -> dict:
        return {"unit": self.unit, "files": list(self.files), "counted": self.counted, "message": self.message}


@dataclass
class Rollup:
    as_of: date | None  # the date given, or the one date every counted unit shares
    units: list[Unit] = field(default_factory=list)

    @property
    def counted(self) -> list[Unit]:
        return [u for u in self.units if u.counted]

    @property
    def left_out(self) -> list[Unit]:
        return [u for u in self.units if not u.counted]

    def duplicates(self) -> list[Duplicate]:
        """Unit names found in more than one workbook that was read (compared as `fold` compares)."""
        by_name: dict[str, list[Unit]] = {}
        for unit in self.units:
            if unit.status != UNREADABLE:  # its name is its file's: not the unit's own
                by_name.setdefault(fold(unit.unit), []).append(unit)
        return [
            Duplicate(same[0].unit, tuple(u.file for u in same), sum(u.counted for u in same))
            for same in by_name.values()
            if len(same) > 1
        ]

    def totals(self) -> dict[str, int]:
        counted = self.counted

        def total(name: str) -> int:
            return sum(getattr(u, name) or 0 for u in counted)

        return {
            "units": len(counted),
            "members": total("members"),
            "collected": total("collected"),
            "spent_from_fund": total("spent_from_fund"),
            "balance": total("balance"),
            "members_in_arrears": total("in_arrears"),
        }

    def to_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "units": [
                {
                    "file": u.file,
                    "unit": u.unit,
                    "status": u.status,
                    "as_of": u.as_of.isoformat() if u.as_of else None,
                    "members": u.members,
                    "collected": u.collected,
                    "spent_from_fund": u.spent_from_fund,
                    "balance": u.balance,
                    "members_in_arrears": u.in_arrears,
                    "errors": u.errors,
                    "warnings": u.warnings,
                }
                for u in self.units
            ],
            "totals": self.totals(),
            "left_out": len(self.left_out),
            "warnings": [d.to_dict() for d in self.duplicates()],
        }


def workbooks(folder: Path) -> list[Path]:
    """Every .xlsx/.xlsm (and .xls, to be listed as unreadable) under `folder`, sorted, each file once
    (a link to a unit is the unit); Excel's `~$` owner files and xlpy's own backups and half-written
    files skipped."""
    from xlpy.safe_write import is_own_file

    if folder.is_file():
        raise WorkbookUnreadable(
            f"'{folder}' là một tệp, không phải thư mục. Gộp số liệu cần thư mục chứa các sổ của các đơn vị; "
            "với một sổ, dùng xlpy summary."
        )
    if not folder.is_dir():
        raise WorkbookUnreadable(f"Không có thư mục '{folder}'. Kiểm tra lại đường dẫn.")
    found: dict[Path, Path] = {}
    for path in sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix().casefold()):
        if path.suffix.lower() not in SUFFIXES or path.name.startswith("~$") or is_own_file(path.relative_to(folder)):
            continue
        if path.is_file():
            found.setdefault(path.resolve(), path)
    return list(found.values())


def unit_name(settings, path: Path) -> str:
    """The unit as its own `Cài đặt` names it: Cơ quan báo cáo, else Cơ quan ban hành, else the file."""
    return " ".join(settings.reporting_body.split()) or settings.unit or path.stem


WORKER_MEMORY = 2 << 30  # bytes of address space a worker may take beyond its imports (Linux)


def _warm(memory: int | None = WORKER_MEMORY) -> None:
    """Each worker imports the heavy libraries once, before its first unit, then caps its memory."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the roll-up stops its workers (`_workers_deaf`)
    sys.modules.setdefault("hypothesis", None)  # type: ignore[arg-type]  # see xlpy.cli.main
    import python_calamine  # noqa: F401

    import xlpy.book
    import xlpy.fund  # noqa: F401

    if memory is not None:
        _cap_memory(memory)
    # What a worker has to say comes back as its units' problems; a reader that aborts
    # (Rust prints "memory allocation … failed" and a backtrace) would only litter the terminal.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _cap_memory(extra: int) -> None:
    """Limit this process's address space to what it holds now plus `extra` bytes.

    The scan bounds what a unit may allocate (the largest workbook it admits peaks
    near 500 MB); this is the floor under a hole in it: an allocation past the cap
    fails in this worker (MemoryError, or a reader that aborts and breaks the pool),
    and the unit is listed as unreadable instead of taking the machine's memory.
    Linux only: Windows has no RLIMIT_AS, and macOS does not enforce it.
    """
    if not sys.platform.startswith("linux"):
        return
    import resource

    try:
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # no /proc (a bare container): no cap rather than no roll-up
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = min(x for x in (size + extra, soft, hard) if x != resource.RLIM_INFINITY)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


Job = tuple[str, str, date | None]  # the workbook's path, its name relative to the folder, --as-of
BATCH = 8  # units whose schemas run in one pass (xlpy.fund.finish): about 4 times less work a unit


def roll_one(job: Job) -> Unit:
    """Load, validate and total one workbook; every failure becomes the unit's problem."""
    return roll_batch([job])[0]


def roll_batch(jobs: list[Job]) -> list[Unit]:
    """Each workbook read alone, their schemas run in one pass, each totalled alone.

    A workbook that cannot be read is that unit's problem only; should the pass over
    several fail, or several together need more memory than a worker has, each is done
    again alone, so a failure is blamed on its own unit.
    """
    try:
        return _roll_together(jobs)
    except _Again:
        pass  # out of the handler first: the traceback would keep the batch's frames alive
    except Exception as exc:  # nothing foreseen ends the roll-up; the unit to blame is found alone
        if len(jobs) == 1:
            return [_unreadable(jobs[0][1], Path(jobs[0][0]), exc)]
    return [roll_one(job) for job in jobs]


class _Again(Exception):
    """A batch to be done again one unit at a time."""


def _roll_together(jobs: list[Job]) -> list[Unit]:
    from xlpy.book import open_book
    from xlpy.fund import draft, finish

    several = len(jobs) > 1
    units: list[Unit | None] = [None] * len(jobs)
    drafts = {}
    for index, (path_text, relative, _) in enumerate(jobs):
        path = Path(path_text)
        try:
            drafts[index] = draft(open_book(path), path)
        except Exception as exc:  # one broken book never stops the roll-up
            if several and _out_of_memory(exc):
                raise _Again from None
            units[index] = _unreadable(relative, path, exc)
    try:
        funds = finish(list(drafts.values()))
    except Exception as exc:
        if several and drafts:
            raise _Again from None
        funds = []
        for index in drafts:
            units[index] = _unreadable(jobs[index][1], Path(jobs[index][0]), exc)
    for index, fund in zip(drafts, funds, strict=False):
        units[index] = _totalled(fund, jobs[index], several)
    return [unit for unit in units if unit is not None]  # every one is set by now


def _totalled(fund, job: Job, several: bool = False) -> Unit:
    path_text, relative, as_of = job
    path = Path(path_text)
    try:
        unit = unit_name(fund.settings, path)
        members = int(fund.members["_key"].dropna().nunique())
        problems = tuple(fund.problems)
        if tally(fund.problems).errors:
            return Unit(relative, unit, ERRORS, fund.as_of(as_of), members, problems=problems)
        result = fund.summary(as_of)
        return Unit(
            relative,
            unit,
            OK,
            result.as_of,
            members,
            result.collected,
            result.spent_from_fund,
            result.balance,
            int((result.members["balance"] < 0).sum()),
            problems,
        )
    except Exception as exc:
        if several and _out_of_memory(exc):
            raise _Again from None
        return _unreadable(relative, path, exc)


def _shown(unit: Unit) -> Unit:
    """The unit with its file name, and the messages that quote it, safe for every output."""
    problems = tuple(replace(p, message=shown(p.message)) for p in unit.problems)
    return replace(unit, file=shown(unit.file), unit=shown(unit.unit), problems=problems)


def _unreadable(relative: str, path: Path, exc: Exception) -> Unit:
    if isinstance(exc, XlpyError):
        message = exc.message
    elif _out_of_memory(exc):
        message = (
            "Đọc tệp cần nhiều bộ nhớ hơn mức xlpy dành cho một sổ khi tổng hợp: có thể tệp bị hỏng "
            "hoặc bị làm phình. Mở bằng Excel, lưu lại rồi chạy lại; nếu vẫn vậy, hỏi lại đơn vị gửi tệp."
        )
    else:
        message = f"Lỗi không mong đợi khi đọc tệp ({type(exc).__name__}: {exc})."
    return Unit(relative, path.stem, UNREADABLE, problems=(Problem("", None, None, Severity.ERROR, message),))


def _out_of_memory(exc: Exception) -> bool:
    """A MemoryError, or the system refusing memory inside a call (ENOMEM: the worker's cap met while
    a module loads or a file opens)."""
    return isinstance(exc, MemoryError) or (isinstance(exc, OSError) and exc.errno == errno.ENOMEM)


def _crashed(relative: str, path: Path) -> Unit:
    message = "Tệp làm trình đọc dừng đột ngột. Mở bằng Excel, lưu lại rồi chạy lại."
    return Unit(relative, path.stem, UNREADABLE, problems=(Problem("", None, None, Severity.ERROR, message),))


def _results(jobs: list[Job], workers: int, memory: int | None) -> Iterator[Unit]:
    """Units in the order of `jobs`, as the pool finishes them.

    A worker that dies (a reader aborting on a hostile file) breaks the pool;
    what is left then runs one file per pool, so the one file to blame is named.
    """
    size = max(1, min(BATCH, len(jobs) // (workers * 4)))  # small enough that no worker idles long at the end
    batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    done = 0
    try:
        with _pool(workers, memory) as pool:
            with _workers_deaf():  # the workers are made here, at the first submissions
                results = pool.map(roll_batch, batches)
            for units in results:
                for unit in units:
                    done += 1
                    yield unit
    except BrokenProcessPool:
        for job in jobs[done:]:
            try:
                with _pool(1, memory) as pool:
                    with _workers_deaf():
                        future = pool.submit(roll_one, job)
                    yield future.result()
            except BrokenProcessPool:
                yield _crashed(job[1], Path(job[0]))


@contextmanager
def _pool(workers: int, memory: int | None) -> Iterator[ProcessPoolExecutor]:
    """A pool of workers that, on Ctrl-C, drops the batches not started and waits for the ones
    running (a second or so): then the interrupt goes on up, to "Đã dừng."."""
    pool = ProcessPoolExecutor(workers, initializer=_warm, initargs=(memory,))
    try:
        yield pool
    except KeyboardInterrupt:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)


@contextmanager
def _workers_deaf() -> Iterator[None]:
    """Ctrl-C ignored while workers are made (they are forked with it ignored, and `_warm` keeps it
    so): the roll-up stops them itself. Without it a worker still starting printed a traceback, and
    the pool could hang. (Signal handlers belong to the main thread: elsewhere, nothing to do.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def roll_up(
    folder: Path,
    as_of: date | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    memory: int | None = WORKER_MEMORY,
) -> Rollup:
    """Every unit workbook under `folder`; `progress(done, total)` after each one; each worker's
    address space capped at its imports plus `memory` bytes (Linux; None: no cap)."""
    folder = Path(folder)
    paths = workbooks(folder)
    jobs: list[Job] = [(str(p), p.relative_to(folder).as_posix(), as_of) for p in paths]
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    units = []
    for unit in _results(jobs, workers, memory):
        units.append(_shown(unit))
        if progress:
            progress(len(units), len(jobs))
    dates = {u.as_of for u in units if u.counted}
    return Rollup(as_of or (dates.pop() if len(dates) == 1 else None), units)
