"""From a sheet's grid to a typed frame: find the header row, pick the columns.

The header labels come from the schemas (`Column(title=…)`), so the contract's
wording lives in one place. Labels compare after NFC, trimming and case folding.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from xlpy import cells
from xlpy.book import Grid
from xlpy.problems import Problem, Severity, column_letter
from xlpy.text import fold

HEADER_SEARCH_ROWS = 10


@dataclass
class Located:
    """A contract sheet's data: raw cells by field, indexed by Excel row."""

    sheet: str
    frame: pd.DataFrame
    letters: dict[str, str]


def fields(schema: pa.DataFrameSchema) -> dict[str, pa.Column]:
    """The contract columns of a schema: the ones with a header label."""
    return {name: col for name, col in schema.columns.items() if col.title}


def _find_header(grid: Grid, titles: dict[str, str]) -> int | None:
    """0-based index of the header row: an Excel Table's, else the best match."""
    for header_row in grid.table_header_rows:
        row = grid.rows[header_row - 1] if header_row - 1 < len(grid.rows) else []
        if {fold(v) for v in row} & set(titles.values()):
            return header_row - 1
    best, best_hits = None, 0
    for index, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        hits = len({fold(v) for v in row if isinstance(v, str)} & set(titles.values()))
        if hits > best_hits:
            best, best_hits = index, hits
    return best


def header_row(grid: Grid, schema: pa.DataFrameSchema) -> int | None:
    """1-based row of the sheet's header labels, if any."""
    found = _find_header(grid, {name: fold(col.title) for name, col in fields(schema).items()})
    return None if found is None else found + 1


def locate(grid: Grid, schema: pa.DataFrameSchema) -> tuple[Located | None, list[Problem]]:
    spec = fields(schema)
    titles = {name: fold(col.title) for name, col in spec.items()}
    header = _find_header(grid, titles)
    if header is None:
        labels = ", ".join(col.title for col in spec.values())
        return None, [Problem(grid.name, None, None, Severity.ERROR,
                              f"Không tìm thấy dòng tiêu đề ({labels}) trong {HEADER_SEARCH_ROWS} dòng đầu của sheet.")]
    positions: dict[str, int] = {}
    for position, value in enumerate(grid.rows[header]):
        key = fold(value) if isinstance(value, str) else None
        for name, title in titles.items():
            if key == title and name not in positions:
                positions[name] = position
    missing = [col.title for name, col in spec.items() if col.required and name not in positions]
    if missing:
        return None, [Problem(grid.name, None, None, Severity.ERROR,
                              f"Thiếu cột '{title}' ở dòng tiêu đề (dòng {header + 1}). "
                              "Thêm cột hoặc sửa lại tên cột cho đúng.") for title in missing]
    body = grid.rows[header + 1:]
    data = {name: [row[pos] if pos < len(row) else None for row in body] for name, pos in positions.items()}
    frame = pd.DataFrame(data, index=range(header + 2, header + 2 + len(body)), dtype=object)
    if len(frame):
        frame = frame[~frame.map(cells.is_blank).all(axis=1)]
    letters = {name: column_letter(pos + 1) for name, pos in positions.items()}
    return Located(grid.name, frame, letters), []


def typed(located: Located, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Typed columns (and their raw cells) ready for the schema, plus `_sheet`, `_row`."""
    source = located.frame
    out: dict[str, pd.Series] = {}
    for name, col in fields(schema).items():
        values = source[name] if name in source else pd.Series(None, index=source.index, dtype=object)
        dtype = str(col.dtype)
        if dtype.startswith("float"):
            out[name], out[name + cells.RAW] = cells.as_number(values), cells.raw(values)
        elif dtype.startswith("datetime"):
            out[name], out[name + cells.RAW] = cells.as_date(values), cells.raw(values)
        else:
            out[name] = cells.as_text(values)
    frame = pd.DataFrame(out, index=source.index)
    frame["_sheet"] = located.sheet
    frame["_row"] = source.index
    return frame.reset_index(drop=True)
