"""python-calamine's parse of each sheet, in a thread, while xlsxscan goes on scanning the next.

calamine lets go of Python's lock while it parses, so the parse runs on a second core beside the
scan: the 120-month benchmark workbook is read in about a quarter less time (docs/reads.md).
"""

from __future__ import annotations

import threading
from collections import deque
from pathlib import Path

from xlpy.safe_write import Stamp, opened_as, stamp


def open_calamine(path: Path, calamine, version: Stamp | None):
    """The python-calamine workbook of `path` as it was scanned (`version`), or FileChanged. calamine
    parses the shared strings and styles as it opens: it reads an open file found to be that version,
    never a file saved under the name since (the module is passed in: imported only where files are read)."""
    with opened_as(path, version) as handle:
        return calamine.CalamineWorkbook.from_filelike(handle)


class ParseAhead:
    """python-calamine parses each sheet in a thread as soon as the scan has bounded it.

    calamine lets go of Python's lock while it parses, so its parse of one sheet runs beside the scan
    of the next. A sheet is handed over only while the file is still the version first looked at (the
    scan read it from the path); the file calamine opened is checked to be that version too before
    anything of it is parsed. What calamine raises is kept and met where a read without this thread
    meets it: opening in xlpy.book.open_book, parsing in FileBook.grid.
    """

    def __init__(self, path: Path, version: Stamp | None, calamine) -> None:
        self.path, self.version, self._calamine = path, version, calamine
        self._lock = threading.Condition()
        self._queue: deque[str] = deque()
        self._parsed: dict[str, object] = {}  # name -> CalamineSheet, or what parsing it raised
        self._opened: object = None  # the CalamineWorkbook, or what opening it raised
        self.sheet_names: list[str] = []
        self._closed = self._finished = False  # no more names; the thread has ended
        self.handed = 0  # sheets taken as parsed ahead
        self._thread: threading.Thread | None = None

    # --- the main thread ----------------------------------------------------------
    def passed(self, name: str) -> None:
        """xlsxscan's hook: `name` is within every limit. Once the file is found saved since it was
        first looked at, nothing more is parsed ahead (open_book then refuses the read)."""
        if stamp(self.path) != self.version:
            self.stop()
            return
        with self._lock:
            if self._closed:
                return
            self._queue.append(name)
            self._lock.notify_all()
        if self._thread is None:  # the package's own checks are all done before the first sheet passes
            self._thread = threading.Thread(target=self._run, name="xlpy-parse-ahead", daemon=True)
            self._thread.start()

    def workbook(self):
        """The workbook the thread opened (what opening it raised is raised here), or None when no sheet
        was handed over: then no thread runs, and the caller opens it."""
        with self._lock:
            self._closed = True  # the scan is over: the thread ends once its queue is parsed
            self._lock.notify_all()
            if self._thread is None:
                return None
            self._lock.wait_for(lambda: self._opened is not None or self._finished)
            opened = self._opened
        if isinstance(opened, BaseException):
            raise opened
        return opened

    def take(self, name: str):
        """The sheet parsed ahead (raising what parsing it raised), or None when it was not: then the
        thread is let finish what it has (sheets asked for later), so that calamine is never asked
        twice at once."""
        with self._lock:
            self._lock.wait_for(lambda: name in self._parsed or name not in self._queue or self._finished)
            result = self._parsed.pop(name, None)
            if result is None:
                self._closed = True
                self._lock.notify_all()
        if result is None:
            if self._thread is not None:
                self._thread.join()
        else:
            self.handed += 1
        if isinstance(result, BaseException):
            raise result
        return result

    def stop(self) -> None:
        """Parse nothing more ahead; back once the thread has let go of calamine."""
        with self._lock:
            self._closed = True
            self._queue.clear()
            self._lock.notify_all()
        if self._thread is not None:
            self._thread.join()

    # --- the thread ---------------------------------------------------------------
    def _run(self) -> None:
        try:
            self._parse_queued()
        finally:  # whatever happens here, nobody waits for this thread forever
            with self._lock:
                self._finished = True
                self._lock.notify_all()

    def _parse_queued(self) -> None:
        try:
            workbook = open_calamine(self.path, self._calamine, self.version)
            self.sheet_names = list(workbook.sheet_names)
        except BaseException as exc:  # said by open_book, as when no thread opens it
            with self._lock:
                self._opened = exc
                self._lock.notify_all()
            return
        with self._lock:
            self._opened = workbook
            self._lock.notify_all()
        if stamp(self.path) != self.version:
            return  # nothing parsed of a version not scanned; open_book says the file was saved meanwhile
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._queue or self._closed)
                if not self._queue:
                    return
                name = self._queue[0]
            try:
                result: object = workbook.get_sheet_by_name(name)
            except BaseException as exc:  # calamine's errors and panics: met in FileBook.grid
                result = exc
            with self._lock:
                if self._queue and self._queue[0] == name:
                    self._queue.popleft()
                    self._parsed[name] = result
                self._lock.notify_all()
