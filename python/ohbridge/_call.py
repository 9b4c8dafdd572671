"""The three call forms over one backend call.

A backend answers ``invoke(method, args)`` the way a JS module call ends: it
raises for what JS throws synchronously, or returns ``(kind, payload)``:

* ``RESOLVED`` with the value, ``REJECTED`` with ``(code, message)``;
* ``PENDING`` with a deferred result (``wait``/``result``/``then``), for the
  calls that settle later on a device too;
* ``VIA_CALLBACK`` when the result went to the AsyncCallback in ``args``.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Generator, Generic, List, Optional, Protocol, Tuple, TypeVar

from .errors import error_for, error_from_js

__all__ = [
    "RESOLVED",
    "REJECTED",
    "PENDING",
    "VIA_CALLBACK",
    "Backend",
    "Deferred",
    "settle",
    "Pending",
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


class Pending(Generic[T]):
    """The asyncio form: an awaitable for a call that has already been made.

    Argument errors were raised when the call was made (JS throws them
    synchronously); what is left to await is the settlement.
    """

    __slots__ = ("_kind", "_payload", "_convert")

    def __init__(self, kind: int, payload: Any, convert: Callable[[Any], T]) -> None:
        self._kind = kind
        self._payload = payload
        self._convert = convert

    def __await__(self) -> Generator[Any, None, T]:
        if self._kind == PENDING:
            loop = asyncio.get_running_loop()
            future: "asyncio.Future[Any]" = loop.create_future()

            def settled(err: Any, data: Any) -> None:
                loop.call_soon_threadsafe(_settle_future, future, err, data)

            self._payload.then(settled)
            data = yield from future.__await__()
            return self._convert(data)
        return settle(self._kind, self._payload, self._convert)  # type: ignore[return-value]
        yield  # pragma: no cover - makes this a generator


def _settle_future(future: "asyncio.Future[Any]", err: Any, data: Any) -> None:
    if future.done():
        return
    error = error_from_js(err) if isinstance(err, dict) else None
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(data)
