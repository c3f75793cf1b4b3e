"""Names shared by the workbook's layout and the buttons that act on it."""

import re
from collections.abc import Sequence
from typing import TypeVar

from xlpy.click_server import RESTART_BUTTON
from xlpy.errors import WriteRefused
from xlpy.grid import column_index, split_reference

PANEL_SHEET = "Bảng điều khiển"
CHECK_SHEET = "Kiểm tra"
CHECK_MARK = "xlpy: kết quả kiểm tra"  # hidden cell E1 of xlpy's check sheet (xlpy.marks, the button)
TOTALS_SHEET = "Tổng hợp"

# Button caption -> VBA macro (xlpy/macros/Module1.bas) -> Python function (xlpy.buttons).
BUTTONS = [
    ("Kiểm tra dữ liệu", "KiemTraDuLieu", "check"),
    ("Tổng hợp quỹ", "TongHopQuy", "totals"),
    ("Thêm tháng mới", "ThemThangMoi", "add_month"),
    ("Xuất báo cáo", "XuatBaoCao", "export_report"),
    ("In phiếu", "InPhieu", "print_vouchers"),
    ("Sổ quỹ", "SoQuy", "cashbook"),
    RESTART_BUTTON,  # the Python kept alive between clicks (xlpy.click_server)
]
# The buttons stand on rows 4, 6, 8 … of the panel (xlpy.layout); the status area below the last one.
STATUS_CELL = f"B{3 + 2 * len(BUTTONS) + 2}"  # the one-line result of the last run
STATUS_TIME_CELL = f"B{3 + 2 * len(BUTTONS) + 3}"

# A mark's fill: close to Excel's built-in "Bad" and "Neutral" styles, never equal to them, so a
# cell the clerk styled so is never taken for one of xlpy's marks.
ERROR_FILL = "#FFC8CE"
WARNING_FILL = "#FFEA9C"
MARK_FILLS = frozenset({ERROR_FILL, WARNING_FILL})
# The fills of marks made by xlpy 0.2 (Excel's "Bad" and "Neutral" exactly): still taken off where a
# record names the cell, never guessed to be a mark without one.
EARLIER_MARK_FILLS = frozenset({"#FFC7CE", "#FFEB9C"})


def literal(value: object) -> object:
    """Text that Excel must not read as a formula: a leading ' keeps =, +, - or @ as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


CHECK_HEADER = ("Mức độ", "Sheet", "Ô", "Nội dung")  # row 3 of the check sheet
CHECK_COLUMNS = 6  # A:D the table, E:F the hidden records (the mark in E1)


def is_check_sheet(name: str, top: Sequence[Sequence[object]], last_column: int) -> bool:
    """The rule that makes a sheet xlpy's check sheet, which xlpy may clear and rewrite whole
    (xlpy.marks and the Excel button both ask it): the mark in E1, the table's header in row 3,
    nothing right of column F (`last_column`, 1-based, the sheet's last used column), and never a
    sheet of the workbook's contract, whatever its cells say. `top`: the values of rows 1-3 from A."""
    return last_column <= CHECK_COLUMNS and _made_by_xlpy(name, top)


def _made_by_xlpy(name: str, top: Sequence[Sequence[object]]) -> bool:
    from xlpy.schemas import contributions, members, spending
    from xlpy.settings import SETTINGS_SHEET, TEXT_SHEET
    from xlpy.text import fold

    contract = {fold(n) for n in (members.SHEET, spending.SHEET, SETTINGS_SHEET, TEXT_SHEET, PANEL_SHEET)}
    if fold(name) in contract or contributions.month_named(name) is not None:
        return False

    def value(row: int, column: int) -> object:
        return top[row][column] if row < len(top) and top[row] is not None and column < len(top[row]) else None

    return value(0, 4) == CHECK_MARK and tuple(value(2, i) for i in range(len(CHECK_HEADER))) == CHECK_HEADER


def refuse_written_beside(name: str, top: Sequence[Sequence[object]], last_column: int) -> None:
    """A check sheet of xlpy's in which the clerk wrote right of its records: it is no longer xlpy's
    to rewrite (the writing would be lost), and a new one beside it would leave its problems, and
    the fills it recorded, stale for good. The clerk is asked to move the writing (WriteRefused)."""
    if last_column > CHECK_COLUMNS and _made_by_xlpy(name, top):
        raise WriteRefused(
            f"Sheet '{name}' (kết quả kiểm tra của xlpy) có thêm nội dung ở cột G trở đi: xlpy ghi lại cả "
            "sheet này mỗi lần kiểm tra nên sẽ làm mất phần đó. Chép phần ghi thêm sang sheet khác (hoặc xoá), "
            "rồi chạy lại; sổ được giữ nguyên."
        )


Found = TypeVar("Found")


def single_check_sheet(found: Sequence[Found], names: Sequence[str]) -> Found | None:
    """The one check sheet among those the rule accepts; two (a clerk copied it) are refused: which
    one to rewrite cannot be told, and the other would keep stale problems."""
    if len(found) > 1:
        listed = ", ".join(f"'{n}'" for n in names)
        raise WriteRefused(
            f"Sổ có {len(found)} sheet kết quả kiểm tra của xlpy ({listed}). Xoá các sheet thừa, chỉ giữ một, "
            "rồi chạy lại; sổ được giữ nguyên."
        )
    return found[0] if found else None


def check_title() -> list[str | None]:
    """Row 1 of the `Kiểm tra` sheet: its title, and the hidden mark (E1) it is known by."""
    return ["KẾT QUẢ KIỂM TRA DỮ LIỆU", None, None, None, CHECK_MARK]


def problem_rows(problems) -> list[list[str]]:
    """The `Kiểm tra` sheet's table, header first."""
    return [list(CHECK_HEADER)] + [[p.severity.value, p.sheet, p.cell or "", p.message] for p in problems]


def free_name(names: list[str]) -> str:
    """The check sheet's name: `Kiểm tra`, or `Kiểm tra (xlpy)` … when a sheet of the clerk's has it."""
    taken = {n.casefold() for n in names}
    others = (f"{CHECK_SHEET} (xlpy{f' {n}' if n > 1 else ''})" for n in range(1, 99))
    for candidate in [CHECK_SHEET, *others]:
        if candidate.casefold() not in taken:
            return candidate
    raise WriteRefused("Sổ có quá nhiều sheet tên 'Kiểm tra'; đổi tên bớt rồi chạy lại.")


def recorded_colour(text: object) -> str | None:
    """The fill a check sheet's hidden column E records ('#RRGGBB'), if it is one: the clerk can
    type anything there, and a colour that is none would be written into the workbook's styles."""
    return text.upper() if isinstance(text, str) and re.fullmatch(r"#[0-9A-Fa-f]{6}", text) else None


def recorded_cell(text: object) -> str | None:
    """The cell a check sheet's row names, if it is one cell in Excel's grid (not a range, not past XFD)."""
    found = split_reference(text) if isinstance(text, str) else None
    if found is None or column_index(found[0]) > 16_384 or found[1] > 1_048_576:
        return None
    return f"{found[0]}{found[1]}"
