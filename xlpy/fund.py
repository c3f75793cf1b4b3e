"""The fund as the workbook holds it: typed sheets, settings and problems.

`load` is the one way in for every command and button: read the file once,
find the contract sheets, type their cells, join what the cross-sheet rules
need, and run the schemas.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from xlpy import cashbook, cell_errors, ledger, sheets, unfinished, validation
from xlpy.cells import per_value
from xlpy.errors import XlpyError
from xlpy.grid import Book, Grid
from xlpy.problems import Problem, Severity
from xlpy.schemas import contributions as contributions_schema
from xlpy.schemas import members as members_schema
from xlpy.schemas import spending as spending_schema
from xlpy.settings import SETTINGS_SHEET, TEXT_SHEET, Block, Settings, read_settings, read_text
from xlpy.text import fold, member_id, member_key


@dataclass
class Fund:
    path: Path
    members: pd.DataFrame
    contributions: pd.DataFrame
    spending: pd.DataFrame
    settings: Settings
    text: list[Block]
    problems: list[Problem] = field(default_factory=list)

    def as_of(self, override: date | None = None) -> date:
        from xlpy.outcome import date_used

        return date_used(self.settings.report_date, override).day

    def summary(self, as_of: date | None = None) -> ledger.Summary:
        return ledger.summarize(
            self.members, self.contributions, self.spending, self.as_of(as_of), self.settings.default_rate
        )


def _find_sheet(book: Book, title: str) -> str | None:
    return next((name for name in book.sheet_names if fold(name) == fold(title)), None)


def _twin_titles(book: Book) -> list[Problem]:
    """An error for each sheet that a contract sheet's title also finds (names apart only by spaces,
    case or how a letter's marks were typed): the first is read, this one would be ignored unsaid."""
    problems = []
    for title in (members_schema.SHEET, spending_schema.SHEET, SETTINGS_SHEET, TEXT_SHEET):
        found = [name for name in book.sheet_names if fold(name) == fold(title)]
        first, others = (found[0], found[1:]) if found else ("", [])
        problems += [
            Problem(
                name,
                None,
                None,
                Severity.ERROR,
                f"Sheet '{name}' trùng tên với sheet '{first}' (chỉ khác khoảng trắng, chữ hoa/thường hoặc cách gõ "
                "dấu) nên bị bỏ qua. Gộp hai sheet thành một, hoặc đổi tên sheet này.",
            )
            for name in others
        ]
    return problems


def _monthly_sheets(book: Book) -> tuple[list[tuple[str, pd.Timestamp]], list[Problem]]:
    """The counted monthly sheets, and an error for each sheet that looks monthly but is not counted."""
    found: list[tuple[str, pd.Timestamp]] = []
    problems: list[Problem] = []
    seen: dict[pd.Timestamp, str] = {}
    for name in book.sheet_names:
        month = contributions_schema.month_named(name)
        if month is not None:
            if month in seen:
                problems.append(
                    Problem(
                        name,
                        None,
                        None,
                        Severity.ERROR,
                        f"Sheet '{name}' trùng tháng với sheet '{seen[month]}' nên bị bỏ qua "
                        "(tiền sẽ bị tính hai lần). Gộp hai sheet thành một.",
                    )
                )
                continue
            seen[month] = name
            found.append((name, month))
        elif message := contributions_schema.misnamed(name):
            problems.append(Problem(name, None, None, Severity.ERROR, message))
    for month, after in contributions_schema.missing_months(list(seen)):
        missing = contributions_schema.sheet_name(month.date())
        problems.append(
            Problem(
                seen[after],
                None,
                None,
                Severity.WARNING,
                f"Không có sheet '{missing}' (tháng trước sheet '{seen[after]}'): tiền nộp tháng đó, nếu có, "
                "không được tính. Tạo lại sheet đó, hoặc bỏ qua nếu tháng đó không thu.",
            )
        )
    return sorted(found, key=lambda item: item[1]), problems


def _stray_monthly(grids: dict[str, Grid]) -> list[Problem]:
    """An error for each of these sheets that carries the monthly headers: its money would not be counted."""
    return [
        Problem(name, None, None, Severity.ERROR, contributions_schema.stray_headers(name))
        for name, grid in grids.items()
        if sheets.carries_headers(grid, contributions_schema.schema)
    ]


def _read(book: Book, title: str, schema) -> tuple[pd.DataFrame, dict[str, str], list[Problem]]:
    name = _find_sheet(book, title)
    if name is None:
        problem = Problem(
            title, None, None, Severity.ERROR, f"Không có sheet '{title}'. Thêm sheet này (đúng tên) theo mẫu sổ quỹ."
        )
        return _empty(schema), {}, [problem]
    grid = book.grid(name)
    located, problems = sheets.locate(grid, schema)
    if located is None:
        return _empty(schema), {}, problems
    return sheets.typed(located.frame, schema), located.letters, problems


def _empty(schema) -> pd.DataFrame:
    return sheets.typed(pd.DataFrame(dtype=object), schema)


def _fold(value: object) -> object:
    return pd.NA if value is None or value is pd.NA else fold(value)


def _member_key(value: object) -> object:
    return pd.NA if value is None or value is pd.NA else member_key(str(value))  # a text column: str or NA


def _join_roster(contributions: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Each payment row with its member's roster entry (`_known`, `_roster_name`, …).

    A left join by `_key`, done as a lookup of each row's position in the roster (a merge costs
    several times more on a small sheet); rows keep their order and index.
    """
    roster = members[members["_key"].notna()].drop_duplicates("_key")
    at = pd.Index(roster["_key"]).get_indexer(contributions["_key"])
    known = at >= 0

    def looked_up(column: pd.Series, missing: object) -> pd.Series:
        values = column.to_numpy()
        picked = np.full(len(at), missing, dtype=values.dtype)
        picked[known] = values[at[known]]
        return pd.Series(picked, index=contributions.index, dtype=values.dtype)

    dates = {name: roster[name].astype("datetime64[ns]") for name in ("joined", "left")}
    joined = {
        "_canonical_id": looked_up(roster["member_id"].map(member_id, na_action="ignore").astype(object), None),
        "_roster_name": looked_up(roster["name"].astype(object), None),
        "_joined": looked_up(dates["joined"], np.datetime64("NaT", "ns")),
        "_left": looked_up(dates["left"], np.datetime64("NaT", "ns")),
        "_known": pd.Series(known, index=contributions.index),
        # No roster at all (its sheet missing or empty: one error there says it), no error a row.
        "_no_roster": pd.Series(roster.empty, index=contributions.index, dtype=bool),
    }
    joined["_joined_month"] = ledger.months_of(joined["_joined"])
    joined["_left_month"] = ledger.months_of(joined["_left"])
    joined["_name_key"] = per_value(contributions["name"], _fold)
    joined["_roster_name_key"] = per_value(joined["_roster_name"], _fold)
    return pd.concat([contributions, pd.DataFrame(joined)], axis=1)


def _other_grids(book: Book, skip: set[str], problems: list[Problem]) -> dict[str, Grid]:
    """Every sheet but the contract's and `skip`, read once (settings and text are among them)."""
    contract = {fold(members_schema.SHEET), fold(spending_schema.SHEET)}
    grids = {}
    for name in book.sheet_names:
        if name in skip or fold(name) in contract:
            continue
        try:
            grids[name] = book.grid(name)
        except XlpyError as exc:  # a chart sheet, say: nothing of the fund can be in it
            problems.append(
                Problem(name, None, None, Severity.WARNING, f"Không đọc được sheet '{name}' để kiểm tra: {exc}")
            )
    return grids


def load(path: str | Path) -> Fund:
    """Read and validate a workbook file. Raises WorkbookUnreadable (exit status 2)."""
    from xlpy.book import open_book  # the file edge: the core itself reads no file

    return from_book(open_book(path, parse_ahead=True), Path(path))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a workbook's sheets are read and typed (`draft`, for a
    file, a workbook open in Excel and each roll-up unit): that makes a million short-lived lists
    and values and no cycles, and the collector ran again and again over all of them (a tenth of
    the 120-month benchmark's read). What cycles there are it finds once it runs again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@dataclass
class Draft:
    """A fund read, typed and joined, before its schemas run: `finish` runs them on one draft or many.

    `fund.problems` are those found so far (the sheets, the settings); `in_cells` the error values
    found in cells (xlpy.cell_errors), which stand in for the schemas' problems on their rows.
    """

    fund: Fund
    letters: dict[str, dict[str, str]]
    in_cells: list[Problem]
    sheet_names: list[str]

    @property
    def path(self) -> Path:
        return self.fund.path

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        return self.fund.members, self.fund.contributions, self.fund.spending

    def finished(self, found: list[Problem]) -> Fund:
        """The fund, with `found` (its schemas' problems) among its problems, in sheet and cell order."""
        problems = cell_errors.alone(self.in_cells, self.fund.problems + found)
        order = {name: i for i, name in enumerate(self.sheet_names)}
        problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0, len(p.column or ""), p.column or ""))
        return replace(self.fund, problems=problems)


SCHEMAS = (members_schema.schema, contributions_schema.schema, spending_schema.schema)  # in Draft.frames' order


def from_book(book: Book, path: Path) -> Fund:
    """Validate any book that lists `sheet_names` and gives each sheet's `grid(name)`:
    a file read by python-calamine, or a workbook open in Excel (xlpy.excel)."""
    return finish([draft(book, path)])[0]


def finish(drafts: list[Draft]) -> list[Fund]:
    """Each draft's fund, its schemas run once for all of them (xlpy.validation.run_many):
    the same problems each would have alone, for a fraction of the time a draft."""
    found: list[list[Problem]] = [[] for _ in drafts]
    for index, schema in enumerate(SCHEMAS):
        frames = [d.frames()[index] for d in drafts]
        for mine, problems in zip(found, validation.run_many(schema, frames, [d.letters for d in drafts]), strict=True):
            mine += problems
    return [d.finished(problems) for d, problems in zip(drafts, found, strict=True)]


@collector_paused()
def draft(book: Book, path: Path) -> Draft:
    """Read, type and join the contract sheets of `book`; the schemas are not run yet."""
    problems: list[Problem] = []
    letters: dict[str, dict[str, str]] = {}
    book = checked = cell_errors.Checked(book)  # error values found alike in a file and in Excel

    members, letters[members_schema.SHEET], found = _read(book, members_schema.SHEET, members_schema.schema)
    problems += found
    members["_key"] = per_value(members["member_id"], _member_key)

    months, found = _monthly_sheets(book)
    problems += found + _twin_titles(book)
    settings_name, text_name = _find_sheet(book, SETTINGS_SHEET), _find_sheet(book, TEXT_SHEET)
    # Read raw: a formula error in a sheet of the clerk's own is not the fund's problem.
    skip = {name for name, _ in months} | {p.sheet for p in found}
    skip |= {name for name in (settings_name, text_name) if name is not None}
    problems += _stray_monthly(_other_grids(checked.book, skip, problems))
    found_sheets, found_months = [], []
    for (name, month), grid in zip(months, book.grids([name for name, _ in months]), strict=False):
        located, found = sheets.locate(grid, contributions_schema.schema)
        problems += found
        if located is not None:
            letters[name] = located.letters
            found_sheets.append(located)
            found_months.append(month)
    # All monthly sheets are typed and validated as one frame.
    frames = sheets.frame_of(found_sheets, _month=[m.to_datetime64() for m in found_months])
    contributions = sheets.typed(frames, contributions_schema.schema)
    contributions["_month"] = (
        contributions["_month"].astype("datetime64[ns]") if found_sheets else pd.Series(dtype="datetime64[ns]")
    )
    contributions["_key"] = per_value(contributions["member_id"], _member_key)
    contributions = _join_roster(contributions, members)

    spending, letters[spending_schema.SHEET], found = _read(book, spending_schema.SHEET, spending_schema.schema)
    problems += found
    spending["_balance_before"], spending["_balance_after"] = ledger.balance_around(spending, contributions)

    settings_grid = book.grid(settings_name) if settings_name else None
    settings, found = read_settings(settings_grid)
    problems += found + unfinished.settings_problems(settings_grid) + unfinished.voucher_problems(settings_grid)
    problems += unfinished.book_problems(book.sheet_names, bool(letters[members_schema.SHEET]), len(members))
    text, found = read_text(book.grid(text_name) if text_name else None)
    problems += found + unfinished.text_problems(text_name, len(text))

    for frame in (members, contributions, spending):  # the ceiling a money cell may hold (schemas._rules)
        frame["_ceiling"] = settings.cell_ceiling
    fund = Fund(path, members, contributions, spending, settings, text, problems)
    # The cash the book will show at each payment, as `cashbook` (by default) runs it: its as-of date
    # and receipt mode come from the settings, read just above.
    monthly = cashbook.per_month(cashbook.receipt_mode(settings))
    spending["_cash_before"], spending["_cash_after"] = cashbook.cash_around(
        spending, contributions, fund.as_of(), monthly
    )
    return Draft(fund, letters, checked.problems, book.sheet_names)
