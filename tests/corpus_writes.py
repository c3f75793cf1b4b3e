"""Corpus cases for writes: workbooks on which `validate --mark` must be refused, bytes unchanged.

Each is a `corpus.Case` with mark=True: `validate` and `report` behave as on any workbook,
and the write exits 1 with the reason (never 2, never "Lỗi không mong đợi"). REFUSALS gives
the key words of each refusal (tests/test_corpus_writes.py checks them; the corpus harness
of tests/test_corpus.py, which knows only Excel's owner file, can gather CASES as they are).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from conftest import apply_edits, build_small
from corpus import ERR, WARN, Case, rewritten, small

STRICT_MAIN = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _excel_open(path: Path) -> Path:
    path.with_name("~$" + path.name).write_bytes(b"\x0cNguyen Van An")
    return path


def _libreoffice_open(path: Path) -> Path:
    path.with_name(f".~lock.{path.name}#").write_text("Nguyen Van An,may-van-phong,,27.11.2026 10:00,", "utf-8")
    return path


def opened_in_excel(name: str = "so-quy.xlsx", edits: dict | None = None) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = build_small(folder / name)
        return _excel_open(apply_edits(path, edits) if edits else path)

    return make


def opened_behind_a_link(folder: Path) -> Path:
    """Run on a link; Excel's owner file sits beside the real workbook, under its real name."""
    real_folder = folder / "that-thu"
    real_folder.mkdir()
    real = _excel_open(build_small(real_folder / "quy-that.xlsx"))
    link = folder / "so-quy.xlsx"
    link.symlink_to(real)
    return link


def opened_in_libreoffice(folder: Path) -> Path:
    return _libreoffice_open(small(folder))


def read_only(edits: dict | None = None) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = small(folder)
        if edits:
            apply_edits(path, edits)
        path.chmod(0o444)
        return path

    return make


def whole_package(change: Callable[[str, bytes], bytes | None]) -> Callable[[Path], Path]:
    """The small workbook with every part passed through `change` (None drops the part)."""

    def make(folder: Path) -> Path:
        source = small(folder, "source.xlsx")
        path = folder / "so-quy.xlsx"
        with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = change(item.filename, zin.read(item.filename))
                if data is not None:
                    zout.writestr(item, data)
        source.unlink()
        return path

    return make


def strict(name: str, data: bytes) -> bytes:
    return data.replace(MAIN, STRICT_MAIN)


def without_styles(name: str, data: bytes) -> bytes | None:
    if name == "xl/styles.xml":
        return None
    if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        return re.sub(rb"<(Relationship|Override)[^>]*styles[^>]*/>", b"", data)
    return data


def doctype(data: bytes) -> bytes:
    return b'<?xml version="1.0"?><!DOCTYPE styleSheet []>' + data.split(b"?>", 1)[1]


def backup_folder_dangling(folder: Path) -> Path:
    """`.xlpy-sao-luu` is a link to nowhere: explained, never '[Errno 17] File exists'."""
    path = small(folder)
    (folder / ".xlpy-sao-luu").symlink_to(folder / "khong-co")
    return path


def two_check_sheets(folder: Path) -> Path:
    """xlpy's check sheet and a clerk's copy of it: which one to rewrite cannot be told."""
    from xlpy import panel

    def add(book) -> None:
        for name in (panel.CHECK_SHEET, "Kiểm tra (2)"):
            sheet = book.create_sheet(name)
            sheet["A1"], sheet["E1"] = "KẾT QUẢ KIỂM TRA DỮ LIỆU", panel.CHECK_MARK
            for column, title in zip("ABCD", panel.CHECK_HEADER, strict=True):
                sheet[f"{column}3"] = title

    return apply_edits(small(folder), add)


AMOUNT_AS_TEXT = {("T02-2022", "C5"): "50.000"}

CASES: list[Case] = [
    Case("write: Excel has an .xlsm open", opened_in_excel("so-quy.xlsm"), 0, mark=True),
    Case(
        "write: Excel has it open, data with an error",
        opened_in_excel(edits=AMOUNT_AS_TEXT),
        1,
        "'T02-2022'!C5",
        ERR,
        ("không phải là số",),
        mark=True,
    ),
    Case(
        "write: Excel has it open, data with a warning",
        opened_in_excel(edits={("T02-2022", "A5"): " TV02 "}),
        0,
        "'T02-2022'!A5",
        WARN,
        ("TV02",),
        mark=True,
    ),
    Case("write: Excel has it open, Vietnamese file name", opened_in_excel("SỔ QUỸ 2022.xlsx"), 0, mark=True),
    Case("write: Excel has the real file open behind a link", opened_behind_a_link, 0, mark=True),
    Case("write: LibreOffice has it open", opened_in_libreoffice, 0, mark=True),
    Case("write: a read-only workbook", read_only(), 0, mark=True),
    Case(
        "write: a read-only workbook with an error",
        read_only(AMOUNT_AS_TEXT),
        1,
        "'T02-2022'!C5",
        ERR,
        ("không phải là số",),
        mark=True,
    ),
    Case(  # without styles no number is a date: the dates are errors, and the write is refused
        "write: no styles part",
        whole_package(without_styles),
        1,
        "'Thành viên'!D4",
        ERR,
        ("không phải là ngày",),
        mark=True,
    ),
    Case("write: a DOCTYPE in styles.xml", rewritten(lambda a: "xl/styles.xml", doctype), 0, mark=True),
    Case("write: two check sheets", two_check_sheets, 0, mark=True),
    Case("write: the backup folder is a dangling link", backup_folder_dangling, 0, mark=True),
]

REFUSALS: dict[str, tuple[str, ...]] = {  # case name -> key words of the write's refusal (stderr)
    "write: Excel has an .xlsm open": ("đang mở trong Excel", "~$so-quy.xlsm"),
    "write: Excel has it open, data with an error": ("đang mở trong Excel",),
    "write: Excel has it open, data with a warning": ("đang mở trong Excel",),
    "write: Excel has it open, Vietnamese file name": ("đang mở trong Excel", "SỔ QUỸ 2022.xlsx"),
    "write: Excel has the real file open behind a link": ("đang mở trong Excel", "~$quy-that.xlsx"),
    "write: LibreOffice has it open": ("đang mở trong LibreOffice", ".~lock.so-quy.xlsx#"),
    "write: a read-only workbook": ("chỉ cho đọc",),
    "write: a read-only workbook with an error": ("chỉ cho đọc",),
    "write: no styles part": ("định dạng",),
    "write: a DOCTYPE in styles.xml": ("DOCTYPE",),
    "write: two check sheets": ("2 sheet kết quả kiểm tra", "'Kiểm tra (2)'"),
    "write: the backup folder is a dangling link": ("liên kết", "trỏ tới nơi không có"),
}
