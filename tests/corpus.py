"""A corpus of broken workbooks, each made here by code, with the outcome it must have.

Every case starts from the small clean workbook (conftest.build_small, an
.xlsx written by XlsxWriter: header on row 3, TV01-TV03, T01-T03/2022) and
breaks one thing, through openpyxl or by rewriting the package's XML.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
from conftest import apply_edits, build_small
from openpyxl.worksheet.table import Table

from xlpy.vba import _compound_file

ERR, WARN = "lỗi", "cảnh báo"


@dataclass
class Case:
    name: str
    make: Callable[[Path], Path]  # folder -> path of the workbook to run on
    status: int  # of `xlpy validate`
    where: str | None = None  # the cell or sheet named, e.g. "'T02-2022'!C5"
    severity: str | None = None
    words: tuple[str, ...] = ()  # key words of the message (of stderr when status is 2)
    mark: bool = False  # also ask for a write (`validate --mark`), which must be refused
    own_process: bool = False  # hostile to the process itself: run in a child

    @property
    def report_status(self) -> int:
        return 2 if self.status == 2 else (1 if self.severity == ERR or (self.status == 1) else 0)


def small(folder: Path, name: str = "so-quy.xlsx") -> Path:
    return build_small(folder / name)


def edited(edits: dict[tuple[str, str], object] | Callable) -> Callable[[Path], Path]:
    return lambda folder: apply_edits(small(folder), edits)


def rewritten(
    part_of: Callable[[zipfile.ZipFile], str], change: Callable[[bytes], bytes], name: str = "so-quy.xlsx"
) -> Callable[[Path], Path]:
    """The small workbook with one part of its package rewritten."""

    def make(folder: Path) -> Path:
        source = small(folder, "source.xlsx")
        path = folder / name
        with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
            part = part_of(zin)
            for item in zin.infolist():
                data = zin.read(item.filename)
                zout.writestr(item, change(data) if item.filename == part else data)
        source.unlink()
        return path

    return make


def sheet_part(title: str) -> Callable[[zipfile.ZipFile], str]:
    def find(archive: zipfile.ZipFile) -> str:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet name="{re.escape(title)}" sheetId="\d+" r:id="(rId\d+)"', workbook).group(1)
        return "xl/" + re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1).lstrip("/").removeprefix("xl/")

    return find


def cell_xml(cell: str, xml: str) -> Callable[[bytes], bytes]:
    """Replace the <c> element of `cell` with `xml`."""
    return lambda data: re.sub(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)'.encode(), xml.encode(), data, count=1)


def raw_file(content: bytes, name: str = "so-quy.xlsx") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path

    return make


def zip_of(files: dict[str, bytes]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "so-quy.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        return path

    return make


def locked(folder: Path) -> Path:
    path = edited({("T02-2022", "C5"): "50.000"})(folder)
    (folder / ("~$" + path.name)).write_bytes(b"owner")
    return path


def empty_workbook(folder: Path) -> Path:
    path = folder / "so-quy.xlsx"
    openpyxl.Workbook().save(path)
    return path


def as_table(book) -> None:
    book["Chi quỹ"].add_table(Table(displayName="ChiQuy", ref="A3:G5"))


def below_a_title(book) -> None:
    book["T02-2022"].insert_rows(1, 3)


def reordered(book) -> None:
    sheet = book["T02-2022"]
    for row in range(3, 7):
        sheet[f"A{row}"].value, sheet[f"C{row}"].value = sheet[f"C{row}"].value, sheet[f"A{row}"].value


def extra_column(book) -> None:
    sheet = book["T02-2022"]
    sheet.insert_cols(2)
    sheet["B3"] = "Cột thêm của văn phòng"


def merged_ids(book) -> None:
    book["T03-2022"].merge_cells("A5:A6")  # A6 (TV03's id) becomes part of a merge: empty


def hidden_row_with_slip(book) -> None:
    book["T02-2022"]["C5"] = "50k"
    book["T02-2022"].row_dimensions[5].hidden = True


def renamed(old: str, new: str) -> Callable:
    return lambda book: setattr(book[old], "title", new)


def removed(title: str) -> Callable:
    return lambda book: book.remove(book[title])


def header(cell: str, label: str) -> dict:
    return {("T02-2022", cell): label}


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 2 else b"&lol;") * 10) for i in range(2, 10))
    + b"]>"
)
ENCRYPTED = _compound_file({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\x00" * 60, "EncryptedPackage": b"\x00" * 512})
OLD_XLS = _compound_file({"Workbook": b"\x09\x08\x10\x00" + b"\x00" * 200})

CASES: list[Case] = [
    # --- the file -------------------------------------------------------------
    Case("missing file", lambda folder: folder / "khong-co.xlsx", 2, words=("Không tìm thấy",), own_process=True),
    Case("empty file", raw_file(b""), 2, words=("rỗng",), own_process=True),
    Case("not a zip", raw_file(b"Ma,Ho va ten\nTV01,An\n"), 2, words=("không phải sổ Excel",), own_process=True),
    Case(
        "zip that is not a workbook",
        zip_of({"readme.txt": b"hello"}),
        2,
        words=("không phải sổ Excel",),
        own_process=True,
    ),
    Case("old .xls", raw_file(OLD_XLS, "so-quy.xls"), 2, words=(".xls", "Save As"), own_process=True),
    Case("password-protected", raw_file(ENCRYPTED), 2, words=("mật khẩu",), own_process=True),
    Case(
        "XML bomb in shared strings",
        rewritten(
            lambda a: "xl/sharedStrings.xml",
            lambda d: BOMB + re.sub(rb"<t>[^<]*</t>", b"<t>&lol9;</t>", d.split(b"?>", 1)[1], count=1),
        ),
        2,
        words=("không phải sổ Excel",),
        own_process=True,
    ),
    Case(
        "XML bomb in the workbook part",
        rewritten(
            lambda a: "xl/workbook.xml",
            lambda d: BOMB + d.split(b"?>", 1)[1].replace(b'name="Chi', b'name="&lol9;Chi', 1),
        ),
        2,
        words=("không phải sổ Excel",),
        own_process=True,
    ),
    Case(
        "huge declared dimension",
        rewritten(
            sheet_part("Thành viên"),
            lambda d: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', d),
        ),
        0,
        own_process=True,
    ),
    Case(
        "a cell at XFD1048576",
        rewritten(
            sheet_part("Thành viên"),
            lambda d: d.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'),
        ),
        2,
        words=("quá xa", "Thành viên"),
        own_process=True,
    ),
    Case("Excel has it open when a write is asked", locked, 1, "'T02-2022'!C5", ERR, ("không phải là số",), mark=True),
    Case("a folder instead of a file", lambda folder: folder, 2, words=("thư mục",), own_process=True),
    Case("a workbook with no contract sheet", empty_workbook, 1, "'Thành viên'", ERR, ("Không có sheet",)),
    # --- the structure ----------------------------------------------------------
    Case("sheet Chi quỹ missing", edited(removed("Chi quỹ")), 1, "'Chi quỹ'", ERR, ("Không có sheet",)),
    Case("sheet Thành viên missing", edited(removed("Thành viên")), 1, "'Thành viên'", ERR, ("Không có sheet",)),
    Case("header renamed", edited(header("C3", "Tiền")), 1, "'T02-2022'", ERR, ("Thiếu cột 'Số tiền'",)),
    Case("header misspelt", edited(header("C3", "Sô tiền")), 1, "'T02-2022'", ERR, ("Thiếu cột 'Số tiền'",)),
    Case(
        "header without diacritics", edited(header("D3", "Ngay nop")), 1, "'T02-2022'", ERR, ("Thiếu cột 'Ngày nộp'",)
    ),
    Case("header in NFD and upper case", edited(header("C3", unicodedata.normalize("NFD", " SỐ TIỀN "))), 0),
    Case("header row below a title", edited(below_a_title), 0),
    Case("columns reordered", edited(reordered), 0),
    Case("extra column", edited(extra_column), 0),
    Case("an Excel Table instead of a range", edited(as_table), 0),
    Case("merged cells over an id", edited(merged_ids), 1, "'T03-2022'!A6", ERR, ("Thiếu Mã",)),
    Case("a hidden row still counts", edited(hidden_row_with_slip), 1, "'T02-2022'!C5", ERR, ("50k",)),
    Case("monthly sheet T13-2022", edited(renamed("T03-2022", "T13-2022")), 1, "'T13-2022'", ERR, ("Tnn-yyyy",)),
    Case("monthly sheet T1-2022", edited(renamed("T01-2022", "T1-2022")), 1, "'T1-2022'", ERR, ("Tnn-yyyy",)),
    # --- the cells --------------------------------------------------------------
    Case(
        "amount '50.000' as text",
        edited({("T02-2022", "C5"): "50.000"}),
        1,
        "'T02-2022'!C5",
        ERR,
        ("không phải là số", "50.000"),
    ),
    Case("amount '50k'", edited({("T02-2022", "C5"): "50k"}), 1, "'T02-2022'!C5", ERR, ("không phải là số",)),
    Case(
        "amount in words",
        edited({("T02-2022", "C5"): "năm mươi nghìn"}),
        1,
        "'T02-2022'!C5",
        ERR,
        ("không phải là số",),
    ),
    Case("negative amount", edited({("T02-2022", "C5"): -50_000}), 1, "'T02-2022'!C5", ERR, ("từ 0",)),
    Case("fractional amount", edited({("T02-2022", "C5"): 50_000.5}), 1, "'T02-2022'!C5", ERR, ("phần lẻ",)),
    Case("50 typed for 50.000", edited({("T02-2022", "C5"): 50}), 1, "'T02-2022'!C5", ERR, ("quá nhỏ",)),
    Case(
        "paid date as day-first text",
        edited({("T02-2022", "D5"): "20/4/2022"}),
        1,
        "'T02-2022'!D5",
        ERR,
        ("không phải là ngày", "20/4/2022"),
    ),
    Case(
        "paid date in the future",
        edited({("T02-2022", "D5"): date(2199, 1, 1)}),
        0,
        "'T02-2022'!D5",
        WARN,
        ("tương lai",),
    ),
    Case(
        "paid date without amount", edited({("T02-2022", "C5"): None}), 0, "'T02-2022'!D5", WARN, ("Số tiền để trống",)
    ),
    Case(
        "#REF! in an amount",
        rewritten(sheet_part("T02-2022"), cell_xml("C5", '<c r="C5" t="e"><f>SUM(#REF!)</f><v>#REF!</v></c>')),
        1,
        "'T02-2022'!C5",
        ERR,
        ("#REF!",),
    ),
    Case(
        "#VALUE! in an amount",
        rewritten(sheet_part("T02-2022"), cell_xml("C5", '<c r="C5" t="e"><f>A5*2</f><v>#VALUE!</v></c>')),
        1,
        "'T02-2022'!C5",
        ERR,
        ("#VALUE!",),
    ),
    Case(
        "formula without a cached value",
        edited({("T02-2022", "C5"): "=25000*2"}),
        1,
        "'T02-2022'!C5",
        ERR,
        ("chưa có giá trị",),
    ),
    Case("id with stray spaces", edited({("T02-2022", "A5"): " TV02 "}), 0, "'T02-2022'!A5", WARN, ("TV02",)),
    Case("id in another case", edited({("T02-2022", "A5"): "tv02"}), 0, "'T02-2022'!A5", WARN, ("TV02",)),
    Case("duplicate ids in the roster", edited({("Thành viên", "A6"): "TV02"}), 1, "'Thành viên'!A6", ERR, ("trùng",)),
    Case("unknown member", edited({("T02-2022", "A6"): "TV99"}), 1, "'T02-2022'!A6", ERR, ("TV99",)),
    Case(
        "payment outside the member's months",
        edited({("T01-2022", "A6"): "TV03", ("T01-2022", "C6"): 50_000, ("T01-2022", "D6"): date(2022, 1, 5)}),
        0,
        "'T01-2022'!C6",
        WARN,
        ("không thuộc thời gian tham gia",),
    ),
    Case(
        "spending above the balance",
        edited({("Chi quỹ", "E4"): 900_000, ("Chi quỹ", "F4"): 900_000}),
        1,
        "'Chi quỹ'!F4",
        ERR,
        ("âm",),
    ),
    Case(
        "Từ quỹ above Tổng số tiền",
        edited({("Chi quỹ", "E5"): 10_000}),
        1,
        "'Chi quỹ'!F5",
        ERR,
        ("lớn hơn Tổng số tiền",),
    ),
    Case(
        "joining date as text",
        edited({("Thành viên", "D5"): "01/01/2022"}),
        1,
        "'Thành viên'!D5",
        ERR,
        ("không phải là ngày",),
    ),
    Case("rate as text", edited({("Thành viên", "F5"): "50.000"}), 1, "'Thành viên'!F5", ERR, ("không phải là số",)),
    Case(
        "control characters in a note",
        rewritten(
            sheet_part("T02-2022"), cell_xml("E5", '<c r="E5" t="inlineStr"><is><t>ghi_x0001_ chú_x001F_</t></is></c>')
        ),
        0,
    ),
    Case(
        "emoji in names",
        edited(
            {
                ("Thành viên", "B5"): "Trần Thị Bình 😀",
                ("T01-2022", "B5"): "Trần Thị Bình 😀",
                ("T02-2022", "B5"): "Trần Thị Bình 😀",
                ("T03-2022", "B5"): "Trần Thị Bình 😀",
            }
        ),
        0,
    ),
]
