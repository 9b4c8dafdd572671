"""Fixtures for the mission tests: a default stub world and event recorders."""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest

import ohbridge
from ohbridge.device import Device

TABLET = "PEER1000000000000000000000000000000000000000000000000000000000B"
PC = "PEER2000000000000000000000000000000000000000000000000000000000C"


class Recorder:
    """Collects listener calls (from the dispatcher thread) for assertions."""

    def __init__(self) -> None:
        self.calls: List[Tuple[str, Tuple[Any, ...]]] = []
        self.threads: List[str] = []
        self._cv = threading.Condition()

    def fn(self, name: str) -> Callable[..., None]:
        def record(*args: Any) -> None:
            with self._cv:
                self.calls.append((name, args))
                self.threads.append(threading.current_thread().name)
                self._cv.notify_all()

        record.__qualname__ = name
        return record

    def callbacks(self) -> Dict[str, Callable[..., None]]:
        return {
            "notifyMissionsChanged": self.fn("changed"),
            "notifySnapshot": self.fn("snapshot"),
            "notifyNetDisconnect": self.fn("disconnect"),
        }

    def of(self, name: str) -> List[Tuple[Any, ...]]:
        return [a for n, a in self.calls if n == name]

    def wait_for(self, n: int, timeout: float = 5.0) -> bool:
        with self._cv:
            return self._cv.wait_for(lambda: len(self.calls) >= n, timeout)


@pytest.fixture
def dev() -> Iterator[Device]:
    d = ohbridge.connect("stub")
    try:
        yield d
    finally:
        d.close()


@pytest.fixture
def local(dev: Device) -> str:
    return str(dev.stub.local_device_id)


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


def sync_param(device_id: str) -> Dict[str, Any]:
    return {"deviceId": device_id, "fixConflict": False, "tag": 0}


def mission_of(dev: Device, device: str, bundle: str) -> int:
    for m in dev.stub.missions(device):
        if m["want"]["bundleName"] == bundle:
            return int(m["missionId"])
    raise LookupError(bundle)


def noop(*args: Any) -> None:
    pass
