"""One deadline helper for every call and every connect, on every supported Python (transport/_deadline.py).

``asyncio.wait_for`` on Python <= 3.11 loses a cancellation that arrives as
its future completes (CPython gh-86296): ``open_channel``'s connect timeout
nested under ``_collect``'s call deadline swallowed the deadline, and
``shell("sleep 600", timeout=0.0003)`` kept running.
"""

from __future__ import annotations

import asyncio
from typing import Any, List

import pytest

from ohbridge.testing import FakeHdcServer
from ohbridge.transport._address import ServerAddress
from ohbridge.transport._channel import open_channel
from ohbridge.transport._deadline import DeadlineExceeded, within
from ohbridge.transport.errors import HdcConnectionError, HdcTimeoutError
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


async def returns_when_stopped(value: str) -> str:
    # Work that, cancelled at the deadline, finishes instead: its answer was arriving.
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        pass
    return value


@pytest.mark.timeout(30)
def test_a_result_that_arrives_as_the_deadline_passes_is_returned() -> None:
    async def main() -> str:
        return await within(returns_when_stopped("late answer"), 0.01)

    assert asyncio.run(main()) == "late answer"


@pytest.mark.timeout(30)
def test_the_callers_cancellation_propagates_when_the_work_completes_in_the_same_instant() -> None:
    # The gh-86296 case: Python <= 3.11 wait_for returns the result and drops the cancellation.
    # within raises CancelledError and hands the result nobody will see to `discard`.
    discarded: List[str] = []

    async def main() -> None:
        answer: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        caller = asyncio.ensure_future(within(answer, 10.0, discard=discarded.append))
        await asyncio.sleep(0)  # the caller now waits on the answer
        answer.set_result("a connection")
        caller.cancel()
        with pytest.raises(asyncio.CancelledError):
            await caller

    asyncio.run(main())
    assert discarded == ["a connection"]


@pytest.mark.timeout(30)
def test_the_callers_cancellation_propagates_when_the_work_swallows_it() -> None:
    seen: List[str] = []

    async def main() -> None:
        caller = asyncio.ensure_future(within(swallows_the_first_cancellation(seen), 10.0))
        await asyncio.sleep(0.01)
        caller.cancel()
        with pytest.raises(asyncio.CancelledError):
            await caller

    asyncio.run(main())
    assert seen == ["swallowed", "stopped"]


@pytest.mark.timeout(30)
def test_a_failure_caused_by_the_deadlines_cancellation_is_the_deadline() -> None:
    async def fails_when_stopped() -> None:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            raise ConnectionResetError("aborted by the stop") from None

    async def main() -> None:
        with pytest.raises(DeadlineExceeded):
            await within(fails_when_stopped(), 0.01)

    asyncio.run(main())


@pytest.mark.timeout(60)
@pytest.mark.parametrize("timeout", [0.0003, 0.001, 0.003, 0.01])
def test_a_never_ending_command_with_a_short_timeout_raises(device: HdcDevice, server: FakeHdcServer,
                                                              timeout: float) -> None:
    for _ in range(3):
        with pytest.raises(HdcTimeoutError):
            device.shell("sleep 600", timeout=timeout)


@pytest.mark.timeout(60)
def test_a_connection_made_as_the_caller_is_cancelled_is_closed_not_leaked() -> None:
    """open_channel's connect runs under within(..., discard=_abort_connection): the caller is
    cancelled in the very instant the connection is made, and the connection is closed."""

    async def main() -> None:
        async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.read()

        srv = await asyncio.start_server(silent, "127.0.0.1", 0)
        address = ServerAddress("127.0.0.1", srv.sockets[0].getsockname()[1])
        loop = asyncio.get_running_loop()
        real_connect = loop.create_connection
        made: List[asyncio.BaseTransport] = []

        async def connect_as_the_caller_is_cancelled(*args: Any, **kwargs: Any) -> Any:
            transport, protocol = await real_connect(*args, **kwargs)
            made.append(transport)
            opening.cancel()
            return transport, protocol

        loop.create_connection = connect_as_the_caller_is_cancelled  # type: ignore[method-assign]
        async with srv:
            opening = asyncio.ensure_future(open_channel(address, "", None, connect_timeout=10.0))
            with pytest.raises(asyncio.CancelledError):
                await opening
            assert len(made) == 1 and made[0].is_closing()

    asyncio.run(main())
