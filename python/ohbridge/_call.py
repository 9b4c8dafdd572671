"""The three call forms over one backend call.

A backend answers ``invoke(method, args)`` the way a JS module call ends: it
raises for what JS throws synchronously, or returns ``(kind, payload)``:

* ``RESOLVED`` with the value, ``REJECTED`` with ``(code, message)``;
* ``PENDING`` with a deferred result (``wait``/``result``/``then``), for the
  calls that settle later on a device too;
* ``VIA_CALLBACK`` when the result went to the AsyncCallback in ``args``.

``ainvoke`` is the asyncio twin: the same methods and results, awaited without
blocking the event loop (the stub answers at once; the agent awaits its reply;
the shell backend runs its commands through the asyncio hdc client).
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable, List, Optional, Protocol, Tuple, TypeVar

from .errors import error_for, error_from_js

__all__ = [
    "RESOLVED",
    "REJECTED",
    "PENDING",
    "VIA_CALLBACK",
    "Backend",
    "Deferred",
    "settle",
    "asettle",
]

RESOLVED, REJECTED, PENDING, VIA_CALLBACK = 0, 1, 2, 3

T = TypeVar("T")


class Deferred(Protocol):
    def wait(self, timeout: Optional[float] = None) -> bool: ...

    def result(self) -> Tuple[int, Any]: ...

    def then(self, fn: Callable[[Any, Any], None]) -> None: ...


class Backend(Protocol):
    """What a Device needs from a backend (stub, agent, shell)."""

    kind: str

    def invoke(self, method: str, args: List[Any]) -> Tuple[int, Any]: ...

    async def ainvoke(self, method: str, args: List[Any]) -> Tuple[int, Any]: ...

    def flush(self, timeout: float = 10.0) -> bool: ...

    def close(self) -> None: ...


def settle(kind: int, payload: Any, convert: Callable[[Any], T], timeout: Optional[float] = None) -> Optional[T]:
    """The sync form: return the value or raise the BusinessError."""
    if kind == RESOLVED:
        return convert(payload)
    if kind == REJECTED:
        code, message = payload
        raise error_for(code, message)
    if kind == PENDING:
        if not payload.wait(timeout):
            raise TimeoutError("the call did not settle in time")
        k, p = payload.result()
        return settle(k, p, convert)
    return None


async def asettle(kind: int, payload: Any, convert: Callable[[Any], T]) -> T:
    """The asyncio form of :func:`settle`: a ``PENDING`` result is awaited, not waited for.

    The deferred settles on a backend thread; a future of the running loop, set through
    ``call_soon_threadsafe``, carries the result over.
    """
    if kind == PENDING:
        loop = asyncio.get_running_loop()
        future: "asyncio.Future[Any]" = loop.create_future()

        def settled(err: Any, data: Any) -> None:
            try:
                loop.call_soon_threadsafe(_settle_future, future, err, data)
            except RuntimeError:
                pass  # the loop is closed: nobody awaits the result any more

        payload.then(settled)
        data = await future
        return convert(data)
    return settle(kind, payload, convert)  # type: ignore[return-value]  # VIA_CALLBACK gives None


def _settle_future(future: "asyncio.Future[Any]", err: Any, data: Any) -> None:
    if future.done():
        return
    error = error_from_js(err) if isinstance(err, dict) else None
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(data)
