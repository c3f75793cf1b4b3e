"""`xlpy validate --mark`: the problems written into the workbook file itself.

The same result as the Excel button (a `Kiểm tra` sheet, bad cells coloured,
the previous colours cleared), written with openpyxl through xlpy.safe_write:
macros and buttons kept (keep_vba), the old file backed up, and nothing
written at all when openpyxl would drop something.
"""

from __future__ import annotations

from pathlib import Path

from xlpy import panel, safe_write
from xlpy.outcome import tally
from xlpy.problems import Problem, Severity


def _fill(colour: str | None):
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=colour.lstrip("#")) if colour else PatternFill(fill_type=None)


def _text(cell, value: object) -> None:
    """Write a value; text stays text even when it starts with '='."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _apply(path: Path, new: Path, problems: list[Problem]) -> list[str]:
    """Write the marked copy to `new`; returns the workbook's own sheet names (without the check sheet)."""
    import openpyxl

    book = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", keep_links=True)
    before = [name for name in book.sheetnames if name != panel.CHECK_SHEET]
    if panel.CHECK_SHEET in book.sheetnames:
        old = book[panel.CHECK_SHEET]
        for sheet, cell in old.iter_rows(min_row=4, min_col=2, max_col=3, values_only=True):
            if isinstance(sheet, str) and isinstance(cell, str) and sheet in book.sheetnames and cell:
                book[sheet][cell].fill = _fill(None)
        position = book.sheetnames.index(panel.CHECK_SHEET)
        book.remove(old)
    else:
        position = book.sheetnames.index(panel.PANEL_SHEET) + 1 if panel.PANEL_SHEET in book.sheetnames else 0
    sheet = book.create_sheet(panel.CHECK_SHEET, position)
    _text(sheet["A1"], "KẾT QUẢ KIỂM TRA DỮ LIỆU")
    _text(sheet["A2"], f"{tally(problems)}.")
    for row_number, row in enumerate(panel.problem_rows(problems), start=3):
        for column, value in enumerate(row, start=1):
            _text(sheet.cell(row_number, column), value)
    for row_number, problem in enumerate(problems, start=4):
        if problem.cell and problem.sheet in book.sheetnames:
            sheet.cell(row_number, 3).hyperlink = f"#{problem.where}"
            colour = panel.ERROR_FILL if problem.severity is Severity.ERROR else panel.WARNING_FILL
            book[problem.sheet][problem.cell].fill = _fill(colour)
    for letter, width in zip("ABCD", (10, 16, 8, 100), strict=False):
        sheet.column_dimensions[letter].width = width
    book.save(new)
    return before


def mark(path: Path, problems: list[Problem]) -> Path:
    """Write the marks into `path`; returns the backup. Raises safe_write.WriteRefused."""
    from xlpy.book import open_book

    path = Path(path)
    before: list[str] = []

    def write(new: Path) -> None:
        before[:] = _apply(path, new, problems)

    def verify(new: Path) -> None:
        if [n for n in open_book(new).sheet_names if n != panel.CHECK_SHEET] != before:
            raise safe_write.WriteRefused("Bản ghi mới không đọc lại đúng các sheet; sổ được giữ nguyên.")

    return safe_write.replace(path, write, verify)
