"""Part names and relationships as the readers of a package resolve them.

xlsxscan bounds the parts python-calamine will read, and package.py writes the
parts xlpy owns: both must find the same member for a sheet that calamine
(and openpyxl, its fallback) finds. The rules here make that so, or say why a
file is refused: names compared with ASCII case ignored, canonical names
only, one id a sheet, attributes that read alike raw and parsed (docs/reads.md).
"""

from __future__ import annotations

import posixpath
import re
import string

from lxml import etree

_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


_TAG = r"<(?:[A-Za-z_][\w.-]*:)?{}(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
_ATTRIBUTE = re.compile(r"([A-Za-z_][\w.:-]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REFERENCE = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|apos|quot);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": '"'}


def as_written(data: bytes, local: str) -> list[dict[str, str]]:
    """The attributes of each `local` element, as the bytes have them (not unescaped, not normalised)."""
    text = data.decode("utf-8", "replace")
    return [
        {key: double or single for key, double, single in _ATTRIBUTE.findall(attributes)}
        for attributes in re.findall(_TAG.format(local), text)
    ]


def unescaped(value: str) -> str:
    """An attribute value with XML's references replaced, and nothing else (whitespace kept)."""

    def one(match: re.Match) -> str:
        ref = match.group(1)
        if ref.startswith("#"):
            code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
            return chr(code) if 0 < code < 0x110000 else "\ufffd"
        return _NAMED[ref]

    return _REFERENCE.sub(one, value)


def repeated_member(names: list[str]) -> str | None:
    """A member name the package holds twice, as a reader sees part names (case and `\\` vs `/` ignored),
    or one written with a backslash or not canonical (`canonical`); None when every name is unique.
    Which copy a reader takes is its own choice (Python's zipfile the last, others the first): such a
    file is damaged, never read."""
    seen: set[str] = set()
    for name in names:
        key = name.replace("\\", "/").casefold()
        if key in seen or "\\" in name or not canonical(name):
            return name
        seen.add(key)
    return None


def canonical(name: str) -> bool:
    """A part name as Excel writes one: no leading `/`, no empty, `.` or `..` segment (a folder's
    entry ends with `/`). Readers that resolve `a/./b` and those that look it up as written part ways."""
    segments = name.removesuffix("/").split("/")
    return all(segment not in ("", ".", "..") for segment in segments)


def strict_advice(file_name: str, doing: str) -> str:
    """Why a Strict Open XML file is refused, and how to save it (as .xlsm when it has the buttons)."""
    macros = file_name.lower().endswith(".xlsm")  # saved as .xlsx, the buttons would be lost
    kind = "'Sổ làm việc Excel có hỗ trợ macro (*.xlsm)'" if macros else "Excel Workbook (.xlsx)"
    return (
        f"Sổ '{file_name}' được lưu dạng 'Strict Open XML', xlpy không {doing} dạng này. "
        f"Mở bằng Excel, Lưu thành (Save As) {kind} rồi chạy lại."
    )


def folded(name: str) -> str:
    """A part name with ASCII letters in lower case, as python-calamine compares them."""
    return name.translate(_FOLD)


def sheet_ids(sheet: etree._Element) -> list[str]:
    """A `<sheet>`'s relationship ids: python-calamine takes any attribute named `id`, whatever its
    namespace (the last one); so does xlpy, and a sheet with two is refused as damaged."""
    return [value for key, value in sheet.attrib.items() if etree.QName(key).localname == "id"]


def resolve(source: str, target: str) -> str:
    """A relationship's target as a part name: absolute, or relative to the source part's folder."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def damaged_package(file_name: str, member: str) -> str:
    return (
        f"Tệp '{file_name}' bị hỏng: phần '{member[:80]}' có hai lần (hoặc tên sai dạng) trong tệp nén. "
        "Mở tệp trong Excel và lưu lại (Lưu thành .xlsx hoặc .xlsm) rồi chạy lại."
    )
