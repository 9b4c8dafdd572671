"""Replay: a backend that serves a recording's answers, events and errors, in order, with no device.

``connect("replay:session.ohrec")`` gives a Device over a :class:`ReplayBackend`.  Each call is
checked against the next recorded one (method and arguments, device-chosen ids normalised:
:mod:`.matching`); the first that differs raises :class:`ReplayDivergence` at once, naming the
call and showing both.  The recorded answer is returned, and the events that followed it in the
recording (callbacks, settlements of pending promises) run on the replay's dispatcher thread in
their recorded order.  Nothing sleeps: the replay's clock (``clock_ms``) jumps to each event's
recorded time as the event is delivered.

``out_of_order=True`` lets a call match the first recorded call not yet served that has the same
method and arguments, for tests whose independent calls may come in another order.

A shell-backend recording is replayed through a real :class:`~ohbridge.backends.shell.ShellBackend`
reading the recorded command outputs, so the parsers run again on what the device printed.
"""

from __future__ import annotations

import queue
import threading
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple

from .._error_base import Error
from .._call import PENDING, REJECTED, RESOLVED, VIA_CALLBACK
from .._dispatch import report_callback_error
from .format import Recording, RecordingError, RecordingTruncated, decode_value, encode_value, read_recording
from .matching import anonymous, differences, pairs, show

__all__ = ["ReplayBackend", "ReplayDivergence", "ReplayHandle", "ReplayedError",
           "open_replay", "rebuild_error"]

if TYPE_CHECKING:
    from ..device import Device

_KINDS = {"resolved": RESOLVED, "rejected": REJECTED, "pending": PENDING, "via_callback": VIA_CALLBACK}


class ReplayDivergence(RecordingError, AssertionError):
    """The code under test made a call the recording does not have at this point."""


class ReplayedError(Error, RuntimeError):
    """An error the recorded call raised, of a type this process does not rebuild (its name is kept)."""


class ReplayHandle:
    """A handle the recorded device gave (a WantAgent's target), by its number in the recording."""

    __slots__ = ("number", "__weakref__")

    def __init__(self, number: int) -> None:
        self.number = number

    def __repr__(self) -> str:
        return f"<recorded handle {self.number}>"


class _Foreign:
    """A recorded value the core saw as an unknown JS object."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<recorded foreign {self.type_name}>"


def rebuild_error(raised: Dict[str, Any]) -> BaseException:
    """The exception a recorded call raised, as the same type where ohbridge has it."""
    from ..errors import NotSupportedError, error_for

    kind, message = str(raised.get("type", "")), str(raised.get("message", ""))
    if kind == "BusinessError":
        return error_for(int(raised.get("code", -1)), message)
    if kind == "NotSupportedError":
        return NotSupportedError(message)
    builtin = {"ValueError": ValueError, "TypeError": TypeError, "KeyError": KeyError,
               "TimeoutError": TimeoutError}.get(kind)
    if builtin is not None:
        return builtin(message)
    if kind in ("AgentError", "AgentConnectionError", "AgentTimeoutError", "AgentAuthError"):
        from ..backends import agent

        return getattr(agent, kind)(message)  # type: ignore[no-any-return]
    return ReplayedError(f"{kind}: {message}")


class _Deferred:
    """A recorded pending promise: settled when the replay reaches its ``settle`` event."""

    def __init__(self, backend: "ReplayBackend") -> None:
        self._backend = backend
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._outcome: Tuple[Any, Any] = (None, None)
        self._thens: List[Callable[[Any, Any], None]] = []

    def _settle(self, err: Any, data: Any) -> None:
        with self._lock:
            self._outcome = (err, data)
            thens, self._thens = self._thens, []
            self._event.set()
        for fn in thens:
            fn(err, data)  # already on the replay's dispatcher thread

    def wait(self, timeout: Optional[float] = None) -> bool:
        return self._event.wait(timeout)

    def result(self) -> Tuple[int, Any]:
        if not self._event.is_set():
            raise RuntimeError("not settled")
        err, data = self._outcome
        if isinstance(err, dict) and "code" in err:
            return REJECTED, (int(err["code"]), str(err.get("message", "")))
        return RESOLVED, data

    def then(self, fn: Callable[[Any, Any], None]) -> None:
        with self._lock:
            if not self._event.is_set():
                self._thens.append(fn)
                return
        self._backend._post(fn, *self._outcome)


class _Step:
    """One recorded call and the events that followed it until the next call."""

    __slots__ = ("index", "call", "after", "served")

    def __init__(self, index: int, call: Dict[str, Any]) -> None:
        self.index = index
        self.call = call
        self.after: List[Dict[str, Any]] = []
        self.served = False

    def describe(self) -> str:
        return f"{self.call.get('method')}({show(self.call.get('args', []))[1:-1]})"


_STOP = object()


class ReplayBackend:
    """Serves a :class:`~ohbridge.recording.format.Recording` (``device.backend`` is the recorded one)."""

    def __init__(self, recording: Recording, *, out_of_order: bool = False, serve: Any = None) -> None:
        self.recording = recording
        self.kind = str(recording.header.get("backend", "replay"))
        self.out_of_order = out_of_order
        self._serve = serve  # the shell backend over recorded outputs: answers come from its parsers
        self._steps: List[_Step] = []
        for event in recording.events:
            if event.get("e") == "call":
                self._steps.append(_Step(len(self._steps) + 1, event))
            elif self._steps:
                self._steps[-1].after.append(event)
        self._lock = threading.Lock()
        self._handles: Dict[int, ReplayHandle] = {}
        self._fns: Dict[int, Any] = {}  # recorded function number -> the function given in this run
        self._deferreds: Dict[int, _Deferred] = {}  # recorded call number -> its promise
        self.clock_ms = 0.0
        #: whether a call has diverged from the recording (the test failed at it)
        self.diverged = False
        self._closed = False
        self._queue: "queue.SimpleQueue[Any]" = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="ohbridge-replay-dispatcher", daemon=True)
        self._thread.start()

    @property
    def name(self) -> str:
        return self.recording.path or "the recording"

    # -- values --------------------------------------------------------------------------------
    def _handle(self, number: int) -> ReplayHandle:
        with self._lock:
            handle = self._handles.get(number)
            if handle is None:
                handle = self._handles[number] = ReplayHandle(number)
            return handle

    def _decode(self, value: Any) -> Any:
        def tag(name: str, arg: Any) -> Any:
            if name == "$handle":
                return self._handle(int(arg))
            if name == "$undefined":
                from .. import _native

                return _native.undefined
            if name == "$fn":
                return self._fns.get(int(arg), _no_function)
            if name == "$bytes_omitted":
                return b""
            return _Foreign(str(arg))

        return decode_value(value, tag)

    @staticmethod
    def _encode(value: Any, functions: List[Any]) -> Any:
        from .recorder import _is_undefined

        def ref(obj: Any) -> Optional[Dict[str, Any]]:
            if isinstance(obj, ReplayHandle):
                return {"$handle": obj.number}
            if _is_undefined(obj):
                return {"$undefined": True}
            if isinstance(obj, _Foreign):
                return {"$foreign": obj.type_name}
            if callable(obj) and not isinstance(obj, type) and getattr(obj, "__ohbridge_js__", None) is None:
                functions.append(obj)
                return {"$fn": len(functions)}
            return None

        return encode_value(value, ref)

    # -- matching ------------------------------------------------------------------------------
    def _match(self, method: str, args: List[Any]) -> Tuple[_Step, Any, List[Any]]:
        functions: List[Any] = []
        actual = self._encode(list(args), functions)
        wanted = anonymous(actual)
        with self._lock:
            pending = [s for s in self._steps if not s.served]
            if self.truncated_at is not None and (not pending or pending[0].index > self.truncated_at):
                raise RecordingTruncated(
                    f"{self.name}: the recording was cut at its size cap before call #{self.truncated_at + 1} "
                    f"({method}); nothing after it was kept")
            candidates = pending if self.out_of_order else pending[:1]
            for step in candidates:
                if step.call.get("method") == method and anonymous(step.call.get("args", [])) == wanted:
                    step.served = True
                    return step, actual, functions
        self.diverged = True
        raise self._divergence(method, actual, pending[0] if pending else None)

    def _divergence(self, method: str, actual: Any, step: Optional[_Step]) -> ReplayDivergence:
        served = sum(1 for s in self._steps if s.served)
        this = f"{method}({show(actual)[1:-1]})"
        if step is None:
            return ReplayDivergence(f"replay of {self.name}: call #{served + 1} {this} was not recorded: the "
                                    f"recording ends after {len(self._steps)} call(s)")
        lines = [f"replay of {self.name} diverged at call #{step.index} of {len(self._steps)}:",
                 f"  recorded: {step.describe()}", f"  actual:   {this}"]
        if step.call.get("method") == method:
            found = differences(anonymous(step.call.get("args", [])), anonymous(actual), "args")
            if found:
                where, r, v = found[0]
                lines.append(f"  first difference at {where}: recorded {show(r)}, actual {show(v)}")
        else:
            lines.append(f"  the method differs: {step.call.get('method')} was recorded")
        if self.out_of_order:
            lines.append("  (out-of-order matching: no call not yet served has this method and these arguments)")
        return ReplayDivergence("\n".join(lines))

    @property
    def truncated_at(self) -> Optional[int]:
        """The number of calls kept before the size cap cut the recording (None: not cut)."""
        for step in self._steps:
            if any(e.get("e") == "truncated" for e in step.after):
                return step.index
        if self.recording.truncated and not self._steps:
            return 0
        return None

    # -- the Backend protocol -------------------------------------------------------------------
    def invoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        if self._closed:
            raise RecordingError(f"replay of {self.name}: the device connection is closed")
        step, actual, functions = self._match(method, args)
        for _path, r, v in pairs(step.call.get("args", []), actual):
            if isinstance(r, dict) and isinstance(v, dict) and "$fn" in r and "$fn" in v:
                self._fns[int(r["$fn"])] = functions[int(v["$fn"]) - 1]
        self.clock_ms = float(step.call.get("t", self.clock_ms))
        if self._serve is not None:
            answer = self._serve.invoke(method, args)  # the parsers, on the recorded outputs
            self._check_transport()
            return answer  # type: ignore[no-any-return]
        answer = self._answer(step)
        self._queue.put(step)
        return answer

    async def ainvoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        return self.invoke(method, args)  # nothing here blocks: answers come from memory

    def _answer(self, step: _Step) -> Tuple[int, Any]:
        call = step.call
        if "raised" in call:
            self._queue.put(step)  # what followed still happens
            raise rebuild_error(call["raised"])
        result = call.get("result") or {}
        kind = _KINDS.get(str(result.get("kind")))
        if kind is None:
            raise RecordingError(f"{self.name}: call #{step.index} has no answer the replay understands")
        if kind == RESOLVED:
            return RESOLVED, self._decode(result.get("value"))
        if kind == REJECTED:
            return REJECTED, (int(result["code"]), str(result.get("message", "")))
        if kind == PENDING:
            deferred = self._deferreds[int(call["n"])] = _Deferred(self)
            return PENDING, deferred
        return VIA_CALLBACK, None

    def _check_transport(self) -> None:
        transport = getattr(self._serve, "transport", None)
        problem = getattr(transport, "divergence", None)
        if transport is not None and problem is not None:
            self.diverged = True
            transport.divergence = None
            raise ReplayDivergence(problem)

    def flush(self, timeout: float = 10.0) -> bool:
        if self._serve is not None:
            return bool(self._serve.flush(timeout))
        if threading.current_thread() is self._thread:
            return True
        done = threading.Event()
        self._queue.put((done.set, ()))
        return done.wait(timeout)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._serve is not None:
            self._serve.close()
        self._queue.put(_STOP)
        if threading.current_thread() is not self._thread:
            self._thread.join(5.0)

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def remaining(self) -> List[str]:
        """The recorded calls not served (a test that stopped early)."""
        return [f"#{s.index} {s.describe()}" for s in self._steps if not s.served]

    def stub_control(self) -> Any:
        from ..errors import NotSupportedError

        raise NotSupportedError(f"a replay of {self.name} serves the recorded API calls only; world controls "
                                "(device.stub) are not recorded")

    def recorded_facts(self) -> Any:
        """What the recording says the device was (for reports and ``ohos_requires``)."""
        from ..device_info import BACKEND_FEATURES, DeviceFacts

        header = self.recording.header
        identity = header.get("device") or {}
        features = tuple(sorted(BACKEND_FEATURES.get(self.kind, frozenset())))
        return DeviceFacts(serial=str(header.get("serial", "replay")), backend=self.kind,
                           api_version=identity.get("api_version"), model=str(identity.get("model") or "unknown"),
                           software_version=str(identity.get("software_version") or ""), features=features)

    # -- the dispatcher ---------------------------------------------------------------------------
    def _post(self, fn: Callable[..., Any], *args: Any) -> None:
        self._queue.put((fn, args))

    def _deliver(self, step: _Step) -> None:
        for event in step.after:
            kind = event.get("e")
            self.clock_ms = max(self.clock_ms, float(event.get("t", self.clock_ms)))
            if kind == "callback":
                fn = self._fns.get(int(event.get("fn", -1)))
                if fn is None:
                    continue  # a function this run did not pass: its call diverged already
                args = self._decode(event.get("args") or [])
                try:
                    fn(*args)
                except Exception as exc:  # noqa: BLE001 - a callback must not stop the replay
                    report_callback_error(fn, exc)
            elif kind == "settle":
                deferred = self._deferreds.pop(int(event.get("call", -1)), None)
                if deferred is not None:
                    deferred._settle(self._decode(event.get("err")), self._decode(event.get("data")))

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if isinstance(item, _Step):
                self._deliver(item)
                continue
            fn, args = item
            try:
                fn(*args)
            except Exception as exc:  # noqa: BLE001
                report_callback_error(fn, exc)


def _no_function(*args: Any) -> None:
    """Stands for a recorded function this run never passed."""


def open_replay(path: str, *, out_of_order: bool = False) -> "Device":
    """A Device that replays ``path`` (what ``connect("replay:PATH")`` returns)."""
    from ..device import Device
    from .shell import ReplayTransport

    recording = read_recording(path)
    transport = ReplayTransport(recording)
    serve = None
    if recording.header.get("backend") == "shell":
        from ..backends.shell import ShellBackend

        serve = ShellBackend(transport)  # type: ignore[arg-type]  # duck-typed: shell() is all it uses
    backend = ReplayBackend(recording, out_of_order=out_of_order, serve=serve)
    # The recorded shell outputs are all the replay has: a transport that serves shell() only.
    return Device(backend, serial=transport.serial, transport=transport)  # type: ignore[arg-type]
