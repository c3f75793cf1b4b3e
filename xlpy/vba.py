"""The workbook's VBA project: xlwings' standalone modules plus our Module1.

The project is xlwings' own `quickstart_standalone.xlsm` as Excel saved it
(the `xlwings` and `Dictionary` modules that RunPython needs, no add-in to
install); only the source of `Module1` is replaced by `xlpy/macros/Module1.bas`.
Its `_VBA_PROJECT` stream carries version 0xFFFF, so Excel ignores any
compiled cache and compiles every module from its source when it opens the
file (MS-OVBA 2.3.4.1). Module1's stream then holds only compressed source,
and its MODULEOFFSET in the `dir` stream is set to 0.

MS-OVBA compression and decompression (2.4.1) are coded here:
`ms-ovba-compression` 1.0.1 was measured to corrupt streams longer than a few
KB, and oletools (whose decompressor the tests compare against) would bring
cryptography, msoffcrypto-tool and more onto a clerk's PC for 30 lines.
"""

from __future__ import annotations

import contextlib
import io
import struct
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

CHUNK = 4096
MODULE = "Module1"


def compress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1.3.6: a CompressedContainer, one chunk per 4096 bytes."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        chunk = data[start : start + CHUNK]
        body = _compress_chunk(chunk)
        if len(body) <= CHUNK:
            out += struct.pack("<H", 0xB000 | (len(body) + 2 - 3)) + body
        elif len(chunk) == CHUNK:  # incompressible: a raw chunk, which must hold exactly 4096 bytes
            out += struct.pack("<H", 0x3000 | (CHUNK + 2 - 3)) + chunk
        else:  # a raw chunk would be padded with NULs that would end up in the module's source
            raise ValueError("a short incompressible chunk cannot be stored (MS-OVBA 2.4.1.3.10)")
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    body = bytearray()
    position = 0
    while position < len(chunk):
        flag_at, flags = len(body), 0
        body.append(0)
        for bit in range(8):
            if position >= len(chunk):
                break
            offset, length = _longest_match(chunk, position)
            if length >= 3:
                bit_count = max((position - 1).bit_length(), 4)
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                body += struct.pack("<H", token)
                flags |= 1 << bit
                position += length
            else:
                body.append(chunk[position])
                position += 1
        body[flag_at] = flags
    return bytes(body)


def _longest_match(chunk: bytes, position: int) -> tuple[int, int]:
    """(offset, length) of the longest earlier copy of the bytes at `position`, the nearest of equals;
    (0, 0) when none is 3 bytes long (shorter copies are never used)."""
    bit_count = max((position - 1).bit_length(), 4)
    maximum = min((0xFFFF >> bit_count) + 3, len(chunk) - position)
    if position == 0 or maximum < 3:
        return 0, 0
    prefix = chunk[position : position + 3]
    best_offset, best_length = 0, 0
    candidate = chunk.rfind(prefix, 0, position + 2)  # a copy may run on into `position` itself
    while candidate >= 0:
        length = 3
        while length < maximum and chunk[candidate + length] == chunk[position + length]:
            length += 1
        if length > best_length:
            best_offset, best_length = position - candidate, length
            if length == maximum:
                break
        candidate = chunk.rfind(prefix, 0, candidate + 2)
    return best_offset, best_length


def decompress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1.3.1: a CompressedContainer back to its bytes (the template's `dir` stream)."""
    if not data or data[0] != 1:
        raise ValueError("not an MS-OVBA compressed container (signature byte is not 1)")
    out = bytearray()
    position = 1
    while position + 2 <= len(data):
        (header,) = struct.unpack_from("<H", data, position)
        end = position + (header & 0x0FFF) + 3
        chunk = data[position + 2 : end]
        position = end
        if not header & 0x8000:  # a raw chunk: 4096 bytes as they are
            out += chunk
            continue
        start, index = len(out), 0
        while index < len(chunk):
            flags = chunk[index]
            index += 1
            for bit in range(8):
                if index >= len(chunk):
                    break
                if not flags & (1 << bit):  # a literal byte
                    out.append(chunk[index])
                    index += 1
                    continue
                (token,) = struct.unpack_from("<H", chunk, index)
                index += 2
                bit_count = max((len(out) - start - 1).bit_length(), 4)
                offset = (token >> (16 - bit_count)) + 1
                length = (token & (0xFFFF >> bit_count)) + 3
                if offset > len(out) - start:
                    raise ValueError("MS-OVBA copy token points before its chunk")
                for _ in range(length):  # byte by byte: a copy may overlap what it writes
                    out.append(out[-offset])
    return bytes(out)


def _dir_with_offset_zero(dir_stream: bytes, module: str) -> bytes:
    """The `dir` stream with `module`'s MODULEOFFSET set to 0 (MS-OVBA 2.3.4.2.3.2.5)."""
    data = bytearray(decompress(dir_stream))
    position, current = 0, None
    while position + 6 <= len(data):
        record, size = struct.unpack_from("<HI", data, position)
        if record == 0x0009:  # PROJECTVERSION: its size field lies (always 4, body is 6)
            size = 6
        if record == 0x0019:  # MODULENAME
            current = bytes(data[position + 6 : position + 6 + size]).decode("latin-1")
        if record == 0x0031 and current == module:  # MODULEOFFSET
            struct.pack_into("<I", data, position + 6, 0)
            return compress(bytes(data))
        position += 6 + size
    raise ValueError(f"no MODULEOFFSET for {module} in the VBA project")


def template_project() -> bytes:
    """xl/vbaProject.bin of xlwings' quickstart_standalone.xlsm (same xlwings version)."""
    source = resources.files("xlwings").joinpath("quickstart_standalone.xlsm")
    with zipfile.ZipFile(io.BytesIO(source.read_bytes())) as archive:
        return archive.read("xl/vbaProject.bin")


def module_source(bas: str) -> bytes:
    """A .bas file's text as the module stream holds it: CRLF line ends, ASCII only."""
    text = bas.replace("\r\n", "\n").replace("\n", "\r\n")
    return text.encode("ascii")


def build_project(bas: str) -> bytes:
    """vbaProject.bin with Module1's source replaced by `bas` (the text of a .bas file)."""
    import olefile

    ole = olefile.OleFileIO(template_project())
    streams = {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}
    streams[f"VBA/{MODULE}"] = compress(module_source(bas))
    streams["VBA/dir"] = _dir_with_offset_zero(streams["VBA/dir"], MODULE)
    return _compound_file(streams)


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """A Compound File (MS-CFB) holding `streams` ("STORAGE/NAME" -> bytes), via ms-cfb."""
    from ms_cfb.Models.Directories.storage_directory import StorageDirectory
    from ms_cfb.Models.Directories.stream_directory import StreamDirectory
    from ms_cfb.ole_file import OleFile

    with tempfile.TemporaryDirectory(prefix="xlpy-vba-") as folder:
        ole = OleFile()
        storages: dict[str, StorageDirectory] = {"": ole.root_directory}
        for index, (name, content) in enumerate(sorted(streams.items())):
            *parents, leaf = name.split("/")
            for depth in range(1, len(parents) + 1):
                key = "/".join(parents[:depth])
                if key not in storages:
                    storages[key] = StorageDirectory(parents[depth - 1])
                    storages["/".join(parents[: depth - 1])].add_directory(storages[key])
            file = Path(folder) / f"stream{index}.bin"
            file.write_bytes(content)
            storages["/".join(parents)].add_directory(StreamDirectory(leaf, str(file)))
        ole.build_file()
        # OleFile.write_file() would leave a scratch file in the current folder: do its work here. The
        # chain itself writes scratch files (`temp.bin`, `stream0….bin`) into the current folder: two
        # processes in one folder (two test workers collecting, two `xlpy init`) removed each other's.
        sector = ole._fat_chain.get_sector_size()
        chain = Path(folder) / "fat.bin"
        with contextlib.chdir(folder):
            ole._fat_chain.to_file(str(chain))
        out = io.BytesIO()
        out.write(ole.header())
        out.write(b"\x01" * len(ole._fat_chain) * sector)
        out.seek(sector)
        out.write(chain.read_bytes())
        return out.getvalue()
