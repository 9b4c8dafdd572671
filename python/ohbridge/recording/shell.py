"""The shell backend's side of a recording: the commands it ran and what they printed.

The shell backend answers by parsing tool output (``aa dump -l``, ``bm dump``...), so its
recordings keep that output (``shell`` events), and its replays run the parsers again on it:
:class:`RecordingTransport` writes them, :class:`ReplayTransport` serves them.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, Optional

from .format import Recording, decode_value

if TYPE_CHECKING:
    from .recorder import RecordingBackend

__all__ = ["RecordingTransport", "ReplayTransport"]


class RecordingTransport:
    """A transport whose ``shell`` commands and their output go into a recording (the shell backend).

    The shell backend's answers come from parsing these outputs, so a replay can run the parsers
    again on exactly what the device printed.
    """

    def __init__(self, inner: Any, backend: "RecordingBackend") -> None:
        self._inner = inner
        self._backend = backend

    def retarget(self, backend: "RecordingBackend") -> None:
        """Write into another recording from now on (the next test's, on a shared device)."""
        self._backend = backend

    def _log(self, command: str, result: Any) -> None:
        if self._backend.closed:
            return
        self._backend.writer.add({"e": "shell", "t": self._backend._t(), "command": command,
                                  "exit_code": int(getattr(result, "returncode", 0)),
                                  "stdout": _text_or_bytes(getattr(result, "stdout_bytes", b""),
                                                           self._backend._encode)})

    def shell(self, cmd: Any, **kwargs: Any) -> Any:
        result = self._inner.shell(cmd, **kwargs)
        self._log(str(getattr(result, "command", cmd)), result)
        return result

    def shell_session(self) -> Any:
        return _RecordingSession(self._inner.shell_session(), self)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_inner":
            raise AttributeError(name)
        return getattr(self._inner, name)


def _text_or_bytes(data: bytes, encode: Callable[[Any], Any]) -> Any:
    """Output as text where it is UTF-8 (readable, diffable), else as base64 bytes."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return encode(data)


class _RecordingSession:
    def __init__(self, inner: Any, transport: RecordingTransport) -> None:
        self._inner = inner
        self._transport = transport

    def shell(self, script: str, **kwargs: Any) -> Any:
        result = self._inner.shell(script, **kwargs)
        self._transport._log(script, result)
        return result

    def close(self) -> None:
        self._inner.close()


class ReplayTransport:
    """A transport that answers ``shell`` with the recorded outputs (and nothing else).

    A command is served by the first recorded output of the same command not yet used, so that
    commands the test did not make (diagnostics of a failure) do not stall the rest.
    """

    def __init__(self, recording: Recording) -> None:
        self.recording = recording
        self.serial = str(recording.header.get("serial", "replay"))
        self._shells = [e for e in recording.events if e.get("e") == "shell"]
        self._used = [False] * len(self._shells)
        self._lock = threading.Lock()
        self.divergence: Optional[str] = None

    def shell(self, cmd: Any, **_kwargs: Any) -> Any:
        from ..transport.errors import HdcError
        from ..transport.quoting import sh_join
        from ..transport.types import ShellResult

        command = cmd if isinstance(cmd, str) else sh_join([str(c) for c in cmd])
        with self._lock:
            for i, event in enumerate(self._shells):
                if not self._used[i] and event.get("command") == command:
                    self._used[i] = True
                    out = event.get("stdout", "")
                    data = out.encode("utf-8") if isinstance(out, str) else decode_value(out, lambda n, a: b"")
                    return ShellResult(command=command, returncode=int(event.get("exit_code", 0)),
                                       stdout_bytes=bytes(data))
        name = self.recording.path or "the recording"
        self.divergence = f"replay of {name}: the shell command {command!r} was not recorded (or not this often)"
        raise HdcError(self.divergence)

    def shell_session(self) -> "ReplayTransport":
        return self

    def close(self) -> None:
        pass
