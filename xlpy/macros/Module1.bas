Attribute VB_Name = "Module1"
' xlpy: the buttons of the sheet "Bang dieu khien" (control panel).
' Each button runs one function of the Python package xlpy (xlpy/buttons.py)
' in the local Python, through xlwings' RunPython (module "xlwings" of this
' workbook: no add-in to install). Keep this file ASCII: the Vietnamese
' captions and messages live in the workbook's cells, not in VBA.
' With USE UDF SERVER in the sheet xlwings.conf, one Python stays alive
' between clicks (xlpy/click_server.py).
Option Explicit

Sub KiemTraDuLieu()
    Click "import xlpy.buttons; xlpy.buttons.check()"
End Sub

Sub TongHopQuy()
    Click "import xlpy.buttons; xlpy.buttons.totals()"
End Sub

Sub ThemThangMoi()
    Click "import xlpy.buttons; xlpy.buttons.add_month()"
End Sub

Sub XuatBaoCao()
    Click "import xlpy.buttons; xlpy.buttons.export_report()"
End Sub

Sub InPhieu()
    Click "import xlpy.buttons; xlpy.buttons.print_vouchers()"
End Sub

Sub SoQuy()
    Click "import xlpy.buttons; xlpy.buttons.cashbook()"
End Sub

Sub KhoiDongLaiPython()
    ' After an upgrade of xlpy the kept Python still runs the old code: stop it
    ' (nothing to stop without the server), then start a fresh one.
    On Error Resume Next
    KillPy
    On Error GoTo 0
    Click "import xlpy.buttons; xlpy.buttons.restart()"
End Sub

Private Sub Click(PythonCommand As String)
    ' If the kept Python cannot start ("python process exit before it was
    ' possible to create interface object"), switch USE UDF SERVER off in this
    ' workbook and run the click in a new Python, as xlwings does without it.
    On Error GoTo NoServer
    RunPython PythonCommand
    Exit Sub
NoServer:
    If ServerSwitchedOff() Then Resume Fresh
    MsgBox Err.Description, vbExclamation, "xlpy"
    Exit Sub
Fresh:
    On Error GoTo 0
    RunPython PythonCommand
End Sub

Private Function ServerSwitchedOff() As Boolean
    ' True when USE UDF SERVER was on in the sheet xlwings.conf and is now False.
    Dim cell As Range
    On Error GoTo Done
    For Each cell In ThisWorkbook.Sheets("xlwings.conf").Range("A1:A100")
        If UCase(Trim(CStr(cell.Value))) = "USE UDF SERVER" Then
            If Not CBool(cell.Offset(0, 1).Value) Then Exit Function
            cell.Offset(0, 1).Value = "False"
            ServerSwitchedOff = True
            Exit Function
        End If
    Next cell
Done:
End Function
