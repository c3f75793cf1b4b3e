"""The control panel's buttons as xlwings scripts: Excel on the web or on a Mac
without a local Python, through xlwings Lite (Python in the browser) or
xlwings Server. Each script runs the very function the desktop button runs.

xlwings Lite: put `import xlpy.scripts` (or this file's text) in main.py and
`xlpy` in requirements.txt; the scripts appear in the task pane.
"""

from __future__ import annotations

import xlwings as xw

from xlpy import buttons


@xw.script(name="Kiểm tra dữ liệu")
def kiem_tra_du_lieu(book: xw.Book) -> None:
    buttons.check(book)


@xw.script(name="Tổng hợp quỹ")
def tong_hop_quy(book: xw.Book) -> None:
    buttons.totals(book)


@xw.script(name="Thêm tháng mới")
def them_thang_moi(book: xw.Book) -> None:
    buttons.add_month(book)


@xw.script(name="Xuất báo cáo")
def xuat_bao_cao(book: xw.Book) -> None:
    buttons.export_report(book)


@xw.script(name="Sổ quỹ")
def so_quy(book: xw.Book) -> None:
    buttons.cashbook(book)
