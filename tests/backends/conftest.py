"""One device fixture, three backends: the stub in process, the agent over the
loopback hdc device, and the shell backend over the same device's fake tools; and
once more the shell backend as ``connect()`` reaches it by itself, falling back
(with one warning) on a loopback device that reports aarch64.

A test names the backends that serve it with ``@pytest.mark.backends(...)``
(default: all three); the others are skipped, with the capability table of
docs/agent.md as the reason.  Expectations are never per backend.
"""

from __future__ import annotations

import warnings
from typing import Iterator

import pytest

import ohbridge
from ohbridge.device import Device
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools

SERIAL = "loopback-0"
AARCH64_SERIAL = "loopback-aarch64"
# "auto on aarch64": connect() with no backend named, against a device no packaged agent fits:
# the shell backend, reached by the fallback.  It serves what the shell backend serves.
ALL = ("stub", "agent", "shell", "auto on aarch64")
SERVED_AS = {"auto on aarch64": "shell"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "backends(*names): the backends that serve this test (stub, agent, shell)")


@pytest.fixture(scope="session")
def loopback() -> Iterator[FakeHdcServer]:
    with FakeHdcServer([SERIAL]) as server:
        install_device_tools(server.target(SERIAL))
        server.add_target(AARCH64_SERIAL, abi="arm64-v8a", uid=0, debuggable=True)
        install_device_tools(server.target(AARCH64_SERIAL))
        yield server


def device_url(server: FakeHdcServer) -> str:
    return f"hdc://127.0.0.1:{server.port}/{SERIAL}"


@pytest.fixture(params=ALL)
def dev(request: pytest.FixtureRequest) -> Iterator[Device]:
    name = request.param
    served_as = SERVED_AS.get(name, name)
    marker = request.node.get_closest_marker("backends")
    if marker is not None and served_as not in marker.args:
        pytest.skip(f"the {served_as} backend does not serve this (docs/agent.md, the backend table)")
    if name == "stub":
        d = ohbridge.connect("stub")
    elif name == "auto on aarch64":
        server = request.getfixturevalue("loopback")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            d = ohbridge.connect(f"hdc://127.0.0.1:{server.port}/{AARCH64_SERIAL}")
        fallbacks = [w for w in caught if issubclass(w.category, ohbridge.BackendFallbackWarning)]
        assert d.backend == "shell" and len(fallbacks) == 1, [str(w.message) for w in caught]
    else:
        server = request.getfixturevalue("loopback")
        d = ohbridge.connect(device_url(server), backend=name)
    try:
        yield d
    finally:
        d.close()
