"""One TCP connection to the agent: requests out, responses and notifications in.

One reader thread per link reads the stream and settles waiters and deferreds; it never runs user
code (callbacks go to the backend's dispatcher), so a callback may call the API.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
import threading
import weakref
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union

import msgpack  # type: ignore[import-untyped]  # msgpack ships no type information

from ..transport._deadline import DeadlineExceeded, within
from .._call import PENDING
from ._agent_codec import decode_ext, encode
from ._agent_errors import AgentConnectionError, AgentError, AgentTimeoutError, remote_error
from ._agent_waiters import _Deferred, _LoopWaiter, _Waiter

if TYPE_CHECKING:
    from .agent import AgentBackend

__all__ = ["_Link"]


class _Link:
    """One TCP connection to the agent: requests out, responses and notifications in."""

    def __init__(self, backend: "AgentBackend", sock: socket.socket) -> None:
        self._backend = weakref.ref(backend)
        self.sock = sock
        self._write_lock = threading.Lock()
        self._waiters: Dict[int, Union[_Waiter, _LoopWaiter]] = {}
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
    def _wire(self, obj: Any) -> Any:
        backend = self._backend()
        return encode(obj, self, backend._function_id if backend is not None else None)

    def _ext_hook(self, code: int, data: bytes) -> Any:
        return decode_ext(code, data, self)

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
        return _outcome(waiter, what)

    # -- requests from a coroutine ---------------------------------------------------
    def _take_releases(self) -> bytes:
        pending = self.pending_releases
        n = len(pending)
        if not n:
            return b""
        releases = pending[:n]
        del pending[:n]
        return bytes(msgpack.packb([2, "release", releases]))

    def _send_rest(self, data: bytes) -> None:
        """Finish a send the loop started; the write lock is held for it and released here."""
        try:
            self.sock.sendall(data)
        finally:
            self._write_lock.release()

    async def _asend(self, payload: bytes) -> None:
        """Send without blocking the loop: at once if the socket takes it, else from a worker thread.

        The write lock keeps messages whole on the stream; a send finished by a thread holds it
        until the last byte, so a cancelled caller never leaves half a message behind.
        """
        dontwait = getattr(socket, "MSG_DONTWAIT", None)
        if dontwait is None or not self._write_lock.acquire(blocking=False):
            await asyncio.to_thread(self._send, payload)  # another sender holds the stream
            return
        try:
            if self.closed:
                raise AgentConnectionError(f"the agent link is closed: {self.close_reason}")
            data = self._take_releases() + payload
            try:
                sent = self.sock.send(data, dontwait)
            except BlockingIOError:
                sent = 0
        except BaseException:
            self._write_lock.release()
            raise
        if sent == len(data):
            self._write_lock.release()
            return
        # The socket buffer is full (a slow agent, a large argument): a thread waits it out.
        await asyncio.to_thread(self._send_rest, data[sent:])

    async def arequest(self, method: str, params: List[Any], timeout: Optional[float], what: str) -> Any:
        """:meth:`request` for a coroutine: the reply wakes a future; cancelling forgets the id."""
        waiter = _LoopWaiter(asyncio.get_running_loop(), invoke=method == "invoke")
        msgid = next(self._ids) & 0xFFFFFFFF
        with self._waiters_lock:
            if self.closed:
                raise AgentConnectionError(f"the agent link is closed: {self.close_reason}")
            self._waiters[msgid] = waiter
        try:
            payload = msgpack.packb([0, msgid, method, [self._wire(p) for p in params]])
            try:
                await self._asend(payload)
            except OSError as exc:
                self.close(f"sending failed: {exc}")
                raise AgentConnectionError(f"{what}: the link to the agent dropped ({exc})") from exc
            try:
                # Not asyncio.wait_for: up to 3.11 it returns a reply that lands as the caller
                # is cancelled and drops the cancellation (CPython gh-86296; _deadline.py).
                await within(waiter.future, timeout)
            except DeadlineExceeded:
                self.close(f"{what} timed out")
                raise AgentTimeoutError(f"{what}: no answer from the agent in {timeout} s; the link is dropped") from None
        finally:
            # A cancelled call's reply, when it comes, finds no waiter and is dropped by its id.
            with self._waiters_lock:
                self._waiters.pop(msgid, None)
        return _outcome(waiter, what)

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


def _outcome(waiter: Union[_Waiter, _LoopWaiter], what: str) -> Any:
    """The answer a settled waiter holds: its result, or its error raised (the link's own, or
    the agent's remote error)."""
    if isinstance(waiter.error, BaseException):
        raise waiter.error
    if waiter.error is not None:
        raise remote_error(waiter.error, what)
    return waiter.result
