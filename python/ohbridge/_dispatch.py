"""How results and events reach user code, in each call form.

The core calls back from its dispatcher thread.  The sync and callback forms
run user callbacks right there (as AsyncCallback does on a device); the
asyncio form hops into the loop that made the call.  An exception escaping a
user callback is logged and never stops the dispatcher.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from typing import Any, Callable, Deque, Optional, Tuple, TypeVar

from .errors import BusinessError, error_from_js

__all__ = ["report_callback_error", "completion", "event", "Deliver", "LoopDeliver"]

log = logging.getLogger("ohbridge.callbacks")

T = TypeVar("T")

# Calls fn(*args) in the right place for the call form.
Deliver = Callable[..., None]


def report_callback_error(fn: Any, exc: BaseException) -> None:
    """Log an exception raised by a user callback (also called by the core)."""
    name = getattr(fn, "__qualname__", None) or repr(fn)
    log.error("exception in ohbridge callback %s", name, exc_info=(type(exc), exc, exc.__traceback__))


def _guarded(fn: Callable[..., Any], *args: Any) -> None:
    try:
        fn(*args)
    except Exception as exc:  # noqa: BLE001 - a callback must not kill the dispatcher
        report_callback_error(fn, exc)


def direct() -> Deliver:
    """Run callbacks on the dispatcher thread."""
    return _guarded


def in_loop(loop: asyncio.AbstractEventLoop) -> Deliver:
    """Run callbacks in `loop` (the asyncio form)."""

    def deliver(fn: Callable[..., Any], *args: Any) -> None:
        try:
            loop.call_soon_threadsafe(_guarded, fn, *args)
        except RuntimeError:
            pass  # the loop is closed: the caller is gone, as after process exit

    return deliver


def completion(
    user_fn: Callable[[Optional[BusinessError], Optional[T]], Any],
    convert: Callable[[Any], T],
    deliver: Deliver,
) -> Callable[[Any, Any], None]:
    """Wrap an AsyncCallback(err, data) for the core: convert, then deliver."""

    def on_complete(err: Any, data: Any = None) -> None:
        try:
            error = error_from_js(err) if isinstance(err, dict) else None
            value = None if error is not None or data is None else convert(data)
        except Exception as exc:  # noqa: BLE001
            report_callback_error(user_fn, exc)
            return
        deliver(user_fn, error, value)

    on_complete.__qualname__ = getattr(user_fn, "__qualname__", "callback")
    return on_complete


def event(user_fn: Callable[..., Any], convert: Callable[..., Any], deliver: Deliver) -> Callable[..., None]:
    """Wrap a listener callback: convert its JS arguments, then deliver."""

    def on_event(*args: Any) -> None:
        try:
            converted = convert(*args)
        except Exception as exc:  # noqa: BLE001
            report_callback_error(user_fn, exc)
            return
        deliver(user_fn, *converted)

    on_event.__qualname__ = getattr(user_fn, "__qualname__", "listener")
    return on_event


class LoopDeliver:
    """Deliver callbacks into an asyncio loop, many per wake-up.

    ``loop.call_soon_threadsafe`` writes to the loop's wake-up pipe on every
    call; a burst of listener events would pay that per event.  This queues
    them and schedules one drain per burst.  Only the dispatcher thread
    produces, so the flag needs no lock: the drain clears it before it
    starts, and a producer that saw it set appended before the drain began.
    """

    __slots__ = ("_loop", "_pending", "_scheduled")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._pending: Deque[Tuple[Callable[..., Any], Tuple[Any, ...]]] = collections.deque()
        self._scheduled = False

    def __call__(self, fn: Callable[..., Any], *args: Any) -> None:
        self._pending.append((fn, args))
        if not self._scheduled:
            self._scheduled = True
            try:
                self._loop.call_soon_threadsafe(self._drain)
            except RuntimeError:  # the loop is closed: the caller is gone
                self._pending.clear()

    def _drain(self) -> None:
        self._scheduled = False
        pending = self._pending
        while pending:
            fn, args = pending.popleft()
            try:
                fn(*args)
            except Exception as exc:  # noqa: BLE001 - one bad callback must not stop the rest
                report_callback_error(fn, exc)
