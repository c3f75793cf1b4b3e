"""The documents in docs/ say what the code does."""

from __future__ import annotations

import json
import re

import typer
from conftest import ROOT, SAMPLE, run_cli

from xlpy import panel
from xlpy.cli import app

DOCS = ROOT / "docs"


def test_the_contracts_json_example_is_the_samples_summary():
    text = (DOCS / "workbook-contract.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", text, re.S).group(1))
    actual = json.loads(run_cli("summary", SAMPLE, "--json").stdout)
    assert example["as_of"] == actual["as_of"] and example["totals"] == actual["totals"]
    assert example["years"][0] == actual["years"][0]
    (member,) = example["members"]
    assert member == next(m for m in actual["members"] if m["id"] == member["id"])


def test_the_guide_covers_every_command_and_button_and_the_usage_status():
    guide = (DOCS / "huong-dan.md").read_text(encoding="utf-8")
    for name in typer.main.get_command(app).commands:
        assert f"xlpy {name}" in guide, name
    for caption, _, _ in panel.BUTTONS:
        assert f"**{caption}**" in guide, caption
    assert "3 gõ lệnh chưa đúng" in guide and "LibreOffice" in guide and "không có Excel" in guide


def test_docs_link_only_to_files_the_repository_has():
    for page in DOCS.glob("*.md"):
        for target in re.findall(
            r"`((?:docs|xlpy|schemas|templates|tests|workbook)/[^`*\s]+)`", page.read_text("utf-8")
        ):
            assert (ROOT / target).exists(), (page.name, target)
