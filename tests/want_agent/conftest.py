from __future__ import annotations

import copy
from typing import Any, Dict, Iterator, List, Optional

import pytest

import ohbridge
from ohbridge import Device

OWN_BUNDLE = "com.example.myapplication"


@pytest.fixture
def dev() -> Iterator[Device]:
    with ohbridge.connect("stub") as device:
        yield device


def want(**overrides: Any) -> Dict[str, Any]:
    w: Dict[str, Any] = {"bundleName": OWN_BUNDLE, "abilityName": "EntryAbility"}
    w.update(overrides)
    return w


def info(
    *,
    wants: Optional[List[Dict[str, Any]]] = None,
    op: int = 1,
    code: int = 0,
    flags: Optional[List[int]] = None,
    **extra: Any,
) -> Dict[str, Any]:
    """A WantAgentInfo dict with the JS field names; defaults make a valid START_ABILITY agent."""
    d: Dict[str, Any] = {
        "wants": copy.deepcopy(wants) if wants is not None else [want()],
        "operationType": op,
        "requestCode": code,
    }
    if flags is not None:
        d["wantAgentFlags"] = flags
    d.update(extra)
    return d


class Completions:
    """Collects trigger completions; wait() flushes the dispatcher first."""

    def __init__(self, device: Device) -> None:
        self.device = device
        self.calls: List[Any] = []

    def __call__(self, err: Any, data: Any) -> None:
        self.calls.append((err, data))

    def wait(self) -> List[Any]:
        assert self.device.flush(10.0)
        return self.calls


@pytest.fixture
def completions(dev: Device) -> Completions:
    return Completions(dev)
