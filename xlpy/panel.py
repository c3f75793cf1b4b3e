"""Names shared by the workbook's layout and the buttons that act on it."""

from xlpy.click_server import RESTART_BUTTON

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

ERROR_FILL = "#FFC7CE"
WARNING_FILL = "#FFEB9C"


def literal(value: object) -> object:
    """Text that Excel must not read as a formula: a leading ' keeps =, +, - or @ as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def check_title() -> list[str | None]:
    """Row 1 of the `Kiểm tra` sheet: its title, and the hidden mark (E1) it is known by."""
    return ["KẾT QUẢ KIỂM TRA DỮ LIỆU", None, None, None, CHECK_MARK]


def problem_rows(problems) -> list[list[str]]:
    """The `Kiểm tra` sheet's table, header first."""
    return [["Mức độ", "Sheet", "Ô", "Nội dung"]] + [
        [p.severity.value, p.sheet, p.cell or "", p.message] for p in problems
    ]
