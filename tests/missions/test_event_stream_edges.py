"""``MissionEventStream.get`` loses no event at the edges of its wait.

Up to Python 3.11 ``asyncio.wait_for`` drops a result that lands as the caller is cancelled
(CPython gh-86296): an event taken off the queue then vanished.  ``get`` waits with
``transport._deadline.within`` and keeps such an event for the next read.
"""

from __future__ import annotations

import asyncio
from typing import Any, List, Tuple

import pytest

from ohbridge.mission_model import MissionEvent

from .conftest import PC, sync_param


async def _queued(stream: Any) -> None:
    while stream._queue.qsize() == 0:  # the snapshot crosses from the dispatcher thread
        await asyncio.sleep(0.005)


@pytest.mark.parametrize("steps", range(6))
def test_a_get_cancelled_as_its_event_arrives_is_cancelled_and_keeps_the_event(dev: Any, steps: int) -> None:
    async def main() -> Tuple[bool, List[str], List[str]]:
        dmm = dev.aio.distributed_mission_manager
        async with dmm.listen({"deviceId": PC}) as stream:
            await dmm.start_sync_remote_missions(sync_param(PC))
            await asyncio.wait_for(_queued(stream), 5)
            getter = asyncio.ensure_future(stream.get(5))
            for _ in range(steps):  # the cancellation lands at each point of the wait in turn
                await asyncio.sleep(0)
            cancelled = getter.cancel()  # False: it had already returned
            outcome: List[str] = []
            try:
                outcome.append((await getter).kind)
            except asyncio.CancelledError:
                outcome.append("cancelled")
            later: List[str] = []
            if outcome == ["cancelled"]:
                later.append((await stream.get(1)).kind)  # the event is still there to read
            return cancelled, outcome, later

    cancelled, outcome, later = asyncio.run(main())
    if cancelled:  # the caller's cancellation is honoured, and the event waits for the next read
        assert (outcome, later) == (["cancelled"], ["snapshot"])
    else:
        assert (outcome, later) == (["snapshot"], [])


def test_get_with_no_event_times_out_and_the_stream_reads_on(dev: Any) -> None:
    async def main() -> MissionEvent:
        dmm = dev.aio.distributed_mission_manager
        async with dmm.listen({"deviceId": PC}) as stream:
            with pytest.raises(asyncio.TimeoutError, match="no mission event within 0.05s"):
                await stream.get(0.05)
            await dmm.start_sync_remote_missions(sync_param(PC))
            return await stream.get(5)

    assert asyncio.run(main()).kind == "snapshot"
