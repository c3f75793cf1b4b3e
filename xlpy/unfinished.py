"""A workbook not yet filled in: errors, not a report full of template words.

`xlpy init` writes placeholders ("TÊN CƠ QUAN", "Họ và tên người ký" …, see
xlpy.settings.PLACEHOLDERS), an empty roster and one empty month. Until the
office replaces them, validation says so at the cell, and the report and the
summary refuse (xlpy.outcome) instead of printing them.
"""

from __future__ import annotations

from collections.abc import Iterable

from xlpy import cells
from xlpy.grid import Grid
from xlpy.problems import Problem, Severity
from xlpy.schemas import contributions, members
from xlpy.settings import LABELS, PLACEHOLDERS, TEXT_SHEET, VOUCHER_PLACEHOLDERS, key_of
from xlpy.text import fold

# Settings the report prints and cannot do without (the others are printed only when given).
NEEDED = (
    "issuing_body",
    "place",
    "number",
    "symbol",
    "report_date",
    "subject",
    "model_name",
    "model_form",
    "appendix_title",
    "signer_title",
    "signer",
    "recipients",
)
_PLACEHOLDERS = {fold(value) for value in PLACEHOLDERS.values()}
_VOUCHER_PLACEHOLDERS = {fold(value) for value in VOUCHER_PLACEHOLDERS.values()}


def _is_placeholder(value: object) -> bool:
    return isinstance(value, str) and (fold(value) in _PLACEHOLDERS or "…" in value)


def _rows(grid: Grid) -> dict[str, list[tuple[int, object]]]:
    """Setting key -> (row, value of column B) for each row that names it."""
    found: dict[str, list[tuple[int, object]]] = {}
    for number, row in enumerate(grid.rows, start=1):
        key = key_of(row[0]) if row else None
        if key:
            found.setdefault(key, []).append((number, row[1] if len(row) > 1 else None))
    return found


def settings_problems(grid: Grid | None) -> list[Problem]:
    """Placeholders left in `Cài đặt`, and settings the report needs left empty, at their cell.

    A missing sheet is reported once, by xlpy.settings; a value that is there but
    wrong (a date that is not a date) is reported by xlpy.settings too.
    """
    if grid is None:
        return []
    rows, problems = _rows(grid), []
    for key, label in LABELS.items():
        placed = rows.get(key, [])
        for number, value in placed:
            if _is_placeholder(value):
                problems.append(
                    Problem(
                        grid.name,
                        number,
                        "B",
                        Severity.ERROR,
                        f"'{label}' vẫn là chữ mẫu của sổ mới ('{value}'). Thay bằng thông tin thật của cơ quan"
                        + ("." if key in NEEDED else " (hoặc xoá, nếu không dùng)."),
                    )
                )
        if key not in NEEDED or any(not cells.is_blank(value) for _, value in placed):
            continue
        if placed:
            problems.append(
                Problem(
                    grid.name,
                    placed[0][0],
                    "B",
                    Severity.ERROR,
                    f"'{label}' còn trống; báo cáo cần mục này. Điền vào ô này.",
                )
            )
        else:
            problems.append(
                Problem(
                    grid.name,
                    None,
                    None,
                    Severity.ERROR,
                    f"Thiếu dòng '{label}' (báo cáo cần mục này). Thêm một dòng: cột A '{label}', cột B giá trị.",
                )
            )
    return problems


def book_problems(sheet_names: Iterable[str], roster_read: bool, member_rows: int) -> list[Problem]:
    """No member in the roster, or no monthly sheet at all: nothing to total."""
    problems = []
    if roster_read and member_rows == 0:
        problems.append(
            Problem(
                members.SHEET,
                None,
                None,
                Severity.ERROR,
                f"Sheet '{members.SHEET}' chưa có thành viên nào. Nhập mỗi người một dòng: Mã, Họ và tên, "
                "Ngày tham gia.",
            )
        )
    if not any(contributions.month_named(name) is not None or contributions.misnamed(name) for name in sheet_names):
        problems.append(
            Problem(
                contributions.schema.name,
                None,
                None,
                Severity.ERROR,
                "Chưa có sheet tháng nào (dạng T01-2022) nên chưa có khoản thu nào. "
                "Thêm sheet tháng bằng nút 'Thêm tháng mới' hoặc theo mẫu sổ quỹ.",
            )
        )
    return problems


def voucher_problems(grid: Grid | None) -> list[Problem]:
    """A warning at each voucher setting still holding the new workbook's words: the vouchers would print them."""
    if grid is None:
        return []
    return [
        Problem(
            grid.name,
            number,
            "B",
            Severity.WARNING,
            f"'{LABELS[key]}' vẫn là chữ mẫu của sổ mới ('{value}'): phiếu thu, phiếu chi sẽ in chữ này. "
            "Thay bằng thông tin thật trước khi in phiếu.",
            setting=key,
        )
        for key, placed in _rows(grid).items()
        if key in VOUCHER_PLACEHOLDERS
        for number, value in placed
        if isinstance(value, str) and fold(value) in _VOUCHER_PLACEHOLDERS
    ]


def text_problems(text_name: str | None, blocks: int) -> list[Problem]:
    """A warning when `Nội dung báo cáo` holds no paragraph: the report would hold only the fund's figures."""
    if text_name is None or blocks:
        return []
    return [
        Problem(
            text_name,
            None,
            None,
            Severity.WARNING,
            f"Sheet '{TEXT_SHEET}' chưa có đoạn nào: báo cáo sẽ chỉ có số liệu của quỹ, không có phần mở đầu, "
            "các mục và phần kết. Nhập mỗi đoạn một dòng: Phần, Kiểu, Nội dung.",
        )
    ]
