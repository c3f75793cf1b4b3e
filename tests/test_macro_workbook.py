"""The .xlsm as far as Linux can check it: VBA equals its sources, buttons call real macros,
LibreOffice (a second, independent VBA loader) loads both."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from conftest import ROOT, SAMPLE, run_cli, run_script
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from xlpy import buttons, panel, vba
from xlpy.report import find_soffice

XLSM = SAMPLE.with_suffix(".xlsm")
BAS = ROOT / "xlpy" / "macros" / "Module1.bas"


def code_lines(text: str) -> list[str]:
    """Module text without Attribute lines, as VBA editors and olevba show it."""
    lines = text.replace("\r\n", "\n").split("\n")
    return [s for s in lines if not s.startswith("Attribute ")]


def modules(path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_all_macros()}


def bas_subs() -> set[str]:
    return set(re.findall(r"^Sub (\w+)\(\)", BAS.read_text(encoding="ascii"), re.MULTILINE))


def button_macros(path) -> list[tuple[str, str]]:
    """(caption, macro) of every form button in the workbook."""
    with zipfile.ZipFile(path) as archive:
        vml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".vml"))
    shapes = re.findall(r"<v:shape .*?</v:shape>", vml, re.DOTALL)
    found = []
    for shape in shapes:
        macro = re.search(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", shape)
        caption = re.search(r"<font[^>]*>([^<]+)</font>", shape)
        if macro:
            found.append((caption.group(1) if caption else "", macro.group(1)))
    return found


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=9000) | st.text(alphabet='Sub RunPython()\r\n"xlpy.check', max_size=9000).map(str.encode))
def test_compression_round_trips_through_oletools(data):
    assert bytes(decompress_stream(bytearray(vba.compress(data)))) == data


def test_vba_sources_are_ascii():
    BAS.read_text(encoding="ascii")


def test_module1_in_the_workbook_equals_its_source_file():
    found = modules(XLSM)
    assert code_lines(found["Module1"]) == code_lines(BAS.read_text(encoding="ascii"))
    assert {"xlwings", "Dictionary", "ThisWorkbook"} <= set(found)  # RunPython's own modules travel along


def test_xlwings_modules_are_xlwings_own():
    ours, theirs = modules(XLSM), modules(_template_xlsm())
    for name in ("xlwings", "Dictionary"):
        assert code_lines(ours[name]) == code_lines(theirs[name])


def _template_xlsm():
    from importlib import resources

    return str(resources.files("xlwings").joinpath("quickstart_standalone.xlsm"))


def test_every_button_calls_an_existing_macro_that_runs_an_existing_function():
    bound = button_macros(XLSM)
    assert bound == [(caption, macro) for caption, macro, _ in panel.BUTTONS]
    source = BAS.read_text(encoding="ascii")
    for _, macro, function in panel.BUTTONS:
        assert macro in bas_subs()
        body = source.split(f"Sub {macro}()")[1].split("End Sub")[0]
        assert f"xlpy.buttons.{function}()" in body and callable(getattr(buttons, function))


def test_the_committed_workbooks_match_their_build(tmp_path):
    """`python workbook/build_sample.py` was run after the last change to what it builds."""

    import python_calamine

    run_script(ROOT / "workbook" / "build_sample.py", tmp_path)
    for suffix in (".xlsm", ".xlsx"):
        fresh, committed = tmp_path / f"quy-dan-van-kheo{suffix}", SAMPLE.with_suffix(suffix)
        a = python_calamine.CalamineWorkbook.from_path(str(fresh))
        b = python_calamine.CalamineWorkbook.from_path(str(committed))
        assert a.sheet_names == b.sheet_names
        for name in a.sheet_names:
            assert a.get_sheet_by_name(name).to_python() == b.get_sheet_by_name(name).to_python(), name
    assert modules(tmp_path / "quy-dan-van-kheo.xlsm") == modules(XLSM)
    assert button_macros(tmp_path / "quy-dan-van-kheo.xlsm") == button_macros(XLSM)


@pytest.mark.libreoffice
@pytest.mark.timeout(240)
def test_libreoffice_loads_the_modules_and_the_button_bindings(tmp_path):
    """Its own profile (a LibreOffice of another test or of the user is no obstacle), a copy of the
    workbook (nothing beside the committed one), a bounded wait; no retry: a failure says why."""
    soffice = find_soffice()
    assert soffice is not None
    source = shutil.copy(XLSM, tmp_path / XLSM.name)
    out = tmp_path / "out"
    ran = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "ods",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=200,
    )
    ods = out / "quy-dan-van-kheo.ods"
    if ran.returncode == 0 and not ods.exists() and "no export filter" in ran.stderr + ran.stdout:
        pytest.skip("LibreOffice here has no Calc (package libreoffice-calc-nogui)")
    assert ran.returncode == 0 and ods.exists(), (ran.returncode, ran.stdout, ran.stderr)
    with zipfile.ZipFile(ods) as archive:
        names = archive.namelist()
        module = archive.read("Basic/VBAProject/Module1.xml").decode("utf-8")
        content = archive.read("content.xml").decode("utf-8")
    assert {"Basic/VBAProject/xlwings.xml", "Basic/VBAProject/Dictionary.xml"} <= set(names)
    for sub in bas_subs():
        assert f"Sub {sub}()" in module
    for caption, macro, _ in panel.BUTTONS:
        assert f'form:label="{caption}"' in content
        assert f"vnd.sun.star.script:VBAProject.Module1.{macro}?language=Basic" in content


def test_init_creates_an_empty_workbook_with_the_buttons(tmp_path):
    path = tmp_path / "so-quy-moi.xlsm"
    result = run_cli("init", path)
    assert result.returncode == 0, result.stderr
    assert button_macros(path) == [(caption, macro) for caption, macro, _ in panel.BUTTONS]
    assert code_lines(modules(path)["Module1"]) == code_lines(BAS.read_text(encoding="ascii"))
    checked = run_cli("validate", path)  # readable, and unfinished until the office fills it (tests/test_unfinished.py)
    assert checked.returncode == 1 and "chữ mẫu" in checked.stdout and "Traceback" not in checked.stderr
    before = path.read_bytes()
    again = run_cli("init", path)
    assert again.returncode == 1 and path.read_bytes() == before  # never overwritten
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".xlpy-")]
