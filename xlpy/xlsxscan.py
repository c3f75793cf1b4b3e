"""A look inside an .xlsx/.xlsm package before anything parses its cells.

- Size: one cell at XFD1048576 makes python-calamine allocate a dense range of
  terabytes and abort the process (measured), so a sheet reaching past
  `MAX_ROWS` rows or column `MAX_COLUMN` is refused first.
- Formulas: calamine reads an error value (#REF!, #VALUE!) and a formula
  saved without its value (by a tool that does not calculate) as an empty
  cell; both are found here so that they are reported instead of counted as 0.

Workbook parts are parsed with defusedxml (no entity expansion); sheet parts
are only searched, never parsed.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree

from xlpy.cell_errors import error_text
from xlpy.errors import TooLarge
from xlpy.money import figures

MAX_ROWS = 200_000
MAX_COLUMN = "CZ"  # 104 columns: a fund sheet has fewer than 20
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_FAR_COLUMN = re.compile(rb'<c r="(?:[D-Z][A-Z]|[A-Z]{3})\d')
_LAST_ROW = re.compile(rb'<row r="(\d+)"')
_ERROR = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>.*?</f>)?<v>([^<]*)</v>')
_NO_VALUE = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v>\s*</v>|<v/>)?</c>')


@dataclass
class Scan:
    """Per sheet name: (cell, what) for cells whose value calamine cannot give."""

    formula_cells: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name, from workbook.xml and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.findall("p:Relationship", _NS)}
    parts = {}
    for sheet in workbook.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name")] = part
    return parts


def scan(path) -> Scan:
    """Raises TooLarge (with a message for the clerk) for a sheet too big to read safely."""
    result = Scan()
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for sheet, part in _sheet_parts(archive).items():
            if part not in names:
                continue
            data = archive.read(part)
            last = data.rfind(b'<row r="')
            row = int(_LAST_ROW.match(data, last).group(1)) if last >= 0 else 0
            if row > MAX_ROWS or _FAR_COLUMN.search(data):
                raise TooLarge(
                    f"Sheet '{sheet}' có ô ở quá xa (quá {figures(MAX_ROWS)} dòng hoặc quá cột {MAX_COLUMN}). "
                    "Xoá các dòng, cột thừa ở cuối sheet (chọn, bấm Delete) rồi lưu lại."
                )
            found = []
            if b't="e"' in data:  # cheap test first: most sheets hold no error value
                found += [(cell.decode(), error_text(value.decode())) for cell, value in _ERROR.findall(data)]
            if b"<f" in data:
                found += [(cell.decode(), "công thức chưa có giá trị") for cell in _NO_VALUE.findall(data)]
            if found:
                result.formula_cells[sheet] = found
    return result
