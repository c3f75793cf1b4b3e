"""The JSON that xlwings' remote clients (Office.js, xlwings Lite/Server) send for a workbook.

Built from a real file's cell values, so that the buttons can run here, on
Linux, through xlwings itself: `xw.Book(json=payload(path))`. Writes on such a
book are recorded as actions (`book.json()["actions"]`), not applied.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import python_calamine

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%dT00:00:00.000Z")
    return value


def payload(path: Path, name: str | None = None, active: int = 0) -> dict:
    import xlwings as xw

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    sheets = []
    for sheet_name in book.sheet_names:
        rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False) or [[]]
        sheets.append(
            {
                "name": sheet_name,
                "values": [[_cell(v) for v in row] for row in rows],
                "pictures": [],
                "tables": [],
                "charts": [],
                "shapes": [],
                "pivot_tables": [],
            }
        )
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": name or str(path), "active_sheet_index": active, "selection": "A1"},
        "sheets": sheets,
        "names": [],
    }


def open_remote(path: Path, name: str | None = None):
    import xlwings as xw

    return xw.Book(json=payload(path, name))


def actions(book, func: str | None = None) -> list[dict]:
    found = book.json()["actions"]
    return [a for a in found if func is None or a["func"] == func]
