"""Clicks that answer at once: one Python kept alive for the workbook's buttons.

Without it, xlwings' RunPython starts a new Python at every click, which pays
the imports again (0.6 s here, 2-3 s on an office PC with an antivirus). With
`USE UDF SERVER` in the workbook's `xlwings.conf` sheet, RunPython calls
xlwings' COM server instead: one Python that stays alive between clicks, so
only the first click after Excel starts waits for the imports.

Decision: on, for every workbook with buttons (`CONF`, written with the
interpreter keys by `xlpy excel-setup` and `xlpy init`, both through
xlpy.excel_setup.conf_values; an existing value is kept by excel-setup). The known
risks (shared/excel-notes.md) each have an answer a clerk does not have to
look for:
- The server fails to start ("python process exit before it was possible to
  create interface object", xlwings issue #2310): the buttons' VBA
  (xlpy/macros/Module1.bas, `Click`) catches that failure, sets the key to
  False in the workbook's `xlwings.conf` sheet, and runs the same click in a
  new Python, as without the setting. The workbook keeps working, only slower;
  saving it keeps the setting off.
- A call through the server is cut after about 90 s (issue #1757): a click
  takes well under 2 s on the large workbook; the longest, the report with
  its PDF, depends on LibreOffice (typically 3-20 s). A province's roll-up,
  which can take minutes, is a command (`xlpy rollup`), never a button.
- After an upgrade of xlpy the kept Python still runs the old code
  (issue #1096): the button `Khởi động lại Python` (VBA `KhoiDongLaiPython`)
  stops it (xlwings' `KillPy`) and starts a fresh one, whose version the
  status area then shows. Closing Excel does the same.
- The server is Windows only: on macOS xlwings ignores the key and keeps
  starting a Python per click.
"""

from __future__ import annotations

# Key/value pairs for the `xlwings.conf` sheet (keys in column A, values in B;
# xlwings' VBA reads the value as a Boolean, so "True"/"False").
CONF = {"USE UDF SERVER": "True"}

# The control panel's button that restarts the kept Python (caption, VBA macro, xlpy.buttons function).
RESTART_BUTTON = ("Khởi động lại Python", "KhoiDongLaiPython", "restart")
RESTART_NOTE = (
    "Sau khi cập nhật xlpy, hoặc khi các nút không chạy: dừng Python đang chạy sẵn cho các nút "
    "và khởi động lại bản mới (đóng Excel rồi mở lại cũng được)."
)
