"""Benchmark: whole processes, median wall time and peak memory, against the naive stack.

Run (with xlpy installed, e.g. in the quick start's .venv):
    .venv/bin/python benchmarks/run.py [--runs 5] [--workdir /tmp/xlpy-bench] [--units 500]

Scenarios, all in the same run:
- the sample and the large workbook: the naive baseline (pandas.read_excel with
  openpyxl, then the same schemas: benchmarks/naive.py), then `xlpy validate`,
  `summary --json` and `report`; each a fresh process (interpreter start
  included) `--runs` times after one warm-up; peak memory is the process's
  maximum resident set (getrusage via os.wait4);
- the roll-up of `--units` unit workbooks (30 members x 60 months each) by
  `xlpy rollup --json`, once; its memory is the peak of the summed resident
  sets of the command and its worker processes (sampled every 20 ms from /proc),
  beside the naive way, a shell loop of `xlpy summary --json`, timed on
  `--naive-units` of them and extrapolated (it takes minutes in full);
- each button's warm time (a Python that stays alive) on the sample and the
  large workbook (benchmarks/buttons.py).

Any scenario that ends with a non-zero exit status stops the benchmark: the
generated workbooks have no errors, so a failure is a bug, never a figure.
`--tiny` runs every scenario twice (a warm-up and a run, as the real thing) on tiny
workbooks (tests/test_benchmark.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = {  # (workbook, command) -> seconds (targets of the speed issues)
    ("sample", "validate"): 0.8,
    ("sample", "report"): 1.2,
    ("large", "validate"): 2.0,
    ("large", "summary --json"): 2.0,
    ("large", "report"): 2.0,
}
MEMORY_TARGET_MB = {"large": 300}
ROLLUP_TARGET = (20.0, 1024)  # seconds, MB (summed over the processes) for 500 units
COMMANDS = ("validate", "summary --json", "report")


def _check(command: list[str], status: int) -> None:
    """A scenario that ends with a non-zero exit status stops the benchmark (exit status 1, the command named)."""
    if status != 0:
        raise SystemExit(f"benchmark scenario failed with exit status {status}: {' '.join(command)}")


def in_process(command: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run a scenario's command in this Python (exit status, stdout): `--tiny`, for the test.

    The same code runs as in a fresh process (xlpy.cli.run, or the script as __main__);
    only the interpreter's start and the imports are not paid again.
    """
    import contextlib
    import io
    import runpy

    out, saved_argv, saved_env = io.StringIO(), sys.argv, dict(os.environ)
    try:
        os.environ.update(env or {})
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            if command[0] == sys.executable:
                sys.argv = command[1:]
                try:
                    runpy.run_path(command[1], run_name="__main__")
                    status = 0
                except SystemExit as done:
                    status = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
            else:
                from xlpy import cli

                status = cli.run(command[1:])
    finally:
        sys.argv = saved_argv
        os.environ.clear()
        os.environ.update(saved_env)
    return status, out.getvalue()


def measure(command: list[str], runs: int, warm_up: bool = True, tiny: bool = False) -> tuple[float, float]:
    """(median seconds, peak MB) over `runs` fresh processes; fails on any non-zero exit status."""
    times, peaks = [], []
    if tiny:  # twice, as a warm-up and a run: what only a second run meets (an output left by the first) is met
        _check(command, in_process(command)[0])
        started = time.perf_counter()
        _check(command, in_process(command)[0])
        return time.perf_counter() - started, float("nan")
    if warm_up:  # not counted: the OS's file cache
        _check(command, subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode)
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - started)
        _check(command, os.waitstatus_to_exitcode(status))
        peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(times), max(peaks)


def _tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and all its descendants, summed (Linux /proc)."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    family, grew = {root}, True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    return sum(rss.get(pid, 0) for pid in family) / 2**20


def measure_tree(command: list[str], tiny: bool = False) -> tuple[float, float, float]:
    """(seconds, peak MB summed over the process and its children, CPU seconds of them all), one run.

    The CPU seconds (user + system, the workers included: the command waits for them)
    depend far less on other work on the machine than the wall time does.
    """
    if tiny:
        return (*measure(command, 1, tiny=True), float("nan"))
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.join()
    _check(command, process.returncode)
    return seconds, peak[0], usage.ru_utime + usage.ru_stime


def naive_loop(xlpy: str, paths: list[Path], tiny: bool = False) -> tuple[float, float]:
    """(seconds, CPU seconds) for a shell loop of `xlpy summary --json`, one process per unit."""
    if tiny:
        return sum(measure([xlpy, "summary", "--json", str(p)], 1, tiny=True)[0] for p in paths), float("nan")
    import resource

    script = 'for f in "$@"; do "$0" summary --json "$f" > /dev/null || exit $?; done'
    command = ["sh", "-c", script, xlpy, *map(str, paths)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    _check(command, subprocess.run(command).returncode)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return time.perf_counter() - started, cpu


def make_workbooks(workdir: Path, tiny: bool, units: int) -> tuple[dict[str, Path], Path]:
    """The sample and large workbooks, and the folder of unit workbooks, made in a child process
    (this one stays small: a child's peak memory counts the parent's pages it was forked from)."""
    if tiny:
        sys.path.insert(0, str(HERE))
        import workbooks

        small = workbooks.large(workdir, 4, 3, 2, name="tiny-sample.xlsx", from_fund=10_000)
        large = workbooks.large(workdir, 20, 6, 10, name="tiny-large.xlsx", from_fund=10_000)
        return {"sample": small, "large": large}, workbooks.units(workdir / f"units-{units}", units, 3, 3)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import workbooks as w; from pathlib import Path; "
        "d = Path(sys.argv[2]); n = int(sys.argv[3]); "
        "print(w.sample(d)); print(w.large(d)); print(w.units(d / f'units-{n}', n))"
    )
    made = subprocess.run(
        [sys.executable, "-c", code, str(HERE), str(workdir), str(units)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    return {"sample": Path(made[0]), "large": Path(made[1])}, Path(made[2])


def compiled() -> None:
    """xlpy's bytecode written first, as `pip install .` leaves it: an editable install in an
    environment with PYTHONDONTWRITEBYTECODE would compile xlpy again in every process timed
    (about 0.05 s each, the naive baseline's too, since it imports xlpy's schemas)."""
    import compileall

    import xlpy
    import xlpy.schemas

    for package in (xlpy, xlpy.schemas):
        if not compileall.compile_dir(Path(str(package.__file__)).parent, quiet=1):
            raise SystemExit(f"could not compile {package.__name__}'s bytecode")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/xlpy-bench"))
    parser.add_argument("--units", type=int, default=500, help="unit workbooks rolled up")
    parser.add_argument("--naive-units", type=int, default=20, help="units timed in the naive loop")
    parser.add_argument("--button-runs", type=int, default=3)
    parser.add_argument(
        "--tiny", action="store_true", help="every scenario twice (a warm-up and a run), on tiny workbooks (a test)"
    )
    args = parser.parse_args(argv)
    if args.tiny:
        args.runs, args.units, args.naive_units, args.button_runs = 1, 3, 1, 1
    args.workdir.mkdir(parents=True, exist_ok=True)
    if not args.tiny:
        compiled()
    bin_dir = Path(sys.executable).parent
    xlpy = shutil.which("xlpy", path=str(bin_dir)) or "xlpy"
    books, units = make_workbooks(args.workdir, args.tiny, args.units)
    out = args.workdir / "out"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()

    rows: list[tuple[str, str, float, float, float | None, float | None]] = []
    for label, path in books.items():
        naive = measure([sys.executable, str(HERE / "naive.py"), str(path)], args.runs, not args.tiny, args.tiny)
        rows.append((label, "naive: read_excel(openpyxl) + same schemas", *naive, None, None))
        for command in COMMANDS:
            # --force: each run (and the warm-up) writes the same file; -o never overwrites without it
            extra = ["-o", str(out / f"{label}.docx"), "--force"] if command == "report" else []
            seconds, peak = measure([xlpy, *command.split(), str(path), *extra], args.runs, not args.tiny, args.tiny)
            rows.append((label, f"xlpy {command}", seconds, peak, TARGETS.get((label, command)), naive[0] / seconds))
            if command == "report":
                for written in out.glob(f"{label}*.docx"):
                    written.unlink()

    folder_units = sorted(units.rglob("*.xlsx"))
    rollup_seconds, rollup_peak, rollup_cpu = measure_tree([xlpy, "rollup", str(units), "--json"], args.tiny)
    subset = folder_units[: args.naive_units]
    loop, loop_cpu = (value * len(folder_units) / len(subset) for value in naive_loop(xlpy, subset, args.tiny))

    # PATH without LibreOffice: the report button then writes the .docx only (the PDF is LibreOffice's time).
    env = {**os.environ, "PATH": str(bin_dir)}
    button_command = [sys.executable, str(HERE / "buttons.py"), "--runs", str(args.button_runs), "--out", str(out)]
    button_command += ["--no-warm-up"] if args.tiny else []  # in-process, the imports are paid already
    button_command += [str(path) for path in books.values()]
    if args.tiny:
        status, stdout = in_process(button_command, env)
    else:
        done = subprocess.run(button_command, env=env, capture_output=True, text=True)
        status, stdout = done.returncode, done.stdout
    _check(button_command, status)
    buttons = json.loads(stdout)

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}; {args.runs} runs each, median; load average {os.getloadavg()[0]:.2f} at the end"
    )
    print(f"{'workbook':<8} {'scenario':<44} {'median s':>9} {'peak MB':>8} {'target s':>9} {'naive/xlpy':>11}")
    for label, scenario, seconds, peak, target, ratio in rows:
        mark = "" if target is None else (" ok" if seconds <= target else " SLOW")
        memory = MEMORY_TARGET_MB.get(label)
        unmeasured = memory is None or scenario.startswith("naive") or peak != peak  # nan: --tiny, in-process
        mem_mark = "" if memory is None or unmeasured else (" ok" if peak <= memory else " BIG")
        print(
            f"{label:<8} {scenario:<44} {seconds:>9.2f} {peak:>7.0f}{mem_mark:<3} "
            f"{'' if target is None else f'{target:.1f}':>6}{mark:<5} {'' if ratio is None else f'{ratio:.1f}x':>8}"
        )
    n = len(folder_units)
    within = rollup_seconds <= ROLLUP_TARGET[0] * n / 500 and rollup_peak <= ROLLUP_TARGET[1]
    verdict = "not judged: --tiny" if args.tiny else ("ok" if within else "OVER")  # tiny: no memory measured
    print(
        f"\nroll-up of {n} unit workbooks: xlpy rollup --json {rollup_seconds:.1f} s, peak {rollup_peak:.0f} MB "
        f"summed over its processes ({verdict} against {ROLLUP_TARGET[0] * n / 500:.1f} s, "
        f"{ROLLUP_TARGET[1]} MB); naive shell loop of `xlpy summary --json`: {loop:.0f} s "
        f"(timed on {len(subset)} units, extrapolated to {n}); {loop / rollup_seconds:.0f}x\n"
        f"CPU seconds (user + system, all processes): roll-up {rollup_cpu:.1f} "
        f"({1000 * rollup_cpu / n:.0f} ms a unit; on {os.cpu_count()} idle cores at least "
        f"{rollup_cpu / (os.cpu_count() or 1):.1f} s), naive loop {loop_cpu:.0f}"
    )
    print("\nwarm button times (one Python kept alive; xw.Book(json=...); report: .docx, no PDF):")
    print(f"{'workbook':<8} {'button':<14} {'median s':>9} {'engine calls':>13}")
    for label, path in books.items():
        for button, figures in buttons[str(path)].items():
            print(f"{label:<8} {button:<14} {figures['seconds']:>9.3f} {figures['engine_calls']:>13}")


if __name__ == "__main__":
    main()
