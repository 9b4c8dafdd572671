"""What every command shares: exit codes, output (human or JSON), and the device to talk to."""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, NoReturn, Optional, TextIO

from ..device import Device
from .._error_base import Error

__all__ = ["EXIT_OK", "EXIT_API_ERROR", "EXIT_USAGE", "EXIT_NO_DEVICE", "EXIT_INTERRUPTED", "CliError",
           "App", "EXIT_CODES_HELP"]

EXIT_OK = 0
EXIT_API_ERROR = 1
EXIT_USAGE = 2
EXIT_NO_DEVICE = 3
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = """exit codes:
  0    success
  1    the device or the API refused (BusinessError, a failed command, a check that failed)
  2    usage error (bad arguments, unreadable scenario or testbed file)
  3    no device or no connection (no hdc server, device not found, offline, timeout), or nothing on
       the device that can serve the command (no agent for its ABI, the agent refused to run, a call
       the shell backend cannot serve)
  130  interrupted (Ctrl-C)
  141  the reader of the output went away (e.g. `| head`)"""


class CliError(Error):
    """A failure to report to the user with an exit code (and, for --json, a machine-readable kind)."""

    def __init__(self, message: str, exit_code: int = EXIT_API_ERROR, *, kind: str = "error",
                 code: Optional[int] = None, fix: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.kind = kind
        self.code = code
        self.fix = fix

    def as_dict(self) -> Dict[str, Any]:
        data: Dict[str, Any] = {"kind": self.kind, "message": self.message, "exit_code": self.exit_code}
        if self.code is not None:
            data["code"] = self.code
        if self.fix:
            data["fix"] = self.fix
        return data


_DOCTOR_HINT = "run `ohbridge doctor` to see what the device can run"


def check_environment() -> None:
    """Settings from the environment that every command reads: a bad one is a usage error (exit 2)."""
    from ..transport._address import PORT_ENV, resolve_server

    if os.environ.get(PORT_ENV, "").strip():
        try:
            resolve_server()
        except ValueError as e:
            raise CliError(f"{PORT_ENV}: {e}", EXIT_USAGE, kind="usage",
                           fix=f"set {PORT_ENV} to the hdc server's port (1..65535), or unset it for 8710") from None


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def translate(error: BaseException) -> Optional[CliError]:
    """The CliError for a library error, or None for an unexpected exception."""
    from ..agent_manager import AgentNotFoundError, AgentStartError
    from ..backend_choice import AgentUnavailableError
    from ..backends.agent import AgentAuthError, AgentError
    from ..backends.shell import ShellCommandError
    from ..errors import BusinessError, NotSupportedError
    from ..scenario import ScenarioError
    from ..testbed import TestbedError
    from ..transport.errors import (CommandFailedError, DeviceNotFoundError, FileTransferError, HdcConnectionError,
                                    HdcError, HdcTimeoutError, InstallError)

    if isinstance(error, CliError):
        return error
    if isinstance(error, BusinessError):
        return CliError(str(error), EXIT_API_ERROR, kind="business_error", code=error.code)
    if isinstance(error, HdcConnectionError):
        # The message already says how to start a server or point at one.
        # The transport's message speaks to Python callers (open_device's port argument); people
        # here set the environment variable instead.
        message = error.message.replace("the port argument / ", "")
        return CliError(message, EXIT_NO_DEVICE, kind="no_connection", fix="without hardware, use --stub")
    if isinstance(error, DeviceNotFoundError):
        return CliError(error.message, EXIT_NO_DEVICE, kind="no_device",
                        fix="check `ohbridge devices`; name one with --device hdc:SERIAL, or use --stub")
    if isinstance(error, HdcTimeoutError):
        return CliError(error.message, EXIT_NO_DEVICE, kind="timeout",
                        fix="is the device still connected and awake? check `ohbridge devices`")
    if isinstance(error, FileTransferError):
        return CliError(error.message, EXIT_NO_DEVICE, kind="file_transfer",
                        fix="check the local file and the free space in /data/local/tmp on the device")
    if isinstance(error, (CommandFailedError, InstallError)):
        return CliError(error.message, EXIT_API_ERROR, kind="device_command_failed",
                        fix="the device refused the command; see its message")
    if isinstance(error, HdcError):
        return CliError(error.message, EXIT_NO_DEVICE, kind="transport", fix="check `ohbridge devices`")
    if isinstance(error, AgentUnavailableError):
        return CliError(error.reason, EXIT_NO_DEVICE, kind="agent_unavailable",
                        fix=error.fix or "use --backend shell (or auto) on this device; " + _DOCTOR_HINT)
    if isinstance(error, AgentNotFoundError):
        return CliError(error.reason, EXIT_NO_DEVICE, kind="no_agent",
                        fix=(error.fix + "; " if error.fix else "") + "--backend shell works without the agent")
    if isinstance(error, (AgentStartError, AgentAuthError)):
        return CliError(str(error), EXIT_NO_DEVICE, kind="agent_refused",
                        fix="see `ohbridge agent status` and the agent log (collect_diagnostics); "
                            "--backend shell works without the agent")
    if isinstance(error, AgentError):
        return CliError(str(error), EXIT_NO_DEVICE, kind="agent_connection",
                        fix="run the command again (the agent is restarted if it died); " + _DOCTOR_HINT)
    if isinstance(error, ShellCommandError):
        return CliError(str(error), EXIT_API_ERROR, kind="device_command_failed",
                        fix="the device tool refused; see its message")
    if isinstance(error, NotSupportedError):
        return CliError(str(error), EXIT_NO_DEVICE, kind="not_supported",
                        fix="this needs the agent backend, which this device cannot run; " + _DOCTOR_HINT)
    if isinstance(error, (ScenarioError, TestbedError)):
        return CliError(str(error), EXIT_USAGE, kind="usage", fix="fix the file named in the message")
    if isinstance(error, OSError):
        where = f" ({error.filename})" if getattr(error, "filename", None) else ""
        return CliError(f"{error.strerror or error}{where}", EXIT_NO_DEVICE, kind="file_error",
                        fix="check the path and its permissions")
    return None


@dataclass
class App:
    """One run of the command line: parsed arguments, where output goes, and the device."""

    args: argparse.Namespace
    out: TextIO = sys.stdout
    err: TextIO = sys.stderr
    _device: Optional[Device] = None

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    # -- output ------------------------------------------------------------
    def emit(self, data: Any, human: Callable[[], None]) -> None:
        """JSON for scripts (one document), or the human form."""
        if self.json:
            self.out.write(json.dumps(data, sort_keys=True, default=_json_default) + "\n")
        else:
            human()
        self.out.flush()

    def emit_line(self, data: Any, human: str) -> None:
        """One record of a stream (JSON Lines with --json)."""
        self.emit(data, lambda: self.say(human))

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def note(self, text: str) -> None:
        """Commentary for people; never mixed into --json output."""
        if not self.json:
            self.err.write(text + "\n")
            self.err.flush()

    def fail(self, message: str, exit_code: int = EXIT_API_ERROR, **kw: Any) -> NoReturn:
        raise CliError(message, exit_code, **kw)

    # -- the device --------------------------------------------------------
    @property
    def device_url(self) -> Optional[str]:
        """The device named by --stub/--scenario/--device/$OHOS_DEVICE; None: the only hdc device."""
        if getattr(self.args, "stub", False) or getattr(self.args, "scenario", None):
            return "stub"
        url = getattr(self.args, "device", None) or os.environ.get("OHOS_DEVICE", "").strip() or None
        return url

    @property
    def backend(self) -> str:
        """--backend, else $OHOS_BACKEND, else auto."""
        value = getattr(self.args, "backend", None) or os.environ.get("OHOS_BACKEND", "").strip() or "auto"
        if value not in ("auto", "agent", "shell"):
            self.fail(f"OHOS_BACKEND={value!r}: the backend is auto, agent or shell", EXIT_USAGE, kind="usage",
                      fix="unset OHOS_BACKEND or give it one of those")
        return str(value)

    @property
    def agent_path(self) -> Optional[str]:
        """--agent (else find_agent reads $OHBRIDGE_AGENT)."""
        return getattr(self.args, "agent", None)

    def warn(self, text: str) -> None:
        """One line on stderr, in human and --json runs alike (stdout stays one document)."""
        self.err.write(f"ohbridge: warning: {_one_line(text)}\n")
        self.err.flush()

    @property
    def on_stub(self) -> bool:
        url = self.device_url
        return url is not None and (url == "stub" or url.startswith("stub:"))

    def device(self) -> Device:
        if self._device is None:
            from ..device_info import connect_url
            from ..testbed import device_url

            from ..backend_choice import BackendFallbackWarning

            url = self.device_url
            scenario = getattr(self.args, "scenario", None)
            if scenario is not None and not os.path.isfile(scenario):
                # What the user typed is wrong, not the device: a usage error (exit 2), in one line.
                self.fail(f"--scenario {scenario}: no such file", EXIT_USAGE, kind="usage",
                          fix="name a TOML world, e.g. examples/scenarios/living_room.toml")
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", BackendFallbackWarning)
                try:
                    self._device = connect_url(device_url(url) if url else "hdc",
                                               scenario=getattr(self.args, "scenario", None),
                                               api_version=getattr(self.args, "api_version", None),
                                               backend=self.backend, agent_path=self.agent_path)
                except ValueError as e:
                    error = translate(e)
                    raise error if error is not None else CliError(str(e), EXIT_USAGE, kind="usage") from None
            for w in caught:
                if issubclass(w.category, BackendFallbackWarning):
                    self.warn(str(w.message))
                else:
                    warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        return self._device

    def transport(self) -> Any:
        """The transport of a real device (agent and doctor commands need no API backend)."""
        if self.on_stub:
            self.fail("this command needs a real device (--device hdc:SERIAL); the stub runs in process and "
                      "needs no agent", EXIT_USAGE, kind="usage")
        from ..testbed import device_url
        from ..transport import open_device

        url = self.device_url
        try:
            return open_device(device_url(url) if url else None)
        except ValueError as e:
            self.fail(str(e), EXIT_USAGE, kind="usage")

    def close(self) -> None:
        if self._device is not None:
            self._device.close()
            self._device = None


def _json_default(value: Any) -> Any:
    import dataclasses
    import enum

    if isinstance(value, enum.Enum):
        return value.name
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def table(rows: Iterator[Dict[str, Any]] | list[Dict[str, Any]], columns: list[str]) -> str:
    """A plain text table (no dependency, copy-paste friendly)."""
    rows = list(rows)
    widths = [max([len(c)] + [len(str(r.get(c, ""))) for r in rows]) for c in columns]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths)).rstrip()]
    for r in rows:
        lines.append("  ".join(str(r.get(c, "")).ljust(w) for c, w in zip(columns, widths)).rstrip())
    return "\n".join(lines)
