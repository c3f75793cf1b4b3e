"""The JSON that xlwings' remote clients (Office.js, xlwings Lite/Server) send for a workbook.

Built from a real file as Excel would show it, so that the buttons can run
here, on Linux, through xlwings itself: `xw.Book(json=payload(path))`. Each
sheet's values from A1 are the values Excel last saved (read by openpyxl, a
reader independent of xlpy's): a formula sends its cached value, an error
value its text (`#REF!`), a date its ISO text; Excel Tables are sent with
their ranges. Writes on such a book are recorded as actions
(`book.json()["actions"]`), not applied.
"""

from __future__ import annotations

import os
import warnings
from datetime import date, datetime, time
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(value, time):
        return value.isoformat()
    return "" if value is None else value


def _load(path: Path, data_only: bool = True):
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only, keep_vba=False)


def _table(table) -> dict:
    from openpyxl.utils.cell import range_boundaries

    first_column, first_row, last_column, last_row = range_boundaries(table.ref)
    headers, totals = table.headerRowCount != 0, bool(table.totalsRowCount)

    def rows(top: int, bottom: int) -> str | None:
        from openpyxl.utils import get_column_letter

        if top > bottom:
            return None
        return f"{get_column_letter(first_column)}{top}:{get_column_letter(last_column)}{bottom}"

    return {
        "name": table.displayName,
        "range_address": table.ref,
        "header_row_range_address": rows(first_row, first_row) if headers else None,
        "data_body_range_address": rows(first_row + headers, last_row - totals),
        "total_row_range_address": rows(last_row, last_row) if totals else None,
        "show_headers": headers,
        "show_totals": totals,
        "table_style": table.tableStyleInfo.name if table.tableStyleInfo else None,
        "show_autofilter": table.autoFilter is not None,
    }


def sent_sheet(name: str, values: list[list], tables=()) -> dict:
    """One sheet as the remote clients send it: its values and Excel Tables (nothing else is read)."""
    return {
        "name": name,
        "values": values,
        "pictures": [],
        "tables": [_table(table) for table in tables],
        "charts": [],
        "shapes": [],
        "pivot_tables": [],
    }


def payload(path: Path, name: str | None = None, active: int = 0) -> dict:
    import xlwings as xw

    book = _load(path)
    sheets = []
    for sheet in book.worksheets:
        rows = [list(row) for row in sheet.iter_rows(min_row=1, min_col=1, values_only=True)] or [[]]
        sheets.append(sent_sheet(sheet.title, [[_cell(v) for v in row] for row in rows], sheet.tables.values()))
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": name or str(path), "active_sheet_index": active, "selection": "A1"},
        "sheets": sheets,
        "names": [],
    }


def uncalculated(path: Path) -> list[str]:
    """Formula cells saved without a value (by a tool that does not calculate): Excel would
    calculate them on opening, which no payload built from the file can do."""
    formulas, values = _load(path, data_only=False), _load(path)
    return [
        f"'{sheet.title}'!{cell.coordinate}"
        for sheet in formulas.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f" and values[sheet.title][cell.coordinate].value is None
    ]


def open_remote(path: Path, name: str | None = None):
    import xlwings as xw

    return xw.Book(json=payload(path, name))


def actions(book, func: str | None = None) -> list[dict]:
    found = book.json()["actions"]
    return [a for a in found if func is None or a["func"] == func]
