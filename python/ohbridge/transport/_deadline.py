"""One deadline helper for the transport, honoured on every Python the package supports.

``asyncio.wait_for`` on Python <= 3.11 has two flaws (CPython gh-86296, fixed in 3.12 by
reimplementing it over ``asyncio.timeout``):

* a cancellation that arrives as the awaited future completes is dropped and the result
  returned: a ``wait_for`` nested under another -- ``open_channel``'s connect timeout under a
  call's deadline -- swallowed the outer timeout, and the call ran to completion (or for ever);
* at the deadline it trusts one cancellation to stop the work, and work that swallows it
  (such a nested ``wait_for``) runs on.

So :func:`within` cancels the work until the work has stopped, always lets the caller's own
cancellation propagate, and never loses a result: one that arrives as the deadline passes is
returned, one that arrives as the caller is cancelled goes to ``discard`` (a connection made
in that instant is closed there, not leaked).
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, TypeVar

from .._error_base import Error

__all__ = ["DeadlineExceeded", "within"]

T = TypeVar("T")

# How long a cancelled task gets to stop before it is cancelled again: a
# swallowed cancellation is noticed at the task's next await.
_RECANCEL_S = 0.01


class DeadlineExceeded(Error):
    """The work did not finish by the deadline; it has been stopped."""


async def within(
    work: Awaitable[T],
    timeout: float | None,
    *,
    discard: Callable[[T], object] | None = None,
) -> T:
    """``await work``, stopped at ``timeout`` seconds (None: no deadline).

    ``discard`` receives a result the work produced that nobody will see: it finished just as
    the caller was cancelled.
    """
    if timeout is None:
        return await work
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=max(timeout, 0.0))
    except asyncio.CancelledError:
        await _stop(task)
        if discard is not None and not task.cancelled() and task.exception() is None:
            discard(task.result())
        raise
    if task in done:
        return task.result()
    await _stop(task)
    if not task.cancelled() and task.exception() is None:
        return task.result()  # it finished as the deadline passed: the result stands
    raise DeadlineExceeded


async def _stop(task: "asyncio.Future[T]") -> None:
    """Cancel ``task`` until it has ended; its failure, if any, is retrieved (the deadline's, not the caller's)."""
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=_RECANCEL_S)
    if not task.cancelled():
        task.exception()
