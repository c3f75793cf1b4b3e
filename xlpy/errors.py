"""Every failure a clerk can meet, in one hierarchy.

Each error carries the clerk's message (Vietnamese, naming the file, sheet or
cell and what to do) and the command line's exit status. Adapters (the
command line, the buttons) print the message and, on the command line, exit
with the status; nothing else needs to know which kind it was.
"""

from __future__ import annotations


class XlpyError(Exception):
    """A failure with a message for the clerk; `exit_status` is the command line's."""

    exit_status = 1

    @property
    def message(self) -> str:
        return str(self)


class WorkbookUnreadable(XlpyError):
    """The file could not be read as a workbook at all (exit status 2)."""

    exit_status = 2


class TooLarge(WorkbookUnreadable):
    """The file is past the limits xlpy reads (exit status 2); nothing was allocated for it."""


class WriteRefused(XlpyError):
    """A write was refused or failed; the workbook was left untouched (exit status 1)."""


class ReportError(XlpyError):
    """A document cannot be made (missing settings, no LibreOffice …) (exit status 1)."""


class TotalsTooLarge(XlpyError):
    """Totals past what can be counted exactly (exit status 1); never printed wrapped or rounded."""


class UsageError(XlpyError):
    """The command line was given something it cannot use (a bad date, a bad option) (exit status 3).

    Its own status, so that a script tells "called wrongly, nothing was read"
    from 1 (the data has errors) and 2 (the file is unreadable).
    """

    exit_status = 3


class DataHasErrors(XlpyError):
    """The workbook's data still has errors, so nothing is totalled or written (exit status 1).

    Raised by xlpy.outcome; `problems` are all the workbook's problems, for the
    adapter to show (printed by the command line, the `Kiểm tra` sheet in Excel).
    """

    def __init__(self, message: str, problems: list) -> None:
        super().__init__(message)
        self.problems = problems
