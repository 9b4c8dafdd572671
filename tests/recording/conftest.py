"""Shared by the recording tests: the example HIL suite and the loopback device it records on."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from ohbridge.testing import FakeHdcServer

from ..plugin.conftest import plugin_args

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples/hil/test_example.py").read_text(encoding="utf-8")
SERIAL = "rec-loopback-0"

__all__ = ["EXAMPLE", "SERIAL", "plugin_args"]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OHOS_DEVICE", "OHOS_STUB", "OHOS_SCENARIO", "OHOS_TESTBED", "OHOS_TESTBED_NAME",
                 "OHOS_API_VERSION", "OHOS_NO_DIAGNOSTICS", "OHOS_BACKEND", "OHBRIDGE_AGENT", "OHOS_RECORD",
                 "OHOS_REPLAY", "OHOS_REPLAY_ANY_ORDER", "OHBRIDGE_RECORD_DIR", "OHBRIDGE_RECORD_MAX_BYTES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHdcServer]:
    """A loopback hdc device: the Linux agent runs there (its simulated world), as in tests/plugin."""
    with FakeHdcServer([SERIAL]) as server:
        target = server.target(SERIAL)
        target.set_param("const.product.model", "rk3568")
        target.set_param("const.ohos.apiversion", "12")
        target.set_param("const.ohos.fullname", "OpenHarmony-5.0.0.71")
        for name, value in server.env.items():
            monkeypatch.setenv(name, value)
        yield server
