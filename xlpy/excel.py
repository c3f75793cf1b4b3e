"""A workbook open in Excel, read through xlwings: one call per sheet.

Used by the buttons (desktop RunPython, xlwings Server/Lite scripts) so that
validation sees what is on screen, saved or not.
"""

from __future__ import annotations

from xlpy.grid import Grid


class ExcelBook:
    def __init__(self, book) -> None:
        self.book = book
        # Each property read is a round trip to Excel: the sheets are listed once.
        self._sheets = {sheet.name: sheet for sheet in book.sheets}
        self.sheet_names = list(self._sheets)

    def grids(self, names: list[str]) -> list[Grid]:
        return [self.grid(name) for name in names]

    def grid(self, name: str) -> Grid:
        sheet = self._sheets[name]
        used = sheet.used_range
        # err_to_str: #REF! reads as text, and is reported, instead of as an empty cell.
        values = used.options(ndim=2, err_to_str=True).value or []
        top, left = used.row, used.column
        if left > 1:  # the grid starts at A1, as a file reader's does
            values = [[None] * (left - 1) + row for row in values]
        if top > 1:
            values = [[] for _ in range(top - 1)] + values
        headers = [table.header_row_range.row for table in sheet.tables if table.show_headers]
        return Grid(name, values, headers)
