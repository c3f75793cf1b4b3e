"""A workbook open in Excel, read through xlwings: one call per sheet.

Used by the buttons (desktop RunPython, xlwings Server/Lite scripts) so that
validation sees what is on screen, saved or not.
"""

from __future__ import annotations

from xlpy.grid import Grid


class ExcelBook:
    def __init__(self, book) -> None:
        self.book = book
        self.sheet_names = [sheet.name for sheet in book.sheets]

    def grids(self, names: list[str]) -> list[Grid]:
        return [self.grid(name) for name in names]

    def grid(self, name: str) -> Grid:
        sheet = self.book.sheets[name]
        last = sheet.used_range.last_cell
        # err_to_str: #REF! reads as text, and is reported, instead of as an empty cell.
        values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value
        headers = [table.header_row_range.row for table in sheet.tables if table.show_headers]
        return Grid(name, values or [], headers)
