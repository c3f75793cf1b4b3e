"""What every reader hands to validation: a sheet's values as a grid, and cell references.

A `Book` is anything that lists `sheet_names` and gives each sheet's `Grid`:
a file read by python-calamine (xlpy.book) or a workbook open in Excel
(xlpy.excel). Nothing here reads a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

Cell = object  # str | float | int | bool | date | datetime | time | timedelta | None


@dataclass
class Grid:
    """One sheet's values from A1; `table_header_rows` and `table_total_rows` are 1-based rows of
    its Excel Tables (a Total Row is no data)."""

    name: str
    rows: list[list[Cell]]
    table_header_rows: list[int] = field(default_factory=list)
    # (cell, what) for cells read as empty although they hold a formula (xlpy.xlsxscan)
    formula_cells: list[tuple[str, str]] = field(default_factory=list)
    table_total_rows: list[int] = field(default_factory=list)


class Book(Protocol):
    """What validation reads from a workbook, whoever opened it."""

    sheet_names: list[str]

    def grid(self, name: str) -> Grid: ...

    def grids(self, names: list[str]) -> list[Grid]: ...


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA (openpyxl has this too, but costs 0.15 s to import)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letter: str) -> int:
    """A -> 1, AA -> 27."""
    index = 0
    for char in letter.upper():
        index = index * 26 + ord(char) - 64
    return index


_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})$")


def split_reference(reference: str) -> tuple[str, int] | None:
    """'C5' -> ('C', 5); None for anything that is not a single cell reference."""
    match = _REFERENCE.match(reference.strip())
    return (match.group(1).upper(), int(match.group(2))) if match else None
