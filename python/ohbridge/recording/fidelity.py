"""How far the stub is from a recorded device: the recorded calls, run again on a fresh stub.

The stub gets the recording's world (:func:`.world.derive_world`) and API level; each recorded
call is made on it with the recorded arguments (handles and mission ids the device chose
replaced by the stub's own for the same things), and every answer, error code, message and
event is compared with the recording, device-chosen ids normalised (:mod:`.matching`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from .._call import PENDING, REJECTED, RESOLVED
from .format import Recording, decode_value, encode_value, iter_recordings
from .matching import IdMap, MISSION_ID_ARGS, anonymous, differences, learn_ids, normalise
from .recorder import KIND_NAMES, describe_error, is_handle
from .world import derive_world

__all__ = ["Difference", "FidelityReport", "measure", "measure_path", "summarise"]

_SETTLE_TIMEOUT = 10.0
# Errors of the path to the device, not answers of it: such a call never reached the system, so
# there is nothing to hold the stub to (and the stub must not run it either).
_NOT_ANSWERS = ("NotSupportedError", "AgentError", "AgentConnectionError", "AgentTimeoutError", "AgentAuthError",
                "ReplayDivergence", "RecordingTruncated")


@dataclass
class Difference:
    #: the recorded call's number in its file (1 = the first call)
    call: int
    method: str
    #: outcome, answer, error code, error message or event
    what: str
    path: str
    recorded: Any
    stub: Any


@dataclass
class FidelityReport:
    path: str
    api_version: Optional[int]
    calls: int
    differences: List[Difference] = field(default_factory=list)
    world: Dict[str, Any] = field(default_factory=dict)
    #: the calls of each method, for the per-function summary
    methods: Dict[str, int] = field(default_factory=dict)
    #: calls the device never answered (the backend could not serve them, the link failed): not run
    skipped: List[Dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> Dict[str, Any]:
        return {"path": self.path, "api_version": self.api_version, "calls": self.calls, "methods": self.methods,
                "skipped": self.skipped,
                "differences": [asdict(d) for d in self.differences], "world": self.world}


def _outcome(call_or_live: Dict[str, Any]) -> Tuple[str, Optional[int], Optional[str]]:
    """(how it ended, code, message) of a recorded call or a live one in the same shape."""
    raised = call_or_live.get("raised")
    if raised is not None:
        kind = "raised " + str(raised.get("type"))
        return kind, raised.get("code"), raised.get("message")
    result = call_or_live.get("result") or {}
    return str(result.get("kind")), result.get("code"), result.get("message")


class _Run:
    """One recording measured: the live stub, and the map between its ids and the recorded ones."""

    def __init__(self, recording: Recording) -> None:
        from ..backends.stub import DEFAULT_API_VERSION, StubBackend
        from ..device import Device
        from ..scenario import apply_scenario

        self.recording = recording
        self.world = derive_world(recording)
        # The stub itself, not connect(): a fidelity run under `ohbridge record` must not record itself.
        self.device = Device(StubBackend(api_version=recording.api_version or DEFAULT_API_VERSION), serial="stub")
        apply_scenario(self.device, self.world, where=f"the world of {recording.path}")
        self.backend = self.device._backend
        self.ids = IdMap()
        self._objects: Dict[int, Any] = {}  # live handle number -> the handle
        self._numbers: Dict[int, int] = {}  # id(handle) -> live number
        self._fns: Dict[int, Callable[..., None]] = {}
        self.live_events: Dict[int, List[Any]] = defaultdict(list)  # recorded fn -> encoded args of each call
        self.differences: List[Difference] = []

    # -- values -------------------------------------------------------------------------------------
    def _ref(self, obj: Any) -> Optional[Dict[str, Any]]:
        if is_handle(obj):
            number = self._numbers.get(id(obj))
            if number is None:
                number = self._numbers[id(obj)] = len(self._objects) + 1
                self._objects[number] = obj
            return {"$handle": number}
        from .recorder import _is_undefined

        if _is_undefined(obj):
            return {"$undefined": True}
        return None

    def encode(self, value: Any) -> Any:
        return encode_value(value, self._ref)

    def _function(self, number: int) -> Callable[..., None]:
        fn = self._fns.get(number)
        if fn is None:
            def live(*args: Any) -> None:
                self.live_events[number].append(self.encode(list(args)))

            fn = self._fns[number] = live
        return fn

    def decode_args(self, method: str, args: Any) -> List[Any]:
        from .. import _native
        from .replayer import _Foreign

        def tag(name: str, arg: Any) -> Any:
            if name == "$handle":
                live = self.ids.known("$handle", int(arg))
                # A handle no answer of this recording gave (an earlier test made it): the stub never had it.
                return self._objects.get(live, _Foreign("WantAgent")) if live is not None else _Foreign("WantAgent")
            if name == "$fn":
                return self._function(int(arg))
            if name == "$undefined":
                return _native.undefined
            if name == "$bytes_omitted":
                return b""
            return _Foreign(str(arg))

        def ids(value: Any, key: str = "") -> Any:
            if isinstance(value, list):
                return [ids(v) for v in value]
            if isinstance(value, dict):
                return {k: ids(v, k) for k, v in value.items()}
            if key == "missionId":
                return self.ids.live("missionId", value)
            return value

        live = ids(decode_value(args, tag))
        for i in MISSION_ID_ARGS.get(method, ()):
            if i < len(live):
                live[i] = self.ids.live("missionId", live[i])
        return live  # type: ignore[no-any-return]

    # -- comparing -----------------------------------------------------------------------------------
    def differ(self, index: int, method: str, what: str, path: str, recorded: Any, stub: Any) -> None:
        self.differences.append(Difference(index, method, what, path, recorded, stub))

    def compare_values(self, index: int, method: str, recorded: Any, live: Any, what: str = "answer",
                       prefix: str = "value") -> None:
        learn_ids(self.ids, recorded, live)
        for path, r, v in differences(anonymous(recorded), normalise(live, self.ids), prefix):
            self.differ(index, method, what, path, r, v)

    def compare_outcomes(self, index: int, method: str, recorded: Dict[str, Any], live: Dict[str, Any]) -> None:
        r_kind, r_code, r_message = _outcome(recorded)
        v_kind, v_code, v_message = _outcome(live)
        if r_kind != v_kind:
            self.differ(index, method, "outcome", "", _describe(r_kind, r_code), _describe(v_kind, v_code))
            return
        if r_code != v_code:
            self.differ(index, method, "error code", "", r_code, v_code)
        elif r_message != v_message:
            self.differ(index, method, "error message", "", r_message, v_message)
        if r_kind == "resolved":
            self.compare_values(index, method, (recorded.get("result") or {}).get("value"),
                                (live.get("result") or {}).get("value"))

    # -- running -------------------------------------------------------------------------------------
    def call(self, index: int, event: Dict[str, Any], settles: Dict[int, Dict[str, Any]]) -> None:
        method = str(event.get("method", ""))
        args = self.decode_args(method, event.get("args") or [])
        live: Dict[str, Any] = {}
        deferred = None
        try:
            kind, payload = self.backend.invoke(method, args)
        except Exception as exc:  # noqa: BLE001 - what the stub raised is what is compared
            live["raised"] = describe_error(exc)
        else:
            result: Dict[str, Any] = {"kind": KIND_NAMES.get(kind, str(kind))}
            if kind == RESOLVED:
                result["value"] = self.encode(payload)
            elif kind == REJECTED:
                result["code"], result["message"] = int(payload[0]), str(payload[1])
            elif kind == PENDING:
                deferred = payload
            live["result"] = result
        self.compare_outcomes(index, method, event, live)
        recorded_settle = settles.get(int(event.get("n", -1)))
        if deferred is not None and recorded_settle is not None:
            self._compare_settlement(index, method, recorded_settle, deferred)
        self.backend.flush(_SETTLE_TIMEOUT)

    def _compare_settlement(self, index: int, method: str, recorded: Dict[str, Any], deferred: Any) -> None:
        if not deferred.wait(_SETTLE_TIMEOUT):
            self.differ(index, method, "outcome", "settled", "settled", "never settled")
            return
        kind, payload = deferred.result()
        r_err = recorded.get("err")
        r_code = r_err.get("code") if isinstance(r_err, dict) else None
        v_code = int(payload[0]) if kind == REJECTED else None
        if r_code != v_code:
            self.differ(index, method, "error code", "settled", r_code, v_code)
        elif kind == RESOLVED:
            self.compare_values(index, method, recorded.get("data"), self.encode(payload), prefix="settled")

    def compare_events(self, owners: Dict[int, Tuple[int, str]]) -> None:
        recorded: Dict[int, List[Any]] = defaultdict(list)
        for event in self.recording.events:
            if event.get("e") == "callback":
                recorded[int(event.get("fn", -1))].append(event.get("args") or [])
        for fn in sorted(set(recorded) | set(self.live_events)):
            index, method = owners.get(fn, (0, "?"))
            r_calls, v_calls = recorded.get(fn, []), self.live_events.get(fn, [])
            if len(r_calls) != len(v_calls):
                self.differ(index, method, "event", f"callback {fn}", f"{len(r_calls)} call(s)",
                            f"{len(v_calls)} call(s)")
            for i, (r, v) in enumerate(zip(r_calls, v_calls)):
                self.compare_values(index, method, r, v, what="event", prefix=f"callback {fn} call {i + 1}")

    def close(self) -> None:
        self.device.close()


def _describe(kind: str, code: Optional[int]) -> str:
    return kind if code is None else f"{kind} {code}"


def _functions_of(value: Any) -> List[int]:
    if isinstance(value, dict):
        if set(value) == {"$fn"}:
            return [int(value["$fn"])]
        return [n for v in value.values() for n in _functions_of(v)]
    if isinstance(value, list):
        return [n for v in value for n in _functions_of(v)]
    return []


def measure(recording: Recording) -> FidelityReport:
    """Run ``recording``'s calls on a fresh stub of its world and report every difference."""
    run = _Run(recording)
    report = FidelityReport(path=recording.path or "", api_version=recording.api_version, calls=0, world=run.world)
    settles = {int(e.get("call", -1)): e for e in recording.events if e.get("e") == "settle"}
    owners: Dict[int, Tuple[int, str]] = {}
    methods: Dict[str, int] = defaultdict(int)
    try:
        for index, event in enumerate(recording.calls, start=1):
            method = str(event.get("method", ""))
            raised = event.get("raised") or {}
            if raised.get("type") in _NOT_ANSWERS or str(raised.get("type", "")).startswith("Hdc"):
                report.skipped.append({"call": index, "method": method, "why": f"{raised['type']}: "
                                                                              f"{raised.get('message', '')}"})
                continue
            methods[method] += 1
            for fn in _functions_of(event.get("args")):
                owners.setdefault(fn, (index, method))
            run.call(index, event, settles)
        run.backend.flush(_SETTLE_TIMEOUT)
        run.compare_events(owners)
    finally:
        run.close()
    report.calls = len(recording.calls)
    report.methods = dict(methods)
    report.differences = run.differences
    return report


def measure_path(path: str) -> List[FidelityReport]:
    """The reports of a recording, or of every ``*.ohrec`` of a directory."""
    return [measure(recording) for _name, recording in iter_recordings(path)]


def summarise(reports: List[FidelityReport]) -> List[Dict[str, Any]]:
    """Per API function: how often it was called, in how many calls the stub differed, and how."""
    rows: Dict[str, Dict[str, Any]] = {}
    for report in reports:
        for method, count in report.methods.items():
            row = rows.setdefault(method, {"method": method, "calls": 0, "differing_calls": 0, "differences": 0,
                                           "kinds": set()})
            row["calls"] += count
        differing = {(d.method, d.call) for d in report.differences}
        for d in report.differences:
            row = rows.setdefault(d.method, {"method": d.method, "calls": 0, "differing_calls": 0,
                                             "differences": 0, "kinds": set()})
            row["differences"] += 1
            row["kinds"].add(d.what)
        for method, _call in differing:
            rows[method]["differing_calls"] += 1
    return [dict(r, kinds=sorted(r["kinds"])) for _m, r in sorted(rows.items())]
