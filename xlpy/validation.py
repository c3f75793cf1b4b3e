"""Running a schema over a typed frame and naming each problem's cell."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from string import Formatter

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.engines.pandas_engine import Engine

from xlpy.cells import RAW, display
from xlpy.problems import Problem, Severity
from xlpy.schemas._rules import UNIT


class _Row(dict):
    """Row values for a message template; an unknown name prints as itself."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _messages(template: str, frame: pd.DataFrame, indexes: list[int], field: str) -> list[str]:
    """The template filled for each failing row, reading only the columns it names."""
    try:
        names = {name for _, name, _, _ in Formatter().parse(template) if name}
    except ValueError:  # a template that is not a format string
        return [template] * len(indexes)
    source = field + RAW if field + RAW in frame.columns else field
    columns = {name: (source if name == "value" else name) for name in names}
    columns = {name: column for name, column in columns.items() if column in frame.columns}
    picked = frame.loc[indexes, list(dict.fromkeys(columns.values()))]
    filled = []
    for position in range(len(indexes)):
        values = _Row({name: display(picked[column].iat[position]) for name, column in columns.items()})
        filled.append(template.format_map(values))
    return filled


def run(schema: pa.DataFrameSchema, frame: pd.DataFrame, letters: dict[str, dict[str, str]]) -> list[Problem]:
    """All problems at once (lazy), each at `letters[sheet][field]` + Excel row."""
    return run_many(schema, [frame], [letters])[0]


def run_many(
    schema: pa.DataFrameSchema, frames: list[pd.DataFrame], letters: list[dict[str, dict[str, str]]]
) -> list[list[Problem]]:
    """Each frame's problems, as `run` finds them on it alone, in one pass of the schema over all of them.

    A pass costs about the same for 30 rows as for 300 (pandas' cost a call, not a row), so the
    roll-up validates its units in batches: their rows stacked, each marked with its `UNIT`, which
    every rule comparing rows keeps apart (schemas._rules.within_unit). Frames whose columns do not
    stack as they are (another set, another dtype) are validated one by one.
    """
    found: list[list[Problem]] = [[] for _ in frames]
    present = [(i, frame) for i, frame in enumerate(frames) if not frame.empty]
    if len(present) > 1 and not stacks(frame for _, frame in present):
        return [run(schema, frame, own) for frame, own in zip(frames, letters, strict=True)]
    if not present:
        return found
    if len(present) == 1:  # not copied
        unit, stacked = present[0]
        units = np.full(len(stacked), unit)
    else:
        stacked = pd.concat([frame.assign(**{UNIT: unit}) for unit, frame in present], ignore_index=True)
        units = stacked[UNIT].to_numpy()
    if passes(schema, stacked):  # the common case, at a fraction of pandera's cost on small frames
        return found
    try:
        schema.validate(stacked, lazy=True)
    except pa.errors.SchemaErrors as errors:
        for unit, problem in _problems(errors, stacked, units, letters):
            found[unit].append(problem)
    return found


def passes(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> bool:
    """True only when `schema.validate(frame)` would find nothing; False says "let pandera see".

    The schema's own checks run here as pandera runs them (a column's checks on the column, its
    blanks dropped when `ignore_na`; a frame's on the frame) and each must hold everywhere; the
    columns must be there and of their dtype, by pandera's own dtype test. A schema or column
    using any feature not modelled here (coercion, parsers, strictness, uniqueness, an index,
    grouped or element-wise checks…) is always left to pandera, as is any check that raises or
    answers other than booleans. On a clean sheet of 30 rows this costs about half of a full
    validation, whose own work (bookkeeping a column and a check) is most of the time there.
    tests/test_validation.py checks it never passes what pandera fails.
    """
    if not _modelled(schema) or not frame.columns.is_unique:
        return False
    for name, column in schema.columns.items():
        if name not in frame.columns:
            if column.required:
                return False
            continue
        series = frame[name]
        if column.dtype is not None and column.dtype.check(_engine_dtype(series.dtype), series) is not True:
            return False
        if not column.nullable and series.hasnans:
            return False
        for check in column.checks:
            if not _holds(check, series.dropna() if check.ignore_na and series.hasnans else series):
                return False
    return all(_holds(check, frame) for check in schema.checks)


@functools.lru_cache(maxsize=64)
def _engine_dtype(dtype: object) -> object:
    """pandera's type for a pandas dtype: the same for the same dtype, and a lookup that costs more
    than all of a small column's checks."""
    return Engine.dtype(dtype)


def _modelled(schema: pa.DataFrameSchema) -> bool:
    plain = not (
        schema.strict or schema.ordered or schema.unique or schema.index is not None or schema.coerce
        or schema.dtype is not None or schema.parsers or schema.add_missing_columns
        or schema.drop_invalid_rows or schema.unique_column_names
    )  # fmt: skip
    columns = all(
        not (c.regex or c.coerce or c.unique or c.parsers or c.default is not None or c.drop_invalid_rows)
        for c in schema.columns.values()
    )
    checks = [*schema.checks, *(check for c in schema.columns.values() for check in c.checks)]
    return plain and columns and all(_plain_check(check) for check in checks)


def _plain_check(check: pa.Check) -> bool:
    return check.groupby is None and not check.element_wise and not check.raise_warning


def _holds(check: pa.Check, data: pd.Series | pd.DataFrame) -> bool:
    try:
        out = check._check_fn(data, **check._check_kwargs)
    except Exception:  # pandera will say what
        return False
    if isinstance(out, (bool, np.bool_)):
        return bool(out)
    return isinstance(out, pd.Series) and out.dtype == bool and bool(out.all())


def stacks(frames: Iterable[pd.DataFrame]) -> bool:
    """Frames that pd.concat stacks without changing a column: the same columns, of the same dtypes."""
    dtypes = [frame.dtypes for frame in frames]
    return all(d.index.equals(dtypes[0].index) and d.equals(dtypes[0]) for d in dtypes[1:])


def _problems(
    errors: pa.errors.SchemaErrors, frame: pd.DataFrame, units: np.ndarray, letters: list[dict[str, dict[str, str]]]
) -> list[tuple[int, Problem]]:
    """(unit, problem) for every failure case; one problem per unit, cell and message."""
    found: dict[tuple, tuple[int, Problem]] = {}
    for error in errors.schema_errors:
        check = error.check
        if not isinstance(check, pa.Check) or error.failure_cases is None:
            raise RuntimeError(f"schema {error.schema.name}: {error}")  # a bug in a schema, not in the data
        stats = check.statistics or {}
        severity = Severity(stats.get("severity", Severity.ERROR.value))
        cases = error.failure_cases
        column = stats.get("on") or getattr(error.schema, "name", None)
        if not isinstance(column, str):
            raise RuntimeError(f"schema {error.schema.name}: a check names no column ({error})")  # a schema's bug
        field = column.removesuffix(RAW)
        indexes = [int(i) for i in pd.unique(cases["index"].dropna())]
        messages = _messages(check.error or "", frame, indexes, field)
        positions = frame.index.get_indexer(indexes)
        sheets, rows = frame["_sheet"].to_numpy()[positions], frame["_row"].to_numpy()[positions]
        for unit, sheet, row, message in zip(units[positions], sheets, rows, messages, strict=False):
            unit, row = int(unit), int(row)
            letter = letters[unit].get(sheet, {}).get(field)
            problem = Problem(sheet, row if letter else None, letter, severity, message)
            found.setdefault((unit, sheet, row, letter, message), (unit, problem))
    return list(found.values())
