"""Storing voucher numbers in a workbook file: a few cells set in the sheet XML, nothing else.

`store_numbers` sets or creates each `<c>` (in column order, in its `<row>`,
text as an inline string) and leaves every other part of the package
byte-identical: no shared string table, style or drawing is rewritten, so
nothing openpyxl would drop is at risk. The new file is read back and
replaces the workbook through xlpy.safe_write (backup, atomic replace,
refused while Excel has it open).

This is the narrow seam the vouchers need; a shared package writer can take
its place behind the same function.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from xlpy import safe_write
from xlpy.errors import WriteRefused
from xlpy.grid import column_index, split_reference

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

Cells = dict[str, dict[str, object]]  # {sheet name: {"H5": 12, "H3": "Số phiếu"}}


def _q(tag: str) -> str:
    return f"{{{MAIN}}}{tag}"


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the package (`xl/worksheets/sheet3.xml`)."""
    book = etree.fromstring(archive.read("xl/workbook.xml"), _PARSER)
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), _PARSER)
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{PKG_REL}}}Relationship")}
    parts = {}
    for sheet in book.iter(_q("sheet")):
        target = targets.get(sheet.get(f"{{{REL}}}id"), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return parts


def _current(cell) -> object:
    if cell.get("t") == "inlineStr":
        return "".join(cell.itertext())
    value = cell.find(_q("v"))
    if value is None or cell.get("t") not in (None, "n"):
        return None
    number = float(value.text or "nan")
    return int(number) if number.is_integer() else number


def _col_style(root, column: int) -> str | None:
    for col in root.iter(_q("col")):
        if int(col.get("min", 0)) <= column <= int(col.get("max", 0)):
            return col.get("style")
    return None


def _child_at(parent, tag: str, key, position: int, attributes: dict[str, str]):
    """The child `tag` whose `key(child)` is `position`, created in order if missing."""
    for child in parent.findall(_q(tag)):
        if key(child) == position:
            return child, False
        if key(child) > position:
            new = etree.Element(_q(tag), attributes)
            child.addprevious(new)
            return new, True
    return etree.SubElement(parent, _q(tag), attributes), True


def _column_of(cell) -> int:
    found = split_reference(cell.get("r", ""))
    return column_index(found[0]) if found else 0


def _widen(ref: str, column: int, row: int) -> str:
    ends = [split_reference(part) for part in ref.split(":")]
    if not ref or None in ends:
        return ref
    (c1, r1), (c2, r2) = ends[0], ends[-1]  # type: ignore[misc]
    from xlpy.grid import column_letter

    left, right = min(column_index(c1), column), max(column_index(c2), column)
    return f"{column_letter(left)}{min(r1, row)}:{column_letter(right)}{max(r2, row)}"


def patch_sheet(xml: bytes, values: dict[str, object]) -> bytes | None:
    """The sheet part with `values` set; None when every cell already holds its value."""
    root = etree.fromstring(xml, _PARSER)
    data = root.find(_q("sheetData"))
    if data is None:
        raise WriteRefused("Sheet không có vùng dữ liệu (sheetData): không ghi được số phiếu.")
    changed = False
    for reference, value in values.items():
        letter, row_number = split_reference(reference) or ("", 0)
        column = column_index(letter)
        row, _ = _child_at(data, "row", lambda r: int(r.get("r", 0)), row_number, {"r": str(row_number)})
        cell, new = _child_at(row, "c", _column_of, column, {"r": f"{letter}{row_number}"})
        if not new and _current(cell) == value:
            continue
        changed = True
        for child in list(cell):
            cell.remove(child)
        cell.attrib.pop("t", None)
        if new:
            left = cell.getprevious()
            style = left.get("s") if isinstance(value, str) and left is not None else _col_style(root, column)
            if style:
                cell.set("s", style)
        if isinstance(value, str):
            cell.set("t", "inlineStr")
            text = etree.SubElement(etree.SubElement(cell, _q("is")), _q("t"))
            text.text = value
        else:
            etree.SubElement(cell, _q("v")).text = str(value)
        spans = row.get("spans")
        if spans and ":" in spans:
            low, high = (int(x) for x in spans.split(":"))
            row.set("spans", f"{min(low, column)}:{max(high, column)}")
        dimension = root.find(_q("dimension"))
        if dimension is not None:
            dimension.set("ref", _widen(dimension.get("ref", ""), column, row_number))
    if not changed:
        return None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _verify(path: Path, cells: Cells) -> None:
    from xlpy.book import open_book

    book = open_book(path)
    for sheet, values in cells.items():
        rows = book.grid(sheet).rows
        for reference, value in values.items():
            letter, row = split_reference(reference) or ("", 0)
            line = rows[row - 1] if row <= len(rows) else []
            found = line[column_index(letter) - 1] if column_index(letter) <= len(line) else None
            if found != value:
                raise WriteRefused(f"Đọc lại ô {sheet}!{reference} không thấy {value}: sổ được giữ nguyên.")


def store_numbers(path: Path, cells: Cells) -> Path | None:
    """Set `cells` in the workbook file; returns the backup, or None when nothing had to change."""
    path = Path(path)
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive)
        patched = {}
        for sheet, values in cells.items():
            if sheet not in parts or parts[sheet] not in archive.namelist():
                raise WriteRefused(f"Không tìm thấy sheet '{sheet}' trong tệp: sổ được giữ nguyên.")
            new = patch_sheet(archive.read(parts[sheet]), values)
            if new is not None:
                patched[parts[sheet]] = new
    if not patched:
        return None

    def write(target: Path) -> None:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
            for info in source.infolist():
                out.writestr(info, patched.get(info.filename, source.read(info)))

    return safe_write.replace(path, write, lambda new: _verify(new, cells))
