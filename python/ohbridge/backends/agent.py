"""The agent backend: the API over msgpack-rpc to an ``ohbridge-agent``.

The agent runs the same native core as the in-process stub (or OhosBackend on
a device), so every call ends the same way; this module only carries calls and
events across a TCP stream (an ``hdc fport`` forward, or loopback):

* a call is a request ``invoke [method, args]`` answered ``[kind, payload]``
  (the kinds of :mod:`ohbridge._call`); a sync JS throw is an error reply;
* Python callables in the arguments travel as callback ids; the agent calls
  them back with ``callback [id, args]`` notifications and says ``drop [ids]``
  when it no longer holds them;
* WantAgents (native handles) travel as handle ids; the proxy's garbage
  collection sends ``release [ids]``;
* a pending promise is a deferred id, settled by ``settled [id, err, data]``.

One reader thread reads the stream; one dispatcher thread runs user callbacks
in order (a callback may call the API: the reader never waits for user code).
A call in flight when the link drops raises :class:`AgentConnectionError`; the
next call reconnects through the connector (a new forward, and the agent
restarted if it died).  Wire value types are in ``native/agent/codec.h``.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import math
import queue
import socket
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Protocol, Tuple

import msgpack  # type: ignore[import-untyped]  # msgpack ships no type information

from .._call import PENDING, REJECTED, RESOLVED, VIA_CALLBACK
from .._dispatch import report_callback_error
from ..errors import NotSupportedError, error_for
from ..transport.diagnose import PEER, LinkDiagnosis
from ..transport.errors import HdcError

__all__ = [
    "AgentBackend",
    "AgentConnector",
    "AgentEndpoint",
    "AgentError",
    "AgentConnectionError",
    "AgentTimeoutError",
    "AgentAuthError",
    "AgentHandle",
    "TcpConnector",
    "PROTOCOL_VERSION",
]

log = logging.getLogger("ohbridge.agent")

PROTOCOL_VERSION = 1
_EXT_UNDEFINED, _EXT_FUNCTION, _EXT_HANDLE, _EXT_FOREIGN = 1, 2, 3, 4
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_MAX_DEPTH = 200  # as native/bindings/convert.cpp and native/agent/codec.h


class AgentError(RuntimeError):
    """The agent could not be reached or did not answer as the protocol says."""


class AgentConnectionError(AgentError, ConnectionError):
    """The link to the agent is down (it died, its forward went, or the hdc server restarted)."""


class AgentTimeoutError(AgentError, TimeoutError):
    """The agent did not answer in time; the link is dropped and the next call reconnects."""


class AgentAuthError(AgentError, PermissionError):
    """The agent refused the session token."""


@dataclass(frozen=True)
class AgentEndpoint:
    """Where to reach an agent, and the token it expects (never printed)."""

    host: str
    port: int
    token: str = field(repr=False)


class AgentConnector(Protocol):
    """Brings up the path to an agent.  ``restart=True``: the agent itself may be gone."""

    def endpoint(self, *, restart: bool) -> AgentEndpoint: ...

    def close(self) -> None: ...


class TcpConnector:
    """An agent already listening at host:port (started by hand or by a test)."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self._endpoint = AgentEndpoint(host, port, token)

    def endpoint(self, *, restart: bool) -> AgentEndpoint:
        return self._endpoint

    def close(self) -> None:
        pass


class AgentHandle:
    """A native object (a WantAgent's target) held by the agent, by id."""

    __slots__ = ("id", "_link", "__weakref__")
    kind = "handle"

    def __init__(self, handle_id: int, link: "_Link") -> None:
        self.id = handle_id
        self._link = link

    def same_native(self, other: "AgentHandle") -> bool:
        return self._link is other._link and self.id == other.id

    def __del__(self) -> None:
        # Runs on whatever thread collects it: only queue the release; the
        # next message to the agent carries it.
        self._link.pending_releases.append(self.id)

    def __repr__(self) -> str:
        return f"<agent handle {self.id}>"


def _utf8(s: str) -> str:
    """A str as JS reads it: lone surrogates become U+FFFD (as convert.cpp does)."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


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


class _Link:
    """One TCP connection to the agent: requests out, responses and notifications in."""

    def __init__(self, backend: "AgentBackend", sock: socket.socket) -> None:
        self._backend = weakref.ref(backend)
        self.sock = sock
        self._write_lock = threading.Lock()
        self._waiters: Dict[int, _Waiter] = {}
        self._waiters_lock = threading.Lock()
        self._ids = itertools.count(1)
        self.closed = False
        self.close_reason = ""
        self.pending_releases: List[int] = []
        self.deferreds: Dict[int, _Deferred] = {}
        self._early_settled: Dict[int, Tuple[Any, Any]] = {}
        self._reader = threading.Thread(target=self._read_loop, name="ohbridge-agent-reader", daemon=True)

    def start(self) -> None:
        self._reader.start()

    # -- encoding ---------------------------------------------------------------
    def _wire(self, obj: Any, depth: int = 0) -> Any:
        """A Python argument as the agent's core must see it (as convert.cpp does in process)."""
        backend = self._backend()
        if depth > _MAX_DEPTH:
            return msgpack.ExtType(_EXT_FOREIGN, type(obj).__name__.encode())
        if obj is None or isinstance(obj, (bool, float)):
            return obj
        if isinstance(obj, int):
            if _INT64_MIN <= obj <= _INT64_MAX:
                return obj
            try:
                return float(obj)  # a JS number cannot hold it exactly either
            except OverflowError:
                return math.inf if obj > 0 else -math.inf
        if isinstance(obj, str):
            return _utf8(obj)
        if isinstance(obj, AgentHandle):
            if obj._link is self:
                return msgpack.ExtType(_EXT_HANDLE, obj.id.to_bytes(8, "big"))
            # From a link that has since dropped: the agent no longer knows
            # the id, so it is just an object, as an unknown JS object is.
            return msgpack.ExtType(_EXT_FOREIGN, b"WantAgent")
        if _is_undefined(obj):
            return msgpack.ExtType(_EXT_UNDEFINED, b"")
        if isinstance(obj, (list, tuple)):
            return [self._wire(x, depth + 1) for x in obj]
        if isinstance(obj, dict):
            if not all(isinstance(k, str) for k in obj):
                return msgpack.ExtType(_EXT_FOREIGN, b"dict")
            return {_utf8(k): self._wire(v, depth + 1) for k, v in obj.items()}
        if not isinstance(obj, type):
            hook = getattr(obj, "__ohbridge_js__", None)
            if hook is not None:
                try:
                    js = hook()
                except Exception:  # noqa: BLE001 - as convert.cpp: a failing hook is a foreign object
                    return msgpack.ExtType(_EXT_FOREIGN, type(obj).__name__.encode())
                return self._wire(js, depth + 1)
            if callable(obj) and backend is not None:
                return msgpack.ExtType(_EXT_FUNCTION, backend._function_id(obj).to_bytes(8, "big"))
        return msgpack.ExtType(_EXT_FOREIGN, type(obj).__name__.encode("utf-8", "replace"))

    def _ext_hook(self, code: int, data: bytes) -> Any:
        if code == _EXT_HANDLE and len(data) == 8:
            return AgentHandle(int.from_bytes(data, "big"), self)
        return None  # undefined, foreign objects and functions read as None, as in process

    # -- requests -----------------------------------------------------------------
    def _send(self, payload: bytes) -> None:
        with self._write_lock:
            if self.closed:
                raise AgentConnectionError(f"the agent link is closed: {self.close_reason}")
            pending = self.pending_releases
            n = len(pending)
            if n:
                # Take exactly what is there: a collector may append meanwhile.
                releases = pending[:n]
                del pending[:n]
                self.sock.sendall(msgpack.packb([2, "release", releases]))
            self.sock.sendall(payload)

    def request(self, method: str, params: List[Any], timeout: Optional[float], what: str) -> Any:
        msgid = next(self._ids) & 0xFFFFFFFF
        waiter = _Waiter(invoke=method == "invoke")
        with self._waiters_lock:
            if self.closed:
                raise AgentConnectionError(f"the agent link is closed: {self.close_reason}")
            self._waiters[msgid] = waiter
        try:
            payload = msgpack.packb([0, msgid, method, [self._wire(p) for p in params]])
            try:
                self._send(payload)
            except OSError as exc:
                self.close(f"sending failed: {exc}")
                raise AgentConnectionError(f"{what}: the link to the agent dropped ({exc})") from exc
            if not waiter.wait(timeout):
                self.close(f"{what} timed out")
                raise AgentTimeoutError(f"{what}: no answer from the agent in {timeout} s; the link is dropped")
        finally:
            with self._waiters_lock:
                self._waiters.pop(msgid, None)
        if isinstance(waiter.error, BaseException):
            raise waiter.error
        if waiter.error is not None:
            raise _remote_error(waiter.error, what)
        return waiter.result

    # -- reading --------------------------------------------------------------------
    def _read_loop(self) -> None:
        unpacker = msgpack.Unpacker(raw=False, ext_hook=self._ext_hook, strict_map_key=False,
                                    unicode_errors="replace", max_buffer_size=128 << 20)
        reason = "the agent closed the connection"
        try:
            while True:
                data = self.sock.recv(1 << 16)
                if not data:
                    break
                unpacker.feed(data)
                for msg in unpacker:
                    self._handle(msg)
        except OSError as exc:
            reason = f"the connection failed ({exc})"
        except Exception as exc:  # noqa: BLE001 - a garbled stream ends the link, not the process
            reason = f"the agent sent something that is not msgpack-rpc ({exc})"
            self.close(reason)
            return
        backend = self._backend()
        if not self.closed and backend is not None:
            # A closed forward socket looks the same whatever broke: ask which part did.
            found = backend.diagnose_link()
            if found is not None:
                reason = found.message
        self.close(reason)
        self.sock.close()

    def _handle(self, msg: Any) -> None:
        if not isinstance(msg, list) or not msg:
            raise AgentError("not an RPC message")
        if msg[0] == 1 and len(msg) == 4:
            with self._waiters_lock:
                waiter = self._waiters.get(msg[1])
            if waiter is None:
                return  # its caller gave up (timeout)
            error, result = msg[2], msg[3]
            if error is None and waiter.invoke and isinstance(result, list) and result and result[0] == PENDING:
                result = [PENDING, self._deferred(int(result[1]))]
            waiter.error, waiter.result = error, result
            with self._waiters_lock:
                waiter.set()
        elif msg[0] == 2 and len(msg) == 3:
            backend = self._backend()
            if backend is None:
                return
            method, params = msg[1], msg[2]
            if method == "callback":
                fn = backend._function(int(params[0]))
                if fn is not None:
                    backend._post(fn, *params[1])
            elif method == "settled":
                did, err, data = int(params[0]), params[1], params[2]
                d = self.deferreds.pop(did, None)
                if d is None:
                    self._early_settled[did] = (err, data)
                else:
                    d._settle(err, data)
            elif method == "drop":
                backend._drop_functions(params)

    def _deferred(self, did: int) -> _Deferred:
        backend = self._backend()
        assert backend is not None
        d = _Deferred(backend)
        early = self._early_settled.pop(did, None)
        if early is not None:
            d._settle(*early)
        else:
            self.deferreds[did] = d
        return d

    def close(self, reason: str) -> None:
        with self._waiters_lock:
            if self.closed:
                return
            self.closed = True
            self.close_reason = reason
            waiters = list(self._waiters.values())
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the reader out of recv()
        except OSError:
            pass
        # The reader owns the descriptor while it runs: closed here under its
        # recv(), the number could be reused by another socket and read from.
        if not self._reader.is_alive():
            self.sock.close()
        lost = AgentConnectionError(f"the link to the ohbridge-agent dropped while the call was in flight: {reason}")
        for w in waiters:
            with self._waiters_lock:
                if not w.done:
                    w.error = lost
                    w.set()
        deferreds, self.deferreds = self.deferreds, {}
        for d in deferreds.values():
            d._settle({"code": -1, "message": str(lost)}, None, lost=lost)

    def join(self, timeout: float) -> None:
        if self._reader.is_alive() and threading.current_thread() is not self._reader:
            self._reader.join(timeout)


def _remote_error(error: Any, what: str) -> BaseException:
    if isinstance(error, list) and len(error) == 3:
        kind, code, message = error
        if kind == "BusinessError":
            return error_for(int(code), str(message))
        if kind == "ValueError":
            return ValueError(message)
        if kind == "KeyError":
            return KeyError(message)
        if kind == "Unauthorized":
            return AgentAuthError(f"{what}: {message}")
        return AgentError(f"{what}: {kind}: {message}")
    return AgentError(f"{what}: malformed error reply {error!r}")


_undefined_type: Optional[type] = None


def _is_undefined(obj: Any) -> bool:
    global _undefined_type
    if _undefined_type is None:
        from .. import _native

        _undefined_type = type(_native.undefined)
    return isinstance(obj, _undefined_type)


_STOP = object()

_live: "weakref.WeakSet[AgentBackend]" = weakref.WeakSet()
_live_lock = threading.Lock()


@atexit.register
def _close_all() -> None:
    # Close links and join threads while the interpreter is whole: a reader
    # thread left blocked in recv() must not meet a finalizing interpreter.
    with _live_lock:
        backends = list(_live)
    for b in backends:
        b.close(drain=False)


class AgentBackend:
    """A device served by an ohbridge-agent over RPC (``device.backend == "agent"``)."""

    kind = "agent"

    def __init__(self, connector: AgentConnector, *, call_timeout: float = 60.0,
                 connect_timeout: float = 10.0, view: Optional[str] = None) -> None:
        self._connector = connector
        #: the device of the agent's simulated world this backend calls from (None: the default one)
        self.view = view
        #: where the current link goes (a second view opens its own session there)
        self.endpoint: Optional[AgentEndpoint] = None
        self.call_timeout = call_timeout
        self.connect_timeout = connect_timeout
        self._link: Optional[_Link] = None
        self._link_lock = threading.Lock()
        self._closed = False
        self.info: Dict[str, Any] = {}
        self.reconnects = 0
        # Caller functions the agent holds: id -> [fn, count]; fn identity -> id.
        self._fns: Dict[int, List[Any]] = {}
        self._fn_ids: Dict[int, int] = {}
        self._fn_lock = threading.Lock()
        self._fn_counter = itertools.count(1)
        self._queue: "queue.SimpleQueue[Any]" = queue.SimpleQueue()
        self._dispatcher = threading.Thread(target=self._dispatch_loop, name="ohbridge-agent-dispatcher", daemon=True)
        self._dispatcher.start()
        with _live_lock:
            _live.add(self)
        try:
            self._ensure_link(first=True)
        except BaseException:
            self.close(drain=False)
            raise

    # -- the link ---------------------------------------------------------------
    def _open_link(self, restart: bool) -> _Link:
        endpoint = self._connector.endpoint(restart=restart)
        sock = socket.create_connection((endpoint.host, endpoint.port), timeout=self.connect_timeout)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        link = _Link(self, sock)
        link.start()
        log.debug("agent rpc hello to %s:%s (session token withheld)", endpoint.host, endpoint.port)
        try:
            info = link.request("hello", [endpoint.token, PROTOCOL_VERSION], self.connect_timeout, "hello")
        except BaseException:
            link.close("hello failed")
            link.join(1.0)
            raise
        self.info = dict(info) if isinstance(info, dict) else {}
        self.endpoint = endpoint
        if self.view is not None:
            from .agent_view import select_view

            select_view(link, self.view, self.connect_timeout)
        return link

    def _ensure_link(self, first: bool = False) -> _Link:
        link = self._link
        if link is not None and not link.closed:
            return link
        with self._link_lock:
            if self._closed:
                raise AgentConnectionError("the device connection is closed")
            link = self._link
            if link is not None and not link.closed:
                return link
            if link is not None:
                link.join(1.0)
            if first:
                # Nothing to reconnect to yet: one attempt, and its own error (a missing
                # agent build, a refused start, a device gone) says best what went wrong.
                try:
                    self._link = self._open_link(restart=False)
                    return self._link
                except (AgentError, HdcError, FileNotFoundError):
                    raise
                except OSError as exc:  # the socket to the forward
                    raise AgentConnectionError(f"cannot reach the ohbridge-agent: {exc}") from exc
            errors: List[str] = []
            last: Optional[BaseException] = None
            # First the agent we had (only the forward or the socket may have
            # gone); then a restarted one.
            for restart in (False, True):
                try:
                    self._link = self._open_link(restart=restart)
                    if not first:
                        self.reconnects += 1
                        log.info("reconnected to the ohbridge-agent (restart=%s)", restart)
                    return self._link
                except AgentAuthError:
                    raise
                except Exception as exc:  # noqa: BLE001 - transport errors (HdcError...) too: report them all
                    last = exc
                    if str(exc) not in (e.split(": ", 1)[-1] for e in errors):
                        errors.append(f"{'restarting the agent' if restart else 'reconnecting'}: {exc}")
            found = self.diagnose_link()
            if found is not None and found.part != PEER:
                # The server or the device link is down: that is the whole story.
                raise AgentConnectionError(f"cannot reach the ohbridge-agent: {found.message}") from last
            raise AgentConnectionError("cannot reach the ohbridge-agent: " + "; ".join(errors)) from last

    def diagnose_link(self) -> Optional["LinkDiagnosis"]:
        """Which part of the path to the agent is broken, if the connector can tell."""
        diagnose = getattr(self._connector, "diagnose", None)
        if diagnose is None:
            return None
        try:
            found: Optional[LinkDiagnosis] = diagnose()
        except Exception as exc:  # noqa: BLE001 - a diagnosis must not hide the failure it explains
            log.debug("diagnosing the agent link: %s", exc)
            return None
        return found

    def _request(self, method: str, params: List[Any], what: str, timeout: Optional[float] = None) -> Any:
        # The method and what it serves, never the params: "hello" carries the session token.
        log.debug("agent rpc %s (%s)", method, what)
        link = self._ensure_link()
        return link.request(method, params, self.call_timeout if timeout is None else timeout, what)

    # -- Backend protocol -------------------------------------------------------------
    def invoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        result = self._request("invoke", [method, args], method)
        if not isinstance(result, list) or len(result) != 2:
            raise AgentError(f"{method}: malformed reply {result!r}")
        kind, payload = result
        if kind == REJECTED:
            return REJECTED, (int(payload[0]), str(payload[1]))
        if kind == VIA_CALLBACK:
            return VIA_CALLBACK, None
        return int(kind), payload

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every callback the agent has posted so far has run here."""
        ok = bool(self._request("flush", [int(timeout * 1000)], "flush", timeout + 5.0))
        if threading.current_thread() is self._dispatcher:
            return ok  # called from a callback: what is queued behind it cannot run first
        done = threading.Event()
        self._queue.put((done.set, ()))
        return done.wait(timeout) and ok

    def control(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """A world control of a stub agent (see :class:`ohbridge.backends.stub.StubControl`)."""
        return self._request("control", [name, list(args), kwargs], f"stub control {name}")

    def stub_control(self) -> Any:
        """``device.stub`` for an agent running the stub world."""
        if self.info.get("backend") != "stub":
            raise NotSupportedError("world controls need an agent running the stub backend (--stub)")
        from .stub import StubControl

        control = StubControl.__new__(StubControl)
        control._native = _RemoteStubNative(self)  # type: ignore[assignment]  # duck-typed: same names
        return control

    def ping(self) -> bool:
        return bool(self._request("ping", [], "ping"))

    def drop_link(self) -> None:
        """Close the current link (tests, and callers that know the path died)."""
        link = self._link
        if link is not None:
            link.close("closed by the client")
            link.join(2.0)

    def close(self, drain: bool = True) -> None:
        if self._closed:
            return
        if drain and self._link is not None and not self._link.closed:
            try:
                self.flush(5.0)
            except (AgentError, OSError):
                pass
        self._closed = True
        link = self._link
        if link is not None:
            link.close("the device connection was closed")
            link.join(2.0)
        self._queue.put(_STOP)
        if threading.current_thread() is not self._dispatcher:
            self._dispatcher.join(2.0)
        try:
            self._connector.close()
        except Exception as exc:  # noqa: BLE001 - closing must not fail half-way
            log.debug("closing the agent connector: %s", exc)
        with _live_lock:
            _live.discard(self)

    @property
    def closed(self) -> bool:
        return self._closed

    # -- functions and the dispatcher ------------------------------------------------------
    def _function_id(self, fn: Any) -> int:
        with self._fn_lock:
            fid = self._fn_ids.get(id(fn))
            if fid is not None and self._fns[fid][0] is fn:
                self._fns[fid][1] += 1
                return fid
            fid = next(self._fn_counter)
            self._fns[fid] = [fn, 1]
            self._fn_ids[id(fn)] = fid
            return fid

    def _function(self, fid: int) -> Any:
        with self._fn_lock:
            entry = self._fns.get(fid)
            return entry[0] if entry is not None else None

    def _drop_functions(self, fids: List[int]) -> None:
        with self._fn_lock:
            for fid in fids:
                entry = self._fns.get(fid)
                if entry is None:
                    continue
                entry[1] -= 1
                if entry[1] <= 0:
                    del self._fns[fid]
                    if self._fn_ids.get(id(entry[0])) == fid:
                        del self._fn_ids[id(entry[0])]

    @property
    def held_functions(self) -> int:
        """How many caller functions the agent holds (0 when nothing leaked)."""
        with self._fn_lock:
            return len(self._fns)

    def _post(self, fn: Callable[..., Any], *args: Any) -> None:
        self._queue.put((fn, args))

    def _dispatch_loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            fn, args = item
            try:
                fn(*args)
            except Exception as exc:  # noqa: BLE001 - a callback must not kill the dispatcher
                report_callback_error(fn, exc)
            del fn, args, item


class _RemoteStubNative:
    """What StubControl needs from ``_native.StubBackend``, over the agent's controls."""

    def __init__(self, backend: AgentBackend) -> None:
        self._backend = backend

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        if name == "emit_snapshot_events":
            raise NotSupportedError("emit_snapshot_events is an in-process benchmark control")

        def control(*args: Any, **kwargs: Any) -> Any:
            return self._backend.control(name, *args, **kwargs)

        return control

    def _get(self, name: str) -> Any:
        return self._backend.control(name)

    @property
    def api_version(self) -> int:
        return int(self._backend.control("api_version"))

    @api_version.setter
    def api_version(self, value: int) -> None:
        self._backend.control("api_version", value)

    @property
    def auto_continue(self) -> bool:
        return bool(self._backend.control("auto_continue"))

    @auto_continue.setter
    def auto_continue(self, value: bool) -> None:
        self._backend.control("auto_continue", value)

    @property
    def local_device_id(self) -> str:
        return str(self._get("local_device_id"))

    @property
    def pending_want_count(self) -> int:
        return int(self._get("pending_want_count"))

    @property
    def callbacks_delivered(self) -> int:
        return int(self._get("callbacks_delivered"))

    @property
    def clock_ms(self) -> int:
        return int(self._get("clock_ms"))

    @property
    def mission_listener_count(self) -> int:
        return int(self._get("mission_listener_count"))

    @property
    def continue_state_listener_count(self) -> int:
        return int(self._get("continue_state_listener_count"))

    @property
    def closed(self) -> bool:
        return self._backend.closed
