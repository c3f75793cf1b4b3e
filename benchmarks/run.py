"""Benchmark: whole processes, median wall time and peak memory, against the naive stack.

Run (with xlpy installed, e.g. in the quick start's .venv):
    .venv/bin/python benchmarks/run.py [--runs 5] [--workdir /tmp/xlpy-bench]

Each scenario runs as a fresh process (interpreter start included) `--runs`
times; peak memory is the process's maximum resident set (getrusage via
os.wait4). The workbooks are generated once into --workdir (the large one
takes a few seconds). The naive baseline reads with pandas.read_excel(engine="openpyxl")
and validates with the same schemas (benchmarks/naive.py).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGETS = {  # (workbook, command) -> seconds (targets of the speed issue)
    ("sample", "validate"): 0.8,
    ("sample", "report"): 1.2,
    ("large", "validate"): 2.0,
    ("large", "summary --json"): 2.0,
    ("large", "report"): 2.0,
}
MEMORY_TARGET_MB = {"large": 300}


def measure(command: list[str], runs: int) -> tuple[float, float]:
    """(median seconds, peak MB) over `runs` fresh processes."""
    times, peaks = [], []
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up, not counted
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - started)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed with status {process.returncode}")
        peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(times), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/xlpy-bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    xlpy = shutil.which("xlpy", path=str(Path(sys.executable).parent)) or "xlpy"
    # Made in a child process: this one stays small, since a child's peak memory
    # counts the parent's pages it was forked from.
    made = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("workbooks.py")), str(args.workdir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    books = {"sample": Path(made[0]), "large": Path(made[1])}
    out = args.workdir / "out.docx"

    rows = []
    naive = {}
    for label, path in books.items():
        naive[label] = measure([sys.executable, str(Path(__file__).with_name("naive.py")), str(path)], args.runs)
        rows.append((label, "naive: read_excel(openpyxl) + same schemas", *naive[label], None, None))
        for command in ("validate", "summary --json", "report"):
            extra = ["-o", str(out)] if command == "report" else []
            seconds, peak = measure([xlpy, *command.split(), str(path), *extra], args.runs)
            ratio = naive[label][0] / seconds
            rows.append((label, f"xlpy {command}", seconds, peak, TARGETS.get((label, command)), ratio))

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}; {args.runs} runs each, median"
    )
    print(f"{'workbook':<8} {'scenario':<44} {'median s':>9} {'peak MB':>8} {'target s':>9} {'naive/xlpy':>11}")
    for label, scenario, seconds, peak, target, ratio in rows:
        mark = "" if target is None else (" ok" if seconds <= target else " SLOW")
        memory = MEMORY_TARGET_MB.get(label)
        mem_mark = "" if memory is None or scenario.startswith("naive") else (" ok" if peak <= memory else " BIG")
        print(
            f"{label:<8} {scenario:<44} {seconds:>9.2f} {peak:>7.0f}{mem_mark:<3} "
            f"{'' if target is None else f'{target:.1f}':>6}{mark:<5} {'' if ratio is None else f'{ratio:.1f}x':>8}"
        )


if __name__ == "__main__":
    main()
