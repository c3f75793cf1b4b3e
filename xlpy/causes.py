"""A library's failure said in Vietnamese, its own words kept for the technician.

The readers (zipfile, python-calamine, lxml, openpyxl) fail with English
messages ("invalid Zip archive: Could not find EOCD", "Cannot detect file
format" …). A clerk reads what it means; the original stays at the end, in
parentheses, for whoever is asked to help.
"""

from __future__ import annotations

import re

# (pattern found in "ExceptionType: message", what it means for the clerk)
_KNOWN = [
    (
        r"EOCD|not a zip file|Bad magic number|invalid Zip archive|BadZipFile",
        "tệp không phải dạng nén ZIP mà mọi tệp .xlsx/.xlsm đều có (tệp hỏng, chép chưa xong, "
        "hoặc một loại tệp khác bị đổi đuôi)",
    ),
    (r"Cannot detect file format", "không nhận ra loại tệp: không phải .xlsx, .xlsm, .xlsb hay .ods"),
    (r"no item named '([^']*)' in the archive", "bên trong tệp thiếu phần '{0}' mà sổ Excel nào cũng có"),
    (r"Bad CRC|CRC-32|crc", "dữ liệu nén bên trong tệp bị hỏng (sai mã kiểm tra)"),
    (r"[Tt]runcated|unexpected end|UnexpectedEof|EOFError", "tệp bị cụt, có lẽ chép hoặc tải về chưa xong"),
    (r"[Ee]ntit(y|ies)|DTD", "sổ chứa khai báo XML không an toàn (entity, DTD) nên xlpy không đọc"),
    (
        r"ParseError|ExpatError|XMLSyntaxError|not well-formed|unclosed token|mismatched tag|syntax error",
        "một phần XML bên trong sổ bị hỏng (viết sai, hoặc không theo mã UTF-8 như Excel ghi)",
    ),
    (r"[Ee]ncrypt|[Pp]assword", "sổ được đặt mật khẩu"),
    (r"compression method|[Uu]nsupported compression", "tệp được nén theo cách không đọc được"),
    (
        r"PermissionError|Permission denied|Access is denied|being used by another process",
        "không được phép mở tệp (tệp đang mở trong chương trình khác, hoặc thư mục không cho ghi)",
    ),
    (r"No space left|ENOSPC|disk is full", "ổ đĩa đã đầy"),
    (r"File name too long|ENAMETOOLONG|name too long", "tên tệp hoặc đường dẫn quá dài (đặt tên ngắn hơn)"),
    (r"Read-only file system", "ổ đĩa chỉ cho đọc, không cho ghi"),
    (r"FileNotFoundError|No such file or directory", "không có tệp hoặc thư mục này"),
    (r"Unable to read workbook|Xlsx error|calamine", "thư viện đọc Excel không đọc được cấu trúc của sổ"),
]


def explain(error: BaseException, advice: str = "") -> str:
    """`what it means. advice (Chi tiết kỹ thuật: the library's own words)`."""
    original = " ".join(f"{type(error).__name__}: {error}".split())
    meaning = "lỗi khi đọc cấu trúc tệp"
    for pattern, words in _KNOWN:
        found = re.search(pattern, original)
        if found:
            meaning = words.format(*found.groups())
            break
    return f"{meaning}. {advice + ' ' if advice else ''}(Chi tiết kỹ thuật: {original})"
