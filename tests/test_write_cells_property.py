"""`package.write_cells`, the one writer of cells into a clerk's workbook, on a workbook carrying
what openpyxl's load/save loses (tests/richbook.py): every part it does not own keeps its bytes,
in the sheets it writes every other cell stays as it was, a second identical write changes nothing.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import parts, sha256
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from richbook import FOREIGN_PART, MONTH_PART

from xlpy import package
from xlpy.errors import WriteRefused

M = package.MAIN
SHEETS = {"T02-2022": MONTH_PART, "Chi quỹ": "xl/worksheets/sheet6.xml", "Kiểm tra": FOREIGN_PART}


def other_cells(data: bytes, written: set[str]) -> dict[str, bytes]:
    """Every cell but the written ones, as canonical XML."""
    root = etree.fromstring(data)
    return {c.get("r"): etree.tostring(c, method="c14n") for c in root.iter(f"{{{M}}}c") if c.get("r") not in written}


def outside_cells(data: bytes) -> bytes:
    """The sheet without its cells, rows and dimension: columns, merges, validations, drawings …"""
    root = etree.fromstring(data)
    for tag in ("sheetData", "dimension"):
        for element in root.findall(f"{{{M}}}{tag}"):
            root.remove(element)
    return etree.tostring(root, method="c14n")


values = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    # no control characters nor "_" (SpreadsheetML escapes those as _xHHHH_)
    st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="_"), min_size=1, max_size=12),
)
refs = st.builds(lambda c, r: f"{c}{r}", st.sampled_from("ABCDEFGHIJ"), st.integers(min_value=1, max_value=30))
writes = st.dictionaries(
    st.sampled_from(sorted(SHEETS)), st.dictionaries(refs, values, min_size=1, max_size=6), min_size=1, max_size=3
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=writes)
def test_write_cells_owns_only_its_cells_and_a_second_write_changes_nothing(rich_template, tmp_path, cells):
    folder = tmp_path / f"w{abs(hash(repr(cells)))}"
    folder.mkdir()
    path = shutil.copy(rich_template, folder / "so-quy.xlsx")
    before = parts(path)
    package.write_cells(path, cells, overwrite=cells)  # any cell: the clerk's ones are refused by default
    after = parts(path)
    assert list(after) == list(before)  # no part added, none dropped, same order
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= {SHEETS[sheet] for sheet in cells}
    for sheet, written in cells.items():
        part = SHEETS[sheet]
        assert other_cells(after[part], set(written)) == other_cells(before[part], set(written))
        assert outside_cells(after[part]) == outside_cells(before[part])
    for sheet, written in cells.items():  # read back with plain lxml (calamine turns a number in
        root = etree.fromstring(after[SHEETS[sheet]])  # a date column into a date, or panics)
        found = {c.get("r"): c for c in root.iter(f"{{{M}}}c")}
        for ref, value in written.items():
            cell = found[ref]
            if isinstance(value, str):
                assert cell.get("t") == "inlineStr" and "".join(cell.itertext()) == value
            else:
                assert cell.get("t") is None and float(cell.findtext(f"{{{M}}}v")) == value
    digest = sha256(path)  # the same values again: allowed without `overwrite`, and nothing to do
    assert package.write_cells(path, cells) is None and sha256(path) == digest
    assert len(list((folder / ".xlpy-sao-luu").iterdir())) == 1  # the first write's backup only


def test_a_new_cell_takes_its_columns_style_and_the_hints_grow(rich_template, tmp_path):
    path = shutil.copy(rich_template, tmp_path / "so-quy.xlsx")
    root = etree.fromstring(parts(path)[MONTH_PART])
    width = len(root.find(f"{{{M}}}sheetData/{{{M}}}row[@r='3']"))
    package.write_cells(path, {"T02-2022": {"Z40": 7}})
    after = etree.fromstring(parts(path)[MONTH_PART])
    assert after.find(f"{{{M}}}dimension").get("ref").endswith(":Z40")
    assert len(after.find(f"{{{M}}}sheetData/{{{M}}}row[@r='3']")) == width


def test_refused_without_a_trace(rich_template, tmp_path):
    path = shutil.copy(rich_template, tmp_path / "so-quy.xlsx")
    digest = sha256(path)
    for cells in ({"T13-2022": {"A1": 1}}, {"T02-2022": {"A0": 1}}, {"T02-2022": {"A1": float("inf")}}):
        with pytest.raises(WriteRefused):
            package.write_cells(path, cells)
    assert sha256(path) == digest and not (tmp_path / ".xlpy-sao-luu").exists()
