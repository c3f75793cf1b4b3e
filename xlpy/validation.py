"""Running a schema over a typed frame and naming each problem's cell."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from xlpy.cells import RAW, display
from xlpy.problems import Problem, Severity


class _Row(dict):
    """Row values for a message template; an unknown name prints as itself."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _message(template: str, frame: pd.DataFrame, index: int, field: str) -> str:
    row = frame.loc[index]
    values = _Row({name: display(row[name]) for name in frame.columns})
    source = field + RAW if field + RAW in frame.columns else field
    values["value"] = display(row[source]) if source in frame.columns else ""
    try:
        return template.format_map(values)
    except (ValueError, IndexError):  # a template that is not a format string
        return template


def run(schema: pa.DataFrameSchema, frame: pd.DataFrame, letters: dict[str, dict[str, str]]) -> list[Problem]:
    """All problems at once (lazy), each at `letters[sheet][field]` + Excel row."""
    if frame.empty:
        return []
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _problems(errors, frame, letters)
    return []


def _problems(errors: pa.errors.SchemaErrors, frame: pd.DataFrame,
              letters: dict[str, dict[str, str]]) -> list[Problem]:
    found: dict[tuple, Problem] = {}
    for error in errors.schema_errors:
        check = error.check
        if not isinstance(check, pa.Check) or error.failure_cases is None:
            raise RuntimeError(f"schema {error.schema.name}: {error}")  # a bug in a schema, not in the data
        stats = check.statistics or {}
        severity = Severity(stats.get("severity", Severity.ERROR.value))
        cases = error.failure_cases
        column = stats.get("on") or getattr(error.schema, "name", None)
        field = column.removesuffix(RAW)
        for index in pd.unique(cases["index"].dropna()):
            index = int(index)
            sheet = frame.at[index, "_sheet"]
            row = int(frame.at[index, "_row"])
            letter = letters.get(sheet, {}).get(field)
            message = _message(check.error or "", frame, index, field)
            problem = Problem(sheet, row if letter else None, letter, severity, message)
            found.setdefault((sheet, row, letter, message), problem)
    return list(found.values())
