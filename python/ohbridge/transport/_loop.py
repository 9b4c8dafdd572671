"""The private event loop thread on which the sync client runs the asyncio core."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any, Coroutine, TypeVar

__all__ = ["run"]

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_thread: threading.Thread | None = None


def _get_loop() -> asyncio.AbstractEventLoop:
    global _loop, _thread
    with _lock:
        if _loop is None or _thread is None or not _thread.is_alive():
            _loop = asyncio.new_event_loop()
            # A daemon thread: an idle client must never keep the interpreter from exiting.
            _thread = threading.Thread(target=_loop.run_forever, name="ohbridge-hdc-loop", daemon=True)
            _thread.start()
        return _loop


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` on the loop thread and wait for it; safe from any thread but that one."""
    loop = _get_loop()
    if threading.current_thread() is _thread:
        coro.close()
        raise RuntimeError(
            "a sync ohbridge call was made from the transport's own loop thread (e.g. inside a "
            "progress callback); it would wait for itself forever"
        )
    future: concurrent.futures.Future[T] = asyncio.run_coroutine_threadsafe(coro, loop)
    try:
        return future.result()
    except BaseException:
        # KeyboardInterrupt or the like in this thread: cancel the coroutine so it closes its channel.
        future.cancel()
        raise
