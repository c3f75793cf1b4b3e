"""A bounded look inside an .xlsx/.xlsm package before python-calamine reads it.

python-calamine allocates a dense grid from A1 to the farthest cell of every
sheet it reads and clones a shared string into every cell that uses it; one
cell at XFD1048576 aborts the process. So nothing reaches it until this module
has checked, in this order and without allocating more than the limits allow
(docs/reads.md has the reasoning):

1. the zip's central directory (its size, the number of members, each member's
   declared size and compression ratio), before `zipfile` parses it;
2. each part's ACTUAL inflated size, counted while it is streamed (the
   declared sizes are never trusted alone);
3. shared strings: one length each (an `array`), streamed through lxml;
4. the sheets that will be read: the farthest row and column of any cell, the
   cells, the text they carry; formula errors, formulas saved without a value
   and NaN/inf numbers, which calamine reads as empty cells. A sheet written
   as Excel writes one is scanned by byte searches (`_SheetScan._plain`, C
   speed, exact for it and an upper bound for anything else); any other is
   parsed as a stream by lxml (no DTD, no entities, no network, any prefix,
   quotes or attribute order, rows in any order, cells without `r`).

The limits are the module constants below (docs/limits.md has what was
measured at each); a file past one is refused with `TooLarge`, a file that is
not a readable package with `WorkbookUnreadable`.
"""

from __future__ import annotations

import itertools
import re
import string
import struct
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from xlpy.causes import explain
from xlpy.cell_errors import error_text
from xlpy.errors import TooLarge, WorkbookUnreadable, XlpyError
from xlpy.grid import column_index, column_letter
from xlpy.money import figures
from xlpy.parts import (
    as_written,
    damaged_package,
    folded,
    repeated_member,
    resolve,
    sheet_ids,
    strict_advice,
    unescaped,
)

MIB = 1 << 20
# The package
MAX_FILE_BYTES = 64 * MIB  # the file itself: python-calamine is handed it whole (the benchmark's is 2.6 MB)
MAX_DIRECTORY_BYTES = 4 * MIB  # the zip's central directory (Excel writes ~100 bytes a member)
MAX_MEMBERS = 10_000  # parts in the package (the 120-month benchmark has 134)
MAX_PART_BYTES = 64 * MIB  # one part, inflated (a 100,000-row spending sheet is ~26 MB of XML)
MAX_TOTAL_BYTES = 256 * MIB  # all parts, inflated
MAX_RATIO = 100  # inflated / compressed, for a part above RATIO_FLOOR (Excel's sheets: 5-30)
RATIO_FLOOR = 1 * MIB
MAX_PROLOGUE_BYTES = 4 * MIB  # XML before the first element looked for (a sheet's columns, views …)
# The sheets that are read (python-calamine allocates the dense area from A1 to the farthest cell)
MAX_ROWS = 100_000  # the farthest row of a sheet (a fund sheet has a few thousand)
MAX_COLUMNS = 16_384  # the farthest column of a sheet (Excel's XFD)
MAX_SHEET_CELLS = 1_000_000  # cells written in a sheet
MAX_SHEET_AREA = 1_500_000  # dense cells of a sheet: farthest row x farthest column
MAX_AREA = 2_000_000  # dense cells of all the sheets read (the benchmark reads 622,890)
MAX_STRING = 32_767  # characters in one cell: Excel's own limit
MAX_TEXT = 16_000_000  # characters in the cells of all the sheets read (the benchmark: 3.9 million)
# The styles, which python-calamine (date formats) and openpyxl (its fallback) read whole
MAX_STYLE_TAGS = 600_000  # tags (`<`) in a styles part (Excel's limit is 64,000 cell formats)
MAX_FORMAT_CODE = 255  # characters of one number format: Excel's own limit

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_CHUNK = 1 << 16
_REFS = re.compile(r"(?:[A-Z]{1,3}[1-9][0-9]{0,6} )*")
_LETTERS = re.compile(r"[A-Z]+")
_DIGITS = re.compile(r"[0-9]+")
_SAY_FIX = "Xoá các dòng, cột thừa ở cuối sheet (chọn, bấm Delete) rồi lưu lại."


def _parser_options() -> dict:
    # huge_tree=False keeps libxml2's own caps (10 MB text node, depth 256). The bytes are read as
    # UTF-8 whatever the declaration says, as python-calamine reads them: a part declared ISO-2022-JP
    # hid markup from one reader that the other saw.
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False, "encoding": "utf-8"}


@dataclass
class Scan:
    """What the scan found; `sheet(name)` scans a sheet that was not scanned up front."""

    formula_cells: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)  # farthest (row, column) of a scanned sheet
    package: Package | None = None
    scanned: set[str] = field(default_factory=set)
    refused: dict[str, XlpyError] = field(default_factory=dict)  # asked for again, refused again
    tables: dict[str, list[int]] = field(default_factory=dict)  # sheet -> header row of each Excel Table
    table_totals: dict[str, list[int]] = field(default_factory=dict)  # sheet -> rows of Tables' Total Rows

    def parsed_again(self, name: str) -> None:
        """The sheet scanned again, by the parser (every cell type's text counted, as the fast way
        does not): for the openpyxl way, which keeps as text what calamine refused. Its cells and text
        count twice in the book's totals: an upper bound."""
        part = self.package.sheets.get(name) if self.package else None
        if self.package is not None and part is not None:
            _SheetScan(self.package, name, part).run(fast=False)

    def sheet(self, name: str) -> list[tuple[str, str]]:
        """The sheet's formula cells; raises TooLarge if reading it would pass a limit."""
        if name in self.refused:
            raise self.refused[name]
        if self.package is not None and name not in self.scanned:
            self.package.scan_sheets([name], self)
        return self.formula_cells.get(name, [])


@dataclass
class _Totals:
    area: int = 0
    text: int = 0


class Package:
    """An opened package whose directory and part sizes were checked."""

    def __init__(self, path: Path):
        self.path = path
        self.file_name = path.name
        _check_directory(path)
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise _unreadable(path, explain(exc)) from exc
        with archive:
            infos = archive.infolist()
        twice = repeated_member([info.filename for info in infos])
        if twice is not None:
            raise WorkbookUnreadable(damaged_package(path.name, twice))
        _check_members(path, infos)
        self.members = {info.filename: info for info in infos}
        self.folded = {folded(name): name for name in self.members}  # unique: repeated_member said so
        if len(self.members) > MAX_MEMBERS:
            raise TooLarge(
                f"Tệp '{self.file_name}' có {figures(len(self.members))} phần bên trong "
                f"(giới hạn {figures(MAX_MEMBERS)}): không phải sổ quỹ bình thường. "
                "Mở bằng Excel, chép các sheet cần dùng sang sổ mới rồi lưu lại."
            )
        self.sheets: dict[str, str | None] = {}
        self.workbook, self.workbook_rels = self.member("xl/workbook.xml"), self.member("xl/_rels/workbook.xml.rels")
        for part in ("_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            if (member := self.member(part)) is not None:
                self._check_size(member, self.members[member].file_size, self.members[member].compress_size)
        self._check_document()
        # python-calamine picks its reader by the file's extension, or tries each when that fails:
        # parts of another format (ODS, XLSB) would be read by a reader nothing here bounded.
        other = next((p for p in ("mimetype", "content.xml", "xl/workbook.bin") if self.member(p)), None)
        if other is not None:
            raise WorkbookUnreadable(self._odd(other, "thuộc một dạng tệp khác (ODS hoặc XLSB) nằm trong sổ .xlsx"))
        self.sheets = self._sheet_parts()  # first, so that a refusal below can name the sheet
        self._check_declared()
        self.strings_overflow: int | None = None  # index of a shared string too long for the parser
        self.string_lengths = self._shared_string_lengths()
        for styles in self._styles_parts():
            self._check_styles(styles)
        self.totals = _Totals()

    # --- the package -----------------------------------------------------------
    def _check_declared(self) -> None:
        total = 0
        for info in self.members.values():
            self._check_size(info.filename, info.file_size, info.compress_size)
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise TooLarge(
                    f"Tệp '{self.file_name}' giải nén ra hơn {MAX_TOTAL_BYTES // MIB} MB "
                    "(giới hạn xlpy đọc). Xoá các sheet, hình ảnh không cần rồi lưu lại, hoặc tách sổ theo năm."
                )

    def _check_size(self, part: str, size: int, compressed: int) -> None:
        where = self._where(part)
        if size > MAX_PART_BYTES:
            raise TooLarge(
                f"{where} giải nén ra hơn {MAX_PART_BYTES // MIB} MB (giới hạn xlpy đọc). " + self._what_to_do(part)
            )
        if size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1):
            raise TooLarge(
                f"{where} nén bất thường ({figures(size // max(compressed, 1))} lần, giới hạn {MAX_RATIO} lần): "
                "tệp có thể đã bị làm giả. " + self._what_to_do(part)
            )

    def _where(self, part: str) -> str:
        sheet = next((name for name, p in self.sheets.items() if p == part), None)
        return f"Sheet '{sheet}' trong tệp '{self.file_name}'" if sheet else f"Phần '{part}' của tệp '{self.file_name}'"

    def _what_to_do(self, part: str) -> str:
        if part in self.sheets.values():
            return _SAY_FIX
        return "Mở bằng Excel, chép các sheet cần dùng sang sổ mới rồi lưu lại."

    def stream(self, part: str) -> Iterator[bytes]:
        """The part's inflated bytes, in chunks, counted: never more than its checked declared size."""
        info = self.members[part]
        if info.flag_bits & 1:
            raise WorkbookUnreadable(f"Tệp '{self.file_name}' có phần được mã hoá. Mở bằng Excel và lưu lại.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _unreadable(self.path, f"kiểu nén {info.compress_type} của '{part}'")
        with self.path.open("rb") as handle:
            handle.seek(info.header_offset)
            header = handle.read(30)
            if len(header) < 30 or header[:4] != b"PK\x03\x04":
                raise _unreadable(self.path, f"phần '{part}' hỏng")
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            local = handle.read(name_length + extra_length)
            encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
            name = info.orig_filename.encode(encoding, "replace")
            if local[:name_length] != name or _fields(local[name_length:]) & _RENAMING_FIELDS:
                raise WorkbookUnreadable(damaged_package(self.file_name, part))
            inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
            left, produced = info.compress_size, 0
            while left > 0:
                raw = handle.read(min(_CHUNK, left))
                if not raw:
                    raise _unreadable(self.path, f"phần '{part}' bị cắt cụt")
                left -= len(raw)
                while raw:
                    if inflater is None:
                        chunk, raw = raw, b""
                    else:
                        chunk = inflater.decompress(raw, _CHUNK)
                        raw = inflater.unconsumed_tail
                    produced += len(chunk)
                    if produced > info.file_size:  # the directory lied: stop before it costs anything
                        self._check_size(part, produced, info.compress_size)
                        raise _unreadable(self.path, f"phần '{part}' dài hơn kích thước ghi trong tệp")
                    if chunk:
                        yield chunk

    def read(self, part: str) -> bytes:
        return b"".join(self.stream(part))

    def count(self, part: str) -> None:
        """Inflate a part nobody parses, only to check its real size."""
        for _ in self.stream(part):
            pass

    def elements(self, part: str, root_tag: str, tag: str) -> Iterator[etree._Element]:
        """Finished `tag` elements, streamed; what was given is pruned from the tree after each chunk."""
        parser = etree.XMLPullParser(events=("start", "end"), tag=(root_tag, tag), **_parser_options())
        root = None
        fed = 0
        try:
            for chunk in self.stream(part):
                parser.feed(chunk)
                fed += len(chunk)
                for event, element in parser.read_events():
                    if root is None:
                        root = element
                    elif event == "end" and element is not root:
                        yield element
                if root is not None:
                    _prune(root)
                elif fed > MAX_PROLOGUE_BYTES:  # not the part it should be, and its tree grows
                    raise _unreadable(self.path, f"phần '{part}' không có nội dung mong đợi")
            parser.close()
            for event, element in parser.read_events():
                if event == "end" and element is not root:
                    yield element
        except etree.XMLSyntaxError as exc:
            if "depth" in str(exc).lower():  # libxml2's cap on nesting, which Excel never comes near
                raise WorkbookUnreadable(
                    f"{self._where(part)} lồng nhau quá sâu (hơn 256 tầng): không phải do Excel ghi. "
                    "Mở tệp trong Excel và lưu lại (.xlsx hoặc .xlsm) rồi chạy lại."
                ) from exc
            if "huge" in str(exc).lower():  # libxml2's cap on one text node: 10 MB
                raise TooLarge(
                    f"{self._where(part)} có một ô chữ quá dài (hơn {figures(MAX_STRING)} ký tự, giới hạn của Excel). "
                    "Tìm ô đó, xoá bớt chữ rồi lưu lại."
                ) from exc
            raise self._bad_xml(part, exc) from exc

    def trees(
        self, part: str, roots: tuple[str, ...], on_chunk: Callable[[bytes], None]
    ) -> Iterator[tuple[etree._Element, bool]]:
        """(root, complete) after each chunk parsed; what was given is pruned before the next chunk."""
        parser = etree.XMLPullParser(events=("start",), tag=roots, **_parser_options())
        root = None
        fed = 0
        try:
            for chunk in self.stream(part):
                on_chunk(chunk)
                parser.feed(chunk)
                fed += len(chunk)
                for _, element in parser.read_events():
                    root = element if root is None else root
                if root is not None:
                    yield root, False
                    _prune(root)
                elif fed > MAX_PROLOGUE_BYTES:
                    raise _unreadable(self.path, f"phần '{part}' không phải một sheet")
            parser.close()
            if root is None:  # calamine reads cells under any root: a part without a sheet's is refused
                raise _unreadable(self.path, f"phần '{part}' không phải một sheet")
            yield root, True
        except etree.XMLSyntaxError as exc:
            raise self._bad_xml(part, exc) from exc

    def _bad_xml(self, part: str, exc: etree.XMLSyntaxError) -> WorkbookUnreadable:
        """libxml2's refusal, said for the clerk, the part named (its English words kept for the technician)."""
        sheet = next((name for name, p in self.sheets.items() if p == part), None)
        return _unreadable(self.path, f"ở {f'sheet {sheet!r}' if sheet else f'phần {part!r}'}, {explain(exc)}")

    # --- where the parts are, as python-calamine finds them -----------------------------
    def member(self, path: str) -> str | None:
        """The member at `path` as python-calamine looks it up: ASCII case ignored, the name taken as
        written (part names are canonical and unique: `repeated_member`), so both find the same one."""
        return self.folded.get(folded(path))

    def _check_document(self) -> None:
        """The workbook part must be in xl/: python-calamine reads the folder that the package's root
        relationships name, and everything here reads xl/."""
        types = self.member("[Content_Types].xml")
        overrides = self.elements(types, "{*}Types", "{*}Override") if types is not None else iter(())
        for override in overrides:  # openpyxl, the fallback for a sheet calamine cannot read, looks here
            name, kind = override.get("PartName") or "", override.get("ContentType") or ""
            if ".main" in kind and folded(name) != "/xl/workbook.xml":
                raise WorkbookUnreadable(self._odd(types or "", f"đặt phần chính của sổ ở '{name[:80]}'"))
            # The shared strings openpyxl would read must be those measured here, calamine's.
            if kind.endswith(".sharedStrings+xml") and folded(name) != "/xl/sharedstrings.xml":
                raise WorkbookUnreadable(self._odd(types or "", f"đặt phần chữ dùng chung ở '{name[:80]}'"))
        root = self.member("_rels/.rels")
        if root is None:
            return  # python-calamine then refuses the file (or, before 0.35, reads xl/)
        for rel in self.elements(root, "{*}Relationships", "{*}Relationship"):
            target = rel.get("Target")
            if target is None or not (rel.get("Type") or "").endswith("/relationships/officeDocument"):
                continue
            folder = target[: target.rfind("/") + 1].removeprefix("/")
            if folded(folder) != "xl/":
                raise WorkbookUnreadable(
                    f"Tệp '{self.file_name}' có cấu trúc lạ: phần chính của sổ ở '{target[:80]}', không ở "
                    "xl/workbook.xml như Excel ghi. Mở tệp trong Excel và lưu lại (.xlsx hoặc .xlsm) rồi chạy lại."
                )

    def _sheet_part(self, target: str | None) -> str | None:
        """A sheet's member, from its relationship's target, resolved as python-calamine does."""
        if not target:
            return None
        return self.member(target[1:] if target.startswith("/") else "xl/" + target)

    def _sheet_parts(self) -> dict[str, str | None]:
        """Sheet name -> part (None: the package has none), from workbook.xml and its relationships;
        refuses Strict files, twin names and what two readers could resolve apart."""
        if self.workbook is None or self.workbook_rels is None:
            raise _unreadable(self.path, "thiếu xl/workbook.xml")
        targets: dict[str, str] = {}
        read: list[tuple] = []  # what lxml read, to hold against the bytes as written
        for rel in self.elements(self.workbook_rels, "{*}Relationships", "{*}Relationship"):
            read.append((rel.get("Id"), rel.get("Target")))
            rid = rel.get("Id")
            if rid is not None and rid in targets:
                raise WorkbookUnreadable(self._odd(self.workbook_rels, f"có hai quan hệ cùng mã {rid[:40]}"))
            if rid is not None:
                targets[rid] = rel.get("Target") or ""
        written: list[tuple] = [
            (a.get("Id"), a.get("Target")) for a in as_written(self.read(self.workbook_rels), "Relationship")
        ]
        self._agree(self.workbook_rels, read, written)
        parts: dict[str, str | None] = {}
        seen: dict[str, str] = {}
        read = []
        for sheet in self.elements(self.workbook, "{*}workbook", "{*}sheet"):
            if etree.QName(sheet).namespace == STRICT:
                raise WorkbookUnreadable(strict_advice(self.file_name, "đọc"))
            name = sheet.get("name") or ""
            if name.casefold() in seen:
                raise WorkbookUnreadable(
                    f"Tệp '{self.file_name}' có hai sheet cùng tên '{seen[name.casefold()]}' và '{name}' "
                    "(Excel không cho phép; tệp đã bị sửa bằng chương trình khác). Mở bằng Excel, "
                    "đổi tên một sheet rồi lưu lại."
                )
            seen[name.casefold()] = name
            ids = sheet_ids(sheet)
            read.append((name, *ids))
            if len(ids) > 1:
                raise WorkbookUnreadable(self._odd(self.workbook, f"cho sheet '{name}' hai mã liên kết"))
            parts[name] = self._sheet_part(targets.get(ids[0]) if ids else None)
        written = [
            (unescaped(a.get("name") or ""), *(v for k, v in a.items() if k.rpartition(":")[2] == "id"))
            for a in as_written(self.read(self.workbook), "sheet")
        ]
        self._agree(self.workbook, read, written)
        return parts

    def _odd(self, part: str, what: str) -> str:
        """A part written as Excel never writes it, where readers could part ways: never read."""
        return (
            f"Tệp '{self.file_name}' bị hỏng: phần '{part}' {what}, Excel không ghi như vậy (tệp đã bị sửa bằng "
            "chương trình khác). Mở tệp trong Excel và lưu lại (.xlsx hoặc .xlsm) rồi chạy lại."
        )

    def _agree(self, part: str, read: list, written: list) -> None:
        """lxml's values and the bytes as python-calamine takes them (raw, not whitespace-normalised,
        a target not unescaped) must be one: else the two would read different sheets."""
        if read != written:
            raise WorkbookUnreadable(self._odd(part, "có thuộc tính viết bằng mã ký tự hoặc xuống dòng"))

    def tables(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """Sheet name -> the header row (1-based) of each Excel Table on it that shows one, and the
        row of each Total Row, from the table parts (as Excel's `show_headers`, `show_totals`).

        Read here rather than by python-calamine, whose table allocates the area its `ref` declares.
        Excel's counts are 0 or 1 and its rows within the sheet: anything else is learnt nothing from,
        and each table part is read once however many relationships name it."""
        headers: dict[str, set[int]] = {}
        totals: dict[str, set[int]] = {}
        read: set[str] = set()
        for name, part in self.sheets.items():
            folder, _, file_name = (part or "").rpartition("/")
            rels = self.member(f"{folder}/_rels/{file_name}.rels") if part else None
            if rels is None:
                continue
            for rel in self.elements(rels, "{*}Relationships", "{*}Relationship"):
                target = rel.get("Target") or ""
                table = self.member(resolve(part or "", target)) if target else None
                if table is None or table in read or not (rel.get("Type") or "").endswith("/relationships/table"):
                    continue
                read.add(table)
                attributes = self._root_attributes(table, "{*}table")
                first, _, last = (attributes.get("ref") or "").partition(":")
                top, bottom = _row_of(first), _row_of(last or first)
                shows, total = attributes.get("headerRowCount", "1"), attributes.get("totalsRowCount", "0")
                if top is None or bottom is None or not top <= bottom <= MAX_ROWS or {shows, total} - {"0", "1"}:
                    continue
                if shows == "1":
                    headers.setdefault(name, set()).add(top)
                if total == "1" and bottom > top:
                    totals.setdefault(name, set()).add(bottom)
        return (
            {name: sorted(rows) for name, rows in headers.items()},
            {name: sorted(rows) for name, rows in totals.items()},
        )

    def _root_attributes(self, part: str, tag: str) -> dict[str, str]:
        """The attributes of the part's first `tag` element ({} when it has none), parsed as a stream."""
        parser = etree.XMLPullParser(events=("start",), tag=tag, **_parser_options())
        fed = 0
        try:
            for chunk in self.stream(part):
                parser.feed(chunk)
                fed += len(chunk)
                for _, element in parser.read_events():
                    return dict(element.attrib)
                if fed > MAX_PROLOGUE_BYTES:
                    break
        except etree.XMLSyntaxError:
            pass  # a damaged table: no header known, as for a table without a range
        return {}

    def _styles_parts(self) -> set[str]:
        """The parts a reader may take for the styles: xl/styles.xml (python-calamine's) and what the
        workbook's relationships name as styles (openpyxl's)."""
        found = {self.member("xl/styles.xml")}
        for rel in self.elements(self.workbook_rels or "", "{*}Relationships", "{*}Relationship"):
            if (rel.get("Type") or "").endswith("/relationships/styles") and rel.get("Target"):
                found.add(self.member(resolve(self.workbook or "", rel.get("Target") or "")))
        return {part for part in found if part is not None}

    def _check_styles(self, part: str) -> None:
        """Records and number formats within Excel's own limits: calamine matches every cell format
        against its number format (a 500,000-character one took 47 s), openpyxl builds each record."""
        tags = sum(chunk.count(b"<") for chunk in self.stream(part))  # C speed: no element built
        formats = self.elements(part, "{*}styleSheet", "{*}numFmt") if tags <= MAX_STYLE_TAGS else iter(())
        if tags > MAX_STYLE_TAGS or any(len(f.get("formatCode") or "") > MAX_FORMAT_CODE for f in formats):
            raise TooLarge(
                f"Phần định dạng '{part}' của tệp '{self.file_name}' quá lớn (hơn {figures(MAX_STYLE_TAGS)} "
                f"thẻ, hoặc một định dạng số dài hơn {MAX_FORMAT_CODE} ký tự): Excel không ghi như vậy. "
                "Mở tệp trong Excel, chép các sheet sang sổ mới rồi lưu lại."
            )

    def _shared_string_lengths(self) -> array:
        """Characters of each shared string (calamine copies one into every cell that uses it)."""
        lengths = array("l")
        part = self.member("xl/sharedStrings.xml")
        if part is None:
            return lengths
        try:
            for item in self.elements(part, "{*}sst", "{*}si"):
                if item.getparent() is None or item.getparent().getparent() is not None:  # an si in an si
                    raise WorkbookUnreadable(self._odd(part, "có chuỗi lồng trong chuỗi"))
                lengths.append(sum(map(len, item.itertext())))
                item.clear()
        except TooLarge:  # a text node past libxml2's 10 MB: refused where a sheet uses it (or at the end)
            self.strings_overflow = len(lengths)
        # python-calamine reserves room for `uniqueCount` strings before reading one: no more than there are.
        declared = self._root_attributes(part, "{*}sst").get("uniqueCount", "")
        if declared.isdigit() and int(declared) > len(lengths) and self.strings_overflow is None:
            raise WorkbookUnreadable(self._odd(part, f"khai {declared[:20]} chuỗi nhưng chỉ có {len(lengths)}"))
        return lengths

    # --- the sheets ---------------------------------------------------------
    def scan_sheets(self, names: list[str], result: Scan, passed: Callable[[str], None] | None = None) -> None:
        """Scan each sheet in turn; `passed(name)` is told of each one found within every limit so far."""
        for name in names:
            result.scanned.add(name)
            part = self.sheets.get(name)
            try:
                if part is None:
                    raise WorkbookUnreadable(
                        f"Tệp '{self.file_name}' bị hỏng: không tìm thấy nội dung của sheet '{name}'. "
                        "Mở tệp trong Excel và lưu lại rồi chạy lại."
                    )
                sheet = _SheetScan(self, name, part)
                found = sheet.run()
            except XlpyError as exc:
                result.refused[name] = exc
                raise
            result.extents[name] = (sheet.max_row, sheet.max_column)
            if found:
                result.formula_cells[name] = found
            if passed is not None:
                passed(name)


# The fast way (`_SheetScan._plain`): what sends a sheet to the parser, and the cells as Excel writes them.
# Any of these sends a sheet to the parser: a DTD, comment or CDATA; a character reference; an error
# value or text written in the sheet (attribute values "e", "str", inlineStr). Every `=` must start a
# double-quoted value: no single quotes, no spaces around it.
# (Each word is looked for only when its rarest byte is there: one memchr instead of a slower search.)
_UNUSUAL = (
    (b"!", b"<!"),
    (b"&", b"&#"),
    (b'"e"', b'"e"'),
    (b'"d"', b'"d"'),  # an ISO date: calamine keeps its text, which the parser counts
    (b'"str"', b'"str"'),
    (b"inlineStr", b"inlineStr"),
    (b"<is", b"<is"),  # calamine reads an inline string whatever the cell's type says
)
_FORMULA = re.compile(rb"<f[\s/>]")
_PREFIXED = re.compile(rb":(?:c|f|v|is|row|sheetData)[\s/>]")  # x14's <xm:f> come after sheetData
_PLAIN_REF = re.compile(rb'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"')
_PLAIN_SHARED = re.compile(rb' t="s"><v>([0-9]+)</v>')
_PLAIN_SHARED_CELL = re.compile(rb'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"[^>]* t="s"><v>([0-9]+)</v>')
# A value that is not a number as python-calamine parses one (Rust's f64) sends the sheet to the
# parser: text, however made of digits ("1-2", "1.2.3": calamine keeps it as text, to be counted),
# NaN/inf, a 3-digit exponent or 300 digits (inf). Each match starts at a real `<v>` of the bytes.
_PLAIN_VALUE = re.compile(
    rb"<v>(?:[+-]?(?:[0-9]{1,299}(?:\.[0-9]{0,299})?|\.[0-9]{1,299})(?:[eE][+-]?[0-9]{1,2})?)?</v>"
)
_NOT_CELLS = (b"<col", b"<cf")  # elements whose name starts with c, in a sheet as Excel writes it
# calamine matches local names, in any namespace: so does the parser (a sheet whose only default
# namespace is another one held cells the exact names missed).
_CELLS, _FORMULAS = ("{*}c",), ("{*}f",)
# A text starting like NaN/inf, or a number whose exponent has three digits (1e400 is inf); or
# what could hide one from a byte search: character references and CDATA.
_ODD_NUMBER = re.compile(rb">\s*[+-]?(?:[iInN][nNaA][fFnN]|[0-9.]*[eE]\+?[0-9]{3})")
_HIDING = (b"&#", b"CDATA")


class _SheetScan:
    """One sheet's extent, cells, text and formula cells, from its XML.

    The parser streams the part in chunks; after each chunk the cells it completed are read with
    lxml's C-level tag iteration (one attribute lookup a cell in Python), and `_prune` drops them.
    Only the element still being parsed (the open path) is kept for the next chunk; formula checks
    skip it until it is complete.
    """

    def __init__(self, package: Package, name: str, part: str):
        self.package, self.name, self.part = package, name, part
        self.cells = 0
        self.max_row = self.max_column = 0
        self.row_refs_max = self.rows_without_r = 0
        self.found: list[tuple[str, str]] = []
        self.seen: set[str] = set()
        self.odd_numbers = False  # set once the bytes may hold a NaN/inf number
        # Set once the bytes hold a character reference or CDATA: lxml gives `<v>1&#48;</v>` as "10",
        # calamine only its first run of text ("1"), so a shared-string index is no longer known.
        self.hidden = False
        self.text = 0
        self.tail = b""
        self.refs: set[str] = set()  # the parser's way only: each cell reference once

    def run(self, fast: bool = True) -> list[tuple[str, str]]:
        if not (fast and self._plain()):
            for root, complete in self.package.trees(self.part, _SHEET_ROOTS, self._look):
                self._batch(root, complete)
        totals = self.package.totals
        totals.area += self.max_row * self.max_column
        totals.text += self.text
        return self.found

    def _plain(self) -> bool:
        """The fast way, for a sheet written as Excel, XlsxWriter and openpyxl write one; False otherwise.

        Only byte searches and regular expressions (C speed). They are exact for such a sheet and an
        upper bound for any other: every cell python-calamine sees starts with `<c` and a delimiter in
        the bytes (there are no entities without a DTD), so when each such start is `<c r="REF"` its
        first `r` (the one calamine uses) is REF. Anything unusual (prefixes, single quotes, spaces
        around `=`, character references, CDATA, a DTD, formulas, error values, inline text, NaN/inf)
        sends the sheet to the streaming parser.
        """
        data = bytearray()
        for chunk in self.package.stream(self.part):
            data += chunk
        if any(rare in data and word in data for rare, word in _UNUSUAL) or data.count(b"=") != data.count(b'="'):
            return False
        if data.count(b"<?") > data.startswith((b"<?xml", b"\xef\xbb\xbf<?xml")):  # a processing instruction
            return False  # past the declaration: text in it is no markup for the parser, but is for a byte count
        cells_end = data.rfind(b"</sheetData>") + 1 or len(data)  # calamine reads no cell after it
        if (b"<f" in data and _FORMULA.search(data, 0, cells_end)) or _PREFIXED.search(data, 0, cells_end):
            return False
        # One value a cell, its last child (calamine keeps the last `<v>` it reads), plain numbers only.
        if not _plain_values(data):
            return False
        # Every `<c…` that is not a known other element, against the plain cell starts: if they are as
        # many, every cell start is plain (a cell start is a `<c…`, and plain ones are among them).
        # (`<col`, `<cf` are counted outside sheetData only: one inside it makes the counts differ.)
        cells_start = max(data.find(b"<sheetData"), 0)
        others = sum(data.count(w, 0, cells_start) + data.count(w, cells_end) for w in _NOT_CELLS)
        starts = data.count(b"<c") - others
        self.cells = starts
        if starts > MAX_SHEET_CELLS:
            self._check()
        refs = _PLAIN_REF.findall(data)
        indexes = _PLAIN_SHARED.findall(data)  # of each shared-string cell
        # Every ` r="` is a row's or a cell's first: a second `r` in a tag (calamine may take the last) is not.
        second_r = data.count(b' r="') != len(refs) + data.count(b'<row r="')
        if len(refs) != starts or len(indexes) != data.count(b'="s"') or second_r:
            self.cells = 0
            return False
        if len(set(refs)) != len(refs):
            self._repeated([ref.decode() for ref in refs], set())
        if refs:
            self.max_column, self.max_row = _extent(refs)
        lengths, overflow = self.package.string_lengths, self.package.strings_overflow
        try:
            picked = list(map(lengths.__getitem__, map(int, indexes))) if overflow is None else None
        except IndexError:
            picked = None
        if picked is None:
            picked = [_length(lengths, i.decode(), overflow) for i in indexes]
        if picked and max(picked) > MAX_STRING:
            for ref, index in _PLAIN_SHARED_CELL.findall(data):
                if _length(lengths, index.decode(), overflow) == max(picked):
                    self._too_long(ref.decode(), max(picked))
        self.text = sum(picked)
        self._check(refs)
        return True

    def _repeated(self, refs: list[str], before: set[str]) -> None:
        """Two cells with one reference: which value counts is each reader's guess, so none is taken."""
        seen = set(before)
        for ref in refs:
            if ref in seen:
                break
            seen.add(ref)
        raise WorkbookUnreadable(
            f"Tệp '{self.package.file_name}' bị hỏng: sheet '{self.name}' có hai ô cùng địa chỉ {ref}. "
            "Mở tệp trong Excel và lưu lại (Excel giữ một ô) rồi chạy lại."
        )

    def _too_long(self, ref: str, length: int) -> None:
        said = f"hơn {figures(10_000_000)}" if length == _OVERFLOW else figures(length)
        raise TooLarge(
            f"Sheet '{self.name}' ô {ref} có {said} ký tự, quá giới hạn {figures(MAX_STRING)} ký tự "
            "một ô của Excel. Xoá bớt chữ ở ô đó rồi lưu lại."
        )

    def _look(self, chunk: bytes) -> None:
        window = self.tail + chunk
        hiding = _HIDING[0] in window or _HIDING[1] in window
        self.hidden = self.hidden or hiding
        if not self.odd_numbers and (hiding or _ODD_NUMBER.search(window)):
            self.odd_numbers = True
        self.tail = chunk[-16:]

    def _batch(self, root, complete: bool) -> None:
        open_path = set() if complete else _open_path(root)
        cells = list(root.iter(*_CELLS))
        if cells and cells[-1] in open_path:  # still being parsed: counted in the next chunk, when complete
            cells.pop()
        self.cells += len(cells)
        every_r = [c.get("r") for c in cells]
        kinds = [c.get("t") for c in cells]
        refs = [r for r in every_r if r is not None]
        if refs and (not self.refs.isdisjoint(refs) or len(set(refs)) != len(refs)):
            self._repeated(refs, self.refs)
        self.refs.update(refs)
        if refs:
            joined = " ".join(refs) + " "
            if not _REFS.fullmatch(joined):
                bad = next(ref for ref in refs if not _REFS.fullmatch(ref + " "))
                self._too_far(bad) if _far(bad) else _bad_reference(self.package, self.name, bad)
            self.max_column = max(self.max_column, *(column_index(c) for c in set(_LETTERS.findall(joined))))
            self.max_row = max(self.max_row, *map(int, set(_DIGITS.findall(joined))))
        if len(refs) != len(every_r):  # after the chunk's own references: cells placed by counting go past them
            self._without_r(root, cells, every_r)
        if "s" in kinds:
            self._shared_text([c for c, k in zip(cells, kinds, strict=True) if k == "s"])
        # Any other text a reader keeps (inline, a formula's, a `<v>` that is no number): counted, each bounded.
        lengths = [_text_length(c, k) for c, k in zip(cells, kinds, strict=True)]
        if lengths and max(lengths) > MAX_STRING:
            at = lengths.index(max(lengths))
            self._too_long(cells[at].get("r", "?"), lengths[at])
        self.text += sum(lengths)
        suspects = {f.getparent() for f in root.iter(*_FORMULAS)}
        if "e" in kinds:
            suspects |= {c for c, k in zip(cells, kinds, strict=True) if k == "e"}
        if self.odd_numbers:
            suspects |= {c for c, k in zip(cells, kinds, strict=True) if k in (None, "n") and len(c)}
        for cell in suspects - open_path:
            if cell is not None:
                self._check_value(cell)
        self._check(refs)

    def _without_r(self, root, cells, refs) -> None:
        """Cells placed by counting: at most the row after every numbered one, past the farthest column."""
        rows = [int(r) for r in (c.getparent().get("r") for c in cells if c.getparent() is not None) if _digits(r)]
        self.row_refs_max = max(self.row_refs_max, *rows) if rows else self.row_refs_max
        self.rows_without_r += sum(1 for row in root.iter("{*}row") if not _digits(row.get("r")))
        holders = {c.getparent() for c, r in zip(cells, refs, strict=True) if r is None}
        self.max_row = max(self.max_row, self.row_refs_max + self.rows_without_r, 1)
        self.max_column += max(len(h) for h in holders if h is not None) if holders - {None} else 1

    def _shared_text(self, cells) -> None:
        lengths = self.package.string_lengths
        valued = [(c, v) for c in cells if (v := _last_value(c)) is not None]
        if self.hidden:  # which string calamine takes is not known: the longest, for each
            valued = [(c, "?") for c, _ in valued]  # "?" is no index: `_length` gives the longest
        picked = [_length(lengths, v, self.package.strings_overflow) for _, v in valued]
        if picked and max(picked) > MAX_STRING:
            at = picked.index(max(picked))
            self._too_long(valued[at][0].get("r", "?"), picked[at])
        self.text += sum(picked)

    def _check_value(self, cell) -> None:
        ref, kind = cell.get("r") or "", cell.get("t")
        if not ref or ref in self.seen:  # a cell without `r` cannot be named; one seen in an earlier chunk
            return
        value, has_formula = None, False
        for child in cell:
            local = etree.QName(child).localname
            if local == "v":
                value = child.text or ""
            has_formula = has_formula or local == "f"
        what = None
        if kind == "e":
            what = error_text((value or "").strip() or "#N/A")
        elif has_formula and (value is None or (not value.strip() and kind != "str")):
            what = "công thức chưa có giá trị"
        if what:
            self.seen.add(ref)
            self.found.append((ref, what))

    def _check(self, refs: Sequence[str | bytes] = ()) -> None:
        """The bounds so far, after each chunk: nothing grows past them. A cell too far is named
        from `refs` (the chunk's references) when one of them is it."""
        if self.max_row > MAX_ROWS or self.max_column > MAX_COLUMNS:
            far = next((ref for ref in map(_text, refs) if _past_the_limits(ref)), None)
            self._too_far(far or f"{column_letter(min(self.max_column, MAX_COLUMNS + 1))}{self.max_row}")
        area = self.max_row * self.max_column
        if self.cells > MAX_SHEET_CELLS or area > MAX_SHEET_AREA:
            raise TooLarge(
                f"Sheet '{self.name}' quá lớn: {figures(self.cells)} ô, vùng từ A1 đến "
                f"{column_letter(self.max_column)}{self.max_row} (giới hạn {figures(MAX_SHEET_CELLS)} ô, "
                f"vùng {figures(MAX_SHEET_AREA)} ô một sheet). Có thể có ô ở quá xa: " + _SAY_FIX
            )
        totals = self.package.totals
        if totals.area + area > MAX_AREA or totals.text + self.text > MAX_TEXT:
            raise TooLarge(
                f"Các sheet cần đọc quá lớn khi đọc đến sheet '{self.name}' (giới hạn {figures(MAX_AREA)} ô và "
                f"{figures(MAX_TEXT)} ký tự cho cả sổ). Xoá các dòng, cột thừa ở cuối các sheet, "
                "hoặc tách sổ theo năm, rồi lưu lại."
            )

    def _too_far(self, ref: str) -> None:
        raise TooLarge(
            f"Sheet '{self.name}' có ô ở quá xa ({ref}; giới hạn {figures(MAX_ROWS)} dòng, "
            f"cột {column_letter(MAX_COLUMNS)}). " + _SAY_FIX
        )


_SHEET_ROOTS = tuple(f"{{*}}{name}" for name in ("worksheet", "chartsheet", "dialogsheet", "macrosheet"))


def _plain_values(data: bytearray) -> bool:
    """Whether every `<v` of the sheet starts `<v>`, a number as calamine parses one (no 3-digit
    exponent, under 300 digits before the point), `</v>`; each followed by `</c>`: one value a cell,
    its last child, which calamine keeps. (Counted, not searched for a bad one: a count of `<v></v>`
    after deleting digits was fooled by `<1v></1v>` in a processing instruction.)"""
    values = data.count(b"<v")
    return values == data.count(b"</v></c>") and values == len(_PLAIN_VALUE.findall(data))


def _open_path(root) -> set:
    """The elements still being parsed: the root and each last child below it."""
    path, node = {root}, root
    while len(node):
        node = node[-1]
        path.add(node)
    return path


def _extent(refs: list[bytes]) -> tuple[int, int]:
    """Farthest column and row of plain references (b"A1"), through C-level translate, split and set."""
    joined = b" ".join(refs)
    columns = set(joined.translate(None, b"0123456789").split())
    rows = set(joined.translate(None, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ").split())
    return max(column_index(name.decode()) for name in columns), max(map(int, rows))


def _prune(root) -> None:
    """Drop what the events already gave: along the open path, every finished earlier sibling."""
    node = root
    while len(node):
        last = node[-1]
        del node[:-1]
        node = last


_OVERFLOW = 1 << 62  # the length given to a shared string too long to parse


def _length(lengths: array, index: str | None, overflow: int | None) -> int:
    """A shared string's length; past a too-long one, every index counts as too long. An index
    python-calamine cannot parse (a space, a letter, past 64 bits) it reads as string 0, and one past
    the table it refuses: counted as the longest string, whatever it is read as."""
    if not index:
        return 0  # no value: an empty cell
    number = int(index) if index.isascii() and index.isdigit() else None
    if number is None or number >= len(lengths):
        return _OVERFLOW if overflow is not None else max(lengths, default=0)
    if overflow is not None and number >= overflow:
        return _OVERFLOW
    return lengths[number]


def _digits(text: str | None) -> bool:
    return text is not None and text.isdigit()


def _row_of(ref: str) -> int | None:
    """The row of a reference like `A3` (None for anything else)."""
    row = ref.lstrip(string.ascii_uppercase)
    return int(row) if _DIGITS.fullmatch(row) and row != ref else None


def _text(ref: str | bytes) -> str:
    return ref.decode() if isinstance(ref, bytes) else ref


def _past_the_limits(ref: str) -> bool:
    letters = _LETTERS.match(ref)
    row = ref[letters.end() :] if letters else ""
    return (
        letters is not None and row.isdigit() and (column_index(letters.group()) > MAX_COLUMNS or int(row) > MAX_ROWS)
    )


def _far(ref: str) -> bool:
    """A well-formed reference past the last column or row any workbook can have."""
    match = re.fullmatch(r"([A-Za-z]+)([0-9]+)", ref)
    return match is not None and (len(match.group(1)) > 3 or len(match.group(2)) > 7)


# What python-calamine (Rust's f64) parses as a number; anything else in a `<v>` it keeps as text.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|")


def _text_length(cell, kind: str | None) -> int:
    """The characters a reader may keep as text for a cell, beyond its shared string: an inline or
    formula string; an `<is>` under any type (calamine reads it whatever `t` says); a `<v>` that is
    no number, of any type (for a type calamine refuses, the openpyxl way keeps it as text).
    Numbers and booleans are kept as such, as on the fast way; an ISO date (`t="d"`) as its text."""
    if kind in ("inlineStr", "str"):
        return len("".join(cell.itertext()))
    inline = sum(len("".join(child.itertext())) for child in cell if etree.QName(child).localname == "is")
    value = _last_value(cell)
    if kind == "s" or value is None:
        return inline  # the shared string itself is counted by `_shared_text`
    if (kind in (None, "n") and _NUMBER.fullmatch(value)) or (kind == "b" and value in ("0", "1")):
        return inline
    return inline + len(value)


def _last_value(cell) -> str | None:
    """The text of a cell's last `<v>` (python-calamine keeps the last it reads), None without one."""
    value = None
    for child in cell:
        if etree.QName(child).localname == "v":
            value = child.text or ""
    return value


def _bad_reference(package: Package, sheet: str, ref: str) -> None:
    raise _unreadable(package.path, f"sheet '{sheet}' có ô mang địa chỉ sai '{ref[:20]}'")


def _unreadable(path: Path, why: object) -> WorkbookUnreadable:
    return WorkbookUnreadable(
        f"Tệp '{path.name}' không phải sổ Excel đọc được (.xlsx, .xlsm): {why}. "
        "Mở tệp trong Excel và lưu lại dạng .xlsx hoặc .xlsm."
    )


def _check_directory(path: Path) -> None:
    """The central directory's size and member count, from the end record, before `zipfile` reads it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:  # calamine reads an open file, whole, in memory (parse_ahead.open_calamine)
        raise TooLarge(
            f"Tệp '{path.name}' nặng {figures(size // MIB)} MB (giới hạn {MAX_FILE_BYTES // MIB} MB): "
            "không phải sổ quỹ bình thường. Xoá các hình ảnh, sheet không cần rồi lưu lại, hoặc tách sổ theo năm."
        )
    with path.open("rb") as handle:
        handle.seek(max(0, size - 22 - 65_535))
        tail = handle.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            raise _unreadable(path, "không tìm thấy mục lục của tệp nén")
        disk, directory_disk, on_disk, members, directory_bytes, _, comment = struct.unpack(
            "<HHHHIIH", tail[at + 4 : at + 22]
        )
        # One end record, as every reader takes it: one disk, its comment ending the file. Python's
        # zipfile takes the last record whatever it says; the zip crate in python-calamine skips one it
        # finds invalid and reads an earlier zip: a clean zip appended to a hostile one hid it.
        if at + 22 + comment != len(tail) or disk or directory_disk or on_disk != members:
            raise _unreadable(path, "mục lục của tệp nén viết lạ (tệp có thể đã bị ghép hay sửa)")
        locator = at - 20  # zip64: the locator stands right before the end record, or there is none
        if locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
            (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
            handle.seek(offset)
            record = handle.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                members, directory_bytes = struct.unpack("<QQ", record[32:48])
    if directory_bytes > MAX_DIRECTORY_BYTES or members > MAX_MEMBERS:
        raise TooLarge(
            f"Tệp '{path.name}' có {figures(members)} phần bên trong (giới hạn {figures(MAX_MEMBERS)}): "
            "không phải sổ quỹ bình thường. Mở bằng Excel, chép các sheet cần dùng sang sổ mới rồi lưu lại."
        )


_RENAMING_FIELDS = {0x7075, 0x6375}  # Info-ZIP's Unicode path and comment: some readers rename by them


def _fields(extra: bytes) -> set[int]:
    """The ids of a zip extra block's fields."""
    ids, at = set(), 0
    while at + 4 <= len(extra):
        field, size = struct.unpack("<HH", extra[at : at + 4])
        ids.add(field)
        at += 4 + size
    return ids


def _check_members(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Members every reader sees alike: no field that renames a member for one reader only (the zip
    crate honours Info-ZIP's Unicode path, Python's zipfile does not), no two sharing their bytes."""
    for info in infos:
        if _fields(info.extra) & _RENAMING_FIELDS:
            raise WorkbookUnreadable(damaged_package(path.name, info.filename))
    ordered = sorted(infos, key=lambda info: info.header_offset)
    for before, after in itertools.pairwise(ordered):
        if before.header_offset + 30 + before.compress_size > after.header_offset:  # at least this long
            raise WorkbookUnreadable(damaged_package(path.name, after.filename))


def read_sheet(name: str) -> bool:
    """Whether xlpy.fund reads this sheet: the contract's sheets and the monthly `Tnn-yyyy` ones."""
    from xlpy.schemas import contributions, members, spending
    from xlpy.settings import SETTINGS_SHEET, TEXT_SHEET
    from xlpy.text import fold

    titles = {fold(t) for t in (members.SHEET, spending.SHEET, SETTINGS_SHEET, TEXT_SHEET)}
    return fold(name) in titles or contributions.month_named(name) is not None


def scan(path, will_read: Callable[[str], bool] = read_sheet, passed: Callable[[str], None] | None = None) -> Scan:
    """Check the package and the sheets `will_read` picks; other sheets are scanned when first asked for.
    `passed(name)` hears of each picked sheet as soon as it is found within the limits (the package's
    own checks all done before the first), so that it may be read while the scan goes on.

    Raises TooLarge (with a message for the clerk) for what is past the limits, WorkbookUnreadable
    for what is not a workbook package.
    """
    package = Package(Path(path))
    headers, totals = package.tables()
    result = Scan(package=package, tables=headers, table_totals=totals)
    wanted = [name for name in package.sheets if will_read(name)]
    parsed = {package.member(p) for p in ("_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")}
    parsed |= {package.member("xl/sharedStrings.xml")} | {package.sheets[name] for name in wanted}
    for part in package.members:
        if part not in parsed and not part.endswith("/"):
            package.count(part)
    package.scan_sheets(wanted, result, passed)
    if package.strings_overflow is not None or max(package.string_lengths, default=0) > MAX_STRING:
        raise TooLarge(
            f"Tệp '{package.file_name}' có một ô chữ dài hơn {figures(MAX_STRING)} ký tự (giới hạn của Excel). "
            "Tìm ô đó, xoá bớt chữ rồi lưu lại."
        )
    return result
