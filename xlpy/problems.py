"""A problem found in the workbook: where it is, how bad, what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "lỗi"
    WARNING = "cảnh báo"


@dataclass(frozen=True, order=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    severity: Severity
    message: str
    # The `Cài đặt` setting (xlpy.settings.LABELS key) a problem is about, if any: who decides
    # whether the figures depend on it (xlpy.outcome) reads this, never the message's words.
    setting: str | None = field(default=None, compare=False)

    @property
    def cell(self) -> str | None:
        return f"{self.column}{self.row}" if self.column and self.row else None

    @property
    def where(self) -> str:
        """`'T03-2019'!C5`, or `'Thành viên'` when the whole sheet is at fault."""
        quoted = "'" + self.sheet.replace("'", "''") + "'"
        return f"{quoted}!{self.cell}" if self.cell else quoted

    def __str__(self) -> str:
        return f"{self.where} [{self.severity.value}] {self.message}"
