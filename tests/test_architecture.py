"""The layering ARCHITECTURE.md promises, checked: the core imports no adapter."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "xlpy.fund",
    "xlpy.ledger",
    "xlpy.sheets",
    "xlpy.validation",
    "xlpy.settings",
    "xlpy.unfinished",
    "xlpy.cell_errors",
    "xlpy.outcome",
    "xlpy.cashbook",
    "xlpy.statement",
    "xlpy.money",
    "xlpy.dates",
    "xlpy.names",
    "xlpy.text",
    "xlpy.problems",
    "xlpy.errors",
    "xlpy.grid",
    "xlpy.schemas",
]
# Libraries that read or write files, talk to Excel, or make the command line.
ADAPTERS = ["xlwings", "openpyxl", "xlsxwriter", "python_calamine", "typer", "rich", "lxml", "docxtpl", "matplotlib"]


# xlpy's own adapters: the core never reaches back up into them either.
OWN_ADAPTERS = ["xlpy.cli", "xlpy.buttons", "xlpy.excel", "xlpy.book", "xlpy.package", "xlpy.layout"]


def test_the_core_imports_no_adapter():
    """The core modules imported in a fresh interpreter pull in none of the adapters, theirs or ours."""
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(a for a in {ADAPTERS + OWN_ADAPTERS!r} if a in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", result.stdout
