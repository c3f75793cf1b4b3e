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
from xlpy.schemas._rules import fields
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


class _Labels:
    """A schema's header labels, folded: by field, and the set a header row must hold.

    Whether a cell is a label is remembered per distinct text: the same names
    and notes come back on every monthly sheet.
    """

    def __init__(self, schema: pa.DataFrameSchema) -> None:
        spec = fields(schema)
        self.titles = {name: fold(col.title) for name, col in spec.items()}
        self.required = {self.titles[name] for name, col in spec.items() if col.required}
        self._labels = set(self.titles.values())
        self._checked: set = set()  # every distinct cell value looked at so far
        self._raw: set[str] = set()  # those that are labels, as typed

    @classmethod
    def of(cls, schema: pa.DataFrameSchema) -> _Labels:
        found = _LABELS.get(id(schema))
        if found is None or found[0] is not schema:
            found = _LABELS[id(schema)] = (schema, cls(schema))
        return found[1]

    def _learn(self, values: set) -> None:
        new = values - self._checked  # set operations in C: most values were seen on an earlier sheet
        if not new:
            return
        if len(self._checked) > 200_000:  # a bound on the memory of a hostile sheet's distinct values
            self._checked.clear()
        self._checked |= new
        self._raw |= {v for v in new if isinstance(v, str) and fold(v) in self._labels}

    def hits(self, row: list) -> set[str]:
        values = {v for v in row if isinstance(v, str)}
        self._learn(values)
        return {fold(v) for v in values & self._raw}

    def hits_by_row(self, columns: list[tuple], size: int) -> np.ndarray:
        """How many labels each of `size` rows holds, counted column by column (a label is rare in a column)."""
        counts = np.zeros(size, dtype=np.int64)
        for column in columns:
            distinct = set(column)
            self._learn(distinct)
            found = distinct & self._raw
            if found:
                counts += np.fromiter((v in found for v in column), dtype=bool, count=len(column))
        return counts


_LABELS: dict[int, tuple[pa.DataFrameSchema, _Labels]] = {}


def _find_header(grid: Grid, labels: _Labels) -> int | None:
    """0-based index of the header row.

    The first row holding every required label wins, among the first
    HEADER_SEARCH_ROWS rows and the header rows of Excel Tables: a Table marks
    the header row when it is the first one. Without such a row, the best
    partial match is taken, so that the missing column can be named.
    """
    rows = grid.rows
    tables = sorted({r - 1 for r in grid.table_header_rows if 0 < r <= len(rows)})
    for index in sorted(set(range(min(HEADER_SEARCH_ROWS, len(rows)))) | set(tables)):
        if labels.required <= labels.hits(rows[index]):
            return index
    for index in tables:
        if labels.hits(rows[index]):
            return index
    best, best_hits = None, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = len(labels.hits(row))
        if hits > best_hits:
            best, best_hits = index, hits
    return best


def header_row(grid: Grid, schema: pa.DataFrameSchema) -> int | None:
    """1-based row of the sheet's header labels, if any."""
    found = _find_header(grid, _Labels.of(schema))
    return None if found is None else found + 1


def carries_headers(grid: Grid, schema: pa.DataFrameSchema) -> bool:
    """Some row of the sheet holds every required header label of `schema`."""
    labels = _Labels.of(schema)
    counts = labels.hits_by_row(list(zip_longest(*grid.rows)), len(grid.rows))
    return any(labels.required <= labels.hits(grid.rows[i]) for i in np.flatnonzero(counts >= len(labels.required)))


def _problem(grid: Grid, row: int, column: str | None, message: str) -> Problem:
    return Problem(grid.name, row, column, Severity.ERROR, message)


def _repeated_headers(grid: Grid, labels: _Labels, header: int, columns: list[tuple], size: int) -> list[int]:
    """0-based indexes (in the sheet) of rows below the header that repeat it: a pasted block, a Table below."""
    counts = labels.hits_by_row(columns, size)
    tables = {r - 1 for r in grid.table_header_rows}
    least = min(2, len(labels.required))
    hits = np.flatnonzero(counts > 0).tolist()
    return [header + 1 + i for i in hits if counts[i] >= least or header + 1 + i in tables]


def _kind_fits(col: pa.Column, value: object) -> bool:
    dtype = str(col.dtype)
    if dtype.startswith("float"):
        return cells.is_number(value)
    if dtype.startswith("datetime"):
        return cells.is_date(value)
    return isinstance(value, str) and bool(value.strip())


def _data_above(grid: Grid, schema: pa.DataFrameSchema, header: int, positions: dict[str, int]) -> list[int]:
    """0-based indexes of rows above the header that hold a whole data row (every required column, of its kind)."""
    spec = fields(schema)
    required = [(name, positions[name]) for name, col in spec.items() if col.required and name in positions]
    return [
        index
        for index, row in enumerate(grid.rows[:header])
        if required and all(pos < len(row) and _kind_fits(spec[name], row[pos]) for name, pos in required)
    ]


def locate(grid: Grid, schema: pa.DataFrameSchema) -> tuple[Located | None, list[Problem]]:
    spec = fields(schema)
    labels = _Labels.of(schema)
    header = _find_header(grid, labels)
    if header is None:
        names = ", ".join(col.title for col in spec.values())
        return None, [
            Problem(
                grid.name,
                None,
                None,
                Severity.ERROR,
                f"Không tìm thấy dòng tiêu đề ({names}) trong {HEADER_SEARCH_ROWS} dòng đầu của sheet.",
            )
        ]
    positions: dict[str, int] = {}
    twice: list[Problem] = []
    for position, value in enumerate(grid.rows[header]):
        key = fold(value) if isinstance(value, str) else None
        for name, title in labels.titles.items():
            if key == title and name not in positions:
                positions[name] = position
            elif key == title:  # which of the two columns is meant cannot be guessed
                first = column_letter(positions[name] + 1)
                twice.append(
                    _problem(
                        grid,
                        header + 1,
                        column_letter(position + 1),
                        f"Cột '{spec[name].title}' có hai lần ở dòng tiêu đề (ô {first}{header + 1} và ô này). "
                        "Xoá hoặc đổi tên một cột.",
                    )
                )
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
    first = column_letter(min(positions.values()) + 1)
    problems = twice + [
        _problem(
            grid,
            index + 1,
            first,
            f"Dòng {index + 1} có số liệu nhưng nằm trên dòng tiêu đề (dòng {header + 1}) nên KHÔNG được tính. "
            "Chuyển dòng tiêu đề lên trên tất cả các dòng số liệu.",
        )
        for index in _data_above(grid, schema, header, positions)
    ]
    body = grid.rows[header + 1 :]
    numbers = list(range(header + 2, header + 2 + len(body)))
    columns = list(zip_longest(*body)) if body else []  # transposed in C, not cell by cell
    repeated = _repeated_headers(grid, labels, header, columns, len(body))
    for index in repeated:
        problems.append(
            _problem(
                grid,
                index + 1,
                first,
                f"Dòng {index + 1} lặp lại dòng tiêu đề (dòng {header + 1} là dòng tiêu đề được dùng), có thể do dán "
                "cả một bảng hoặc một Table đặt bên dưới. Mỗi sheet chỉ một dòng tiêu đề: xoá dòng này và kiểm tra "
                "các dòng bên dưới có đúng cột không.",
            )
        )
    totals = {row - header - 2 for row in grid.table_total_rows if row > header + 1}  # a Table's Total Row
    if repeated or totals:  # neither is data; the rows under a repeated header are read, and named, as usual
        skip = {index - header - 1 for index in repeated} | totals
        body = [row for i, row in enumerate(body) if i not in skip]
        numbers = [n for i, n in enumerate(numbers) if i not in skip]
        columns = list(zip_longest(*body)) if body else []
    data = {
        name: cells.kept_apart(list(columns[pos])) if pos < len(columns) else [None] * len(body)
        for name, pos in positions.items()
    }
    data["_sheet"] = [grid.name] * len(body)
    data["_row"] = numbers
    letters = {name: column_letter(pos + 1) for name, pos in positions.items()}
    return Located(grid.name, data, letters), problems


def typed(source: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Typed columns (and their raw cells) ready for the schema, plus `_sheet`, `_row`.

    `source` is a Located frame, or several concatenated (all monthly sheets at
    once). Rows blank in every contract column are dropped here.
    """
    spec = fields(schema)
    out: dict[str, pd.Series] = {}
    for name, col in spec.items():
        values = source[name] if name in source else pd.Series(None, index=source.index, dtype=object)
        dtype = str(col.dtype)
        if dtype.startswith("float"):
            out[name], out[name + cells.RAW] = cells.as_number(values), cells.raw(values)
        elif dtype.startswith("datetime"):
            out[name], out[name + cells.RAW] = cells.as_date(values), cells.raw(values)
        else:
            out[name] = cells.as_text(values)
    # Where each row came from; one construction of the frame (pandas' per-call cost is most of
    # the work on a small sheet), then the blank rows dropped with one mask.
    out["_sheet"] = source["_sheet"].astype(object) if "_sheet" in source else pd.Series(dtype=object)
    out["_row"] = source["_row"].astype("int64") if "_row" in source else pd.Series(dtype="int64")
    if "_month" in source:
        out["_month"] = source["_month"]
    frame = pd.DataFrame(out, index=source.index)
    contract = [name for name in spec if name in source]
    if contract:  # rows blank in every contract column go
        blank = np.logical_and.reduce([pd.isna(out[name].to_numpy()) for name in contract])
        if blank.any():
            frame = frame[~blank]
    return frame.reset_index(drop=True)
