"""From a sheet's grid to a typed frame: find the header row, pick the columns.

The header labels come from the schemas (`Column(title=…)`), so the contract's
wording lives in one place. Labels compare after NFC, trimming and case folding.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest

import numpy as np
import pandas as pd
import pandera.pandas as pa

from xlpy import cells
from xlpy.grid import Grid, column_letter
from xlpy.problems import Problem, Severity
from xlpy.text import fold

HEADER_SEARCH_ROWS = 10


@dataclass
class Located:
    """A contract sheet's data: raw cells by field (plus `_sheet`, `_row`), as lists."""

    sheet: str
    columns: dict[str, list]
    letters: dict[str, str]

    @property
    def frame(self) -> pd.DataFrame:
        return frame_of([self])


def frame_of(located: list[Located], **constants: list) -> pd.DataFrame:
    """One object frame from several sheets' columns (one construction, not one per sheet).

    `constants` give a per-sheet value for a further column (e.g. `_month`).
    """
    names = list(dict.fromkeys(name for item in located for name in item.columns))
    data: dict[str, list] = {name: [] for name in names}
    for item in located:
        size = len(item.columns["_row"])
        for name in names:
            data[name].extend(item.columns.get(name) or [None] * size)
    frame = pd.DataFrame(data, dtype=object)
    sizes = [len(item.columns["_row"]) for item in located]
    for name, values in constants.items():
        frame[name] = np.repeat(np.array(values), sizes) if located else []
    return frame


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
        return None, [
            Problem(
                grid.name,
                None,
                None,
                Severity.ERROR,
                f"Không tìm thấy dòng tiêu đề ({labels}) trong {HEADER_SEARCH_ROWS} dòng đầu của sheet.",
            )
        ]
    positions: dict[str, int] = {}
    for position, value in enumerate(grid.rows[header]):
        key = fold(value) if isinstance(value, str) else None
        for name, title in titles.items():
            if key == title and name not in positions:
                positions[name] = position
    missing = [col.title for name, col in spec.items() if col.required and name not in positions]
    if missing:
        return None, [
            Problem(
                grid.name,
                None,
                None,
                Severity.ERROR,
                f"Thiếu cột '{title}' ở dòng tiêu đề (dòng {header + 1}). Thêm cột hoặc sửa lại tên cột cho đúng.",
            )
            for title in missing
        ]
    body = grid.rows[header + 1 :]
    columns = list(zip_longest(*body)) if body else []  # transposed in C, not cell by cell
    data = {name: list(columns[pos]) if pos < len(columns) else [None] * len(body) for name, pos in positions.items()}
    data["_sheet"] = [grid.name] * len(body)
    data["_row"] = list(range(header + 2, header + 2 + len(body)))
    letters = {name: column_letter(pos + 1) for name, pos in positions.items()}
    return Located(grid.name, data, letters), []


def typed(source: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Typed columns (and their raw cells) ready for the schema, plus `_sheet`, `_row`.

    `source` is a Located frame, or several concatenated (all monthly sheets at
    once). Rows blank in every contract column are dropped here.
    """
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
    contract = [name for name in fields(schema) if name in source]
    if contract:  # rows blank in every contract column go
        frame = frame[frame[contract].notna().any(axis=1)]
    for column in ("_sheet", "_row", "_month"):  # where each row came from
        if column in source:
            frame[column] = source.loc[frame.index, column]
    frame["_sheet"] = frame["_sheet"].astype(object) if "_sheet" in frame else pd.Series(dtype=object)
    frame["_row"] = frame["_row"].astype("int64") if "_row" in frame else pd.Series(dtype="int64")
    return frame.reset_index(drop=True)
