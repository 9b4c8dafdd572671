"""One deadline per call, honoured on every Python the package supports.

``asyncio.wait_for`` on Python <= 3.11 loses a cancellation that arrives as
the awaited future completes (CPython gh-86296, fixed in 3.12 by
reimplementing it over ``asyncio.timeout``): a ``wait_for`` nested under
another -- ``open_channel``'s connect timeout under a call's deadline --
swallowed the outer timeout, and the call ran to completion (or for ever)
instead of raising.  So the call's deadline does not trust one cancellation:
it cancels the work until the work has stopped.
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, TypeVar
from .._error_base import Error

__all__ = ["DeadlineExceeded", "within"]

T = TypeVar("T")

# How long a cancelled task gets to stop before it is cancelled again: a
# swallowed cancellation is noticed at the task's next await.
_RECANCEL_S = 0.01


class DeadlineExceeded(Error):
    """The work did not finish by the deadline; it has been stopped."""


async def within(work: Awaitable[T], timeout: float | None) -> T:
    """``await work``, stopped at ``timeout`` seconds (None: no deadline)."""
    if timeout is None:
        return await work
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=max(timeout, 0.0))
    except asyncio.CancelledError:
        await _stop(task)
        raise
    if task in done:
        return task.result()
    await _stop(task)  # if it finished in that same instant, the deadline still passed
    raise DeadlineExceeded


async def _stop(task: "asyncio.Future[T]") -> None:
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=_RECANCEL_S)
    if not task.cancelled():
        task.exception()  # retrieved: its failure is not the caller's, the deadline is
