"""What a roll-up writes: the consolidated workbook (XlsxWriter) and report (.docx, docxtpl).

Both follow the report's rules: an existing file is never overwritten (a
number is added to the name), and nothing is written inside the folder of
unit workbooks, so a roll-up never changes, nor later counts, its own output.
"""

from __future__ import annotations

import os
from datetime import date
from importlib import resources
from pathlib import Path

from xlpy.dates import long_date, numeric_date
from xlpy.errors import UsageError
from xlpy.money import dong
from xlpy.problems import Severity
from xlpy.rollup import STATUS_WORDS, Rollup, Unit

SUMMARY_SHEET = "Tổng hợp đơn vị"
PROBLEMS_SHEET = "Vấn đề"
HEADERS = [
    ("STT", 6),
    ("Đơn vị", 40),
    ("Tệp", 30),
    ("Số thành viên", 12),
    ("Đã thu", 16),
    ("Chi từ quỹ", 16),
    ("Tồn quỹ", 16),
    ("Thành viên còn nợ", 12),
    ("Tình trạng", 16),
    ("Số lỗi", 9),
    ("Số cảnh báo", 11),
]
PROBLEM_HEADERS = [("Đơn vị", 40), ("Tệp", 30), ("Mức độ", 10), ("Sheet", 16), ("Ô", 8), ("Nội dung", 100)]
TOTALS_LABEL = "Tổng cộng (các đơn vị đạt)"


def default_template() -> Path:
    return Path(str(resources.files("xlpy.templates").joinpath("tong-hop.docx")))


def target(out: Path | None, folder: Path, suffix: str) -> Path:
    """Where to write: `out`, or `tong-hop-<folder>.xlsx` beside the folder; never into it, never over a file."""
    from xlpy.report import free_path
    from xlpy.safe_write import in_existing_folder

    folder = folder.resolve()
    path = Path(out) if out else folder.parent / f"tong-hop-{folder.name}{suffix}"
    if path.suffix.lower() != suffix:
        raise UsageError(f"Tệp '{path.name}' phải có đuôi {suffix}.")
    if out:
        in_existing_folder(path)
    if path.resolve().is_relative_to(folder):
        raise UsageError(
            f"Không ghi '{path}' vào trong thư mục các sổ đơn vị '{folder}' (lần tổng hợp sau sẽ đọc nhầm). "
            "Chọn thư mục khác."
        )
    return free_path(path)


def _atomic(path: Path, write) -> Path:
    """Written under a temporary name beside `path`, renamed only when complete."""
    new = path.with_name(f".{path.stem}.xlpy-new{path.suffix}")
    try:
        write(new)
        os.replace(new, path)
    finally:
        if new.exists():
            new.unlink()
    return path


def _row(number: int, unit: Unit) -> list:
    return [
        number,
        unit.unit,
        unit.file,
        unit.members,
        unit.collected,
        unit.spent_from_fund,
        unit.balance,
        unit.in_arrears,
        STATUS_WORDS[unit.status],
        unit.errors,
        unit.warnings,
    ]


def write_workbook(rollup: Rollup, path: Path) -> Path:
    """One row per unit, a totals row over the units that passed, and every problem of every unit."""
    import xlsxwriter

    from xlpy.safe_write import close_xlsx

    def write(new: Path) -> None:
        book = xlsxwriter.Workbook(str(new), {"strings_to_formulas": False, "strings_to_urls": False})
        bold = book.add_format({"bold": True})
        header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        money = book.add_format({"num_format": "#,##0"})
        money_bold = book.add_format({"num_format": "#,##0", "bold": True, "top": 1})
        flagged = book.add_format({"font_color": "#C00000"})

        sheet = book.add_worksheet(SUMMARY_SHEET)
        when = f"ĐẾN NGÀY {numeric_date(rollup.as_of)}" if rollup.as_of else "(MỖI ĐƠN VỊ ĐẾN NGÀY BÁO CÁO CỦA MÌNH)"
        sheet.write_string(0, 0, f"TỔNG HỢP QUỸ CÁC ĐƠN VỊ {when}", bold)
        sheet.write_string(
            1,
            0,
            f"{len(rollup.units)} tệp; {len(rollup.counted)} đơn vị đạt; {len(rollup.left_out)} có lỗi hoặc "
            f"không đọc được (không cộng vào tổng, xem sheet '{PROBLEMS_SHEET}').",
        )
        for column, (label, width) in enumerate(HEADERS):
            sheet.write_string(2, column, label, header)
            sheet.set_column(column, column, width)
        row = 3
        for number, unit in enumerate(rollup.units, start=1):
            for column, value in enumerate(_row(number, unit)):
                fmt = money if 4 <= column <= 6 else (flagged if not unit.counted and column == 8 else None)
                if isinstance(value, str):
                    sheet.write_string(row, column, value, fmt)
                elif value is not None:
                    sheet.write_number(row, column, value, fmt)
            row += 1
        totals = rollup.totals()
        sheet.write_string(row, 1, TOTALS_LABEL, bold)
        for column, key in ((3, "members"), (4, "collected"), (5, "spent_from_fund"), (6, "balance")):
            sheet.write_number(row, column, totals[key], money_bold)
        sheet.write_number(row, 7, totals["members_in_arrears"], bold)
        sheet.freeze_panes(3, 0)
        sheet.autofilter(2, 0, max(row - 1, 3), len(HEADERS) - 1)

        problems = book.add_worksheet(PROBLEMS_SHEET)
        for column, (label, width) in enumerate(PROBLEM_HEADERS):
            problems.write_string(0, column, label, header)
            problems.set_column(column, column, width)
        line = 1
        for unit in rollup.units:
            for problem in unit.problems:
                cells = [
                    unit.unit,
                    unit.file,
                    problem.severity.value,
                    problem.sheet,
                    problem.cell or "",
                    problem.message,
                ]
                for column, text in enumerate(cells):
                    problems.write_string(line, column, text)
                line += 1
        for duplicate in rollup.duplicates():
            files = ", ".join(duplicate.files)
            cells = [duplicate.unit, files, Severity.WARNING.value, "Cài đặt", "", duplicate.message]
            for column, text in enumerate(cells):
                problems.write_string(line, column, text)
            line += 1
        problems.freeze_panes(1, 0)
        close_xlsx(book)

    return _atomic(path, write)


def context(rollup: Rollup, today: date | None = None) -> dict:
    """What the roll-up report shows, as plain text (docxtpl escapes it)."""
    from xlpy.report import clean

    totals = rollup.totals()
    day = today or date.today()

    def money(value: int | None) -> str:
        return dong(value).removesuffix(" đồng") if value is not None else ""

    return {
        "place_date": f"……, {long_date(day)}",
        "as_of": numeric_date(rollup.as_of) if rollup.as_of else "ngày báo cáo của từng đơn vị",
        "count": len(rollup.units),
        "counted": len(rollup.counted),
        "units": [
            {
                "n": n,
                "name": clean(u.unit),
                "members": "" if u.members is None else str(u.members),
                "collected": money(u.collected),
                "spent": money(u.spent_from_fund),
                "balance": money(u.balance),
                "status": STATUS_WORDS[u.status],
            }
            for n, u in enumerate(rollup.units, start=1)
        ],
        "totals": {
            "members": str(totals["members"]),
            "collected": money(totals["collected"]),
            "spent": money(totals["spent_from_fund"]),
            "balance": money(totals["balance"]),
        },
        "collected_words": dong(totals["collected"]),
        "left_out": [
            {
                "name": clean(u.unit),
                "file": clean(u.file),
                "why": clean(_why(u)),
            }
            for u in rollup.left_out
        ],
    }


def _why(unit: Unit) -> str:
    """`có lỗi, 2 lỗi; đầu tiên: 'T02-2022'!C5: …`: the count, and where to start."""
    first = unit.first_problem()
    return f"{STATUS_WORDS[unit.status].lower()}, {unit.errors} lỗi" + (f"; đầu tiên: {first}" if first else "")


def write_report(rollup: Rollup, path: Path, template: Path | None = None) -> Path:
    from xlpy.report import render

    values = context(rollup)
    title = f"Báo cáo tổng hợp kết quả quỹ của các đơn vị đến {values['as_of']}"
    return _atomic(path, lambda new: render(values, new, template or default_template(), title=title))


def command(
    folder: Path, out: Path | None, report: Path | None, as_of: date | None, as_json: bool, echo, echo_err
) -> int:
    """`xlpy rollup`: 0 every unit counted; 1 some units left out (listed); outputs written either way."""
    import json
    import sys

    from xlpy.rollup import roll_up, workbooks

    folder = Path(folder)
    found = len(workbooks(folder))
    if not found:
        raise UsageError(f"Không thấy sổ Excel nào (.xlsx, .xlsm) trong thư mục '{folder}'.")
    # Refused before hours of work, not after: where the outputs would go.
    book_path = target(out, folder, ".xlsx") if out or not as_json else None
    report_path = target(report, folder, ".docx") if report else None
    if sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("Đang tổng hợp", total=found)
            rollup = roll_up(folder, as_of, progress=lambda done, total: bar.update(task, completed=done))
    else:
        rollup = roll_up(folder, as_of)
    if as_json:
        echo(json.dumps(rollup.to_dict(), ensure_ascii=False, indent=2))
    if book_path:
        echo_err(f"Đã ghi bảng tổng hợp: {write_workbook(rollup, book_path)}")
    if report_path:
        echo_err(f"Đã ghi báo cáo tổng hợp: {write_report(rollup, report_path)}")
    totals = rollup.totals()
    echo_err(
        f"{len(rollup.units)} sổ: {totals['units']} đơn vị đạt, đã thu {dong(totals['collected'])}, "
        f"tồn quỹ {dong(totals['balance'])}; {len(rollup.left_out)} sổ có lỗi hoặc không đọc được "
        "(không cộng vào tổng)."
    )
    for unit in rollup.left_out:
        echo_err(f"  {unit.file} ({unit.unit}): {_why(unit)}")
    for duplicate in rollup.duplicates():
        echo_err(f"Cảnh báo: {duplicate.message}")
    return 1 if rollup.left_out else 0
