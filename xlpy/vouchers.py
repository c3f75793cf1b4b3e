"""Phiếu thu / phiếu chi (forms C40-BB, C41-BB) from the fund, and their numbers.

A receipt is a group of paid rows of one monthly sheet: one row each (the
default), or all of a month's rows not yet numbered (`Lập phiếu thu: Theo
tháng`). Rows of one sheet that share a `Số phiếu` are one receipt in either
mode. A payment is one `Chi quỹ` row with `Từ quỹ` > 0, for that amount.

Numbers never move: a voucher keeps the number stored in its `Số phiếu`
cells; one without a number gets, when it is printed, the next number of its
year and kind after the last one used (`next_numbers`), in date order, however
early its date. Everything here is pure: the fund in, vouchers out; the
adapters write (`xlpy.package.write_cells` for a file, `xlpy.buttons` in Excel).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal

import pandas as pd

from xlpy import sheets
from xlpy.dates import long_date
from xlpy.errors import WriteRefused
from xlpy.fund import Fund
from xlpy.grid import Book, Grid, column_index, column_letter, split_reference
from xlpy.money import dong, in_words
from xlpy.report import clean, fill_markers
from xlpy.schemas import contributions as contributions_schema
from xlpy.schemas import spending as spending_schema
from xlpy.schemas._rules import VOUCHER_TITLE
from xlpy.settings import CHOICES
from xlpy.text import fold

Kind = Literal["thu", "chi"]
KINDS: tuple[Kind, ...] = ("thu", "chi")
FORMS = {"thu": "C40-BB", "chi": "C41-BB"}
TEMPLATES = {"thu": "phieu-thu.docx", "chi": "phieu-chi.docx"}
DOTS = "…………………………………………"


@dataclass(frozen=True)
class Voucher:
    """One phiếu; `number` is None until numbered, `stored` once it is in the workbook."""

    kind: Kind
    date: date
    number: int | None
    cells: tuple[tuple[str, int], ...]  # (sheet, Excel row) of the rows it stands for
    person: str
    address: str
    purpose: str
    amount: int
    attached: str = ""
    stored: bool = False

    def to_dict(self, zero_tens: str = "linh") -> dict:
        return {
            "kind": self.kind,
            "number": self.number,
            "date": self.date.isoformat(),
            "person": self.person,
            "purpose": self.purpose,
            "amount": self.amount,
            "amount_words": in_words(self.amount, zero_tens),  # type: ignore[arg-type]
        }


def next_numbers(used: Iterable[tuple[str, int, int]], unnumbered: Sequence[tuple[str, date]]) -> list[int]:
    """Numbers for vouchers without one: `used` holds (kind, year, number) already given;
    `unnumbered` holds (kind, date), in sheet order. Each gets, in date order (sheet order
    on the same day), the next number of its kind and year after the highest used."""
    last: dict[tuple[str, int], int] = defaultdict(int)
    for kind, year, number in used:
        last[(kind, year)] = max(last[(kind, year)], number)
    numbers = [0] * len(unnumbered)
    for index in sorted(range(len(unnumbered)), key=lambda i: (unnumbered[i][1], i)):
        kind, day = unnumbered[index]
        last[(kind, day.year)] += 1
        numbers[index] = last[(kind, day.year)]
    return numbers


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)


def _number(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


def receipts(fund: Fund) -> list[Voucher]:
    """Every receipt of the workbook, numbered where the workbook says so."""
    rows = fund.contributions
    paid = rows[(rows["amount"].fillna(0) > 0) & rows["paid_on"].notna()]
    monthly = fold(fund.settings.receipt_mode or "") == fold(CHOICES["receipt_mode"][1])  # one receipt a month
    positions = dict(zip(fund.members["_key"], fund.members["position"], strict=False))
    by_sheet: dict[str, list[dict]] = {}  # rows as records: a receipt a row, so no frame a row
    for row in paid.to_dict("records"):
        by_sheet.setdefault(str(row["_sheet"]), []).append(row)
    found = []
    for sheet, group in by_sheet.items():
        by_number: dict[float, list[dict]] = {}  # rows sharing a number are one receipt
        for row in group:
            if not pd.isna(row["voucher"]):
                by_number.setdefault(row["voucher"], []).append(row)
        rest = [row for row in group if pd.isna(row["voucher"])]
        parts = list(by_number.values()) + ([rest] if monthly and rest else [[row] for row in rest])
        found += [_receipt(fund, sheet, part, positions) for part in parts]
    return found


def _receipt(fund: Fund, sheet: str, part: list[dict], positions: dict) -> Voucher:
    month = part[0]["_month"]
    common = {
        "kind": "thu",
        "date": max(row["paid_on"] for row in part).date(),
        "number": _number(part[0]["voucher"]),
        "cells": tuple((sheet, int(row["_row"])) for row in part),
        "amount": sum(int(row["amount"]) for row in part),  # whole đồng each (the schema): summed exactly
        "stored": all(not pd.isna(row["voucher"]) for row in part),
    }
    if len(part) == 1:
        row = part[0]
        note = _text(row["note"])
        return Voucher(
            person=_text(row["_roster_name"]) or _text(row["name"]),
            address=_text(positions.get(row["_key"])) or fund.settings.unit,
            purpose=f"Nộp quỹ tháng {month:%m/%Y}" + (f" ({note})" if note else ""),
            **common,
        )
    return Voucher(
        person=fund.settings.contributors or "Các thành viên đóng quỹ",
        address=fund.settings.unit,
        purpose=f"Thu quỹ tháng {month:%m/%Y} của {len(part)} thành viên (danh sách kèm theo)",
        attached="01",
        **common,
    )


def payments(fund: Fund) -> list[Voucher]:
    """One payment per `Chi quỹ` row the fund paid for, for the amount from the fund."""
    rows = fund.spending
    paid = rows[(rows["from_fund"].fillna(0) > 0) & rows["date"].notna()]
    positions = {fold(name): pos for name, pos in zip(fund.members["name"], fund.members["position"], strict=False)}
    found = []
    for row in paid.to_dict("records"):  # itertuples would rename `_sheet`, `_row`
        payee = _text(row["payee"])
        found.append(
            Voucher(
                kind="chi",
                date=row["date"].date(),
                number=_number(row["voucher"]),
                cells=((str(row["_sheet"]), int(row["_row"])),),
                person=payee,
                address=_text(positions.get(fold(payee))) if payee else "",
                purpose=fill_markers(_text(row["content"]), row["gifts"], row["total"], row["from_fund"]),
                amount=int(row["from_fund"]),
                stored=not pd.isna(row["voucher"]),
            )
        )
    return found


def numbered(fund: Fund, pick: Callable[[Voucher], bool]) -> list[Voucher]:
    """The vouchers `pick` chooses, in kind and date order, each with its number: the stored
    one, or the next of its year and kind (`next_numbers`). Nothing is written."""
    every = receipts(fund) + payments(fund)
    used = [(v.kind, v.date.year, v.number) for v in every if v.number is not None]
    chosen = [v for v in every if pick(v)]
    new = [v for v in chosen if v.number is None]
    numbers = next_numbers(used, [(v.kind, v.date) for v in new])
    given = {id(v): n for v, n in zip(new, numbers, strict=True)}
    out = [replace(v, number=given[id(v)]) if id(v) in given else v for v in chosen]
    return sorted(out, key=lambda v: (KINDS.index(v.kind), v.date, v.number or 0))


def passed_over(fund: Fund, chosen: list[Voucher]) -> str:
    """A warning when `chosen` gives new numbers while earlier vouchers of their year and kind have
    none: printed later, those would take numbers after these, out of date order ('' otherwise)."""
    first_new: dict[tuple[Kind, int], date] = {}
    for voucher in chosen:
        if not voucher.stored and voucher.number is not None:
            key = (voucher.kind, voucher.date.year)
            first_new[key] = min(first_new.get(key, voucher.date), voucher.date)
    printing = {v.cells for v in chosen}
    unnumbered = [v for v in receipts(fund) + payments(fund) if v.number is None and v.cells not in printing]
    said = []
    for (kind, year), first in sorted(first_new.items(), key=lambda item: (KINDS.index(item[0][0]), item[0][1])):
        left = [v for v in unnumbered if v.kind == kind and v.date.year == year and v.date < first]
        if left:
            said.append(f"{len(left)} phiếu {kind} năm {year} trước ngày {first:%d/%m/%Y} chưa có số")
    if not said:
        return ""
    return (
        "Cảnh báo: " + "; ".join(said) + ". Số phiếu cấp theo thứ tự in: in các phiếu đó sau, chúng sẽ mang số lớn "
        "hơn, không theo thứ tự ngày. Nên in các phiếu đó trước (hoặc gõ số đã cấp tay vào cột 'Số phiếu')."
    )


def for_period(fund: Fund, start: date | None = None, end: date | None = None) -> list[Voucher]:
    """The receipts and payments dated from `start` to `end` (both included), numbered.
    The cash book shows these numbers: the ones a print of the period stores."""
    return numbered(fund, lambda v: (start is None or v.date >= start) and (end is None or v.date <= end))


def for_rows(fund: Fund, sheet: str, rows: set[int]) -> list[Voucher]:
    """The vouchers standing for any of these rows of one sheet (the button's selection)."""
    return numbered(fund, lambda v: any(s == sheet and r in rows for s, r in v.cells))


def cells_to_store(book: Book, vouchers: Iterable[Voucher]) -> dict[str, dict[str, object]]:
    """{sheet: {cell: value}}: the new numbers in each sheet's `Số phiếu` column, and that
    column's header where the sheet has none yet (`free_column`). Raises WriteRefused where
    the numbers have no safe place: a clerk's cell is never overwritten."""
    by_sheet: dict[str, dict[int, int]] = defaultdict(dict)
    for voucher in vouchers:
        if not voucher.stored and voucher.number is not None:
            for sheet, row in voucher.cells:
                by_sheet[sheet][row] = voucher.number
    out: dict[str, dict[str, object]] = {}
    for sheet, numbers in by_sheet.items():
        grid = book.grid(sheet)
        schema = spending_schema.schema if fold(sheet) == fold(spending_schema.SHEET) else contributions_schema.schema
        located, _ = sheets.locate(grid, schema)
        header = sheets.header_row(grid, schema)
        if located is None or header is None:
            continue  # cannot happen for a sheet the fund was read from
        labels = grid.rows[header - 1]
        titles = [i for i, value in enumerate(labels) if isinstance(value, str) and fold(value) == fold(VOUCHER_TITLE)]
        if len(titles) > 1:
            where = ", ".join(f"{column_letter(i + 1)}{header}" for i in titles)
            raise WriteRefused(
                f"Sheet '{sheet}' có {len(titles)} cột '{VOUCHER_TITLE}' ({where}): không biết ghi số phiếu "
                "vào cột nào. Xoá hoặc đổi tên một cột rồi chạy lại; sổ được giữ nguyên."
            )
        cells: dict[str, object] = {}
        letter = located.letters.get("voucher")
        if letter is None:
            letter = free_column(grid, header)
            if letter is None:
                raise WriteRefused(
                    f"Sheet '{sheet}' không có cột '{VOUCHER_TITLE}', và các cột bên phải bảng đều đã có "
                    f"nội dung: thêm một cột tiêu đề '{VOUCHER_TITLE}' ở dòng {header} rồi chạy lại "
                    "(xlpy không ghi đè ô của văn thư); sổ được giữ nguyên."
                )
            cells[f"{letter}{header}"] = VOUCHER_TITLE
        cells.update({f"{letter}{row}": number for row, number in sorted(numbers.items())})
        out[sheet] = cells
    return out


FREE_COLUMNS_SEARCHED = 5  # right of the table: farther away, the numbers would not read as its column


def free_column(grid: Grid, header: int) -> str | None:
    """The first column right of the table's last header whose header cell and every cell
    below it are empty (the place for a new `Số phiếu` column), or None."""
    labels = grid.rows[header - 1]
    used = [i for i, value in enumerate(labels) if _text(value).strip()]
    first = (used[-1] if used else -1) + 1
    formulas = {column_index(found[0]) - 1 for ref, _ in grid.formula_cells if (found := split_reference(ref))}
    for index in range(first, first + FREE_COLUMNS_SEARCHED):
        column = (row[index] if index < len(row) else None for row in grid.rows[header - 1 :])
        if index not in formulas and all(_text(value) == "" for value in column):
            return column_letter(index + 1)
    return None


def context(fund: Fund, vouchers: Sequence[Voucher]) -> dict:
    """What a template shows for each voucher, as plain text (docxtpl escapes it)."""
    s = fund.settings
    zero_tens = s.zero_tens or "linh"

    def one(v: Voucher) -> dict:
        day = long_date(v.date)
        return {
            "number": str(v.number),
            "date": day[0].upper() + day[1:],
            "person": clean(v.person) or DOTS,
            "address": clean(v.address) or DOTS,
            "purpose": clean(v.purpose) or DOTS,
            "amount": dong(v.amount),
            "amount_words": in_words(v.amount, zero_tens),  # type: ignore[arg-type]
            "attached": clean(v.attached) or "……",
            "signer": clean(v.person),
        }

    return {
        "unit": clean(fund.settings.unit) or DOTS,
        "unit_address": clean(" ".join(s.unit_address.split())) or DOTS,
        "book": clean(s.voucher_book) or "……",
        "head_of_unit": clean(s.head_of_unit),
        "chief_accountant": clean(s.chief_accountant),
        "treasurer": clean(s.treasurer),
        "preparer": clean(s.preparer),
        "vouchers": [one(v) for v in vouchers],
    }


def template(kind: Kind) -> Path:
    return Path(str(resources.files("xlpy.templates").joinpath(TEMPLATES[kind])))


def file_stem(kind: Kind, vouchers: Sequence[Voucher]) -> list[str]:
    """Parts of the file's name: `phieu-thu-2022-01-05-2022-03-10` (first and last date)."""
    return [f"phieu-{kind}", vouchers[0].date.isoformat(), vouchers[-1].date.isoformat()]


def write(fund: Fund, vouchers: Sequence[Voucher], folder: Path) -> list[Path]:
    """One .docx per kind (a voucher per page) in `folder`; an earlier file is never overwritten."""
    from xlpy.report import file_name, free_path, render

    written = []
    Path(folder).mkdir(exist_ok=True)  # the folder -o names; the one it is in was checked (cli)
    for kind in KINDS:
        chosen = [v for v in vouchers if v.kind == kind]
        if chosen:
            target = free_path(Path(folder) / file_name(file_stem(kind, chosen), f"phieu-{kind}"))
            written.append(render(context(fund, chosen), target, template(kind)))
    return written
