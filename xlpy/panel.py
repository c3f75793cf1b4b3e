"""Names shared by the workbook's layout and the buttons that act on it."""

PANEL_SHEET = "Bảng điều khiển"
STATUS_CELL = "B14"  # the one-line result of the last run
STATUS_TIME_CELL = "B15"
CHECK_SHEET = "Kiểm tra"
TOTALS_SHEET = "Tổng hợp"

# Button caption -> VBA macro (workbook/vba/Module1.bas) -> Python function (xlpy.buttons).
BUTTONS = [
    ("Kiểm tra dữ liệu", "KiemTraDuLieu", "check"),
    ("Tổng hợp quỹ", "TongHopQuy", "totals"),
    ("Thêm tháng mới", "ThemThangMoi", "add_month"),
    ("Xuất báo cáo", "XuatBaoCao", "export_report"),
]

ERROR_FILL = "#FFC7CE"
WARNING_FILL = "#FFEB9C"
