from __future__ import annotations

from typing import Iterator

import pytest

from ohbridge.testing import FakeHdcServer
from ohbridge.transport.hdc import HdcClient, HdcDevice

SERIAL = "fake-0"


@pytest.fixture
def server() -> Iterator[FakeHdcServer]:
    with FakeHdcServer([SERIAL]) as srv:
        yield srv


@pytest.fixture
def client(server: FakeHdcServer) -> HdcClient:
    return HdcClient(port=server.port)


@pytest.fixture
def device(client: HdcClient) -> HdcDevice:
    return client.device(SERIAL)
