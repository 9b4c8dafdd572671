"""The WantParams conversion of OhosBackend (native/ohos/want_params_convert.h),
built on the host over fakes of the AAFwk boxes and run
(tests/agent/want_params_convert_test.cpp)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests._toolchain import cxx_compiler

ROOT = Path(__file__).resolve().parents[2]
HEADER = ROOT / "native" / "ohos" / "want_params_convert.h"
TEST = Path(__file__).with_name("want_params_convert_test.cpp")


@pytest.mark.skipif(not HEADER.exists(), reason="needs the source tree (native/ohos)")
def test_want_params_conversion_over_fake_boxes(tmp_path: Path) -> None:
    exe = tmp_path / "want_params_convert_test"
    r = subprocess.run(
        [cxx_compiler(), "-std=c++17", "-Wall", "-Wextra", "-Werror", "-O0",
         "-I", str(ROOT / "native" / "include"), "-I", str(ROOT / "native" / "ohos"),
         str(TEST), str(ROOT / "native" / "src" / "value.cpp"), "-o", str(exe)],
        capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    run = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stdout + run.stderr
