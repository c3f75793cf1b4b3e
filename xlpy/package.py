"""A workbook's package (the zip of XML parts), edited part by part.

Every write into a clerk's workbook goes through here: the parts a write must
change are parsed with lxml, changed and serialised again (keeping their XML
declaration); every other member is written back with the same name, order,
date and compression and the same uncompressed bytes. `compare` is the check
made before the workbook is replaced: every sheet's cells (values, formulas,
cached values, types) as they were, every part nobody meant to change
byte-identical.
"""

from __future__ import annotations

import copy
import math
import posixpath
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from lxml import etree

from xlpy import safe_write
from xlpy.errors import WriteRefused
from xlpy.grid import column_index, column_letter, split_reference
from xlpy.parts import damaged_package, folded, repeated_member, resolve, sheet_ids, strict_advice

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = REL + "/officeDocument"
WORKSHEET = REL + "/worksheet"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

MAX_INFLATED = 2**30  # a package xlpy writes: 1 GiB of parts once inflated (the reader's own limits are lower)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, strip_cdata=False, remove_blank_text=False)


def q(tag: str) -> str:
    return f"{{{MAIN}}}{tag}"


def parse(data: bytes, what: str = "") -> etree._Element:
    """An XML part as an lxml tree; a DOCTYPE (entity tricks) or broken XML is refused."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        raise WriteRefused(f"Phần '{what}' của sổ có khai báo DOCTYPE lạ; không ghi vào sổ này.")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise WriteRefused(f"Phần '{what}' của sổ không đọc được ({exc}); sổ được giữ nguyên.") from None


_DECLARED_ENCODING = re.compile(rb"""encoding\s*=\s*(["'])(?![Uu][Tt][Ff]-?8\1)[^"']*\1""")


def serialise(root: etree._Element, like: bytes) -> bytes:
    """`root` as bytes, with the XML declaration (and the line break after it) of the part it replaces."""
    prolog = b""
    if like.startswith(b"<?xml"):
        end = like.index(b"?>") + 2
        rest = like[end:]
        # The bytes are UTF-8 whatever the part declared: a declaration of another encoding kept
        # would have every other reader decode them wrongly (Thành viên read as ThÃ nh viÃªn).
        declaration = _DECLARED_ENCODING.sub(b'encoding="UTF-8"', like[:end])
        prolog = declaration + rest[: len(rest) - len(rest.lstrip())]
    else:
        prolog = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    return prolog + etree.tostring(root, encoding="UTF-8")


def split_cell(ref: str) -> tuple[str, int]:
    """grid.split_reference, for a reference that must be one cell."""
    found = split_reference(ref) if ref == ref.strip() else None
    if found is None:
        raise ValueError(f"'{ref}' không phải địa chỉ ô")
    return found


@dataclass
class Sheet:
    name: str
    part: str  # e.g. xl/worksheets/sheet3.xml
    element: etree._Element  # its <sheet> in workbook.xml


class Package:
    """A workbook package open for editing; parts are read when asked for, `save` writes a new file.

    Use as a context manager (the zip stays open to read the parts nobody changed).
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._zip = zipfile.ZipFile(self.path)
        self.infos = self._zip.infolist()
        twice = repeated_member([info.filename for info in self.infos])
        if twice is not None:  # which copy counts is each reader's guess: never written, nor read
            self.close()
            raise WriteRefused(damaged_package(self.path.name, twice))
        self.names = {info.filename for info in self.infos}
        self._folded = {folded(name): name for name in self.names}  # unique: repeated_member said so
        inflated = sum(info.file_size for info in self.infos)
        if inflated > MAX_INFLATED:
            self.close()
            raise WriteRefused(
                f"Sổ '{self.path.name}' quá lớn để ghi ({inflated // 2**20} MB khi giải nén; "
                f"xlpy ghi sổ đến {MAX_INFLATED // 2**20} MB). Sổ được giữ nguyên."
            )
        self.parts: dict[str, bytes] = {}  # parts read (original bytes) or replaced (new bytes)
        self.added: list[str] = []
        self._trees: dict[str, etree._Element] = {}
        self._dirty: set[str] = set()
        root_rels = self.xml("_rels/.rels")
        target = next(
            (r.get("Target") for r in root_rels if r.get("Type", "").endswith("/officeDocument")),
            None,
        )
        if target is None:
            raise WriteRefused(f"Sổ '{self.path.name}' thiếu phần workbook; sổ được giữ nguyên.")
        self.workbook_part = self.part_at("", target)
        if self.xml(self.workbook_part).tag == f"{{{STRICT}}}workbook":
            raise WriteRefused(strict_advice(self.path.name, "ghi vào"))
        self.workbook_rels = self.member(_rels_of(self.workbook_part))

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def member(self, part: str) -> str:
        """The member a reader takes for `part` (ASCII case ignored, as python-calamine and Excel do);
        `part` itself when the package has none."""
        return self._folded.get(folded(part), part)

    def part_at(self, source: str, target: str) -> str:
        """The member a relationship of `source` names with `target`."""
        return self.member(resolve(source, target))

    def has(self, part: str) -> bool:
        return part in self.names or part in self.parts

    def read(self, part: str) -> bytes:
        """A part's bytes (kept: a part read is usually a part about to change)."""
        if part not in self.parts:
            self.parts[part] = self.peek(part)
        return self.parts[part]

    def peek(self, part: str) -> bytes:
        """A part's bytes, not kept (to glance at every sheet without holding them all)."""
        if part in self.parts:
            return self.parts[part]
        if part not in self.names:
            raise WriteRefused(f"Sổ '{self.path.name}' thiếu phần '{part}'; sổ được giữ nguyên.")
        return self._zip.read(part)

    # --- parts ----------------------------------------------------------------
    def xml(self, part: str) -> etree._Element:
        """The part's tree, parsed once; edits to it are saved by `save` (see `touch`)."""
        if part not in self._trees:
            self._trees[part] = parse(self.read(part), part)
        return self._trees[part]

    def touch(self, part: str) -> None:
        """Mark a parsed part as changed: it is serialised again on save."""
        self._dirty.add(part)

    def release(self, part: str) -> None:
        """Serialise a changed part now and let its tree go (large sheets, one at a time)."""
        if part in self._dirty:
            self.parts[part] = serialise(self._trees[part], self.parts.get(part, b""))
            self._dirty.discard(part)
        self._trees.pop(part, None)

    def put(self, part: str, data: bytes) -> None:
        self.parts[part] = data
        self._trees.pop(part, None)
        self._dirty.discard(part)

    def sheets(self) -> list[Sheet]:
        """The workbook's worksheets in tab order (chart sheets and the like left out)."""
        book = self.xml(self.workbook_part)
        rels = {r.get("Id"): r for r in self.xml(self.workbook_rels)}
        found = []
        for element in book.iter(q("sheet")):
            ids = sheet_ids(element)
            rel = rels.get(ids[-1]) if ids else None
            if rel is not None and rel.get("Type") == WORKSHEET and rel.get("TargetMode") != "External":
                part = self.part_at(self.workbook_part, rel.get("Target", ""))
                found.append(Sheet(element.get("name", ""), part, element))
        return found

    def add_sheet(self, name: str, data: bytes, hidden: bool = False) -> Sheet:
        """A new worksheet, last in the tab order (so no sheet index of a defined name moves)."""
        folder = posixpath.dirname(self.workbook_part)
        taken = {name.casefold() for name in self.names | set(self.parts)}  # part names ignore case
        number = 1
        while f"{folder}/worksheets/sheet{number}.xml".casefold() in taken:
            number += 1
        part = f"{folder}/worksheets/sheet{number}.xml"
        self.parts[part] = data
        self.added.append(part)
        rels = self.xml(self.workbook_rels)
        ids = {r.get("Id") for r in rels}
        rid = next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
        etree.SubElement(
            rels, f"{{{PKG_REL}}}Relationship", Id=rid, Type=WORKSHEET, Target=f"worksheets/sheet{number}.xml"
        )
        self.touch(self.workbook_rels)
        types = self.xml("[Content_Types].xml")
        etree.SubElement(types, f"{{{TYPES}}}Override", PartName="/" + part, ContentType=WORKSHEET_TYPE)
        self.touch("[Content_Types].xml")
        book = self.xml(self.workbook_part)
        sheets = book.find(q("sheets"))
        if sheets is None:
            raise WriteRefused(f"Sổ '{self.path.name}' không có danh sách sheet; sổ được giữ nguyên.")
        ids_used = [int(s.get("sheetId", "0")) for s in sheets if s.get("sheetId", "").isdigit()]
        element = etree.SubElement(sheets, q("sheet"), name=name, sheetId=str(max(ids_used, default=0) + 1))
        if hidden:
            element.set("state", "hidden")
        element.set(f"{{{REL}}}id", rid)
        self.touch(self.workbook_part)
        return Sheet(name, part, element)

    def put_sheet(self, data: bytes, existing: Sheet | None, name: str, hidden: bool = False) -> Sheet:
        """A sheet of xlpy's own (recognised by the caller, by its mark or its name): `existing`'s part
        replaced (its name, place and visibility as the clerk left them), or a new sheet added last."""
        if existing is not None:
            self.put(existing.part, data)
            return existing
        return self.add_sheet(name, data, hidden)

    def owned(self, sheet: Sheet, existed: bool) -> set[str]:
        """The parts a write of xlpy's own sheet may change (the list of sheets only when it was added)."""
        if existed:
            return {sheet.part}
        return {sheet.part, self.workbook_part, self.workbook_rels, "[Content_Types].xml"}

    def save(self, target: Path) -> None:
        """Write the package to `target`: same members in the same order, new ones after."""
        for part in list(self._dirty):
            self.release(part)
        with zipfile.ZipFile(target, "w") as out:
            out.comment = self._zip.comment  # the archive's own comment is kept too
            for info in self.infos:
                data = self.parts[info.filename] if info.filename in self.parts else self._zip.read(info)
                # a copy: writing sets offsets and sizes on the ZipInfo, which still reads the source
                out.writestr(copy.copy(info), data, compress_type=info.compress_type)
            for part in self.added:
                out.writestr(part, self.parts[part], compress_type=zipfile.ZIP_DEFLATED)


def _rels_of(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


# --- cells --------------------------------------------------------------------
def cells(root: etree._Element, wanted: Iterable[str] | None = None) -> dict[str, etree._Element]:
    """The `<c>` elements of a sheet by reference (only `wanted` ones when given)."""
    keep = {w.upper() for w in wanted} if wanted is not None else None
    found = {}
    for cell in root.iter(q("c")):
        ref = (cell.get("r") or "").upper()
        if keep is None or ref in keep:
            found[ref] = cell
    return found


def has_content(cell: etree._Element) -> bool:
    return any(child.tag in (q("v"), q("f"), q("is")) for child in cell)


def cell_text(cell: etree._Element, shared: Sequence[str] | None = None) -> str | None:
    """A cell's text (inline or, given the shared strings, shared); None for other cells."""
    kind = cell.get("t")
    if kind == "inlineStr":
        node = cell.find(q("is"))
        return "".join(node.itertext()) if node is not None else ""
    value = cell.find(q("v"))
    if value is None or value.text is None:
        return None
    if kind == "s" and shared is not None and value.text.strip().isdigit():
        index = int(value.text)
        return shared[index] if index < len(shared) else None
    if kind == "str":
        return value.text
    return None


_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")


def xml_text(text: str) -> str:
    """Text as SpreadsheetML stores it: characters XML cannot hold as `_xHHHH_`, a literal `_xHHHH_` escaped."""
    return _BAD_XML.sub(lambda m: "_x005F" + m[0] if len(m[0]) > 1 else f"_x{ord(m[0]):04X}_", text)


def value_cell(ref: str, value: object, style: str | None = None) -> etree._Element:
    """A `<c>` holding a number or an inline string (text stays text, whatever it starts with)."""
    cell = etree.Element(q("c"), r=ref)
    if style not in (None, "0"):
        cell.set("s", str(style))
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        value = "" if value is None else str(value)
    if isinstance(value, str):
        cell.set("t", "inlineStr")
        node = etree.SubElement(etree.SubElement(cell, q("is")), q("t"))
        node.text = xml_text(value)
        if value != value.strip() or "\n" in value:
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    else:
        etree.SubElement(cell, q("v")).text = repr(value) if isinstance(value, float) else str(value)
    return cell


def holds(cell: etree._Element, value: object) -> bool:
    """The cell already holds `value` as `value_cell` would write it (no formula; text inline, numbers equal)."""
    if cell.find(q("f")) is not None:
        return False
    if isinstance(value, str):
        return cell.get("t") == "inlineStr" and cell_text(cell) == xml_text(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    text = cell.findtext(q("v"))
    if cell.get("t", "n") != "n" or text is None:
        return False
    try:
        return float(text) == value
    except ValueError:
        return False


def _column_style(root: etree._Element, column: int) -> str | None:
    for col in root.iter(q("col")):
        if int(col.get("min", "0")) <= column <= int(col.get("max", "0")):
            return col.get("style")
    return None


def _widen(ref: str | None, column: int, row: int) -> str | None:
    """A dimension reference (`A1:H20`) grown to hold the cell at (column, row)."""
    if not ref:
        return ref
    ends = [split_reference(end) for end in ref.split(":")]
    first, last = ends[0], ends[-1]
    if first is None or last is None:
        return ref
    left, right = min(column_index(first[0]), column), max(column_index(last[0]), column)
    top, bottom = min(first[1], row), max(last[1], row)
    return f"{column_letter(left)}{top}:{column_letter(right)}{bottom}"


def set_cells(root: etree._Element, values: Mapping[str, object]) -> set[str]:
    """Set cells of a worksheet tree; returns the references whose cell changed.

    A cell already holding its value is left alone; a missing `<row>`/`<c>` is created in
    order. A cell keeps its style; a new one takes, for text (a header), the style of the
    cell on its left, for a number, its column's style. The dimension and the row's span
    grow to hold it. Every other cell is untouched.
    """
    data = root.find(q("sheetData"))
    if data is None:
        raise WriteRefused("Sheet không có vùng dữ liệu (sheetData); sổ được giữ nguyên.")
    rows = {int(r.get("r")): r for r in data.iter(q("row")) if (r.get("r") or "").isdigit()}
    changed = set()
    for ref, value in values.items():
        letters, number = split_cell(ref)
        ref = f"{letters}{number}"
        column = column_index(letters)
        row = rows.get(number)
        if row is None:
            row = etree.Element(q("row"), r=str(number))
            later = [r for n, r in rows.items() if n > number]
            if later:
                min(later, key=lambda r: int(r.get("r"))).addprevious(row)
            else:
                data.append(row)
            rows[number] = row
        old = next((c for c in row.iter(q("c")) if (c.get("r") or "").upper() == ref), None)
        if old is not None and holds(old, value):
            continue
        changed.add(ref)
        if old is not None:
            old.getparent().replace(old, value_cell(ref, value, old.get("s")))
            continue
        after = [c for c in row.iter(q("c")) if column_index(split_cell(c.get("r") or "A1")[0]) > column]
        before = [c for c in row.iter(q("c")) if c not in after]
        style = before[-1].get("s") if isinstance(value, str) and before else _column_style(root, column)
        new = value_cell(ref, value, style)
        if after:
            after[0].addprevious(new)
        else:
            row.append(new)
        spans = row.get("spans") or ""
        if ":" in spans and all(end.isdigit() for end in spans.split(":")):
            low, high = (int(end) for end in spans.split(":"))
            row.set("spans", f"{min(low, column)}:{max(high, column)}")
        dimension = root.find(q("dimension"))
        if dimension is not None and dimension.get("ref"):
            dimension.set("ref", _widen(dimension.get("ref"), column, number) or "")
    return changed


def worksheet(rows: Sequence[Sequence[object]], columns: Sequence[tuple[int, int, float, bool]]) -> etree._Element:
    """A new worksheet tree for a sheet of xlpy's own: `rows` from A1 (None: no cell), numbers or
    inline strings; `columns` as (first, last, width, hidden)."""
    root = etree.Element(q("worksheet"), nsmap={None: MAIN})
    cols = etree.SubElement(root, q("cols"))
    for first, last, width, hidden in columns:
        col = etree.SubElement(cols, q("col"), min=str(first), max=str(last), width=str(width))
        if hidden:
            col.set("hidden", "1")
        col.set("customWidth", "1")
    data = etree.SubElement(root, q("sheetData"))
    for number, values in enumerate(rows, start=1):
        row = etree.SubElement(data, q("row"), r=str(number))
        for column, value in enumerate(values, start=1):
            if value not in (None, ""):
                row.append(value_cell(f"{column_letter(column)}{number}", value))
    return root


def part_bytes(root: etree._Element) -> bytes:
    """A new part's bytes, declared as Excel declares its own."""
    return serialise(root, b"")


def restyle(data: bytes, styles: Mapping[str, int | None]) -> bytes:
    """The sheet's bytes with the `s` attribute of the given cells set (None: removed), nothing else.

    The start tags are found by expat (byte offsets; comments and CDATA skipped), then only the
    `s="…"` inside each tag is rewritten: the rest of the part stays byte for byte as it was.
    """
    wanted = {ref.upper(): style for ref, style in styles.items()}
    starts: list[tuple[int, str]] = []
    parser = expat.ParserCreate()

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "c" and (attributes.get("r") or "").upper() in wanted:
            starts.append((parser.CurrentByteIndex, attributes["r"].upper()))

    parser.StartElementHandler = start
    parser.Parse(data, True)
    out, done = [], 0
    for offset, ref in starts:
        end = _tag_end(data, offset)
        tag = data[offset:end]
        closing = b"/>" if tag.endswith(b"/>") else b">"
        body, style = tag[: -len(closing)], wanted[ref]
        value = b' s="%d"' % style if style else b""
        if _S_ATTRIBUTE.search(body):  # rewritten where it stands
            body = _S_ATTRIBUTE.sub(lambda _: value, body, count=1)  # noqa: B023
        else:
            body += value
        tag = body + closing
        out += [data[done:offset], tag]
        done = end
    out.append(data[done:])
    return b"".join(out)


_S_ATTRIBUTE = re.compile(rb"""\s+s\s*=\s*("[^"]*"|'[^']*')""")


def _tag_end(data: bytes, start: int) -> int:
    """The offset just past the start tag beginning at `start` (quotes may hold '>')."""
    quote = None
    for index in range(start, len(data)):
        byte = data[index : index + 1]
        if quote:
            quote = None if byte == quote else quote
        elif byte in (b'"', b"'"):
            quote = byte
        elif byte == b">":
            return index + 1
    raise WriteRefused("Thẻ ô không đóng; sổ được giữ nguyên.")


# --- the check before replacing -------------------------------------------------
def _cell_facts(cell: etree._Element) -> tuple:
    """What a cell holds, its style left out: reference, type, formula (text and attributes), value."""
    formula = cell.find(q("f"))
    value = cell.find(q("v"))
    inline = cell.find(q("is"))
    return (
        (cell.get("r") or "").upper(),
        cell.get("t") or "n",
        None if formula is None else (formula.text, tuple(sorted(formula.attrib.items()))),
        None if value is None else value.text,
        None if inline is None else etree.tostring(inline, method="c14n"),
    )


def _without_styles(root: etree._Element, refs: set[str]) -> bytes:
    if refs:
        for cell in root.iter(q("c")):
            if cell.get("r") in refs:  # as written (upper case): any other spelling counts as a change
                cell.attrib.pop("s", None)
    return etree.tostring(root)


def compare(
    before: Path,
    after: Path,
    may_change: set[str],
    styled: dict[str, set[str]],
    written: dict[str, set[str]],
    overwrite: Mapping[str, set[str]] | None = None,
) -> None:
    """Refuse (WriteRefused) unless `after` keeps everything of `before` that nobody meant to change.

    may_change: parts that may differ (workbook, rels, content types, styles, the check sheet).
    styled: sheet part -> cells whose style alone may differ (the marked cells); the rest of the
            part must stay identical. written: sheet part -> cells whose value may be set: where
            the cell held something, only to the same value unless `overwrite` (sheet part -> cells)
            names it.
    Every other original worksheet keeps every cell's reference, type, formula and value.
    """
    with zipfile.ZipFile(before) as a, zipfile.ZipFile(after) as b:
        old_names, new_names = set(a.namelist()), set(b.namelist())
        if not old_names <= new_names:
            raise WriteRefused(f"Bản ghi mới thiếu {sorted(old_names - new_names)}; sổ được giữ nguyên.")
        for name in sorted(old_names):
            if name in may_change or name in styled or name in written:
                continue
            if a.read(name) != b.read(name):
                raise WriteRefused(f"Bản ghi mới làm đổi phần '{name}'; sổ được giữ nguyên.")
        for part in set(styled) | set(written):
            mine, theirs = parse(a.read(part), part), parse(b.read(part), part)
            allowed = written.get(part, set())
            if allowed:
                _refuse_overwrites(
                    part, cells(mine, allowed), cells(theirs, allowed), (overwrite or {}).get(part, set())
                )
                for cell in list(cells(mine, allowed).values()) + list(cells(theirs, allowed).values()):
                    cell.getparent().remove(cell)
                for root in (mine, theirs):  # rows made for the new cells; the hints grown for them
                    for row in list(root.iter(q("row"))):
                        row.attrib.pop("spans", None)
                        if len(row) == 0 and not set(row.attrib.keys()) - {"r"}:
                            row.getparent().remove(row)
                    for dimension in root.iter(q("dimension")):
                        dimension.attrib.pop("ref", None)
            refs = styled.get(part, set())
            if _without_styles(mine, refs) != _without_styles(theirs, refs):
                facts = [_cell_facts(c) for c in mine.iter(q("c"))] != [_cell_facts(c) for c in theirs.iter(q("c"))]
                what = "giá trị ô" if facts else "phần ngoài các ô được đánh dấu"
                raise WriteRefused(f"Bản ghi mới làm đổi {what} trong '{part}'; sổ được giữ nguyên.")


def _refuse_overwrites(
    part: str, old: Mapping[str, etree._Element], new: Mapping[str, etree._Element], free: set[str]
) -> None:
    """A written cell that held something keeps it, unless it is one the caller may overwrite."""
    for ref, cell in old.items():
        if ref in free or not has_content(cell):
            continue
        replaced = new.get(ref)
        if replaced is None or _cell_facts(replaced) != _cell_facts(cell):
            raise WriteRefused(f"Bản ghi mới ghi đè ô {ref} đã có nội dung trong '{part}'; sổ được giữ nguyên.")


def same_parts(a: Path, b: Path) -> bool:
    """Two packages hold the same members with the same uncompressed bytes."""
    with zipfile.ZipFile(a) as x, zipfile.ZipFile(b) as y:
        if x.namelist() != y.namelist():
            return False
        return all(x.read(n) == y.read(n) for n in x.namelist())


Cells = Mapping[str, Mapping[str, object]]  # {sheet name: {"H4": "Số phiếu", "H5": 12}}


def write_cells(
    path: Path,
    values: Cells,
    overwrite: Mapping[str, Iterable[str]] | None = None,
    check: Callable[[Path], object] | None = None,
    read_as: safe_write.Stamp | None = None,
) -> Path | None:
    """Set cells in sheets of the workbook at `path`, safely; returns the backup (None: nothing changed).

    Only those cells change (created, in order, where missing; a cell already holding its
    value is left as it is); every other part of the package keeps its bytes. Text is
    stored inline (never read as a formula), numbers as numbers. A cell holding something
    else (a value, a formula) is refused unless `overwrite` ({sheet: cells}) names it.
    `check(new)` may read the new file back before it replaces the workbook. `read_as`: the
    version the values were worked out from (safe_write.replace).
    """
    path = Path(path)
    for sheet_values in values.values():
        for ref, value in sheet_values.items():
            try:
                split_cell(ref)
            except ValueError as exc:
                raise WriteRefused(f"Không ghi được vào '{path.name}': {exc}.") from None
            if isinstance(value, float) and not math.isfinite(value):
                raise WriteRefused(f"Không ghi được vào '{path.name}': giá trị {value} không phải số hữu hạn.")
    written: dict[str, set[str]] = {}
    wanted: dict[str, Mapping[str, object]] = {}
    free_by_part: dict[str, set[str]] = {}

    def write(new: Path) -> None:
        with Package(path) as package:
            by_name = {s.name: s for s in package.sheets()}
            for name, sheet_values in values.items():
                if name not in by_name:
                    raise WriteRefused(f"Sổ '{path.name}' không có sheet '{name}'; sổ được giữ nguyên.")
                part = by_name[name].part
                wanted[part] = sheet_values
                free = free_by_part[part] = {"{}{}".format(*split_cell(r)) for r in (overwrite or {}).get(name, ())}
                for ref, cell in cells(package.xml(part), sheet_values.keys()).items():
                    if ref not in free and has_content(cell) and not holds(cell, _value_for(sheet_values, ref)):
                        raise WriteRefused(
                            f"Ô {ref} của sheet '{name}' đã có nội dung; xlpy không ghi đè ô này. Sổ được giữ nguyên."
                        )
                if not _every_cell_addressed(package.xml(part)):
                    raise WriteRefused(
                        f"Sheet '{name}' có dòng hoặc ô không ghi địa chỉ (cách một số chương trình khác lưu): "
                        "xlpy không biết chắc ô nào là ô nào nên không ghi vào; sổ được giữ nguyên. Mở sổ trong "
                        "Excel, lưu lại (Excel ghi đủ địa chỉ) rồi chạy lại."
                    )
                changed = set_cells(package.xml(part), sheet_values)
                if changed:
                    package.touch(part)
                    written[part] = changed
                package.release(part)
            if written:
                package.save(new)
            else:  # every cell already holds its value: the same file, nothing replaced
                shutil.copyfile(path, new)

    def verify(new: Path) -> None:
        compare(path, new, set(), {}, written, free_by_part)
        with zipfile.ZipFile(new) as archive:
            for part in written:
                found = cells(parse(archive.read(part), part), wanted[part].keys())
                for ref, value in wanted[part].items():
                    cell = found.get("{}{}".format(*split_cell(ref)))
                    if cell is None or not holds(cell, value):
                        raise WriteRefused(f"Đọc lại ô {ref} không thấy {value!r}; sổ được giữ nguyên.")
        if check is not None:
            check(new)

    return safe_write.replace(path, write, verify, read_as)


def _every_cell_addressed(root: etree._Element) -> bool:
    """Every row and cell of the sheet says where it is (`r`), as Excel writes them. A cell placed
    by counting is invisible to the lookup by reference: a cell written "into" it would be a
    second cell at one place, and its content would escape the never-overwrite check."""
    data = root.find(q("sheetData"))
    if data is None:
        return True
    rows_ok = all((row.get("r") or "").isdigit() for row in data.iter(q("row")))
    return rows_ok and all(cell.get("r") for cell in data.iter(q("c")))


def _value_for(values: Mapping[str, object], ref: str) -> object:
    """The value meant for `ref` (the caller may spell it in lower case or with $)."""
    return next(v for r, v in values.items() if "{}{}".format(*split_cell(r)) == ref)


def write_own_sheet(
    path: Path,
    content: bytes,
    name: str,
    find: Callable[[Package], Sheet | None],
    hidden: bool = False,
    check: Callable[[Path], object] | None = None,
) -> Path | None:
    """Add or replace a sheet of xlpy's own (`find` recognises it, by its mark or its name), safely.

    Replaced: only its part changes. Added (last, named `name`, hidden if asked): the list of
    sheets, its relationships and the content types change too. `check(new)` may read the
    new file back before it replaces the workbook. Returns the backup.
    """
    path = Path(path)
    owned: set[str] = set()

    def write(new: Path) -> None:
        with Package(path) as package:
            existing = find(package)
            sheet = package.put_sheet(content, existing, name, hidden)
            owned.update(package.owned(sheet, existing is not None))
            package.save(new)

    def verify(new: Path) -> None:
        compare(path, new, owned, {}, {})
        if check is not None:
            check(new)

    return safe_write.replace(path, write, verify)
