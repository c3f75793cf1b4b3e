"""The naive baseline: read every sheet with pandas.read_excel(engine="openpyxl"),
then validate with the same pandera schemas (xlpy.fund.from_book). Writes nothing.
Exit status as `xlpy validate`: 1 when the workbook has errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from xlpy.fund import from_book
from xlpy.grid import Grid
from xlpy.outcome import has_errors


class ReadExcelBook:
    def __init__(self, path: Path) -> None:
        self.frames = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        self.sheet_names = list(self.frames)

    def grid(self, name: str) -> Grid:
        frame = self.frames[name].astype(object)
        return Grid(name, frame.where(frame.notna(), None).values.tolist(), [])

    def grids(self, names: list[str]) -> list[Grid]:
        return [self.grid(name) for name in names]


if __name__ == "__main__":
    path = Path(sys.argv[1])
    fund = from_book(ReadExcelBook(path), path)
    print(f"{len(fund.problems)} problems")
    raise SystemExit(1 if has_errors(fund.problems) else 0)  # as `xlpy validate`
