"""The public API is typed: a realistic example passes mypy --strict and mistakes are caught."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import ohbridge

HERE = Path(__file__).parent


def run_mypy(*files: Path) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mypy")
    env = dict(os.environ)
    package_root = str(Path(ohbridge.__file__).resolve().parent.parent)
    # A source checkout (PYTHONPATH=python) needs MYPYPATH; an installed
    # package is found through its py.typed marker.
    if Path(package_root) != Path(sysconfig.get_paths()["purelib"]).resolve():
        env["MYPYPATH"] = package_root
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10",
         *map(str, files)],
        capture_output=True, text=True, env=env, cwd=HERE, timeout=300,
    )


def test_public_api_passes_mypy_strict() -> None:
    proc = run_mypy(HERE / "typed_usage.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_flags_each_misuse() -> None:
    proc = run_mypy(HERE / "misuse.py")
    flagged = {int(line.split(":")[1]) for line in proc.stdout.splitlines() if ": error:" in line}
    expected = {n for n, text in enumerate((HERE / "misuse.py").read_text().splitlines(), 1) if "# E:" in text}
    assert expected <= flagged, proc.stdout
