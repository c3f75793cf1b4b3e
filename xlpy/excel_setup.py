"""`xlpy excel-setup`: tell a workbook's buttons which Python to run.

xlwings' RunPython reads its settings from a sheet named `xlwings.conf` in the
workbook (keys in column A from A1 down, without a gap; values in column B),
before any user or add-in setting. Writing there the interpreter that runs
this command (the one xlpy is installed in) removes the most common failure
of a click: Excel starting another Python, or none ("No module named xlpy").

Keys written:
- INTERPRETER_WIN: `pythonw.exe` beside `python.exe` (no console window
  flashes at each click); INTERPRETER_MAC on macOS: the interpreter itself.
- ADD_WORKBOOK_TO_PYTHONPATH = false: by default xlwings puts the workbook's
  folder first on `sys.path`, so a file such as `xlpy.py`, `pandas.py` or
  `openpyxl.py` lying beside the workbook (a download, a colleague's script)
  would be imported instead of the installed package. xlpy needs nothing from
  that folder, so it is kept off the path.
Keys already in the sheet and not written here (the other platform's
interpreter, a key added by hand) are kept.

The write patches the package's XML (lxml): workbook.xml, its relationships
and [Content_Types].xml gain the sheet, the new sheet part holds inline
strings, and every other part keeps its bytes. It goes through
`xlpy.safe_write.replace` (file beside, read back, backup, atomic replace;
refused while Excel has the workbook open). When an existing `xlwings.conf`
sheet is there, only its part is rewritten.
"""

from __future__ import annotations

import os
import posixpath
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath

from lxml import etree

from xlpy.errors import WorkbookUnreadable, WriteRefused

SHEET = "xlwings.conf"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKSHEET = f"{REL}/worksheet"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


def conf_values(
    system: str | None = None, executable: str | None = None, exists: Callable[[str], bool] = os.path.exists
) -> dict[str, str]:
    """The settings RunPython needs to start the Python running this (`system` as platform.system())."""
    import platform

    system = system or platform.system()
    executable = executable or sys.executable
    values = {"ADD_WORKBOOK_TO_PYTHONPATH": "false"}
    if system == "Windows":
        python = PureWindowsPath(executable)
        quiet = python.with_name("pythonw.exe")
        values["INTERPRETER_WIN"] = str(quiet if exists(str(quiet)) else python)
    elif system == "Darwin":
        values["INTERPRETER_MAC"] = str(PurePosixPath(executable))
    return values


def read_conf(path: Path) -> dict[str, str]:
    """The workbook's `xlwings.conf` settings as xlwings reads them (upper-case keys), {} when none."""
    import python_calamine as calamine

    book = calamine.CalamineWorkbook.from_path(str(path))
    name = next((n for n in book.sheet_names if n.lower() == SHEET), None)
    if name is None:
        return {}
    values: dict[str, str] = {}
    for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False):
        if not row or row[0] in (None, ""):
            break  # xlwings reads from A1 down to the first blank cell
        values[str(row[0]).upper()] = "" if len(row) < 2 or row[1] is None else str(row[1])
    return values


def sheet_xml(values: dict[str, str]) -> bytes:
    """A worksheet part with one row per setting: key in A, value in B, both inline strings."""
    root = etree.Element(f"{{{MAIN}}}worksheet", nsmap={None: MAIN})
    if values:
        etree.SubElement(root, f"{{{MAIN}}}dimension", ref=f"A1:B{len(values)}")
    cols = etree.SubElement(root, f"{{{MAIN}}}cols")
    etree.SubElement(cols, f"{{{MAIN}}}col", min="1", max="1", width="32", customWidth="1")
    etree.SubElement(cols, f"{{{MAIN}}}col", min="2", max="2", width="90", customWidth="1")
    data = etree.SubElement(root, f"{{{MAIN}}}sheetData")
    for number, (key, value) in enumerate(values.items(), start=1):
        row = etree.SubElement(data, f"{{{MAIN}}}row", r=str(number))
        for column, text in (("A", key), ("B", value)):
            cell = etree.SubElement(row, f"{{{MAIN}}}c", r=f"{column}{number}", t="inlineStr")
            t = etree.SubElement(etree.SubElement(cell, f"{{{MAIN}}}is"), f"{{{MAIN}}}t")
            t.text = text
            if text != text.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _workbook_part(parts: dict[str, bytes]) -> str:
    rels = _xml(parts["_rels/.rels"])
    for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return "xl/workbook.xml"


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def patched(parts: dict[str, bytes], values: dict[str, str]) -> dict[str, bytes]:
    """The package's parts with the `xlwings.conf` sheet added or replaced; other parts untouched."""
    workbook_part = _workbook_part(parts)
    workbook = _xml(parts[workbook_part])
    if workbook.tag == f"{{{STRICT}}}workbook":
        raise WriteRefused(
            "Sổ được lưu dạng 'Strict Open XML', xlpy không ghi vào dạng này. Trong Excel chọn "
            "Lưu thành (Save As) > 'Sổ làm việc Excel có hỗ trợ macro (*.xlsm)' rồi chạy lại."
        )
    rels_part = _rels_of(workbook_part)
    rels = _xml(parts[rels_part])
    folder = posixpath.dirname(workbook_part)
    targets = {
        rel.get("Id"): posixpath.normpath(
            rel.get("Target", "").lstrip("/")
            if rel.get("Target", "").startswith("/")
            else posixpath.join(folder, rel.get("Target", ""))
        )
        for rel in rels.iter(f"{{{PKG_REL}}}Relationship")
    }
    sheets = workbook.find(f"{{{MAIN}}}sheets")
    if sheets is None:
        raise WorkbookUnreadable("Sổ không có danh sách sheet (xl/workbook.xml hỏng). Mở bằng Excel và lưu lại.")
    out = dict(parts)
    for sheet in sheets.iter(f"{{{MAIN}}}sheet"):
        if (sheet.get("name") or "").lower() == SHEET:  # there already: rewrite its part only
            out[targets[sheet.get(f"{{{REL}}}id")]] = sheet_xml(values)
            return out
    number = 1
    while f"{folder}/worksheets/sheet{number}.xml" in parts:
        number += 1
    part = f"{folder}/worksheets/sheet{number}.xml"
    rel_id = next(f"rId{n}" for n in range(1, 10_000) if f"rId{n}" not in targets)
    sheet_id = 1 + max((int(s.get("sheetId", "0")) for s in sheets.iter(f"{{{MAIN}}}sheet")), default=0)
    # Hidden: it is for Excel, not for the clerk (right-click > Unhide shows it).
    etree.SubElement(sheets, f"{{{MAIN}}}sheet", name=SHEET, sheetId=str(sheet_id), state="hidden").set(
        f"{{{REL}}}id", rel_id
    )
    etree.SubElement(
        rels, f"{{{PKG_REL}}}Relationship", Id=rel_id, Type=WORKSHEET, Target=posixpath.relpath(part, folder)
    )
    types = _xml(parts["[Content_Types].xml"])
    etree.SubElement(types, f"{{{TYPES}}}Override", PartName=f"/{part}", ContentType=WORKSHEET_TYPE)
    out[workbook_part] = _bytes(workbook)
    out[rels_part] = _bytes(rels)
    out["[Content_Types].xml"] = _bytes(types)
    out[part] = sheet_xml(values)
    return out


def write_conf_sheet(path: Path, values: dict[str, str]) -> Path | None:
    """Add or replace the workbook's `xlwings.conf` sheet with `values`; returns the backup's path."""
    from xlpy import safe_write

    path = Path(path)
    if not path.is_file():
        raise WorkbookUnreadable(f"Không tìm thấy tệp '{path}'. Kiểm tra lại đường dẫn và tên tệp.")
    if not zipfile.is_zipfile(path):
        raise WorkbookUnreadable(f"Tệp '{path.name}' không phải sổ Excel .xlsm (không phải dạng nén ZIP).")
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        parts = {info.filename: archive.read(info) for info in infos}
    try:
        new_parts = patched(parts, values)
    except (KeyError, etree.XMLSyntaxError) as exc:
        from xlpy.causes import explain

        raise WorkbookUnreadable(
            f"Tệp '{path.name}' không phải sổ Excel đọc được: " + explain(exc, "Mở bằng Excel và lưu lại.")
        ) from exc

    def write(target: Path) -> None:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in infos:  # same names, order and compression; changed parts get new bytes
                archive.writestr(info, new_parts[info.filename])
            for name in new_parts.keys() - parts.keys():
                archive.writestr(name, new_parts[name])

    def verify(target: Path) -> None:
        found = read_conf(target)
        if any(found.get(key.upper()) != value for key, value in values.items()):
            raise WriteRefused(f"Đọc lại sheet '{SHEET}' không thấy đúng giá trị vừa ghi; sổ được giữ nguyên.")

    return safe_write.replace(path, write, verify)


def setup(path: Path, values: dict[str, str] | None = None) -> tuple[dict[str, str], Path | None]:
    """`xlpy excel-setup`: the settings written (old keys kept, ours replaced) and the backup's path."""
    path = Path(path)
    if path.suffix.lower() != ".xlsm":
        raise WriteRefused(
            f"'{path.name}' không phải sổ có nút bấm (.xlsm): chỉ sổ .xlsm cần biết Python ở đâu. "
            "Tạo sổ có nút bấm bằng: xlpy init TÊN-SỔ.xlsm"
        )
    if not path.is_file():
        raise WorkbookUnreadable(f"Không tìm thấy tệp '{path}'. Kiểm tra lại đường dẫn và tên tệp.")
    try:
        existing = read_conf(path)
    except Exception as exc:  # not a workbook calamine can read
        from xlpy.causes import explain

        raise WorkbookUnreadable(
            f"Tệp '{path.name}' không phải sổ Excel đọc được: " + explain(exc, "Mở bằng Excel và lưu lại.")
        ) from exc
    merged = {**existing, **(values if values is not None else conf_values())}
    return merged, write_conf_sheet(path, merged)
