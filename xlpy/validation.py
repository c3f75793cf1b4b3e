"""Running a schema over a typed frame and naming each problem's cell."""

from __future__ import annotations

from string import Formatter

import pandas as pd
import pandera.pandas as pa

from xlpy.cells import RAW, display
from xlpy.problems import Problem, Severity


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
    if frame.empty:
        return []
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _problems(errors, frame, letters)
    return []


def _problems(errors: pa.errors.SchemaErrors, frame: pd.DataFrame, letters: dict[str, dict[str, str]]) -> list[Problem]:
    found: dict[tuple, Problem] = {}
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
        for sheet, row, message in zip(sheets, rows, messages, strict=False):
            row = int(row)
            letter = letters.get(sheet, {}).get(field)
            problem = Problem(sheet, row if letter else None, letter, severity, message)
            found.setdefault((sheet, row, letter, message), problem)
    return list(found.values())
