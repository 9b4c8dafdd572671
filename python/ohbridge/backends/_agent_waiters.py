"""How a caller waits for the agent: a request's answer, and a promise the agent settles later."""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Tuple

from .._call import REJECTED, RESOLVED

if TYPE_CHECKING:
    from .agent import AgentBackend

__all__ = ["_Deferred", "_Waiter", "_LoopWaiter"]


class _Deferred:
    """A promise the agent settles later (``PENDING`` payload)."""

    def __init__(self, backend: "AgentBackend") -> None:
        self._backend = backend
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._err: Any = None
        self._data: Any = None
        self._lost: Optional[BaseException] = None
        self._thens: List[Callable[[Any, Any], None]] = []

    def _settle(self, err: Any, data: Any, lost: Optional[BaseException] = None) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._err, self._data, self._lost = err, data, lost
            thens, self._thens = self._thens, []
            self._event.set()
        for fn in thens:
            self._backend._post(fn, err, data)

    def wait(self, timeout: Optional[float] = None) -> bool:
        return self._event.wait(timeout)

    @property
    def settled(self) -> bool:
        return self._event.is_set()

    def result(self) -> Tuple[int, Any]:
        if not self._event.is_set():
            raise RuntimeError("not settled")
        if self._lost is not None:
            raise self._lost
        if isinstance(self._err, dict) and "code" in self._err:
            return REJECTED, (int(self._err["code"]), str(self._err.get("message", "")))
        return RESOLVED, self._data

    def then(self, fn: Callable[[Any, Any], None]) -> None:
        with self._lock:
            if not self._event.is_set():
                self._thens.append(fn)
                return
        self._backend._post(fn, self._err, self._data)


class _Waiter:
    """One request's answer.  A held lock, released by the reader: cheaper than an Event
    (no Condition), and this is on every call's path."""

    __slots__ = ("_lock", "error", "result", "invoke", "done")

    def __init__(self, invoke: bool) -> None:
        self._lock = threading.Lock()
        self._lock.acquire()
        self.error: Any = None
        self.result: Any = None
        self.invoke = invoke
        self.done = False

    def set(self) -> None:
        if not self.done:
            self.done = True
            self._lock.release()

    def wait(self, timeout: Optional[float]) -> bool:
        return self._lock.acquire(timeout=-1 if timeout is None else timeout)


class _LoopWaiter:
    """One request's answer for a coroutine: the reader thread wakes a future of the caller's loop.

    Same fields as :class:`_Waiter`, so the reader and ``close`` treat both alike.
    """

    __slots__ = ("_loop", "future", "error", "result", "invoke", "done")

    def __init__(self, loop: asyncio.AbstractEventLoop, invoke: bool) -> None:
        self._loop = loop
        self.future: "asyncio.Future[None]" = loop.create_future()
        self.error: Any = None
        self.result: Any = None
        self.invoke = invoke
        self.done = False

    def set(self) -> None:
        if not self.done:
            self.done = True
            try:
                self._loop.call_soon_threadsafe(_wake, self.future)
            except RuntimeError:
                pass  # the caller's loop is closed: nobody waits any more


def _wake(future: "asyncio.Future[None]") -> None:
    if not future.done():  # a cancelled or timed-out wait has given up on it
        future.set_result(None)
