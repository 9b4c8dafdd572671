"""The shell backend's ``app.*`` methods: ``aa start``, ``aa force-stop`` and the focused mission.

The verdict is read from aa's text (it exits 0 whatever happens; parsers/aa.py).  A failure
rejects with the aa tool's code, as the stub and the agent do for the same AMS result: 5.1.0 and
later print it (``Error Code:10104001 ...``); up to 5.0 aa printed only a message
(ability_ability_runtime OpenHarmony-v4.1-Release tools/aa/src/ability_command.cpp
CreateMessageMap), which is mapped to the code that later releases give the same AMS result.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from .._call import REJECTED, RESOLVED
from ..errors import NotSupportedError, error_for
from ..parsers import AaResult, MissionRecord, parse_aa_result
from ._shell_steps import Steps, output_of

__all__ = ["serve_app", "APP_METHODS", "CODE_OF_OLD_MESSAGE"]

_PARAM_INVALID = 401
_INTERNAL = 16000050

# The 4.1 messages and the codes 5.1.0+ print for the same AMS results.
CODE_OF_OLD_MESSAGE = {
    "error: resolve ability err.": 10104001,        # RESOLVE_ABILITY_ERR
    "error: get bundle info failed.": 10104002,     # GET_BUNDLE_INFO_FAILED
    "error: kill process failed.": 10106401,        # KILL_PROCESS_FAILED
    "error: keep alive process can not be killed.": 10106402,  # KILL_PROCESS_KEEP_ALIVE
}


def _rejection(result: AaResult, ng_line: str) -> Tuple[int, Any]:
    lines = [line.strip() for line in result.output.splitlines() if line.strip()]
    code = result.code
    message = result.message
    if code is None:
        for line in lines:
            if line in CODE_OF_OLD_MESSAGE:
                code, message = CODE_OF_OLD_MESSAGE[line], line
                break
    if code is None:
        # aa printed its NG line and nothing coded: the AMS code is only in hilog.
        return REJECTED, (_INTERNAL, message or ng_line)
    return REJECTED, (code, message)


def _start(args: List[Any]) -> "Steps[Tuple[int, Any]]":
    want = args[0] if args else None
    if not isinstance(want, Mapping):
        raise error_for(_PARAM_INVALID, "Parameter error. The want must be an object.")
    bundle, ability, module = want.get("bundleName"), want.get("abilityName"), want.get("moduleName")
    if not (isinstance(bundle, str) and bundle and isinstance(ability, str) and ability):
        raise error_for(_PARAM_INVALID, "Parameter error. The want must name a bundleName and an abilityName.")
    if want.get("parameters"):
        raise NotSupportedError("app.startAbility with want parameters is not supported by the shell backend: "
                                "aa start passes only typed --ps/--pi/--pb values; use the agent backend")
    argv = ["aa", "start", "-b", bundle, "-a", ability]
    if isinstance(module, str) and module:
        argv += ["-m", module]
    result = parse_aa_result((yield from output_of(argv)))
    if not result.ok:
        return _rejection(result, "error: failed to start ability.")
    return RESOLVED, {"queued": result.queued}


def _force_stop(args: List[Any]) -> "Steps[Tuple[int, Any]]":
    if not args or not isinstance(args[0], str) or not args[0]:
        raise error_for(_PARAM_INVALID, "Parameter error. The bundleName must be a non-empty string.")
    result = parse_aa_result((yield from output_of(["aa", "force-stop", args[0]])))
    if not result.ok:
        return _rejection(result, "error: failed to force stop process.")
    return RESOLVED, None


def _foreground(tools: Any, mission_js: Callable[[MissionRecord], Dict[str, Any]]
                ) -> "Steps[Tuple[int, Any]]":
    try:
        record: Optional[MissionRecord] = yield from tools.focused_mission_steps()
    except Exception as exc:  # noqa: BLE001 - a failed dump is the call failing, reported as such
        return REJECTED, (_INTERNAL, f"Internal error. (reading the focused mission failed: {exc})")
    return RESOLVED, (mission_js(record) if record is not None else None)


APP_METHODS = ("app.startAbility", "app.forceStop", "app.foreground")


def serve_app(tools: Any, method: str, args: List[Any],
              mission_js: Callable[[MissionRecord], Dict[str, Any]]) -> "Steps[Tuple[int, Any]]":
    """The shell steps of one ``app.*`` call (:mod:`._shell_steps`; ``tools`` a
    :class:`~ohbridge.backends.shell.ShellTools`), run by the sync or the asyncio runner."""
    if method == "app.startAbility":
        return _start(args)
    if method == "app.forceStop":
        return _force_stop(args)
    return _foreground(tools, mission_js)
