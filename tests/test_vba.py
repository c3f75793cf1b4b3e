"""xlpy's own MS-OVBA decompressor, checked against oletools' (a test-only dependency)."""

from __future__ import annotations

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import decompress_stream

from xlpy import layout, vba


def oletools(data: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(data)))


def test_the_template_dir_stream_reads_as_oletools_reads_it():
    ole = olefile.OleFileIO(vba.template_project())
    stream = ole.openstream("VBA/dir").read()
    assert vba.decompress(stream) == oletools(stream)
    assert b"Module1" in vba.decompress(stream)


def test_module1_source_round_trips():
    source = vba.module_source(layout.macros_source()) * 12
    assert len(source) > 2 * vba.CHUNK  # several chunks
    assert vba.decompress(vba.compress(source)) == source == oletools(vba.compress(source))


@settings(max_examples=40, deadline=None)
@given(
    st.binary(max_size=3000).map(lambda b: b * 3)  # repeats: copy tokens across every bit width
    | st.text(alphabet='Sub RunPython()\r\n"xlpy.check', max_size=9000).map(str.encode)
)
def test_decompress_agrees_with_oletools(data):
    packed = vba.compress(data)
    assert vba.decompress(packed) == oletools(packed) == data


def test_raw_chunks_are_read_as_they_are():
    import os
    import struct

    data = os.urandom(vba.CHUNK)  # a raw chunk: flag bit clear, 4096 bytes as they are (2.4.1.3.3)
    packed = b"\x01" + struct.pack("<H", 0x3000 | (vba.CHUNK + 2 - 3)) + data
    assert vba.decompress(packed) == oletools(packed) == data
    assert vba.decompress(packed + packed[1:]) == data * 2


def test_not_a_container_is_refused():
    with pytest.raises(ValueError):
        vba.decompress(b"\x00abc")


def test_two_processes_building_compound_files_in_one_folder_both_succeed(tmp_path):
    """ms-cfb writes scratch files (`temp.bin`, `stream….bin`) into the current folder: two processes
    in one folder (two test workers collecting the corpus, two `xlpy init`) removed each other's, and
    the quick start's test run failed on it. They are written in a folder of each call's own."""
    import subprocess
    import sys

    script = (
        "from xlpy.vba import _compound_file\n"
        "for _ in range(40):\n"
        "    _compound_file({'Workbook': b'\\x09\\x08' * 300, 'A/B': b'x' * 5000})\n"
    )
    runs = [subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
    assert list(tmp_path.iterdir()) == []  # nothing left behind either
