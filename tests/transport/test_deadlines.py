"""One deadline per call, on every supported Python (transport/_deadline.py).

``asyncio.wait_for`` on Python <= 3.11 loses a cancellation that arrives as
its future completes (CPython gh-86296): ``open_channel``'s connect timeout
nested under ``_collect``'s call deadline swallowed the deadline, and
``shell("sleep 600", timeout=0.0003)`` kept running.
"""

from __future__ import annotations

import asyncio
from typing import List

import pytest

from ohbridge.testing import FakeHdcServer
from ohbridge.transport._deadline import DeadlineExceeded, within
from ohbridge.transport.errors import HdcTimeoutError
from ohbridge.transport.hdc import HdcDevice


async def swallows_the_first_cancellation(seen: List[str]) -> None:
    # What a wait_for <= 3.11 inside the work does when the deadline's
    # cancellation meets its own future completing: carries on.
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        seen.append("swallowed")
    try:
        await asyncio.sleep(600)
    except asyncio.CancelledError:
        seen.append("stopped")
        raise


@pytest.mark.timeout(30)
def test_the_deadline_holds_when_the_work_swallows_a_cancellation() -> None:
    seen: List[str] = []

    async def main() -> None:
        with pytest.raises(DeadlineExceeded):
            await within(swallows_the_first_cancellation(seen), 0.01)

    asyncio.run(main())
    assert seen == ["swallowed", "stopped"]


def test_within_returns_the_result_and_raises_the_works_own_error() -> None:
    async def value() -> int:
        return 7

    async def fails() -> None:
        raise ValueError("its own")

    async def main() -> None:
        assert await within(value(), 1.0) == 7
        assert await within(value(), None) == 7
        with pytest.raises(ValueError, match="its own"):
            await within(fails(), 1.0)

    asyncio.run(main())


@pytest.mark.timeout(60)
@pytest.mark.parametrize("timeout", [0.0003, 0.001, 0.003, 0.01])
def test_a_never_ending_command_with_a_short_timeout_raises(device: HdcDevice, server: FakeHdcServer,
                                                              timeout: float) -> None:
    for _ in range(3):
        with pytest.raises(HdcTimeoutError):
            device.shell("sleep 600", timeout=timeout)
