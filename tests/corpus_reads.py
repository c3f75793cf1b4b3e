"""Hostile and odd workbooks for the read path (xlpy.xlsxscan, xlpy.book): bombs past the limits,
XML written the way other tools write it, formula errors, NaN/inf, Strict files, an old .xls renamed.

Big parts are streamed into the zip (or, for the 1 GiB sheet, made of one compressed block repeated),
so making a case costs a few milliseconds and megabytes. tests/test_corpus.py gathers `CASES`; none
needs its own process any more (each is refused before python-calamine allocates anything), and
tests/test_reads.py runs every bomb in a child process under an address-space limit to prove it.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from corpus import ERR, Case, raw_file, rewritten, sheet_part, small

from xlpy.vba import _compound_file

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
MIB = 1 << 20


def add_rows(xml: str, at_start: bool = False) -> Callable[[bytes], bytes]:
    """Rows added to a sheet's sheetData (at its end, or before its first row)."""

    def change(data: bytes) -> bytes:
        if at_start:
            return re.sub(rb"<sheetData>", b"<sheetData>" + xml.encode(), data, count=1)
        return data.replace(b"</sheetData>", xml.encode() + b"</sheetData>", 1)

    return change


def _padded(folder: Path, size: int) -> Path:
    """The small workbook after `size` zero bytes (a zip may start anywhere: readers find its end)."""
    from conftest import build_small

    path = folder / "so-quy.xlsx"
    data = build_small(folder / "small.xlsx").read_bytes()
    with path.open("wb") as out:
        out.truncate(size)  # sparse: no disk
        out.seek(size)
        out.write(data)
    return path


def in_sheet(title: str, change: Callable[[bytes], bytes]) -> Callable[[Path], Path]:
    return rewritten(sheet_part(title), change)


def cell(ref: str, xml: str) -> Callable[[bytes], bytes]:
    """Replace the <c> element at `ref` (XlsxWriter writes r first, double-quoted)."""
    return lambda data: re.sub(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)'.encode(), xml.encode(), data, count=1)


def after(ref: str, xml: str) -> Callable[[bytes], bytes]:
    """Insert a cell after the one at `ref`."""

    def change(data: bytes) -> bytes:
        changed = re.sub(
            rf'(<c r="{ref}"[^>]*?(/>|>.*?</c>))'.encode(), lambda m: m.group(1) + xml.encode(), data, count=1
        )
        assert changed != data, f"no cell {ref}"
        return changed

    return change


def every_sheet(titles: list[str], change: Callable[[bytes], bytes]) -> Callable[[Path], Path]:
    return several({title: change for title in titles})


def several(changes: dict[str, Callable[[bytes], bytes]]) -> Callable[[Path], Path]:
    """The small workbook with several parts rewritten: keys are sheet titles or part names."""

    def make(folder: Path) -> Path:
        source = small(folder, "source.xlsx")
        path = folder / "so-quy.xlsx"
        with zipfile.ZipFile(source) as zin:
            names = set(zin.namelist())
            parts = {(key if key in names else sheet_part(key)(zin)): change for key, change in changes.items()}
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    data = zin.read(item.filename)
                    zout.writestr(item, parts[item.filename](data) if item.filename in parts else data)
        source.unlink()
        return path

    return make


# --- packages written by hand ---------------------------------------------------------------------


def _deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def _segment(data: bytes, last: bool = False) -> bytes:
    """Raw deflate of `data`, byte-aligned and independent of what precedes it: segments concatenate."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)


def write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip of (name, raw deflate bytes, declared inflated size, crc), written field by field."""
    with path.open("wb") as out:
        directory = b""
        for name, raw, size, crc in members:
            offset = out.tell()
            encoded = name.encode()
            out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(raw), size, len(encoded), 0))
            out.write(encoded + raw)
            directory += struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                *(b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(raw), size, len(encoded), 0, 0, 0, 0, 0, offset),
            )
            directory += encoded
        start = out.tell()
        out.write(directory)
        count = len(members)
        out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(directory), start, 0))
    return path


def with_member(name: Callable[[str], str], of: str = "T02-2022") -> Callable[[Path], Path]:
    """The small workbook with one more member, named from a sheet's part (a copy, a case variant …)."""

    def make(folder: Path) -> Path:
        source = small(folder, "source.xlsx")
        with zipfile.ZipFile(source) as zin:
            part = sheet_part(of)(zin)
            parts = [(item.filename, zin.read(item.filename)) for item in zin.infolist()]
        source.unlink()
        members = [*parts, (name(part), dict(parts)[part].replace(b"<v>", b"<v>9", 1))]
        return write_zip(folder / "so-quy.xlsx", [(n, _deflated(d), len(d), zlib.crc32(d)) for n, d in members])

    return make


def repackaged(edit: Callable[[dict[str, bytes]], None]) -> Callable[[Path], Path]:
    """The small workbook's parts, edited in place by `edit` (names too: any, even non-canonical ones)."""

    def make(folder: Path) -> Path:
        source = small(folder, "source.xlsx")
        with zipfile.ZipFile(source) as zin:
            parts = {item.filename: zin.read(item.filename) for item in zin.infolist()}
        source.unlink()
        edit(parts)
        return package_of(folder / "so-quy.xlsx", parts)

    return make


def _far(parts: dict[str, bytes], part: str) -> None:
    parts[part] = add_rows('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')(parts[part])


def _retarget(parts: dict[str, bytes], rid: str, target: str) -> None:
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = re.sub(rf'(Id="{rid}"[^>]*Target=")[^"]*'.encode(), rb"\g<1>" + target.encode(), parts[rels])


def target_in_other_case(far: bool) -> Callable[[Path], Path]:
    """T02-2022's relationship names its part in other case (python-calamine ignores case): a far
    cell, or a #REF! that python-calamine reads as empty, in that part."""

    def edit(parts: dict[str, bytes]) -> None:
        part = "xl/worksheets/sheet4.xml"
        if far:
            _far(parts, part)
        else:
            parts[part] = cell("C5", '<c r="C5" t="e"><f>#REF!*2</f><v>#REF!</v></c>')(parts[part])
        _retarget(parts, "rId4", "Worksheets/SHEET4.xml")

    return repackaged(edit)


def workbook_elsewhere(parts: dict[str, bytes]) -> None:
    """The root relationship names xl2/workbook.xml, a copy with a far cell; xl/ stays harmless."""
    for name in [name for name in parts if name.startswith("xl/")]:
        parts["xl2/" + name.removeprefix("xl/")] = parts[name]
    _far(parts, "xl2/worksheets/sheet4.xml")
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b'Target="xl/workbook.xml"', b'Target="xl2/workbook.xml"')


def second_copy_named(separator: str) -> Callable[[Path], Path]:
    """A copy of T02-2022's part with a far cell, under a non-canonical name its relationship names."""

    def edit(parts: dict[str, bytes]) -> None:
        name = f"xl/worksheets{separator}sheet4.xml"
        parts[name] = parts["xl/worksheets/sheet4.xml"]
        _far(parts, name)
        _retarget(parts, "rId4", name.removeprefix("xl/"))

    return repackaged(edit)


def sheet_id(replacement: str) -> Callable[[Path], Path]:
    """T02-2022's `r:id` rewritten (another namespace, or two ids), its part holding a far cell."""

    def edit(parts: dict[str, bytes]) -> None:
        _far(parts, "xl/worksheets/sheet4.xml")
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'r:id="rId4"', replacement.encode())

    return repackaged(edit)


def twin_relationship_ids(parts: dict[str, bytes]) -> None:
    """Two relationships with Id rId4: the second one's part holds a far cell."""
    rels = "xl/_rels/workbook.xml.rels"
    parts["xl/worksheets/sheet9.xml"] = parts["xl/worksheets/sheet4.xml"]
    _far(parts, "xl/worksheets/sheet9.xml")
    twin = b'<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    twin += b'worksheet" Target="worksheets/sheet9.xml"/></Relationships>'
    parts[rels] = parts[rels].replace(b"</Relationships>", twin)


def deep_workbook_part(parts: dict[str, bytes]) -> None:
    """workbook.xml nested 100,000 deep inside its root: past libxml2's depth cap, which is no long cell."""
    part = "xl/workbook.xml"
    parts[part] = parts[part].replace(b"<sheets>", b"<a>" * 100_000 + b"</a>" * 100_000 + b"<sheets>", 1)


def _varied_records(count: int) -> bytes:
    """`count` empty elements between random hex, which does not compress past the ratio check
    (that would refuse first)."""
    import random

    text = random.Random(1).randbytes(2 * count).hex().encode()
    return b"<e/>".join(text[i : i + 4] for i in range(0, len(text), 4))


def iso_2022_jp_hidden(data: bytes) -> bytes:
    """The sheet declared ISO-2022-JP (its other characters as references): in C5, `t="e"` sits in an
    escape run that an ISO-2022-JP reader takes for one attribute of kanji, a UTF-8 reader (calamine)
    for markup. The #REF! there was missed."""
    text = "".join(ch if ord(ch) < 128 else f"&#{ord(ch)};" for ch in data.decode())
    hidden = '<c r="C5" x="\x1b$B"t="e"HH="\x1b(B"><v>#REF!</v></c>'
    return cell("C5", hidden)(text.encode()).replace(b'encoding="UTF-8"', b'encoding="ISO-2022-JP"', 1)


def _far_and_clean(folder: Path) -> tuple[bytes, bytes]:
    """The bytes of the small workbook with a far cell in T02-2022, and of the clean one."""
    far = repackaged(lambda parts: _far(parts, "xl/worksheets/sheet4.xml"))(folder).read_bytes()
    return far, small(folder, "clean.xlsx").read_bytes()


def clean_zip_after_a_hostile_one(folder: Path) -> Path:
    """A zip with a far cell, then the clean workbook whose end record's comment runs past the file:
    Python's zipfile reads the clean one, the zip crate in python-calamine skips its record as invalid
    and reads the first."""
    far, clean = _far_and_clean(folder)
    end = clean.rfind(b"PK\x05\x06")
    clean = clean[: end + 20] + struct.pack("<H", 1000)
    path = folder / "so-quy.xlsx"
    path.write_bytes(far + clean)
    return path


def unicode_path_field(folder: Path) -> Path:
    """A member carrying Info-ZIP's Unicode path field (0x7075), which renames it for some readers."""
    source = small(folder, "source.xlsx")
    path = folder / "so-quy.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet4.xml":
                new = b"xl/worksheets/other.xml"
                item.extra = struct.pack("<HHBI", 0x7075, 5 + len(new), 1, zlib.crc32(item.filename.encode())) + new
            zout.writestr(item, data)
    source.unlink()
    return path


def local_name_differs(folder: Path) -> Path:
    """T02-2022's local header names another part than the central directory does."""
    path = small(folder, "so-quy.xlsx")
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo("xl/worksheets/sheet4.xml").header_offset
    data = bytearray(path.read_bytes())
    data[offset + 30 : offset + 30 + 24] = b"xl/worksheets/sheetX.xml"
    path.write_bytes(bytes(data))
    return path


def fallback_with_big_properties(parts: dict[str, bytes]) -> None:
    """A dimension python-calamine refuses (so the sheet goes to openpyxl, which parses whole parts),
    and 9 MB of document properties (random hex: past the ratio check)."""
    import random

    sheet = "xl/worksheets/sheet4.xml"
    parts[sheet] = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2:C3"/>', parts[sheet], count=1)
    text = random.Random(2).randbytes(4_500_000).hex().encode()
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"</cp:coreProperties>", b"<a>" + text + b"</a></cp:coreProperties>"
    )


def long_value_at_g40(kind: str, character: str) -> Callable[[Path], Path]:
    """A cell G40 in the month sheet whose `<v>` holds 40,000 characters (past Excel's 32,767)."""
    return in_sheet(MONTH, add_rows(f'<row r="40"><c r="G40"{kind}><v>' + character * 40_000 + "</v></c></row>"))


def named_pipe(folder: Path) -> Path:
    import os

    path = folder / "so-quy.xlsx"
    os.mkfifo(path)
    return path


def table_over_the_sheet(folder: Path, ref: str = "A3:XFD1048576", totals: str | None = None) -> Path:
    """An Excel Table on 'Chi quỹ' whose ref declares every cell of the sheet from its header down
    (python-calamine's table would allocate that area): read as any table, by its header row.
    `totals`: a totalsRowCount written into it (Excel's is 0 or 1)."""
    from openpyxl import load_workbook
    from openpyxl.worksheet.table import Table

    source = small(folder, "source.xlsx")
    book = load_workbook(source)
    book["Chi quỹ"].add_table(Table(displayName="ChiQuy", ref="A3:G5"))
    book.save(source)
    with zipfile.ZipFile(source) as zin:
        parts = {item.filename: zin.read(item.filename) for item in zin.infolist()}
    source.unlink()
    table = next(name for name in parts if name.startswith("xl/tables/"))
    parts[table] = parts[table].replace(b'ref="A3:G5"', f'ref="{ref}"'.encode())
    if totals is not None:
        parts[table] = parts[table].replace(b"<table ", f'<table totalsRowCount="{totals}" '.encode(), 1)
    return package_of(folder / "so-quy.xlsx", parts)


def package_of(path: Path, parts: dict[str, bytes]) -> Path:
    empty = _deflated(b"")
    return write_zip(path, [(n, _deflated(d) if d else empty, len(d), zlib.crc32(d)) for n, d in parts.items()])


def workbook_parts(sheets: list[str], namespace: str = MAIN, shared: bytes | None = None) -> dict[str, bytes]:
    """The parts of a minimal workbook (sheet bodies are added by the caller as xl/worksheets/sheetN.xml)."""
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared is not None:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            f'main+xml"/>{overrides}</Types>'
        ).encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{namespace}" xmlns:r="{relationships}">'
            "<sheets>"
            + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(sheets, 1))
            + "</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{relationships}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + (
                f'<Relationship Id="rId{len(sheets) + 1}" Type="{relationships}/sharedStrings" '
                'Target="sharedStrings.xml"/>'
                if shared is not None
                else ""
            )
            + "</Relationships>"
        ).encode(),
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    return parts


def sheet_xml(rows: str, namespace: str = MAIN, prefix: str = "") -> bytes:
    colon = f"{prefix}:" if prefix else ""
    declaration = f'xmlns:{prefix}="{namespace}"' if prefix else f'xmlns="{namespace}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{colon}worksheet {declaration}><{colon}sheetData>{rows}'
        f"</{colon}sheetData></{colon}worksheet>"
    ).encode()


def members_rows(prefix: str = "") -> str:
    """The header and one member of 'Thành viên' as inline strings (no shared strings needed)."""
    p = f"{prefix}:" if prefix else ""
    labels = ["Mã", "Họ và tên", "Chức vụ", "Ngày vào", "Ngày ra"]
    header = "".join(
        f'<{p}c r="{chr(65 + i)}1" t="inlineStr"><{p}is><{p}t>{label}</{p}t></{p}is></{p}c>'
        for i, label in enumerate(labels)
    )
    return f'<{p}row r="1">{header}</{p}row>'


def one_gib_sheet(honest: bool) -> Callable[[Path], Path]:
    """A 2 MB package whose 'Thành viên' sheet inflates to 1 GiB: one compressed 1 MiB block, repeated.

    `honest`: the directory declares the 1 GiB; otherwise it declares 1 KiB and the stream must be
    stopped by counting what actually comes out.
    """

    def make(folder: Path) -> Path:
        head, tail = sheet_xml("").split(b"</sheetData>")[0], b"</sheetData>" + sheet_xml("").split(b"</sheetData>")[1]
        row = b'<row><c t="inlineStr"><is><t>' + b"x" * 200 + b"</t></is></c></row>"
        block = row * (MIB // len(row))
        copies = 1024
        raw = _segment(head) + _segment(block) * copies + _segment(tail, last=True)
        size = len(head) + len(block) * copies + len(tail)
        parts = workbook_parts(["Thành viên"])
        members = [(n, _deflated(d), len(d), zlib.crc32(d)) for n, d in parts.items()]
        members.append(("xl/worksheets/sheet1.xml", raw, size if honest else 1024, 0))
        return write_zip(folder / "so-quy.xlsx", members)

    return make


def huge_shared_string(folder: Path) -> Path:
    """~120 KB: one 30 MiB shared string, used once in each of 52 monthly sheets."""
    names = [f"T{m:02d}-{y}" for y in range(2019, 2024) for m in range(1, 13)][:52]
    path = folder / "so-quy.xlsx"
    parts = workbook_parts(names, shared=b"")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != "xl/sharedStrings.xml":
                archive.writestr(name, data)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="52" uniqueCount="1"><si><t>'.encode()
            )
            for _ in range(30):
                out.write(b"a" * MIB)
            out.write(b"</t></si></sst>")
        for i in range(1, len(names) + 1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))
    return path


def long_shared_string(folder: Path) -> Path:
    """One shared string of 40,000 characters (past Excel's cell limit), used in a monthly sheet."""
    import random

    text = "".join(random.Random(7).choice("abcdefghij ăâêôơư") for _ in range(40_000))
    shared = f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><t>{text}</t></si></sst>'.encode()
    parts = workbook_parts(["T01-2019"], shared=shared)
    parts["xl/worksheets/sheet1.xml"] = sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    return package_of(folder / "so-quy.xlsx", parts)


def strict_workbook(folder: Path) -> Path:
    parts = workbook_parts(["Thành viên"], namespace=STRICT)
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(members_rows(), namespace=STRICT)
    return package_of(folder / "so-quy.xlsx", parts)


def twin_sheets(folder: Path) -> Path:
    parts = workbook_parts(["Thành viên", "Thành viên"])
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet2.xml"] = sheet_xml(members_rows())
    return package_of(folder / "so-quy.xlsx", parts)


def prefixed_far_cell(folder: Path) -> Path:
    parts = workbook_parts(["Thành viên"])
    rows = members_rows("x") + '<x:row r="1048576"><x:c r="A1048576"><x:v>1</x:v></x:c></x:row>'
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(rows, prefix="x")
    return package_of(folder / "so-quy.xlsx", parts)


def many_members(folder: Path) -> Path:
    """A zip whose directory lists 10,001 members (empty ones): refused before `zipfile` reads them."""
    parts = workbook_parts(["Thành viên"])
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(members_rows())
    parts.update({f"junk/{i}.txt": b"" for i in range(10_001)})
    return package_of(folder / "so-quy.xlsx", parts)


def just_inside(folder: Path) -> Path:
    """Dense areas at the per-sheet and whole-book limits, and text just under MAX_TEXT."""
    source = small(folder, "probe.xlsx")
    with zipfile.ZipFile(source) as archive:
        added = archive.read("xl/sharedStrings.xml").count(b"<si>")  # index of the string added below
    source.unlink()
    return several(
        {
            "Thành viên": add_rows('<row r="75000"><c r="T75000"><v>1</v></c></row>'),  # 1,500,000 cells
            "T01-2022": add_rows('<row r="49000"><c r="J49000"><v>1</v></c></row>'),  # 490,000 cells
            "xl/sharedStrings.xml": lambda d: re.sub(
                rb"</sst>", b"<si><t>" + ("ă" * 32_767).encode() + b"</t></si></sst>", d
            ),
            "T03-2022": lambda d: d.replace(
                b"</sheetData>",
                b"".join(b'<row r="%d"><c r="H%d" t="s"><v>%d</v></c></row>' % (r, r, added) for r in range(10, 490))
                + b"</sheetData>",
            ),
        }
    )(folder)


def hidden_index(folder: Path) -> Path:
    """Shared-string cells whose index is written `<v>N&#48;</v>`: lxml reads "N0" (a short string),
    calamine "N" (one of 32,767 characters): 600 of them carry 19.7 million characters."""
    source = small(folder, "probe.xlsx")
    with zipfile.ZipFile(source) as archive:
        added = archive.read("xl/sharedStrings.xml").count(b"<si>")  # index of the long string added below
    source.unlink()
    padding, rows = b"<si><t>x</t></si>" * (added * 10), range(10, 610)
    return several(
        {
            "xl/sharedStrings.xml": lambda d: d.replace(
                b"</sst>", b"<si><t>" + ("ă" * 32_767).encode() + b"</t></si>" + padding + b"</sst>"
            ),
            "T03-2022": lambda d: d.replace(
                b"</sheetData>",
                b"".join(b'<row r="%d"><c r="H%d" t="s"><v>%d&#48;</v></c></row>' % (r, r, added) for r in rows)
                + b"</sheetData>",
            ),
        }
    )(folder)


OLD_XLS = _compound_file({"Workbook": b"\x09\x08\x10\x00" + b"\x00" * 200})
MONTH = "T02-2022"
FAR = ("quá xa",)
BIG = ("quá lớn",)

CASES: list[Case] = [
    # --- bombs: refused before python-calamine reads anything ---------------------------------
    Case(
        "reads: sheet inflating to 1 GiB, declared",
        one_gib_sheet(True),
        2,
        words=("Thành viên", "64 MB"),
    ),
    Case(
        "reads: sheet inflating to 1 GiB, declared 1 KiB",
        one_gib_sheet(False),
        2,
        words=("không phải sổ Excel", "dài hơn"),
    ),
    Case(
        "reads: 30 MiB shared string in 52 sheets",
        huge_shared_string,
        2,
        words=("sharedStrings", "nén bất thường"),
    ),
    Case(
        "reads: a shared string past Excel's 32,767 characters",
        long_shared_string,
        2,
        words=("T01-2019", "A1", "32.767 ký tự"),
    ),
    Case(
        "reads: a cell at CZ200000 on 6 sheets",
        every_sheet(
            ["Thành viên", "T01-2022", "T02-2022", "T03-2022", "Chi quỹ", "Cài đặt"],
            add_rows('<row r="200000"><c r="CZ200000"><v>1</v></c></row>'),
        ),
        2,
        words=("Cài đặt", "CZ200000", *FAR),
    ),
    Case(
        "reads: a cell at CZ20000 on 6 sheets (area)",
        every_sheet(
            ["Thành viên", "T01-2022", "T02-2022", "T03-2022", "Chi quỹ", "Cài đặt"],
            add_rows('<row r="20000"><c r="CZ20000"><v>1</v></c></row>'),
        ),
        2,
        words=("Cài đặt", "CZ20000", *BIG),
    ),
    Case(
        "reads: a far cell on each of two sheets (area of the book)",
        every_sheet(["T01-2022", "T02-2022"], add_rows('<row r="90000"><c r="L90000"><v>1</v></c></row>')),
        2,
        words=("T02-2022", "cả sổ"),
    ),
    Case(
        "reads: s before r at XFD1048576",
        in_sheet("Thành viên", add_rows('<row r="1048576"><c s="1" r="XFD1048576"><v>1</v></c></row>')),
        2,
        words=("Thành viên", *FAR),
    ),
    Case(
        "reads: single-quoted far cell",
        in_sheet(MONTH, add_rows("<row r='300000'><c r='A300000' t='n'><v>1</v></c></row>")),
        2,
        words=(MONTH, *FAR),
    ),
    Case(
        "reads: rows out of order past the limit",
        in_sheet("Chi quỹ", add_rows('<row r="250000"><c r="B250000"><v>1</v></c></row>', at_start=True)),
        2,
        words=("Chi quỹ", *FAR),
    ),
    Case("reads: x-prefixed sheet with a far cell", prefixed_far_cell, 2, words=("Thành viên", *FAR)),
    Case("reads: two sheets with one name", twin_sheets, 2, words=("cùng tên", "Thành viên")),
    Case("reads: one member twice in the zip", with_member(lambda p: p), 2, words=("bị hỏng", "hai lần", "Excel")),
    Case("reads: a member twice, in other case", with_member(str.upper), 2, words=("bị hỏng", "XL/WORKSHEETS")),
    Case(
        "reads: a member named with backslashes",
        with_member(lambda p: p.replace("/", "\\")),
        2,
        words=("bị hỏng", "xl\\worksheets"),
    ),
    Case(
        "reads: one cell twice in a row",
        in_sheet(MONTH, after("C5", '<c r="C5"><v>9000000</v></c>')),
        2,
        words=("bị hỏng", MONTH, "C5"),
    ),
    Case(
        "reads: one cell twice in a row, beside a formula",
        in_sheet(MONTH, after("C5", '<c r="C5"><f>1+1</f><v>2</v></c>')),
        2,
        words=("bị hỏng", MONTH, "C5"),
    ),
    # --- where the parts are: the scan reads the part python-calamine reads, or refuses ----------
    Case("reads: a sheet's target in other case, a far cell", target_in_other_case(True), 2, words=(MONTH, *FAR)),
    Case(
        "reads: a sheet's target in other case, a #REF!",
        target_in_other_case(False),
        1,
        f"'{MONTH}'!C5",
        ERR,
        ("#REF!",),
    ),
    Case(
        "reads: the workbook part in another folder",
        repackaged(workbook_elsewhere),
        2,
        words=("cấu trúc lạ", "xl2/workbook.xml"),
    ),
    Case("reads: a part named with //", second_copy_named("//"), 2, words=("bị hỏng", "xl/worksheets//sheet4")),
    Case("reads: a part named with /./", second_copy_named("/./"), 2, words=("bị hỏng", "xl/worksheets/./sheet4")),
    Case(
        "reads: a sheet's target through ..",
        repackaged(lambda parts: _retarget(parts, "rId4", "../xl/worksheets/sheet4.xml")),
        2,
        words=("không tìm thấy nội dung", MONTH),
    ),
    Case(
        "reads: a sheet's id in another namespace",
        sheet_id('o:id="rId4" xmlns:o="urn:other"'),
        2,
        words=(MONTH, *FAR),
    ),
    Case("reads: two ids on one sheet", sheet_id('r:id="rId4" id="rId3"'), 2, words=("bị hỏng", MONTH)),
    Case("reads: two relationships with one Id", repackaged(twin_relationship_ids), 2, words=("bị hỏng", "rId4")),
    Case("reads: a table declaring the whole sheet", table_over_the_sheet, 0, own_process=True),
    Case(
        "reads: a table declaring 30 million Total Rows",
        lambda folder: table_over_the_sheet(folder, "A3:I30000000", "30000000"),
        0,
        own_process=True,
    ),
    # --- where lxml and calamine read one attribute apart, or cells where one of them looks not ----
    Case(
        "reads: a sheet's target written with a character reference",
        repackaged(lambda parts: _retarget(parts, "rId4", "worksheets/sheet&#52;.xml")),
        2,
        words=("bị hỏng", "workbook.xml.rels", "mã ký tự"),
    ),
    Case(
        "reads: a sheet's target holding a tab",
        repackaged(lambda parts: _retarget(parts, "rId4", "worksheets/sheet\t4.xml")),
        2,
        words=("bị hỏng", "workbook.xml.rels"),
    ),
    Case(
        "reads: a sheet name holding a tab",
        repackaged(
            lambda parts: parts.update(
                {"xl/workbook.xml": parts["xl/workbook.xml"].replace("Danh mục".encode(), "Danh\tmục".encode())}
            )
        ),
        2,
        words=("bị hỏng", "xl/workbook.xml"),
    ),
    Case(
        "reads: a cell with two r attributes",
        in_sheet(MONTH, cell("C5", '<c r="C5" r="XFD1048576"><v>1</v></c>')),
        2,
        words=("không phải sổ Excel đọc được",),
    ),
    Case(
        "reads: a sheet under another root, read by the parser",
        in_sheet(
            MONTH,
            lambda d: (
                cell("C5", "<c r='C5'><v>1</v></c>")(d)
                .replace(b"<worksheet", b"<sheet", 1)
                .replace(b"</worksheet>", b"</sheet>")
            ),
        ),
        2,
        words=("không phải một sheet",),
    ),
    Case(
        "reads: a sheet in another default namespace, an error value in it",
        in_sheet(
            MONTH,
            lambda d: cell("C5", '<c r="C5" t="e"><v>#DIV/0!</v></c>')(d).replace(
                f'xmlns="{MAIN}"'.encode(), b'xmlns="urn:x"', 1
            ),
        ),
        1,
        f"'{MONTH}'!C5",
        ERR,
        ("#DIV/0!",),
    ),
    Case(
        "reads: shared strings declaring 10^11 of them",
        rewritten(
            lambda _: "xl/sharedStrings.xml", lambda d: re.sub(rb'uniqueCount="\d+"', b'uniqueCount="100000000000"', d)
        ),
        2,
        words=("bị hỏng", "100000000000"),
    ),
    Case(
        "reads: a shared string inside a shared string",
        rewritten(
            lambda _: "xl/sharedStrings.xml",
            lambda d: d.replace(b"<si>", b"<si><si>", 1).replace(b"</si>", b"</si></si>", 1),
        ),
        2,
        words=("bị hỏng", "lồng"),
    ),
    # --- bytes one reader takes otherwise than the other (a third hostile trial) --------------------
    Case(
        "reads: a sheet declared ISO-2022-JP, markup hidden in an escape run",
        in_sheet(MONTH, iso_2022_jp_hidden),
        2,
        words=("không phải sổ Excel đọc được",),
    ),
    Case(
        "reads: a cell with two values, the second a string past Excel's limit",
        several(
            {
                "xl/sharedStrings.xml": lambda d: d.replace(b"</sst>", b"<si><t>" + b"a" * 40_000 + b"</t></si></sst>"),
                MONTH: add_rows('<row r="40"><c r="G40" t="s"><v>0</v><v>79</v></c></row>'),
            }
        ),
        2,
        words=(MONTH, "G40", "40.000"),
    ),
    Case(
        "reads: text past Excel's limit in a cell with no type",
        long_value_at_g40("", "a"),
        2,
        words=(MONTH, "G40", "40.000"),
    ),
    # --- the zip itself, read alike by every reader (a fourth hostile trial) ------------------------
    Case(
        "reads: a clean zip appended to one with a far cell",
        clean_zip_after_a_hostile_one,
        2,
        words=("mục lục của tệp nén",),
    ),
    Case("reads: a member with Info-ZIP's Unicode path field", unicode_path_field, 2, words=("bị hỏng", "sheet4")),
    Case("reads: a local header naming another part", local_name_differs, 2, words=("bị hỏng", "sheet4")),
    # --- what python-calamine reads its own way (a fifth hostile trial) ------------------------------
    Case(
        "reads: shared-string indexes calamine cannot parse, counted as the longest string",
        several(
            {
                "xl/sharedStrings.xml": lambda d: d.replace(b"</sst>", b"<si><t>" + b"a" * 32_000 + b"</t></si></sst>"),
                MONTH: add_rows("".join(f'<row r="{r}"><c r="G{r}" t="s"><v>x</v></c></row>' for r in range(40, 640))),
            }
        ),
        2,
        words=(MONTH, "quá lớn"),
    ),
    Case(
        "reads: an ISO date's text past Excel's limit",
        long_value_at_g40(' t="d"', "2"),
        2,
        words=(MONTH, "G40", "40.000"),
    ),
    Case(
        "reads: an ODS part inside the package",
        repackaged(lambda parts: parts.update({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})),
        2,
        words=("mimetype", "ODS"),
    ),
    Case(
        "reads: a sheet calamine refuses, with a part too big for the slow way",
        repackaged(fallback_with_big_properties),
        2,
        words=(MONTH, "docProps/core.xml", "quá lớn"),
    ),
    # --- the styles (python-calamine matches each cell format to its number format; openpyxl reads all)
    Case(
        "reads: a number format longer than Excel's 255 characters",
        rewritten(
            lambda _: "xl/styles.xml",
            lambda d: d.replace(b'formatCode="#,##0"', b'formatCode="#,##0' + b"0" * 300 + b'"', 1),
        ),
        2,
        words=("xl/styles.xml", "255"),
    ),
    Case(
        "reads: 600,001 tags in the styles",
        rewritten(
            lambda _: "xl/styles.xml",
            lambda d: d.replace(b"</styleSheet>", b"<extLst>" + _varied_records(600_001) + b"</extLst></styleSheet>"),
        ),
        2,
        words=("xl/styles.xml", "600.000"),
    ),
    Case(
        "reads: the content types naming another workbook part",
        rewritten(
            lambda _: "[Content_Types].xml",
            lambda d: d.replace(b'PartName="/xl/workbook.xml"', b'PartName="/xl/wb2.xml"', 1),
        ),
        2,
        words=("[Content_Types].xml", "/xl/wb2.xml"),
    ),
    Case("reads: workbook.xml nested too deep", repackaged(deep_workbook_part), 2, words=("lồng nhau quá sâu", "xl/")),
    Case("reads: a named pipe", named_pipe, 2, words=("không phải một tệp thường",)),
    Case(
        "reads: the far cell named, not the corner of the sheet",
        in_sheet(MONTH, add_rows('<row r="150000"><c r="C150000"><v>1</v></c></row>')),
        2,
        words=(MONTH, "C150000", *FAR),
    ),
    Case(
        "reads: the far cell named, not the corner, through the parser",
        in_sheet(MONTH, add_rows("<row r='150000'><c r='C150000'><v>1</v></c></row>")),
        2,
        words=(MONTH, "C150000", *FAR),
    ),
    Case("reads: 10,001 members in the zip", many_members, 2, words=("phần bên trong", "10.000")),
    Case(
        "reads: cells without r counted past the limit",
        in_sheet(MONTH, add_rows("<row>" + "<c><v>1</v></c>" * 20_000 + "</row>")),
        2,
        words=(MONTH, *FAR),
    ),
    # --- what calamine reads as empty, reported at the cell ------------------------------------
    Case(
        "reads: #REF! with an x: prefix",
        in_sheet(
            MONTH,
            lambda d: cell("C5", f'<x:c xmlns:x="{MAIN}" r="C5" t="e"><x:f>#REF!*2</x:f><x:v>#REF!</x:v></x:c>')(d),
        ),
        1,
        f"'{MONTH}'!C5",
        ERR,
        ("#REF!",),
    ),
    Case(
        "reads: error value without a formula, attributes reordered and single-quoted",
        in_sheet(MONTH, cell("C5", "<c t='e' s='0' r='C5'><v>#VALUE!</v></c>")),
        1,
        f"'{MONTH}'!C5",
        ERR,
        ("#VALUE!",),
    ),
    Case(
        "reads: formula saved without a value",
        in_sheet(MONTH, cell("C5", '<c r="C5"><f>25000*2</f></c>')),
        1,
        f"'{MONTH}'!C5",
        ERR,
        ("chưa có giá trị",),
    ),
    Case(  # a hostile trial: `<1v></1v>` is `<v></v>` once digits are deleted, and made the counts agree
        "reads: a long text hidden from the byte count by a processing instruction",
        in_sheet(
            MONTH,
            lambda data: after("D5", '<c r="F5"><v>' + "A" * 40_000 + "</v></c>")(data).replace(
                b"</sheetData>", b"<?x <1v></1v>?></sheetData>", 1
            ),
        ),
        2,
        words=("F5", "40.000 ký tự"),
    ),
    Case(  # calamine reads `<is>` whatever `t` says (a second hostile trial)
        "reads: a long inline string in a cell not typed inlineStr",
        in_sheet(MONTH, after("D5", '<c r="F5"><is><t>' + "A" * 40_000 + "</t></is></c>")),
        2,
        words=("F5", "40.000 ký tự"),
    ),
    Case(  # a type calamine refuses sends the sheet to openpyxl, which keeps the text
        "reads: a long text in a cell of an unknown type",
        in_sheet(MONTH, after("D5", '<c r="F5" t="zzz"><v>' + "A" * 40_000 + "</v></c>")),
        2,
        words=("F5", "40.000 ký tự"),
    ),
    Case("reads: shared-string indexes written with a character reference", hidden_index, 2, words=BIG),
    Case(  # a third trial: openpyxl (the way for a sheet calamine refuses) reads the part the types name
        "reads: content types naming other shared strings",
        rewritten(
            lambda zin: "[Content_Types].xml",
            lambda data: data.replace(b'PartName="/xl/sharedStrings.xml"', b'PartName="/xl/ss2.xml"'),
        ),
        2,
        words=("xl/ss2.xml",),
    ),
    Case(  # a third trial: cells placed by counting after a far one, in one chunk, were not added to it
        "reads: cells without r after a far cell",
        in_sheet(
            MONTH,
            lambda data: data.replace(
                b"</sheetData>", b'<row r="91"><c r="XFD91"><v>1</v></c>' + b"<c></c>" * 8_500 + b"</row></sheetData>"
            ),
        ),
        2,
        words=FAR,
    ),
    Case(  # calamine keeps "0600-0600-…" as text: no number, however made of digits
        "reads: a long text of digits and dashes",
        in_sheet(MONTH, after("D5", '<c r="F5"><v>' + "0600-" * 8_000 + "</v></c>")),
        2,
        words=("F5", "40.000 ký tự"),
    ),
    Case(  # python-calamine reads the file whole: 300 MB of zeros before a small workbook took 927 MB
        "reads: a file past 64 MB",
        lambda folder: _padded(folder, 65 << 20),
        2,
        words=("65 MB", "64 MB"),
    ),
    Case(
        "reads: a sheet written in UTF-16",
        in_sheet(
            MONTH, lambda data: data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
        ),
        2,
        words=(f"sheet '{MONTH}'", "UTF-8", "lưu lại"),
    ),
    Case(
        "reads: NaN amount",
        in_sheet(MONTH, cell("C5", '<c r="C5"><v>NaN</v></c>')),
        1,
        f"'{MONTH}'!C5",
        ERR,
        ("NaN",),
    ),
    Case(
        "reads: inf amount",
        in_sheet(MONTH, cell("C5", '<c r="C5"><v>inf</v></c>')),
        1,
        f"'{MONTH}'!C5",
        ERR,
        ("inf",),
    ),
    Case(
        "reads: 1e400 amount",
        in_sheet(MONTH, cell("C5", '<c r="C5"><v>1e400</v></c>')),
        1,
        f"'{MONTH}'!C5",
        ERR,
        ("inf",),
    ),
    Case(
        "reads: a formula that returns an empty text is fine",
        in_sheet(MONTH, after("D5", '<c r="E5" t="str"><f>""</f><v></v></c>')),
        0,
    ),
    # --- files that are not what their name says ---------------------------------------------------
    Case("reads: Strict Open XML", strict_workbook, 2, words=("Strict", "Save As", ".xlsx")),
    Case("reads: old .xls renamed .xlsx", raw_file(OLD_XLS), 2, words=("97-2003", "Save As")),
]
