"""`python -m xlpy` from anywhere, the repository root included.

At the root, Python finds the checkout's `xlpy/` before any installed
package, and the checkout has no `xlpy/schemas` (schemas/ sits beside it and
is mapped at install). The test environment's editable install would hide
that, so at the root the children run without its import hook, as with a
plain `pip install .`.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE

import xlpy

WITHOUT_EDITABLE_HOOK = (
    'import sys\nsys.meta_path[:] = [f for f in sys.meta_path if "editable" not in str(getattr(f, "__module__", ""))]\n'
)


def python_m(*args: str, cwd, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "xlpy", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env
    )


@pytest.fixture(scope="module")
def no_hook(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    (folder / "sitecustomize.py").write_text(WITHOUT_EDITABLE_HOOK, encoding="utf-8")
    return {"PYTHONPATH": str(folder)}


def test_version_at_the_repository_root_and_elsewhere(no_hook, tmp_path):
    for cwd, env in ((ROOT, no_hook), (tmp_path, None)):
        result = python_m("--version", cwd=cwd, env_extra=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"xlpy {xlpy.__version__}"


def test_validate_at_the_repository_root(no_hook):
    result = python_m("validate", "workbook/quy-dan-van-kheo.xlsx", cwd=ROOT, env_extra=no_hook)
    assert result.returncode == 0, result.stderr
    assert "0 lỗi, 0 cảnh báo" in result.stdout


def test_validate_from_another_folder(tmp_path):
    result = python_m("validate", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 lỗi" in result.stdout and not list(tmp_path.iterdir())


def test_ctrl_c_while_the_libraries_load_is_said_in_a_line_not_a_traceback(tmp_path):
    """The `xlpy` command interrupted at several moments of its first second (its imports, or the
    command itself): "Đã dừng." and exit 1 (typer had returned 130 in silence), or done already;
    never a traceback; the workbook untouched.
    (On a loaded machine a signal can land while Python itself still starts, in `site`: Python's
    own message, before xlpy's first line runs.)"""
    import shutil
    import signal

    from conftest import interrupted, sha256

    book = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, book)
    before = sha256(book)
    for delay in (0.1, 0.3, 0.6):  # while the libraries load, and during the command
        child = interrupted(["validate", str(book)], delay)
        if child is None:
            continue
        err = child.stderr
        assert "Traceback" not in err and "KeyboardInterrupt" not in err, (delay, err)
        assert child.returncode in (0, 1, -signal.SIGINT), (delay, child.returncode, err)
        assert child.returncode != 1 or err.strip() == "Đã dừng.", (delay, err)
    assert sha256(book) == before
