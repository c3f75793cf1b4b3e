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
        self.sheet_names = [sheet.name for sheet in book.sheets]

    def grids(self, names: list[str]) -> list[Grid]:
        return [self.grid(name) for name in names]

    def grid(self, name: str) -> Grid:
        sheet = self.book.sheets[name]
        last = sheet.used_range.last_cell
        # err_to_str: #REF! reads as text, and is reported (xlpy.cell_errors), instead of as an empty cell.
        values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value
        headers = [table.header_row_range.row for table in sheet.tables if table.show_headers]
        return Grid(name, _named_errors(values or []), headers)
