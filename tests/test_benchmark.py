"""The benchmark runs end to end, so that its figures cannot silently time a crash again."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_scenario_runs_twice_on_tiny_workbooks(tmp_path, capsys):
    _module("run").main(["--tiny", "--workdir", str(tmp_path)])
    printed = capsys.readouterr().out
    for label in ("sample", "large"):
        for scenario in ("naive: read_excel", "xlpy validate", "xlpy summary --json", "xlpy report"):
            assert any(line.startswith(label) and scenario in line for line in printed.splitlines()), (label, scenario)
        for button in ("check", "totals", "add_month", "export_report"):
            assert any(line.split()[:2] == [label, button] for line in printed.splitlines()), (label, button)
    assert "roll-up of 3 unit workbooks" in printed and "naive shell loop" in printed


def test_a_scenario_that_fails_stops_the_benchmark():
    run = _module("run")
    with pytest.raises(SystemExit, match="failed with exit status 1"):
        run.measure([sys.executable, "-c", "raise SystemExit(1)"], runs=1, warm_up=False)


def test_the_naive_baseline_fails_on_a_workbook_with_errors(small):
    run = _module("run")
    broken = small({("T02-2022", "C5"): "50.000"})
    status, printed = run.in_process([sys.executable, str(BENCHMARKS / "naive.py"), str(broken)])
    assert status == 1 and "problems" in printed
    status, _ = run.in_process([sys.executable, str(BENCHMARKS / "naive.py"), str(small())])
    assert status == 0
