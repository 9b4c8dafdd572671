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

import asyncio
import atexit
import itertools
import logging
import queue
import socket
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Protocol, Tuple

from .._call import REJECTED, VIA_CALLBACK
from .._dispatch import report_callback_error
from ..errors import NotSupportedError
from ..transport.diagnose import PEER, LinkDiagnosis
from ..transport.errors import HdcError
from ._agent_codec import AgentHandle
from ._agent_errors import AgentAuthError, AgentConnectionError, AgentError, AgentTimeoutError
from ._agent_link import _Link
from ._agent_stub_control import _RemoteStubNative

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

    async def _arequest(self, method: str, params: List[Any], what: str, timeout: Optional[float] = None) -> Any:
        log.debug("agent rpc %s (%s), from a coroutine", method, what)
        link = self._link
        if link is None or link.closed:
            # Reconnecting brings up a forward and may restart the agent through the blocking
            # hdc tools: that rare step runs in a worker thread; calls over a live link never do.
            link = await asyncio.to_thread(self._ensure_link)
        return await link.arequest(method, params, self.call_timeout if timeout is None else timeout, what)

    # -- Backend protocol -------------------------------------------------------------
    def invoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        return self._invoke_result(method, self._request("invoke", [method, args], method))

    async def ainvoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        return self._invoke_result(method, await self._arequest("invoke", [method, args], method))

    @staticmethod
    def _invoke_result(method: str, result: Any) -> Tuple[int, Any]:
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
        farewell = getattr(self._connector, "farewell", None)
        if farewell is not None:  # a shared agent: tell it this client leaves (shared_agent.py)
            farewell(self)
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
