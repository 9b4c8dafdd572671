"""The shell backend: API calls served by parsing the device's own shell tools.

For devices where no agent can run (HarmonyOS NEXT retail blocks unsigned
binaries).  One ``hdc shell`` per call (about 88 ms on a real device), and
only what the shell token can see (docs/agent.md, "The shell backend"):

* the local mission list: ``aa dump -l`` (SceneBoard and legacy layouts),
  most recently started first;
* the foreground mission: ``hidumper -s WindowManagerService -a -a``;
* start/stop an ability: ``aa start`` / ``aa force-stop``, judged from their
  text (``aa`` exits 0 whatever happens);
* WantAgent records, observed only: ``aa dump -p``;
* installed bundles and uids: ``bm dump``; device info: ``param get``.

Everything else (WantAgent create/trigger/cancel, the distributed mission
manager, snapshots, mission moves) raises
:class:`~ohbridge.errors.NotSupportedError` naming what would serve it.
:class:`ShellTools` gives the observations and actions that have no JS API.
"""

from __future__ import annotations

import asyncio
import atexit
import math
import queue
import threading
import weakref
from typing import Any, Dict, List, Optional, Tuple, TypeVar

from .._call import REJECTED, RESOLVED, VIA_CALLBACK
from .._dispatch import report_callback_error
from ..errors import NotSupportedError, error_for
from ..parsers import (
    AaResult,
    MissionListResult,
    MissionRecord,
    PendingWantsResult,
    parse_aa_result,
    parse_bundle_info,
    parse_bundle_list,
    parse_focus_window,
    parse_mission_list,
    parse_param,
    parse_pending_wants,
)
from ..transport.aio import AsyncHdcDevice
from ..transport.device import TransportDevice
from ..transport.errors import DeviceNotFoundError, HdcError, HdcTimeoutError
from ..transport.types import ShellResult
from ..transport.quoting import sh_join
from ._shell_steps import Steps, arun_steps, output_of, run_steps
from .shell_app import APP_METHODS, serve_app
from .._error_base import Error

__all__ = ["ShellBackend", "ShellTools", "ShellCommandError", "DeviceToolMissingError", "DEVICE_INFO_PARAMS"]

T = TypeVar("T")

_PARAM_INVALID = 401
_INTERNAL = 16000050
_AGENT_HINT = "use the agent backend (ohbridge.connect(url, backend='agent')) on a device that can run it"

DEVICE_INFO_PARAMS = (
    "const.product.model",
    "const.product.name",
    "const.product.brand",
    "const.product.manufacturer",
    "const.product.devicetype",
    "const.ohos.fullname",
    "const.ohos.apiversion",
    "const.product.software.version",
    "const.product.cpu.abilist",
    "const.security.developermode.state",
)


class ShellCommandError(Error, RuntimeError):
    """A device tool reported failure in its output (``aa`` exits 0 even then)."""

    def __init__(self, message: str, *, code: Optional[int] = None, output: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.output = output


class DeviceToolMissingError(ShellCommandError):
    """The device has no such tool (``sh: aa: not found``): not an OpenHarmony shell, or a
    stripped image. Raised as is, not turned into 16000050: no AMS call failed, there was none."""

    def __init__(self, tool: str, output: str) -> None:
        said = output.strip().splitlines()[-1] if output.strip() else "not found"
        super().__init__(
            f"the device has no `{tool}` ({said}): the shell backend needs OpenHarmony's aa, hidumper, bm and param; "
            + _AGENT_HINT,
            output=output,
        )
        self.tool = tool


class ShellTools:
    """Observations and actions through the device's shell tools (any backend's transport)."""

    def __init__(self, transport: TransportDevice, *, timeout: float = 30.0, persistent: bool = False) -> None:
        self.transport = transport
        self.timeout = timeout
        # A persistent shell session (hdc transports offer one) answers in about a millisecond
        # instead of a shell spawned per call; without one, or if it cannot open, one shell per call.
        self._sessions: Any = None
        self._session_lock = threading.Lock()
        self._persistent = persistent and hasattr(transport, "shell_session")

    def _shell(self, script: str) -> ShellResult:
        if self._persistent:
            with self._session_lock:
                if self._sessions is None:
                    self._sessions = self.transport.shell_session()  # type: ignore[attr-defined]
                sessions = self._sessions
            try:
                result: ShellResult = sessions.shell(script, timeout=self.timeout)
                return result
            except (HdcTimeoutError, DeviceNotFoundError):
                raise  # the command's own deadline, or no device: a shell per call fares no better
            except HdcError:
                # No usable interactive shell (refused, or the session broke): spawn a shell per
                # call from now on, which reports a lost device in its own words.
                self._persistent = False
                sessions.close()
        return self.transport.shell(script, timeout=self.timeout)

    def close(self) -> None:
        """Close the persistent session, if one is open."""
        with self._session_lock:
            sessions, self._sessions = self._sessions, None
        if sessions is not None:
            sessions.close()

    async def _ashell(self, script: str) -> ShellResult:
        """The asyncio shell: one channel per command on the caller's loop, so calls overlap.

        A cancelled command's channel is closed, which stops it on the device.
        """
        aio = getattr(self.transport, "aio", None)
        if isinstance(aio, AsyncHdcDevice):
            return await aio.shell(script, timeout=self.timeout)
        # adbutils (the adb transport) is blocking only: its shell runs in a worker thread.
        result: ShellResult = await asyncio.to_thread(self.transport.shell, script, timeout=self.timeout)
        return result

    def run(self, steps: "Steps[T]") -> T:
        """Run shell steps (see :mod:`._shell_steps`) with blocking shells."""
        return run_steps(steps, self._shell)

    async def arun(self, steps: "Steps[T]") -> T:
        """Run shell steps without blocking the event loop."""
        return await arun_steps(steps, self._ashell)

    # -- the tools, each as steps (one parser for both forms) and as a blocking call --------------
    def mission_list_steps(self) -> "Steps[MissionListResult]":
        return parse_mission_list((yield from output_of(["aa", "dump", "-l"])))

    def missions_steps(self) -> "Steps[List[MissionRecord]]":
        result = yield from self.mission_list_steps()
        return sorted(result.missions, key=lambda m: -(m.start_time if m.start_time is not None else -1))

    def focused_window_steps(self) -> "Steps[Optional[int]]":
        out = yield from output_of(["hidumper", "-s", "WindowManagerService", "-a", "-a"])
        return parse_focus_window(out).window_id

    def focused_mission_steps(self) -> "Steps[Optional[MissionRecord]]":
        window = yield from self.focused_window_steps()
        if window is None:
            return None
        return (yield from self.mission_list_steps()).by_id(window)

    def start_ability_steps(self, bundle_name: str, ability_name: str, *, module_name: Optional[str] = None,
                            extra: Optional[List[str]] = None) -> "Steps[AaResult]":
        args = ["aa", "start", "-b", bundle_name, "-a", ability_name]
        if module_name:
            args += ["-m", module_name]
        args += list(extra or [])
        result = parse_aa_result((yield from output_of(args)))
        if not result.ok:
            raise ShellCommandError(f"aa start {bundle_name}/{ability_name} failed: {result.message or result.output.strip()}",
                                    code=result.code, output=result.output)
        return result

    def force_stop_steps(self, bundle_name: str) -> "Steps[AaResult]":
        result = parse_aa_result((yield from output_of(["aa", "force-stop", bundle_name])))
        if not result.ok:
            raise ShellCommandError(f"aa force-stop {bundle_name} failed: {result.message or result.output.strip()}",
                                    code=result.code, output=result.output)
        return result

    def pending_wants_steps(self) -> "Steps[PendingWantsResult]":
        return parse_pending_wants((yield from output_of(["aa", "dump", "-p"])))

    def bundles_steps(self) -> "Steps[List[str]]":
        return parse_bundle_list((yield from output_of(["bm", "dump", "-a"]))).bundles

    def bundle_uid_steps(self, bundle_name: str) -> "Steps[Optional[int]]":
        return parse_bundle_info((yield from output_of(["bm", "dump", "-n", bundle_name]))).uid

    def param_steps(self, key: str) -> "Steps[Optional[str]]":
        return parse_param((yield from output_of(["param", "get", key]))).value

    def device_info_steps(self, keys: Tuple[str, ...] = DEVICE_INFO_PARAMS) -> "Steps[Dict[str, Optional[str]]]":
        marker = "\x1fohbridge-param\x1f"
        script = "; ".join(f"param get {sh_join([k])}; echo {sh_join([marker])}" for k in keys)
        out = (yield script).stdout
        chunks = out.split(marker + "\n") if out else []
        info: Dict[str, Optional[str]] = {}
        for i, key in enumerate(keys):
            info[key] = parse_param(chunks[i]).value if i < len(chunks) else None
        return info

    def mission_list(self) -> MissionListResult:
        """``aa dump -l``, parsed; missions in the dump's (arbitrary) order."""
        return self.run(self.mission_list_steps())

    def missions(self) -> List[MissionRecord]:
        """The local missions, most recently started first."""
        return self.run(self.missions_steps())

    def focused_window(self) -> Optional[int]:
        return self.run(self.focused_window_steps())

    def focused_mission(self) -> Optional[MissionRecord]:
        """The mission whose window has focus (hypium's join of WMS focus and the AMS list)."""
        return self.run(self.focused_mission_steps())

    def start_ability(self, bundle_name: str, ability_name: str, *, module_name: Optional[str] = None,
                      extra: Optional[List[str]] = None) -> AaResult:
        """``aa start -b -a [-m]``; raises :class:`ShellCommandError` when aa says it failed.

        A start that AMS queued behind another one (START_ABILITY_WAITING) is not a failure: the
        result has ``queued=True`` (``outcome == "queued"``) and the ability starts later.
        """
        return self.run(self.start_ability_steps(bundle_name, ability_name, module_name=module_name, extra=extra))

    def force_stop(self, bundle_name: str) -> AaResult:
        """``aa force-stop <bundle>``; raises :class:`ShellCommandError` when aa says it failed."""
        return self.run(self.force_stop_steps(bundle_name))

    def pending_wants(self) -> PendingWantsResult:
        """The WantAgent records of the current user (``aa dump -p``); observation only."""
        return self.run(self.pending_wants_steps())

    def bundles(self) -> List[str]:
        return self.run(self.bundles_steps())

    def bundle_uid(self, bundle_name: str) -> Optional[int]:
        return self.run(self.bundle_uid_steps(bundle_name))

    def param(self, key: str) -> Optional[str]:
        return self.run(self.param_steps(key))

    def device_info(self, keys: Tuple[str, ...] = DEVICE_INFO_PARAMS) -> Dict[str, Optional[str]]:
        """Common ``const.*`` parameters in one shell round trip."""
        return self.run(self.device_info_steps(keys))


def _to_int32(v: Any) -> int:
    """napi_get_value_int32: ECMAScript ToInt32, non-finite -> 0."""
    f = float(v)
    if not math.isfinite(f):
        return 0
    n = int(f) & 0xFFFFFFFF
    return n - (1 << 32) if n >= 1 << 31 else n


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _mission_js(m: MissionRecord) -> Dict[str, Any]:
    """The JS MissionInfo shape (ability_runtime MissionInfo, frameworks/js/napi mission_manager's WrapMissionInfo) from what the dump shows.

    The mission-list dumps print no runningState (a listed mission has a live
    ability, so 0), label, icon, continuability or exact timestamp; the
    mission-infos dump (InnerMissionInfo::Dump) does, and they are used when
    the record has them.  abilityState's enum is not the dump's state string:
    -1 (MissionInfo's default).
    """
    timestamp = m.timestamp or (str(m.start_time) if m.start_time is not None else "")
    return {
        "missionId": m.mission_id,
        "runningState": m.running_state if m.running_state is not None else 0,
        "lockedState": m.locked,
        "continuable": bool(m.continuable),
        "timestamp": timestamp,
        "want": {
            "deviceId": "",
            "bundleName": m.bundle_name,
            "abilityName": m.ability_name,
            "moduleName": m.module_name,
            "uri": "",
            "type": "",
            "flags": 0,
            "action": "",
            "entities": [],
            "parameters": {},
        },
        "label": m.label,
        "iconPath": m.icon_path,
        "abilityState": -1,
        "unclearable": False,
    }


_STOP = object()
_live: "weakref.WeakSet[ShellBackend]" = weakref.WeakSet()
_live_lock = threading.Lock()


@atexit.register
def _close_all() -> None:
    with _live_lock:
        backends = list(_live)
    for b in backends:
        b.close()


class ShellBackend:
    """API calls over ``hdc shell`` and output parsers (``device.backend == "shell"``)."""

    kind = "shell"

    def __init__(self, transport: TransportDevice, *, timeout: float = 30.0, close_transport: bool = False) -> None:
        self.transport = transport
        self.tools = ShellTools(transport, timeout=timeout, persistent=True)
        self._close_transport = close_transport
        self._queue: "queue.SimpleQueue[Any]" = queue.SimpleQueue()
        self._closed = False
        self._last_problems: List[str] = []
        # AsyncCallbacks run here, in order, off the caller's thread: as on a device.
        self._thread = threading.Thread(target=self._loop, name="ohbridge-shell-dispatcher", daemon=True)
        self._thread.start()
        with _live_lock:
            _live.add(self)

    # -- Backend protocol ---------------------------------------------------------
    def invoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        return self.tools.run(self._steps(method, args))

    async def ainvoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        return await self.tools.arun(self._steps(method, args))

    def _steps(self, method: str, args: List[Any]) -> "Steps[Tuple[int, Any]]":
        """The shell work of one API call (argument checks run at its first step, before any shell)."""
        if method == "missionManager.getMissionInfos":
            return self._get_mission_infos(args)
        if method == "missionManager.getMissionInfo":
            return self._get_mission_info(args)
        if method in APP_METHODS:
            return serve_app(self.tools, method, args, _mission_js)
        raise NotSupportedError(self._why_not(method))

    @staticmethod
    def _why_not(method: str) -> str:
        module = method.partition(".")[0]
        if module == "wantAgent":
            why = ("no shell tool can create, trigger, cancel or query a WantAgent; the shell backend "
                   "only observes records (ShellTools.pending_wants(), from 'aa dump -p')")
        elif module == "distributedMissionManager":
            why = ("the distributed mission manager needs ohos.permission.MANAGE_MISSIONS, which the shell "
                   "token lacks, and no shell tool calls it")
        elif module == "missionManager":
            why = "snapshots, mission moves and cleaning have no shell tool"
        else:
            why = "it has no shell equivalent"
        return f"{method} is not supported by the shell backend: {why}; {_AGENT_HINT}"

    def flush(self, timeout: float = 10.0) -> bool:
        if threading.current_thread() is self._thread:
            return True
        done = threading.Event()
        self._queue.put((done.set, ()))
        return done.wait(timeout)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        if threading.current_thread() is not self._thread:
            self._thread.join(5.0)
        with _live_lock:
            _live.discard(self)
        self.tools.close()
        if self._close_transport:
            close = getattr(self.transport, "close", None)
            if close is not None:
                close()

    # -- missionManager -------------------------------------------------------------
    # Argument checks as js_mission_manager.cpp makes them (the same messages
    # as native/src/mission_manager_module.cpp): sync 401 for shapes.
    @staticmethod
    def _need(args: List[Any], n: int) -> None:
        if len(args) < n:
            raise error_for(_PARAM_INVALID, "Parameter error. Too few parameters.")

    @staticmethod
    def _device_id(args: List[Any]) -> str:
        if not isinstance(args[0], str):
            raise error_for(_PARAM_INVALID, "Parse param deviceId failed, must be a string.")
        if args[0] != "":
            raise NotSupportedError(
                f"missionManager for a remote device ({args[0]!r}) is not supported by the shell backend: "
                f"remote mission lists come from the distributed mission manager; {_AGENT_HINT}")
        return args[0]

    def _finish(self, args: List[Any], callback_index: int, code: int, value: Any) -> Tuple[int, Any]:
        cb = args[callback_index] if len(args) > callback_index and callable(args[callback_index]) else None
        if cb is None:
            if code:
                return REJECTED, (code, self._message(code))
            return RESOLVED, value
        if code:
            self._queue.put((cb, ({"code": code, "message": self._message(code)}, None)))
        else:
            self._queue.put((cb, (None, value)))  # app.ability modules: callback(null, data)
        return VIA_CALLBACK, None

    @staticmethod
    def _message(code: int) -> str:
        return "Invalid input parameter." if code == _PARAM_INVALID else "Internal error."

    def _local_missions(self) -> "Steps[Tuple[int, List[MissionRecord]]]":
        try:
            result = yield from self.tools.mission_list_steps()
        except DeviceToolMissingError:
            raise
        except Exception as exc:  # noqa: BLE001 - any transport failure is the AMS call failing
            self._last_problems = [f"aa dump -l failed: {exc}"]
            return _INTERNAL, []
        self._last_problems = result.problems
        if result.layout == "unknown" and not result.missions:
            return _INTERNAL, []
        missions = sorted(result.missions, key=lambda m: -(m.start_time if m.start_time is not None else -1))
        return 0, missions

    def _get_mission_infos(self, args: List[Any]) -> "Steps[Tuple[int, Any]]":
        self._need(args, 2)
        self._device_id(args)
        if not _is_number(args[1]):
            raise error_for(_PARAM_INVALID, "Parse param numMax failed, must be a number.")
        num_max = _to_int32(args[1])
        if num_max < 0:
            # MissionListManager::GetMissionInfos: ERR_INVALID_VALUE, which
            # INNER_TO_JS_ERROR_CODE_MAP does not list.
            return self._finish(args, 2, _INTERNAL, None)
        code, missions = yield from self._local_missions()
        if code:
            return self._finish(args, 2, code, None)
        return self._finish(args, 2, 0, [_mission_js(m) for m in missions[:num_max]])

    def _get_mission_info(self, args: List[Any]) -> "Steps[Tuple[int, Any]]":
        self._need(args, 2)
        self._device_id(args)
        if not _is_number(args[1]):
            raise error_for(_PARAM_INVALID, "Parse param missionId failed, must be a number.")
        mission_id = _to_int32(args[1])
        code, missions = yield from self._local_missions()
        if code:
            return self._finish(args, 2, code, None)
        for m in missions:
            if m.mission_id == mission_id:
                return self._finish(args, 2, 0, _mission_js(m))
        # MissionInfoMgr::GetMissionInfoById answers -1: 16000050.
        return self._finish(args, 2, _INTERNAL, None)

    @property
    def last_problems(self) -> List[str]:
        """What the parser could not understand in the last mission dump."""
        return list(self._last_problems)

    # -- the dispatcher ---------------------------------------------------------------
    def _loop(self) -> None:
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

