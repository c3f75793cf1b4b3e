"""A workbook open in Excel, read through xlwings: one call per sheet.

Used by the buttons (desktop RunPython, xlwings Server/Lite scripts) so that
validation sees what is on screen, saved or not.
"""

from __future__ import annotations

from xlpy.grid import Grid

# On Windows, COM hands Excel's newer error values as integers that xlwings' err_to_str
# does not name (it names #NULL! … #N/A): HRESULT 0x800A0000 + Excel's xlErr code.
_COM_ERRORS = {
    -2146828288 + code: text
    for code, text in {
        2043: "#GETTING_DATA",
        2045: "#SPILL!",
        2046: "#CONNECT!",
        2047: "#BLOCKED!",
        2048: "#UNKNOWN!",
        2049: "#FIELD!",
        2050: "#CALC!",
        2051: "#BUSY!",
        2052: "#PYTHON!",
    }.items()
}


def _named_errors(rows: list[list]) -> list[list]:
    """Error values as the text Excel shows, so that xlpy.cell_errors finds them."""
    for row in rows:
        for index, value in enumerate(row):
            if value.__class__ is int and value in _COM_ERRORS:
                row[index] = _COM_ERRORS[value]
    return rows


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
        # err_to_str: #REF! reads as text, and is reported (xlpy.cell_errors), instead of as an empty cell.
        values = used.options(ndim=2, err_to_str=True).value or []
        top, left = used.row, used.column
        if left > 1:  # the grid starts at A1, as a file reader's does
            values = [[None] * (left - 1) + row for row in values]
        if top > 1:
            values = [[] for _ in range(top - 1)] + values
        tables = [table for table in sheet.tables]  # one pass for both (list() would ask its length too)
        headers = [table.header_row_range.row for table in tables if table.show_headers]
        totals = [
            table.totals_row_range.row + offset
            for table in tables
            if table.show_totals
            for offset in range(table.totals_row_range.rows.count)
        ]
        return Grid(name, _named_errors(values), headers, table_total_rows=totals)
