"""`xlpy validate --mark`: the problems written into the workbook file itself.

The same result as the Excel button "Kiểm tra dữ liệu": a check sheet listing
the problems (links to their cells) and the problem cells filled red (error) or
yellow (warning). Written at the XML level of the package (xlpy.package),
through xlpy.safe_write: every part but the workbook's list of sheets, its
relationships, content types, styles, the marked sheets and the check sheet
stays byte-identical, and in a marked sheet only the marked cells' style
index `s` changes.

What makes the check sheet xlpy's is its mark and its structure, not its name:
the text `panel.CHECK_MARK` in its hidden cell E1, the table's header in row 3,
nothing beyond column F, never a sheet of the contract (`panel.is_check_sheet`,
the rule the Excel button asks too). A clerk's own sheet named `Kiểm tra` is
left alone; the check sheet then takes another name. Two sheets passing the
rule are refused; the part replaced is checked again in the original file. Its hidden columns
E:F record, for each listed cell, the fill it had (E, "#RRGGBB" or empty: what
the Excel button reads and writes too) and its style index before and after
the mark (F, "12>40": what this module restores exactly on the next run).
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from xlpy import panel, safe_write
from xlpy.errors import WriteRefused
from xlpy.grid import column_index
from xlpy.outcome import tally
from xlpy.package import (
    Package,
    cell_text,
    cells,
    compare,
    has_content,
    parse,
    part_bytes,
    q,
    restyle,
    worksheet,
)
from xlpy.problems import Problem, Severity

MAX_CELL_FORMATS = 64_000  # Excel's limit of cell formats in a workbook
OURS = {fill.lstrip("#").upper() for fill in panel.MARK_FILLS | panel.EARLIER_MARK_FILLS}  # restored by record
MARKS = {fill.lstrip("#").upper() for fill in panel.MARK_FILLS}  # a mark even without its record


class Styles:
    """styles.xml's fills and cell formats, extended only by what a mark needs (reused run after run)."""

    def __init__(self, package: Package):
        rels = package.xml(package.workbook_rels)
        target = next((r.get("Target") for r in rels if r.get("Type", "").endswith("/styles")), None)
        if target is None:
            raise WriteRefused(f"Sổ '{package.path.name}' không có phần định dạng (styles); sổ được giữ nguyên.")
        self.part = package.part_at(package.workbook_part, target)
        self.package = package
        root = package.xml(self.part)
        self.fills = root.find(q("fills"))
        self.xfs = root.find(q("cellXfs"))
        if self.fills is None or self.xfs is None or len(self.xfs) == 0:
            raise WriteRefused(f"Phần định dạng của sổ '{package.path.name}' thiếu; sổ được giữ nguyên.")
        # A comment or processing instruction among the formats would shift every index (Excel
        # counts elements only), and lxml's c14n of one crashes the process: never from Excel.
        if any(not isinstance(child.tag, str) for parent in (self.fills, self.xfs) for child in parent):
            raise WriteRefused(
                f"Phần định dạng (styles.xml) của sổ '{package.path.name}' có chú thích XML xen giữa các định "
                "dạng ô (tệp đã bị sửa bằng chương trình khác); sổ được giữ nguyên. Mở sổ trong Excel, lưu lại "
                "rồi chạy lại."
            )
        self._known: dict[int, dict[bytes, int]] = {}  # per parent: each child's c14n -> its first index

    def _index_of(self, parent: etree._Element, element: etree._Element) -> int:
        """The index of an equal child of `parent`, or of `element` appended to it."""
        parent.append(element)  # compared in place: namespace prefixes as the part has them
        wanted = etree.tostring(element, method="c14n", exclusive=True)
        known = self._known.get(id(parent))
        if known is None:  # once per part, not once per mark: 64,000 formats x 600 marks took 150 s
            known = {}
            for index, existing in enumerate(parent[:-1]):
                known.setdefault(etree.tostring(existing, method="c14n", exclusive=True), index)
            self._known[id(parent)] = known
        if wanted in known:
            parent.remove(element)
            return known[wanted]
        if parent is self.xfs and len(parent) > MAX_CELL_FORMATS:
            parent.remove(element)
            raise WriteRefused(
                f"Sổ '{self.package.path.name}' đã có {len(parent)} định dạng ô, sát giới hạn "
                f"{MAX_CELL_FORMATS} của Excel: không thêm được định dạng tô màu; sổ được giữ nguyên. "
                "Bỏ bớt định dạng thừa (Excel: Home > Cell Styles) rồi chạy lại."
            )
        known[wanted] = len(parent) - 1
        parent.set("count", str(len(parent)))
        self.package.touch(self.part)
        return len(parent) - 1

    def xf(self, index: int) -> etree._Element:
        return self.xfs[index] if 0 <= index < len(self.xfs) else self.xfs[0]

    def colour(self, index: int) -> str | None:
        """The solid fill colour of a cell format as '#RRGGBB' (None: no fill, or not a plain colour)."""
        fill_id = int(self.xf(index).get("fillId", "0"))
        if not 0 <= fill_id < len(self.fills):
            return None
        pattern = self.fills[fill_id].find(q("patternFill"))
        colour = None if pattern is None else pattern.find(q("fgColor"))
        if pattern is None or pattern.get("patternType") != "solid" or colour is None:
            return None
        rgb = colour.get("rgb") or ""
        return "#" + rgb[-6:].upper() if len(rgb) in (6, 8) else None

    def with_fill(self, index: int, colour: str | None) -> int:
        """The cell format `index` with its fill replaced by a solid `colour` (None: no fill)."""
        fill = etree.Element(q("fill"))
        pattern = etree.SubElement(fill, q("patternFill"), patternType="solid" if colour else "none")
        if colour:
            etree.SubElement(pattern, q("fgColor"), rgb="FF" + colour.lstrip("#").upper())
            etree.SubElement(pattern, q("bgColor"), indexed="64")
        fill_id = 0 if colour is None else self._index_of(self.fills, fill)
        xf = copy.deepcopy(self.xf(index))
        xf.set("fillId", str(fill_id))
        xf.set("applyFill", "1")
        if colour is None and int(self.xf(index).get("fillId", "0")) == 0:
            return index
        return self._index_of(self.xfs, xf)


class _Shared(Sequence[str]):
    """The shared strings, read only when a cell of the check sheet needs one (Excel saved it)."""

    def __init__(self, package: Package):
        self.package = package
        self._strings: list[str] | None = None

    def _load(self) -> list[str]:
        if self._strings is None:
            package = self.package
            rels = package.xml(package.workbook_rels)
            target = next((r.get("Target") for r in rels if r.get("Type", "").endswith("/sharedStrings")), None)
            part = package.part_at(package.workbook_part, target) if target else None
            root = parse(package.peek(part), part) if part and package.has(part) else None
            self._strings = [
                "".join(t.text or "" for t in si.iter(q("t")) if t.getparent().tag != q("rPh"))
                for si in (root if root is not None else [])
            ]
        return self._strings

    def __getitem__(self, index):
        return self._load()[index]

    def __len__(self) -> int:
        return len(self._load())


def find_check_sheet(package: Package, shared: Sequence[str]):
    """xlpy's check sheet (whatever it is called), or None: the mark in E1 and the rest of
    `panel.is_check_sheet`; two such sheets are refused (WriteRefused)."""
    found = []
    for sheet in package.sheets():
        mark = _first_row_cell(package.peek(sheet.part) if package.has(sheet.part) else b"", "E1")
        if mark is not None and cell_text(mark, shared) == panel.CHECK_MARK and is_check_part(package, sheet, shared):
            found.append(sheet)
    return panel.single_check_sheet(found, [s.name for s in found])


def is_check_part(package: Package, sheet, shared: Sequence[str]) -> bool:
    """`panel.is_check_sheet` asked of a sheet's part: rows 1-3's values, its last used column
    (`panel.refuse_written_beside` first)."""
    top: list[list[object]] = [[None] * panel.CHECK_COLUMNS for _ in range(3)]
    last = 0
    for ref, cell in cells(parse(package.peek(sheet.part), sheet.part)).items():
        if not has_content(cell):
            continue
        letters = ref.rstrip("0123456789")
        column, row = column_index(letters), int(ref[len(letters) :] or 0)
        last = max(last, column)
        if 1 <= row <= 3 and column <= panel.CHECK_COLUMNS:
            top[row - 1][column - 1] = cell_text(cell, shared)
    panel.refuse_written_beside(sheet.name, top, last)
    return panel.is_check_sheet(sheet.name, top, last)


def _first_row_cell(data: bytes, ref: str):
    """A cell of row 1, read without parsing the rest of the sheet (a data sheet may be large)."""
    if not data:
        return None
    try:
        for _, cell in etree.iterparse(io.BytesIO(data), tag=q("c"), resolve_entities=False, no_network=True):
            here = (cell.get("r") or "").upper()
            if here == ref:
                return cell
            if here.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "1":
                return None  # past the first row
    except etree.XMLSyntaxError:
        return None
    return None


def _records(package: Package, sheet, shared: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """(sheet, cell, colour record, style record) of each row listed on the previous check sheet."""
    by_ref = cells(package.xml(sheet.part))
    numbers = {ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for ref in by_ref}
    rows = sorted(int(n) for n in numbers if n.isdigit())
    found = []
    for row in (r for r in rows if r >= 4):

        def text(column: str, row: int = row) -> str:
            cell = by_ref.get(f"{column}{row}")
            return (cell_text(cell, shared) or "") if cell is not None else ""

        found.append((text("B"), text("C"), text("E"), text("F")))
    return found


def _restore(styles: Styles, target: etree._Element, colour: str, record: str) -> None:
    """The cell's format before its mark, when it still wears xlpy's fill (the records are typed
    in a sheet the clerk can edit: anything else there is ignored, never written)."""
    current = int(target.get("s", "0"))
    if (styles.colour(current) or "").lstrip("#") not in OURS:
        return  # never marked, or restyled since the mark: the clerk's choice stands
    text, _, marked = record.partition(">")
    original = _index(text)
    if original is not None and original < len(styles.xfs) and _index(marked) == current:
        restored = original
    else:
        restored = styles.with_fill(current, panel.recorded_colour(colour))
    if restored:
        target.set("s", str(restored))
    else:
        target.attrib.pop("s", None)


def _index(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def _check_sheet_xml(problems: list[Problem], records: list[tuple[str, str]], links: list[bool]) -> bytes:
    rows: list[list[object]] = [
        [*panel.check_title()],
        [f"{tally(problems)}.", None, None, None, None],
        [*panel.problem_rows([])[0], "Màu cũ", "Định dạng cũ"],
    ]
    rows += [
        [p.severity.value, p.sheet, p.cell or "", p.message, *record]
        for p, record in zip(problems, records, strict=True)
    ]
    columns = [(number, number, width, False) for number, width in enumerate((10, 16, 8, 100), start=1)]
    root = worksheet(rows, [*columns, (5, 6, 14, True)])  # E:F hidden: the records
    targets = [(n, p) for n, (p, link) in enumerate(zip(problems, links, strict=True), start=4) if link]
    if targets:
        hyperlinks = etree.SubElement(root, q("hyperlinks"))
        for number, problem in targets:
            etree.SubElement(hyperlinks, q("hyperlink"), ref=f"C{number}", location=problem.where, display=problem.cell)
    return part_bytes(root)


def _apply(path: Path, new: Path, problems: list[Problem]) -> dict:
    with Package(path) as package:
        return _mark_package(package, new, problems)


def _mark_package(package: Package, new: Path, problems: list[Problem]) -> dict:
    """Write the marked copy to `new`; returns what `compare` may accept as changed.

    One sheet at a time: parsed, restored, marked, serialised and let go (a workbook of
    120 monthly sheets never holds more than one sheet's tree).
    """
    shared = _Shared(package)
    styles = Styles(package)
    ours = find_check_sheet(package, shared)
    by_name = {s.name: s for s in package.sheets() if ours is None or s.part != ours.part}
    restore: dict[str, list[tuple[str, str, str]]] = {}
    if ours is not None:
        for sheet_name, ref, colour, record in _records(package, ours, shared):
            if sheet_name in by_name and ref:
                restore.setdefault(by_name[sheet_name].part, []).append((ref.upper(), colour, record))
        package.release(ours.part)
    worst: dict[str, dict[str, Severity]] = {}
    for p in problems:
        if p.cell and p.sheet in by_name:
            levels = worst.setdefault(by_name[p.sheet].part, {})
            if levels.get(p.cell) is not Severity.ERROR:
                levels[p.cell] = p.severity
    originals: dict[tuple[str, str], tuple[str, str]] = {}
    styled: dict[str, set[str]] = {}
    for part in dict.fromkeys([*restore, *worst]):
        if not package.has(part):
            continue
        index = cells(package.xml(part))
        changed = set()
        for ref, colour, record in restore.get(part, []):
            if ref in index:
                _restore(styles, index[ref], colour, record)
                changed.add(ref)
        for ref, level in worst.get(part, {}).items():
            found = index.get(ref.upper())
            if found is None or not has_content(found):
                continue  # a blank cell is never created nor filled
            original = int(found.get("s", "0"))
            if (styles.colour(original) or "").lstrip("#") in MARKS:  # a mark whose record is lost (a row
                original = styles.with_fill(original, None)  # inserted above it): its format, unfilled
            marked = styles.with_fill(original, panel.ERROR_FILL if level is Severity.ERROR else panel.WARNING_FILL)
            found.set("s", str(marked))
            changed.add(ref.upper())
            originals[(part, ref)] = (styles.colour(original) or "", f"{original}>{marked}")
        if changed:  # only the `s` of those cells is rewritten, in the part's own bytes
            styles_now = {ref: int(index[ref].get("s", "0")) for ref in changed}
            package.put(part, restyle(package.read(part), styles_now))
            styled[part] = changed
        package.release(part)
    records = [
        originals.get((by_name[p.sheet].part, p.cell), ("", "")) if p.cell and p.sheet in by_name else ("", "")
        for p in problems
    ]
    links = [bool(p.cell) and p.sheet in by_name for p in problems]
    content = _check_sheet_xml(problems, records, links)
    name = ours.name if ours is not None else panel.free_name([s.name for s in package.sheets()])
    check = package.put_sheet(content, ours, name)
    package.save(new)
    may_change = package.owned(check, ours is not None) | {styles.part}
    replaced = ours.part if ours is not None else None
    return {"may_change": may_change, "styled": styled, "names": list(by_name), "replaced": replaced}


def _replaced_is_check_sheet(path: Path, part: str | None) -> None:
    """The sheet whose whole part the write replaced was, in the file as it is, xlpy's check sheet
    (asked again of the original, not taken on the writer's word)."""
    if part is None:
        return
    with Package(path) as old:
        sheet = next((s for s in old.sheets() if s.part == part), None)
        if sheet is None or not is_check_part(old, sheet, _Shared(old)):
            raise WriteRefused(
                f"Bản ghi mới thay cả phần '{part}', không phải sheet kiểm tra của xlpy; sổ được giữ nguyên."
            )


def mark(path: Path, problems: list[Problem], read_as: safe_write.Stamp | None = None) -> Path | None:
    """Write the marks into `path`; returns the backup (None: nothing changed). Raises WriteRefused.
    `read_as`: the version the problems were found in (safe_write.replace)."""
    path = Path(path)
    allowed: dict = {}

    def write(new: Path) -> None:
        allowed.update(_apply(path, new, problems))

    def verify(new: Path) -> None:
        from xlpy.book import open_book

        _replaced_is_check_sheet(path, allowed["replaced"])
        compare(path, new, allowed["may_change"], allowed["styled"], {})
        if not set(allowed["names"]) <= set(open_book(new).sheet_names):
            raise WriteRefused("Bản ghi mới không đọc lại đúng các sheet; sổ được giữ nguyên.")

    return safe_write.replace(path, write, verify, read_as)
