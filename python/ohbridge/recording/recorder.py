"""Recording: a backend wrapper that writes every API call, its answer and what followed.

Every API call reaches a backend as ``invoke(method, args) -> (kind, payload)``
(:mod:`ohbridge._call`), so one wrapper sees everything: the call and its arguments, the answer
or the raised error, each later settlement of a pending promise and each callback the backend
runs, with their order (``n``) and time since the recording began (``t``, ms).  The callables in
the arguments are replaced by wrappers that log each call before passing it on (one wrapper per
callable, so that ``off(cb)`` still names the function ``on(cb)`` registered).

What is never written: the agent's session token (it travels in the agent's ``hello``, which is
not an API call, and no argument holds it) and anything of the world controls (``device.stub``).
"""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from typing import Any, Callable, Dict, List, Optional, Tuple

from .._call import PENDING, REJECTED, RESOLVED, VIA_CALLBACK
from .format import DEFAULT_MAX_BLOB, DEFAULT_MAX_BYTES, FORMAT, VERSION, RecordingWriter, encode_value

__all__ = ["RecordingBackend", "KIND_NAMES", "describe_error", "is_handle"]

KIND_NAMES = {RESOLVED: "resolved", REJECTED: "rejected", PENDING: "pending", VIA_CALLBACK: "via_callback"}


def is_handle(obj: Any) -> bool:
    """A native object the device handed out (a WantAgent's target), whichever backend made it."""
    module = type(obj).__module__ or ""
    return (type(obj).__name__ in ("Handle", "AgentHandle", "ReplayHandle")
            and module.startswith(("ohbridge._native", "ohbridge.backends", "ohbridge.recording")))


def describe_error(exc: BaseException) -> Dict[str, Any]:
    """A raised error as the recording keeps it: its type, and the BusinessError code if it has one."""
    from ..errors import BusinessError

    out: Dict[str, Any] = {"type": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, BusinessError):
        out = {"type": "BusinessError", "code": int(exc.code), "message": str(exc.message)}
    return out


class _Refs:
    """Numbers for the things JSON cannot hold: the caller's functions and the device's handles."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fn_numbers: Dict[int, int] = {}  # id(wrapper) -> number
        self._wrappers: Dict[int, Tuple[Any, Callable[..., Any]]] = {}  # id(original) -> (original, wrapper)
        self._handles: Dict[int, int] = {}  # id(handle) -> number
        self._handle_refs: Dict[int, Any] = {}
        self._count = 0

    def _next(self) -> int:
        self._count += 1
        return self._count

    def wrap(self, fn: Callable[..., Any], log: Callable[[int, Tuple[Any, ...]], None]) -> Callable[..., Any]:
        with self._lock:
            if id(fn) in self._fn_numbers:
                return fn  # already one of ours
            known = self._wrappers.get(id(fn))
            if known is not None and known[0] is fn:
                return known[1]
            number = self._next()

            def recorded(*args: Any) -> Any:
                log(number, args)
                return fn(*args)

            recorded.__qualname__ = getattr(fn, "__qualname__", "callback")
            self._wrappers[id(fn)] = (fn, recorded)
            self._fn_numbers[id(recorded)] = number
            return recorded

    def ref(self, obj: Any) -> Optional[Dict[str, Any]]:
        with self._lock:
            number = self._fn_numbers.get(id(obj))
            if number is not None:
                return {"$fn": number}
            if is_handle(obj):
                number = self._handles.get(id(obj))
                if number is None:
                    number = self._handles[id(obj)] = self._next()
                    self._keep(obj)
                return {"$handle": number}
        if _is_undefined(obj):
            return {"$undefined": True}
        return None

    def _keep(self, obj: Any) -> None:
        # The number is by identity: a collected handle's id may be reused, so forget it then.
        key = id(obj)

        def forget(_ref: Any) -> None:
            self._forget(key)

        try:
            self._handle_refs[key] = weakref.ref(obj, forget)
        except TypeError:
            self._handle_refs[key] = obj

    def _forget(self, key: int) -> None:
        with self._lock:
            self._handles.pop(key, None)
            self._handle_refs.pop(key, None)


_undefined_type: Optional[type] = None


def _is_undefined(obj: Any) -> bool:
    global _undefined_type
    if _undefined_type is None:
        from .. import _native

        _undefined_type = type(_native.undefined)
    return isinstance(obj, _undefined_type)


def _wrap_callables(value: Any, wrap: Callable[[Callable[..., Any]], Callable[..., Any]], depth: int = 0) -> Any:
    """``value`` with every callable replaced by its recording wrapper (the rest untouched)."""
    if depth > 200 or value is None or isinstance(value, (str, int, float, bool, bytes)):
        return value
    if isinstance(value, list):
        return [_wrap_callables(v, wrap, depth + 1) for v in value]
    if isinstance(value, tuple):
        return tuple(_wrap_callables(v, wrap, depth + 1) for v in value)
    if isinstance(value, dict):
        return {k: _wrap_callables(v, wrap, depth + 1) for k, v in value.items()}
    if isinstance(value, type) or is_handle(value) or _is_undefined(value):
        return value
    hook = getattr(value, "__ohbridge_js__", None)
    if hook is not None:
        try:
            js = hook()
        except Exception:  # noqa: BLE001 - left as it is: the core makes it a foreign object itself
            return value
        if is_handle(js) or not isinstance(js, (dict, list, tuple)):
            return value  # a WantAgent: the core unwraps it
        return _wrap_callables(js, wrap, depth + 1)
    if callable(value):
        return wrap(value)
    return value


class RecordingBackend:
    """A backend that serves calls through ``inner`` and writes them to an ``.ohrec`` file.

    ``owns_inner``: closing this closes ``inner`` too (False for a device shared between tests,
    where each test records through its own wrapper).
    """

    def __init__(self, inner: Any, path: str, *, identity: Optional[Dict[str, Any]] = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, max_blob: int = DEFAULT_MAX_BLOB, owns_inner: bool = True,
                 label: str = "") -> None:
        from .. import __version__

        self._inner = inner
        self.kind = inner.kind
        self._owns_inner = owns_inner
        self._max_blob = max_blob
        self._refs = _Refs()
        self._t0 = time.monotonic()
        header: Dict[str, Any] = {"format": FORMAT, "version": VERSION, "ohbridge": __version__,
                                  "backend": inner.kind, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                                    time.gmtime())}
        if label:
            header["label"] = label
        header.update(identity or {})
        header["limits"] = {"max_bytes": max_bytes, "max_blob": max_blob}
        self.writer = RecordingWriter(path, header, max_bytes=max_bytes)
        self.path = self.writer.path
        self._closed = False

    # -- what gets written ------------------------------------------------------------------
    def _t(self) -> float:
        return round((time.monotonic() - self._t0) * 1000.0, 3)

    def _encode(self, value: Any) -> Any:
        return encode_value(value, self._refs.ref, max_blob=self._max_blob)

    def _log_callback(self, number: int, args: Tuple[Any, ...]) -> None:
        if not self._closed:
            self.writer.add({"e": "callback", "t": self._t(), "fn": number, "args": self._encode(list(args))})

    def _begin(self, method: str, args: List[Any]) -> Tuple[int, Dict[str, Any], List[Any]]:
        live = _wrap_callables(list(args), lambda fn: self._refs.wrap(fn, self._log_callback))
        n = self.writer.reserve()
        return n, {"e": "call", "t": self._t(), "method": method, "args": self._encode(live)}, live

    def _end(self, n: int, event: Dict[str, Any], kind: int, payload: Any) -> Tuple[int, Any]:
        result: Dict[str, Any] = {"kind": KIND_NAMES.get(kind, str(kind))}
        if kind == RESOLVED:
            result["value"] = self._encode(payload)
        elif kind == REJECTED:
            result["code"], result["message"] = int(payload[0]), str(payload[1])
        event["result"] = result
        if kind == PENDING:
            def settled(err: Any, data: Any) -> None:
                if not self._closed:
                    self.writer.add({"e": "settle", "t": self._t(), "call": n, "err": self._encode(err),
                                     "data": self._encode(data)})

            payload.then(settled)
        self.writer.complete(n, event)
        return kind, payload

    def _raised(self, n: int, event: Dict[str, Any], exc: BaseException) -> None:
        event["raised"] = describe_error(exc)
        self.writer.complete(n, event)

    # -- the Backend protocol -------------------------------------------------------------------
    def invoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        n, event, live = self._begin(method, args)
        try:
            kind, payload = self._inner.invoke(method, live)
        except BaseException as exc:
            self._raised(n, event, exc)
            raise
        return self._end(n, event, kind, payload)

    async def ainvoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        n, event, live = self._begin(method, args)
        try:
            inner = getattr(self._inner, "ainvoke", None)
            if inner is not None:
                kind, payload = await inner(method, live)
            else:
                kind, payload = await asyncio.get_running_loop().run_in_executor(None, self._inner.invoke,
                                                                                  method, live)
        except BaseException as exc:
            self._raised(n, event, exc)
            raise
        return self._end(n, event, kind, payload)

    def flush(self, timeout: float = 10.0) -> bool:
        ok = bool(self._inner.flush(timeout))
        if not self._closed:
            self.writer.add({"e": "flush", "t": self._t(), "ok": ok})
        return ok

    def close(self) -> None:
        if self._closed:
            return
        try:
            if self._owns_inner:
                self._inner.close()
            else:
                self._inner.flush(5.0)  # what the test caused is part of its recording
        finally:
            self._closed = True
            self.writer.close(end={"t": self._t()})

    @property
    def closed(self) -> bool:
        return self._closed

    # -- what the Device asks of a backend besides calls ------------------------------------------
    def stub_control(self) -> Any:
        """The world controls of the inner backend (never recorded: they are not API calls)."""
        from ..backends.stub import StubBackend, StubControl

        remote = getattr(self._inner, "stub_control", None)
        if remote is not None:
            return remote()
        if isinstance(self._inner, StubBackend):
            return StubControl(self._inner)
        from ..errors import NotSupportedError

        raise NotSupportedError("this recorded device is not simulated: stub controls need connect('stub')")

    @property
    def inner(self) -> Any:
        return self._inner

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_inner":
            raise AttributeError(name)
        return getattr(self._inner, name)  # info, tools, last_problems, ...
