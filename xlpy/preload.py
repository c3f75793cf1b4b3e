"""Reading a workbook file while pandas and pandera import: a one-shot command's start.

A fresh `xlpy validate` spends about 0.6 s importing pandas and pandera, and
then reads the file (python-calamine, which parses a sheet's XML with Python's
lock released for part of the time). Started in a thread before those imports,
the reading overlaps them. Only the command line's one-shot loads need this;
a warm Python (the buttons' server, the roll-up's workers) calls
`xlpy.fund.load` directly.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import python_calamine  # noqa: F401  # imported here, not in the thread: the thread only reads

from xlpy import xlsxscan  # noqa: F401
from xlpy.book import FileBook, open_book
from xlpy.grid import Grid


class ReadBook:
    """A FileBook whose sheets were all read already; a sheet not read is read when asked for."""

    def __init__(self, book: FileBook, grids: dict[str, Grid]) -> None:
        self._book = book
        self._grids = grids
        self.sheet_names = book.sheet_names

    def grid(self, name: str) -> Grid:
        found = self._grids.get(name)
        return found if found is not None else self._book.grid(name)

    def grids(self, names: list[str]) -> list[Grid]:
        return [self.grid(name) for name in names]


def _read(path: Path) -> ReadBook:
    book = open_book(path)
    return ReadBook(book, {name: book.grid(name) for name in book.sheet_names})


def load(path: str | Path):
    """`xlpy.fund.load`, with the file read during the imports. Raises WorkbookUnreadable as load does."""
    path = Path(path)
    with ThreadPoolExecutor(1) as pool:
        reading = pool.submit(_read, path)
        from xlpy.fund import from_book  # pandas and pandera import meanwhile

        book = reading.result()
    return from_book(book, path)
