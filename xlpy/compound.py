"""Stream names of an OLE compound file (MS-CFB), read in a bounded way.

Excel saves two different things in this container: a password-protected
.xlsx/.xlsm (streams `EncryptionInfo`, `EncryptedPackage`) and an Excel
97-2003 workbook (`Workbook`, or `Book` before Excel 97). Telling them apart
needs only the directory, so only the header, the FAT sectors the directory
chain passes through and at most `MAX_DIRECTORY_SECTORS` sectors are read.
"""

from __future__ import annotations

import struct
from pathlib import Path

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_DIRECTORY_SECTORS = 64
_LAST_SECTOR = 0xFFFFFFFA  # this and above: end of chain, free, FAT or DIFAT markers


def is_compound(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(8) == SIGNATURE


def stream_names(path: Path) -> set[str]:
    """Names in the directory; an empty set when the directory cannot be followed."""
    names: set[str] = set()
    with path.open("rb") as handle:
        header = handle.read(512)
        if len(header) < 512 or header[:8] != SIGNATURE:
            return names
        shift = struct.unpack_from("<H", header, 0x1E)[0]
        if shift not in (9, 12):
            return names
        size = 1 << shift
        fat_sectors = struct.unpack_from("<109I", header, 0x4C)

        def sector(number: int) -> bytes:
            handle.seek((number + 1) * size)
            return handle.read(size)

        current = struct.unpack_from("<I", header, 0x30)[0]
        for _ in range(MAX_DIRECTORY_SECTORS):
            if current >= _LAST_SECTOR:
                break
            data = sector(current)
            for at in range(0, len(data) - 127, 128):
                length = struct.unpack_from("<H", data, at + 64)[0]
                if data[at + 66] in (1, 2, 5) and 2 <= length <= 64:
                    names.add(data[at : at + length - 2].decode("utf-16-le", "replace"))
            per_sector = size // 4
            fat_index, entry = divmod(current, per_sector)
            if fat_index >= len(fat_sectors) or fat_sectors[fat_index] >= _LAST_SECTOR:
                break
            fat = sector(fat_sectors[fat_index])
            if len(fat) < (entry + 1) * 4:
                break
            current = struct.unpack_from("<I", fat, entry * 4)[0]
    return names


def describe(path: Path) -> str:
    """'encrypted', 'old-xls' or 'other' for a compound file."""
    names = stream_names(path)
    if {"EncryptedPackage", "EncryptionInfo"} & names:
        return "encrypted"
    if {"Workbook", "Book"} & names:
        return "old-xls"
    return "other"
