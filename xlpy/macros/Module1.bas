Attribute VB_Name = "Module1"
' xlpy: the buttons of the sheet "Bang dieu khien" (control panel).
' Each button runs one function of the Python package xlpy (xlpy/buttons.py)
' in the local Python, through xlwings' RunPython (module "xlwings" of this
' workbook: no add-in to install). Keep this file ASCII: the Vietnamese
' captions and messages live in the workbook's cells, not in VBA.
Option Explicit

Sub KiemTraDuLieu()
    RunPython "import xlpy.buttons; xlpy.buttons.check()"
End Sub

Sub TongHopQuy()
    RunPython "import xlpy.buttons; xlpy.buttons.totals()"
End Sub

Sub ThemThangMoi()
    RunPython "import xlpy.buttons; xlpy.buttons.add_month()"
End Sub

Sub XuatBaoCao()
    RunPython "import xlpy.buttons; xlpy.buttons.export_report()"
End Sub

Sub InPhieu()
    RunPython "import xlpy.buttons; xlpy.buttons.print_vouchers()"
End Sub

Sub SoQuy()
    RunPython "import xlpy.buttons; xlpy.buttons.cashbook()"
End Sub
