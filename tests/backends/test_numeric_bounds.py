"""Huge numeric arguments are a ParameterError (401), never signed overflow.

UBSan found ``Dispatcher::flush`` (native/src/dispatcher.cpp: the deadline in
steady_clock nanoseconds) and ``World::advance_clock``
(native/src/stub/world_missions.cpp: ``clock_ms += ms``) overflowing for huge
arguments; a double like 1e30 cast to an integer is undefined too.
"""

from __future__ import annotations

import math

import pytest

from ohbridge.device import Device
from ohbridge.errors import ParameterError


@pytest.mark.parametrize("timeout", [1e30, math.inf, math.nan, -1.0, 86400.5])
def test_flush_refuses_a_timeout_outside_zero_to_a_day(dev: Device, timeout: float) -> None:
    with pytest.raises(ParameterError) as caught:
        dev.flush(timeout)
    assert caught.value.code == 401


def test_flush_accepts_the_bounds(dev: Device) -> None:
    assert dev.flush(0) in (True, False)
    assert dev.flush(86400) is True


@pytest.mark.backends("stub")
@pytest.mark.parametrize("timeout", [1e30, math.inf, math.nan, -1.0])
def test_the_native_flush_refuses_what_its_clock_cannot_hold(dev: Device, timeout: float) -> None:
    with pytest.raises(ParameterError):
        dev._backend._native.flush(timeout)  # type: ignore[attr-defined]


@pytest.mark.backends("stub", "agent")
def test_advance_clock_refuses_a_step_past_what_the_clock_holds(dev: Device) -> None:
    dev.stub.advance_clock(1000)
    with pytest.raises(ParameterError) as caught:
        dev.stub.advance_clock(2**63 - 1)
    assert caught.value.code == 401
    assert dev.stub.clock_ms == 1000  # unchanged
