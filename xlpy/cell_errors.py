"""Excel's error values (#REF!, #DIV/0! …), found the same way whoever read the book.

A file reader finds them in the package's XML (xlpy.xlsxscan: calamine reads
them as empty cells); Excel, through xlwings, hands them as their text. Every
book that validation reads goes through `Checked`, which turns such text into
the same entry the XML scan makes (`Grid.formula_cells`) and blanks the cell,
so both paths report one problem, with one message, at the cell, and the
schemas never see `#REF!` as an amount typed as text.
"""

from __future__ import annotations

from xlpy.grid import Book, Grid, column_letter, split_reference
from xlpy.problems import Problem, Severity

# What Excel shows in a cell whose formula fails (xlwings passes them as text with err_to_str).
ERROR_TEXTS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#CONNECT!",
        "#BLOCKED!",
        "#UNKNOWN!",
        "#FIELD!",
        "#BUSY!",
        "#PYTHON!",
        "#DATA!",
    }
)


def error_text(what: str) -> str:
    """The `what` of a formula cell holding an error value (the XML scan uses it too)."""
    return f"lỗi công thức {what}"


def found_in(grid: Grid) -> Grid:
    """The grid with error texts blanked and listed in `formula_cells` (once per cell)."""
    listed = {cell for cell, _ in grid.formula_cells}
    found: list[tuple[str, str]] = []
    for row_number, row in enumerate(grid.rows, start=1):
        if ERROR_TEXTS.isdisjoint(row):  # in C: most rows hold no error value
            continue
        for index, value in enumerate(row):
            if value.__class__ is str and value in ERROR_TEXTS:
                row[index] = None
                cell = f"{column_letter(index + 1)}{row_number}"
                if cell not in listed:
                    found.append((cell, error_text(value)))
    if found:
        grid.formula_cells = grid.formula_cells + found
    return grid


def problems(grid: Grid) -> list[Problem]:
    """One error per formula cell that gives no value (an error value, or a formula never calculated)."""
    found = []
    for cell, what in grid.formula_cells:
        reference = split_reference(cell)
        if reference is None:
            continue
        column, row = reference
        found.append(
            Problem(
                grid.name,
                row,
                column,
                Severity.ERROR,
                f"Ô có {what}, nên không đọc được số liệu. Sửa công thức, hoặc gõ thẳng giá trị; "
                "tệp lưu bằng chương trình khác Excel thì mở bằng Excel và lưu lại.",
            )
        )
    return found


def alone(formula_problems: list[Problem], others: list[Problem]) -> list[Problem]:
    """The formula cells' problems, and the others except those on their rows.

    A cell that gives no value reads as empty, so the rules of its row would
    report that emptiness too ("Số tiền để trống"): consequences of one slip,
    said once it is mended.
    """
    rows = {(p.sheet, p.row) for p in formula_problems}
    return formula_problems + [p for p in others if (p.sheet, p.row) not in rows]


class Checked:
    """A book whose grids come out checked; `problems` holds the formula cells of every sheet read."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.sheet_names = book.sheet_names
        self.problems: list[Problem] = []
        self._read: set[str] = set()

    def grid(self, name: str) -> Grid:
        return self._checked(self.book.grid(name))

    def grids(self, names: list[str]) -> list[Grid]:
        return [self._checked(grid) for grid in self.book.grids(names)]

    def _checked(self, grid: Grid) -> Grid:
        grid = found_in(grid)
        if grid.name not in self._read:  # a sheet read twice is reported once
            self._read.add(grid.name)
            self.problems += problems(grid)
        return grid
