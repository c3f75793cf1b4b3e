"""Warm button times: each button of the control panel, in one Python that stays alive.

This is what a click costs when the workbook keeps its Python (xlwings' UDF
server, see xlpy.click_server): the imports are paid once, then each click
reads the sheets, validates and writes. Run here through `xw.Book(json=…)`
(xlwings' remote engine, which records writes instead of applying them), so
Excel's own time to apply the writes is not included.

    python benchmarks/buttons.py [--runs 3] WORKBOOK...

Prints one JSON object: {workbook: {button: {"seconds": median, "engine_calls": n}}}.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

BUTTONS = ("check", "totals", "add_month", "export_report")


def time_buttons(path: Path, runs: int, out: Path, warm_up: bool = True) -> dict[str, dict[str, float]]:
    import xlwings as xw
    from engine_calls import counting
    from remote import payload

    from xlpy import buttons

    # The book's name is a path in `out`: the report button writes its .docx there.
    data = payload(path, str(out / path.name))
    results = {}
    for name in BUTTONS:
        times, calls = [], 0
        for run in range(runs + warm_up):  # the first click pays the imports: not counted
            book = xw.Book(json=copy.deepcopy(data))
            with counting() as counted:
                started = time.perf_counter()
                message = getattr(buttons, name)(book)
                elapsed = time.perf_counter() - started
            if "không chạy được" in message or message.startswith("chưa"):
                raise SystemExit(f"button {name} on {path.name} failed: {message}")
            if run or not warm_up:
                times.append(elapsed)
                calls = sum(counted.values())
        results[name] = {"seconds": statistics.median(times), "engine_calls": calls}
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, required=True, help="folder the report button writes into")
    parser.add_argument("--no-warm-up", action="store_true", help="count the first click too (already warm)")
    parser.add_argument("workbooks", type=Path, nargs="+")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    print(json.dumps({str(p): time_buttons(p, args.runs, args.out, not args.no_warm_up) for p in args.workbooks}))


if __name__ == "__main__":
    main()
