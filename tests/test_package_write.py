"""`--mark` changes only what it owns, part by part, on workbooks carrying what openpyxl loses.

The rule: every part other than workbook.xml, its relationships, the content types,
styles.xml, the marked sheets and the check sheet is byte-identical; in a marked sheet
only the `s` of the marked cells changes; the next run restores the exact style index.
"""

from __future__ import annotations

import re
import shutil
import zipfile

import openpyxl
import pytest
import remote  # sets xlwings' licence key for the remote engine before xlwings is first imported
from conftest import parts, run_cli, sha256
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from richbook import ADDED, FOREIGN_PART, MONTH_PART, strict

from xlpy import marks, package, panel
from xlpy.errors import WriteRefused
from xlpy.grid import column_index
from xlpy.problems import Problem, Severity

M = package.MAIN
OWNED = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
SHEETS = {
    "Cài đặt": "xl/worksheets/sheet1.xml",
    "Thành viên": "xl/worksheets/sheet2.xml",
    "T02-2022": MONTH_PART,
    "Chi quỹ": "xl/worksheets/sheet6.xml",
}
FILLS = {Severity.ERROR: panel.ERROR_FILL, Severity.WARNING: panel.WARNING_FILL}


def styles_of(data: dict[str, bytes]) -> list[etree._Element]:
    return list(etree.fromstring(data["xl/styles.xml"]).find(f"{{{M}}}cellXfs"))


def fill_colour(data: dict[str, bytes], s: int) -> str | None:
    root = etree.fromstring(data["xl/styles.xml"])
    fill = root.find(f"{{{M}}}fills")[int(styles_of(data)[s].get("fillId", "0"))]
    colour = fill.find(f"{{{M}}}patternFill/{{{M}}}fgColor")
    return None if colour is None else "#" + colour.get("rgb", "")[-6:]


def cell_styles(data: bytes) -> dict[str, int | None]:
    """Each cell's style, None for a cell with no value (blank)."""
    root = etree.fromstring(data)
    return {c.get("r"): int(c.get("s", "0")) if package.has_content(c) else None for c in root.iter(f"{{{M}}}c")}


def unstyled(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for cell in root.iter(f"{{{M}}}c"):
        cell.attrib.pop("s", None)
    return etree.tostring(root, method="c14n")


def without_s(data: bytes) -> bytes:
    """The bytes with every cell's style index blanked (and a style 0 written as no `s` at all)."""
    return re.sub(rb'(<c [^>]*?) s="\d+"', rb'\1 s=""', data).replace(b' s=""', b"")


def check_part(data: dict[str, bytes]) -> str:
    book = etree.fromstring(data["xl/workbook.xml"])
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(data["xl/_rels/workbook.xml.rels"])}
    last = book.find(f"{{{M}}}sheets")[-1]
    return "xl/" + rels[last.get(f"{{{package.REL}}}id")]


def assert_only_owned_changes(before: dict, after: dict, problems: list[Problem], earlier: list[Problem]) -> None:
    named = {(p.sheet, p.cell) for p in problems + earlier if p.cell}
    new_parts = set(after) - set(before)
    assert set(before) <= set(after) and len(new_parts) <= 1
    check = check_part(after)
    assert new_parts <= {check} and check != FOREIGN_PART
    for name, data in before.items():
        if name in OWNED or name == check:
            continue
        if name in SHEETS.values() and after[name] != data:
            sheet = next(s for s, p in SHEETS.items() if p == name)
            assert unstyled(after[name]) == unstyled(data), name  # nothing but styles changed
            assert without_s(after[name]) == without_s(data), name  # byte for byte, but for `s`
            old, new = cell_styles(data), cell_styles(after[name])
            changed = {ref for ref in old if old[ref] != new[ref]}
            assert changed <= {c for s, c in named if s == sheet}, (name, changed)
            continue
        assert after[name] == data, f"{name} changed"
    for name in ADDED:
        assert after[name] == before[name]
    book_before, book_after = (etree.fromstring(d["xl/workbook.xml"]) for d in (before, after))
    for tag in ("definedNames", "bookViews", "calcPr"):
        old, new = book_before.find(f"{{{M}}}{tag}"), book_after.find(f"{{{M}}}{tag}")
        assert (old is None and new is None) or etree.tostring(old, method="c14n") == etree.tostring(new, method="c14n")
    old_sheets = [s.attrib for s in book_before.find(f"{{{M}}}sheets")]
    assert [s.attrib for s in book_after.find(f"{{{M}}}sheets")][: len(old_sheets)] == old_sheets


def assert_marked(pristine: dict, after: dict, problems: list[Problem]) -> None:
    """Each named cell with a value wears the mark over its own format; every other cell its own style."""
    worst: dict[tuple[str, str], Severity] = {}
    for p in problems:
        if p.cell and p.sheet in SHEETS and worst.get((p.sheet, p.cell)) is not Severity.ERROR:
            worst[(p.sheet, p.cell)] = p.severity
    for sheet, part in SHEETS.items():
        original, now = cell_styles(pristine[part]), cell_styles(after[part])
        for ref, s in now.items():
            level = worst.get((sheet, ref))
            if s is None or level is None:
                assert s == original[ref], (sheet, ref)  # untouched, or restored exactly
                continue
            assert fill_colour(after, s) == FILLS[level], (sheet, ref)
            mine, theirs = styles_of(after)[s], styles_of(pristine)[original[ref]]
            for key in ("numFmtId", "fontId", "borderId"):
                assert mine.get(key, "0") == theirs.get(key, "0"), (sheet, ref, key)


problems_strategy = st.lists(
    st.builds(
        Problem,
        st.sampled_from([*SHEETS, "Không có"]),
        st.integers(min_value=1, max_value=8),
        st.sampled_from(["A", "B", "C", "D", "E", "Z"]),
        st.sampled_from(list(Severity)),
        st.sampled_from(["Số tiền sai", "=SUM(A1:A9)", "+84 912", "-5", "@x", "ghi\x01chú _x0041_"]),
    )
    | st.builds(
        Problem, st.sampled_from([*SHEETS]), st.none(), st.none(), st.sampled_from(list(Severity)), st.just("Thiếu cột")
    ),
    max_size=8,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # examples: the profile's
@given(first=problems_strategy, second=problems_strategy)
def test_mark_twice_changes_only_what_it_owns(rich_template, tmp_path_factory, first, second):
    path = tmp_path_factory.mktemp("mark") / "so-quy.xlsx"
    shutil.copy(rich_template, path)
    pristine = parts(path)
    marks.mark(path, first)
    after_first = parts(path)
    assert_only_owned_changes(pristine, after_first, first, [])
    assert_marked(pristine, after_first, first)
    marks.mark(path, second)  # restores the first run's cells, then marks again
    after_second = parts(path)
    assert_only_owned_changes(after_first, after_second, second, first)
    assert_only_owned_changes(pristine, after_second, second, first)
    assert_marked(pristine, after_second, second)
    assert set(after_second) == set(after_first)  # the check sheet was found by its mark and reused
    marks.mark(path, [])  # nothing listed: every cell has its own style back, styles.xml stays grown once
    final = parts(path)
    assert all(cell_styles(final[p]) == cell_styles(pristine[p]) for p in SHEETS.values())


def test_the_cli_marks_a_rich_workbook_twice(rich_template, tmp_path):
    path = tmp_path / "so-quy.xlsx"
    shutil.copy(rich_template, path)
    pristine = parts(path)
    first = run_cli("validate", path, "--mark")
    assert first.returncode == 0, first.stderr  # the formula's cached value counts: no problem
    after = parts(path)
    assert after[MONTH_PART] == pristine[MONTH_PART] and after[FOREIGN_PART] == pristine[FOREIGN_PART]
    assert check_part(after) not in pristine
    book = etree.fromstring(after["xl/workbook.xml"])
    assert [s.get("name") for s in book.find(f"{{{M}}}sheets")][-2:] == ["Kiểm tra", "Kiểm tra (xlpy)"]
    again = run_cli("validate", path, "--mark")
    assert again.returncode == 0 and "không cần ghi lại" in again.stdout
    assert parts(path) == after


def test_check_sheet_text_stays_text_and_links_need_no_relationship(rich_template, tmp_path):
    path = tmp_path / "so-quy.xlsx"
    shutil.copy(rich_template, path)
    marks.mark(path, [Problem("T02-2022", 4, "C", Severity.ERROR, '=HYPERLINK("http://x","y")')])
    data = parts(path)
    part = check_part(data)
    root = etree.fromstring(data[part])
    assert root.find(f".//{{{M}}}f") is None
    texts = ["".join(c.itertext()) for c in root.iter(f"{{{M}}}c")]
    assert '=HYPERLINK("http://x","y")' in texts and panel.CHECK_MARK in texts
    link = root.find(f".//{{{M}}}hyperlink")
    assert link.get("location") == "'T02-2022'!C4" and link.get(f"{{{package.REL}}}id") is None
    rels = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    assert rels not in data


def test_a_strict_workbook_is_never_written(rich_template, tmp_path):
    path = strict(shutil.copy(rich_template, tmp_path / "so-quy.xlsx"))
    before = sha256(path)
    with pytest.raises(WriteRefused, match="Save As"):
        marks.mark(path, [Problem("T02-2022", 4, "C", Severity.ERROR, "x")])
    assert sha256(path) == before and not (tmp_path / ".xlpy-sao-luu").exists()


def test_write_cells_sets_only_those_cells(rich_template, tmp_path):
    path = tmp_path / "so-quy.xlsx"
    shutil.copy(rich_template, path)
    before = parts(path)
    package.write_cells(path, {"T02-2022": {"H4": "Số phiếu", "H5": 12, "B2": "=không phải công thức", "A9": 3.5}})
    after = parts(path)
    assert {n for n in before if before[n] != after[n]} == {MONTH_PART}
    root = etree.fromstring(after[MONTH_PART])
    got = {c.get("r"): c for c in root.iter(f"{{{M}}}c")}
    assert "".join(got["H4"].itertext()) == "Số phiếu" and got["H4"].get("t") == "inlineStr"
    assert got["H5"].findtext(f"{{{M}}}v") == "12" and got["A9"].findtext(f"{{{M}}}v") == "3.5"
    assert got["B2"].get("t") == "inlineStr" and got["B2"].find(f"{{{M}}}f") is None
    rows = [int(r.get("r")) for r in root.iter(f"{{{M}}}row")]
    assert rows == sorted(rows) and 9 in rows
    for row in root.iter(f"{{{M}}}row"):
        columns = [column_index(package.split_cell(c.get("r"))[0]) for c in row]
        assert columns == sorted(columns)
    assert got["C5"].findtext(f"{{{M}}}f") == "25000*2"  # the rest as it was
    with pytest.raises(WriteRefused, match="không có sheet"):
        package.write_cells(path, {"T13-2022": {"A1": 1}})


def test_a_clerks_own_check_sheet_is_kept_by_the_button_too(rich_template):
    from xlpy import buttons

    book = remote.open_remote(rich_template)
    buttons.check(book)
    added = [a["args"][1] for a in remote.actions(book, "addSheet")]
    assert added == ["Kiểm tra (xlpy)"]
    foreign = [s.name for s in book.sheets].index("Kiểm tra")
    assert not [a for a in remote.actions(book) if a.get("sheet_position") == foreign]


def test_restyle_rewrites_only_the_style_attribute_where_it_stands():
    data = (
        b'<?xml version="1.0"?>\r\n<x:worksheet xmlns:x="' + M.encode() + b'"><x:sheetData><x:row r="1">'
        b"<!-- <x:c r=\"A1\" s='9'/> -->"
        b'<x:c r=\'A1\' s=\'3\' t="s"><x:v>0</x:v></x:c><x:c r="B1" t="n"/><x:c r="C1" s="4"><x:v>1</x:v></x:c>'
        b"</x:row></x:sheetData></x:worksheet>"
    )
    out = package.restyle(data, {"A1": 12, "B1": 7, "C1": None})
    assert out == data.replace(b"s='3'", b's="12"', 1).replace(b't="n"/>', b't="n" s="7"/>').replace(b' s="4"', b"")
    assert b"<!-- <x:c r=\"A1\" s='9'/> -->" in out


def _put_part(path, part: str, data: bytes) -> None:
    """The workbook with one part's bytes replaced, as an edit by another program would leave it."""
    rewritten = path.with_name("b.xlsx")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(rewritten, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, data if info.filename == part else zin.read(info))
    shutil.move(rewritten, path)


def test_without_the_exact_record_the_colour_record_restores(rich_template, tmp_path):
    """After a save that renumbers cell formats (LibreOffice), or on a check sheet the Excel button
    wrote, the F record no longer matches: the cell gets its own format back with the fill E recorded."""
    path = tmp_path / "so-quy.xlsx"
    shutil.copy(rich_template, path)
    pristine = parts(path)
    marks.mark(path, [Problem("T02-2022", r, "D", Severity.ERROR, "x") for r in (4, 6)])
    data = parts(path)
    part = check_part(data)
    root = etree.fromstring(data[part].replace(b"&gt;", b"&gt;9"))  # the records point at other indexes
    package.set_cells(root, {"E5": "#00FF00"})  # the button saw a green fill on D6
    _put_part(path, part, etree.tostring(root))
    marks.mark(path, [])
    after = parts(path)
    now, original = cell_styles(after[MONTH_PART]), cell_styles(pristine[MONTH_PART])
    assert now["D4"] != original["D4"] and fill_colour(after, now["D4"]) is None
    assert fill_colour(after, now["D6"]) == "#00FF00"
    for ref in ("D4", "D6"):  # the cell's own format otherwise (a date stays a date)
        mine, theirs = styles_of(after)[now[ref]], styles_of(pristine)[original[ref]]
        assert [mine.get(k) for k in ("numFmtId", "fontId", "borderId")] == [
            theirs.get(k) for k in ("numFmtId", "fontId", "borderId")
        ]


def test_a_mark_whose_record_is_lost_is_still_taken_off_once_the_data_is_right(rich_template, tmp_path):
    """A row inserted above a marked cell moves it away from its record (the check sheet holds text
    addresses). Marked again, its "format before" was xlpy's own red, so it stayed red for good once
    fixed; now it is the cell's format without xlpy's fill."""
    path = tmp_path / "so-quy.xlsx"
    shutil.copy(rich_template, path)
    pristine = parts(path)
    problem = Problem("T02-2022", 4, "D", Severity.ERROR, "x")
    marks.mark(path, [problem])
    data = parts(path)
    part = check_part(data)
    root = etree.fromstring(data[part])
    package.set_cells(root, {"C4": "D99"})  # the record now names another cell, as after an insert
    _put_part(path, part, etree.tostring(root))
    marks.mark(path, [problem])  # still wrong: marked again, its record written anew
    marks.mark(path, [])  # fixed
    after = parts(path)
    now, original = cell_styles(after[MONTH_PART]), cell_styles(pristine[MONTH_PART])
    assert fill_colour(after, now["D4"]) is None
    assert styles_of(after)[now["D4"]].get("numFmtId") == styles_of(pristine)[original["D4"]].get("numFmtId")


def test_records_typed_by_hand_in_the_check_sheet_are_never_written(rich_template, tmp_path):
    """The hidden records are cells the clerk can edit. A colour that is none (#GGGGGG) was written
    into styles.xml (openpyxl then refused the workbook); a row naming a cell xlpy never marked, with
    `0>N` for its own format, took its date format away; `²>9` stopped the run with a ValueError."""
    path = tmp_path / "so-quy.xlsx"
    shutil.copy(rich_template, path)
    pristine = parts(path)
    original = cell_styles(pristine[MONTH_PART])
    marks.mark(path, [Problem("T02-2022", r, "D", Severity.ERROR, "x") for r in (4, 6)])
    data = parts(path)
    part = check_part(data)
    root = etree.fromstring(data[part])
    forged = {
        "E4": "#GGGGGG",
        "F4": "",
        "F5": "²>9",
        "B6": "T02-2022",
        "C6": "C4",
        "E6": "",
        "F6": f"0>{original['C4']}",
    }
    package.set_cells(root, forged)
    _put_part(path, part, etree.tostring(root))
    marks.mark(path, [])
    after = parts(path)
    now = cell_styles(after[MONTH_PART])
    assert b"GGGGGG" not in after["xl/styles.xml"] and now["C4"] == original["C4"]
    for ref in ("D4", "D6"):  # unmarked all the same: the cell's own format, without xlpy's fill
        assert fill_colour(after, now[ref]) is None
        mine, theirs = styles_of(after)[now[ref]], styles_of(pristine)[original[ref]]
        assert mine.get("numFmtId") == theirs.get("numFmtId")
    with pytest.warns(UserWarning, match="Data Validation extension"):  # the rich workbook's x14 lists
        openpyxl.load_workbook(path)  # the styles read back


@pytest.mark.parametrize("name", [lambda p: p, str.upper, lambda p: p.replace("/", "\\")])
def test_a_package_holding_a_member_twice_is_never_written(tmp_path, name):
    import warnings

    from corpus_reads import with_member

    path = with_member(name)(tmp_path)
    digest = sha256(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # zipfile's "Duplicate name" never reaches the clerk's screen
        with pytest.raises(WriteRefused, match="bị hỏng"):
            package.write_cells(path, {"T02-2022": {"Z40": 1}})
    assert sha256(path) == digest


def test_a_sheet_named_in_other_case_is_marked_where_it_is_read(tmp_path):
    """The relationship names 'Worksheets/SHEET4.xml' for xl/worksheets/sheet4.xml (part names ignore
    case): the reader finds the #REF! there, and the mark colours that cell in that same part."""
    from corpus_reads import target_in_other_case

    path = target_in_other_case(False)(tmp_path)
    before = parts(path)
    result = run_cli("validate", path, "--mark")
    assert result.returncode == 1 and "'T02-2022'!C5" in result.stdout
    after = parts(path)
    assert set(after) >= set(before)  # written over the real member, no second one beside it
    cell = etree.fromstring(after["xl/worksheets/sheet4.xml"]).find(f".//{{{M}}}c[@r='C5']")
    assert fill_colour(after, int(cell.get("s", "0"))) == panel.ERROR_FILL


def test_the_archive_comment_is_kept_by_a_write(tmp_path):
    """A zip's own comment (some tools sign or tag files there) is the file's, not xlpy's."""
    from corpus_reads import target_in_other_case

    path = target_in_other_case(False)(tmp_path)  # a #REF! to mark
    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = b"archive comment"
    assert run_cli("validate", path, "--mark").returncode == 1
    with zipfile.ZipFile(path) as archive:
        assert archive.comment == b"archive comment" and "xl/worksheets/sheet4.xml" in archive.namelist()


def test_a_cell_in_excels_own_bad_style_keeps_its_fill_after_a_mark(small):
    """Excel's built-in "Bad" style fills #FFC7CE, the colour of xlpy 0.2's marks: such a cell, marked
    then put right, lost its fill for good (taken for a mark whose record was lost)."""
    from conftest import run_cli
    from openpyxl.styles import PatternFill

    def bad_style(book):
        cell = book["T02-2022"]["C4"]
        cell.value, cell.fill = -5, PatternFill("solid", fgColor="FFC7CE")

    path = small(bad_style)
    assert run_cli("validate", path, "--mark").returncode == 1
    assert openpyxl.load_workbook(path)["T02-2022"]["C4"].fill.fgColor.rgb == "FF" + panel.ERROR_FILL[1:]
    package.write_cells(path, {"T02-2022": {"C4": 50_000}}, overwrite={"T02-2022": ["C4"]})
    assert run_cli("validate", path, "--mark").returncode == 0
    fill = openpyxl.load_workbook(path)["T02-2022"]["C4"].fill
    assert (fill.patternType, fill.fgColor.rgb[-6:]) == ("solid", "FFC7CE")
