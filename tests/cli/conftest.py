from __future__ import annotations

import io
import json
import socket
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import pytest

from ohbridge.cli import main
from ohbridge.testing import FakeHdcServer

SERIAL = "cli-fake-0"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Run = Callable[..., Result]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run the CLI in process; OHOS_DEVICE from the developer's shell must not leak in."""
    monkeypatch.delenv("OHOS_DEVICE", raising=False)

    def run_cli(*argv: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), stdout=out, stderr=err)
        return Result(code, out.getvalue(), err.getvalue())

    return run_cli


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHdcServer]:
    with FakeHdcServer([SERIAL]) as server:
        target = server.target(SERIAL)
        target.set_param("const.product.model", "rk3568")
        target.set_param("const.ohos.apiversion", "12")
        for name, value in server.env.items():
            monkeypatch.setenv(name, value)
        yield server


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point hdc clients at a loopback port where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("OHOS_HDC_SERVER_PORT", str(port))
