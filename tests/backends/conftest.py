"""One device fixture, three backends: the stub in process, the agent over the
loopback hdc device, and the shell backend over the same device's fake tools.

A test names the backends that serve it with ``@pytest.mark.backends(...)``
(default: all three); the others are skipped, with the capability table of
docs/agent.md as the reason.  Expectations are never per backend.
"""

from __future__ import annotations

from typing import Iterator

import pytest

import ohbridge
from ohbridge.device import Device
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools

SERIAL = "loopback-0"
ALL = ("stub", "agent", "shell")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "backends(*names): the backends that serve this test (stub, agent, shell)")


@pytest.fixture(scope="session")
def loopback() -> Iterator[FakeHdcServer]:
    with FakeHdcServer([SERIAL]) as server:
        install_device_tools(server.target(SERIAL))
        yield server


def device_url(server: FakeHdcServer) -> str:
    return f"hdc://127.0.0.1:{server.port}/{SERIAL}"


@pytest.fixture(params=ALL)
def dev(request: pytest.FixtureRequest) -> Iterator[Device]:
    name = request.param
    marker = request.node.get_closest_marker("backends")
    if marker is not None and name not in marker.args:
        pytest.skip(f"the {name} backend does not serve this (docs/agent.md, the backend table)")
    if name == "stub":
        d = ohbridge.connect("stub")
    else:
        server = request.getfixturevalue("loopback")
        d = ohbridge.connect(device_url(server), backend=name)
    try:
        yield d
    finally:
        d.close()
