"""The adb transport: an adb device (through adbutils) behind the same device interface.

For OpenHarmony builds and boards that expose adbd instead of hdcd. Shell commands get the same
exit-status record as over hdc (adbutils' own ``shell2`` loses the status on ``exit N``), the
same total deadline, and adbutils' errors come out as the ``HdcError`` hierarchy.
adbutils is imported lazily: it is an optional dependency.
"""

from __future__ import annotations

import os
import socket
import time
from types import TracebackType
from typing import Any, Iterator

from ._exitcode import ExitMarker
from ._aio_common import DEFAULT_SHELL_TIMEOUT, PortSpec, Progress, ShellCommand, _as_shell_text, _endpoint, _free_local_port
from .errors import (
    CommandFailedError,
    DeviceNotFoundError,
    FileTransferError,
    HdcConnectionError,
    HdcError,
    HdcTimeoutError,
)
from .types import ForwardRule, ShellResult

__all__ = ["AdbDevice", "AdbForward", "open_adb_device"]

_CHUNK = 64 * 1024


def _adbutils() -> Any:
    try:
        import adbutils  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - depends on the environment
        raise HdcConnectionError("the adb transport needs adbutils: pip install adbutils") from None
    return adbutils


def _translate(exc: Exception, command: str | None) -> HdcError:
    adb = _adbutils()
    text = str(exc)
    if isinstance(exc, adb.AdbTimeout):
        return HdcTimeoutError(f"adb: {text}", command=command)
    if isinstance(exc, (adb.AdbConnectionError, ConnectionError, OSError)):
        return HdcConnectionError(f"adb server unreachable: {text} (start one with `adb start-server`)", command=command)
    if "not found" in text or "no devices" in text or "offline" in text:
        return DeviceNotFoundError(f"adb: {text}", command=command)
    return CommandFailedError(f"adb: {text}", command=command)


class AdbForward:
    def __init__(self, device: AdbDevice, local: str, remote: str) -> None:
        self._device = device
        self.local = local
        self.remote = remote
        self._active = True

    @property
    def local_port(self) -> int:
        kind, _, value = self.local.partition(":")
        if kind != "tcp":
            raise ValueError(f"{self.local} is not a TCP endpoint")
        return int(value)

    @property
    def active(self) -> bool:
        return self._active

    def remove(self) -> None:
        if not self._active:
            return
        self._active = False
        try:
            self._device.adb.forward_remove(self.local, raise_non_found=False)
        except Exception as exc:  # adbutils raises its own types; map them
            raise _translate(exc, f"killforward:{self.local}") from exc

    def __enter__(self) -> AdbForward:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.remove()


class AdbDevice:
    """An adb device satisfying :class:`~ohbridge.transport.device.TransportDevice`."""

    def __init__(self, device: Any) -> None:
        # adbutils ships no type information: an ``adbutils.AdbDevice``, typed as Any.
        self.adb = device

    @property
    def serial(self) -> str:
        serial: str = self.adb.serial
        return serial

    def __repr__(self) -> str:
        return f"AdbDevice({self.serial!r})"

    def shell(
        self,
        cmd: ShellCommand,
        *,
        timeout: float | None = DEFAULT_SHELL_TIMEOUT,
        check: bool = False,
    ) -> ShellResult:
        text = _as_shell_text(cmd)
        marker = ExitMarker()
        flt = marker.filter()
        out = bytearray()
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            conn = self.adb.shell(marker.wrap(text), stream=True)
        except Exception as exc:
            raise _translate(exc, f"shell {text}") from exc
        try:
            sock: socket.socket = conn.conn
            while True:
                if deadline is not None:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise socket.timeout()
                    sock.settimeout(remaining)
                chunk = sock.recv(_CHUNK)
                if not chunk:
                    break
                out += flt.feed(chunk)
        except socket.timeout:
            raise HdcTimeoutError(
                f"no complete answer within {timeout}s",
                command=f"shell {text}",
                output=bytes(out) + flt.pending(),
                timeout=timeout,
            ) from None
        except OSError as exc:
            raise HdcConnectionError(f"adb dropped the shell: {exc}", command=f"shell {text}", output=bytes(out)) from exc
        finally:
            conn.close()
        out += flt.finish()
        if flt.returncode is None:
            raise HdcConnectionError(
                "the adb shell closed before the command reported its exit status",
                command=f"shell {text}",
                output=bytes(out),
            )
        result = ShellResult(command=text, returncode=flt.returncode, stdout_bytes=bytes(out))
        return result.check() if check else result

    def push(
        self,
        local: str | os.PathLike[str],
        remote: str,
        *,
        progress: Progress | None = None,
        timeout: float | None = None,
    ) -> int:
        path = os.fspath(local)
        if not os.path.isfile(path):
            raise FileTransferError(f"no such local file: {path}", command=f"push {path} {remote}")
        total = os.path.getsize(path)
        if progress is not None:
            progress(0, total)
        try:
            size: int = self.adb.sync.push(path, remote)
        except Exception as exc:
            raise FileTransferError(f"adb push failed: {exc}", command=f"push {path} {remote}") from exc
        if progress is not None:
            progress(size, total)
        return size

    def pull(
        self,
        remote: str,
        local: str | os.PathLike[str],
        *,
        progress: Progress | None = None,
        timeout: float | None = None,
    ) -> int:
        path = os.fspath(local)
        done = 0
        if progress is not None:
            progress(0, -1)
        try:
            with open(path, "wb") as f:
                chunks: Iterator[bytes] = self.adb.sync.iter_content(remote)
                for chunk in chunks:
                    f.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, -1)
        except HdcError:
            raise
        except Exception as exc:
            raise FileTransferError(f"adb pull failed: {exc}", command=f"pull {remote} {path}") from exc
        if progress is not None:
            progress(done, done)
        return done

    def forward(self, local: PortSpec, remote: PortSpec) -> AdbForward:
        local_text = f"tcp:{_free_local_port()}" if local in (0, "tcp:0") else _endpoint(local)
        remote_text = _endpoint(remote)
        try:
            self.adb.forward(local_text, remote_text)
        except Exception as exc:
            raise _translate(exc, f"forward {local_text} {remote_text}") from exc
        return AdbForward(self, local_text, remote_text)

    def list_forwards(self) -> list[ForwardRule]:
        try:
            items = self.adb.forward_list()
        except Exception as exc:
            raise _translate(exc, "list-forward") from exc
        return [ForwardRule(key=i.serial, local=i.local, remote=i.remote) for i in items if i.serial == self.serial]


def open_adb_device(serial: str | None = None, *, host: str | None = None, port: int | None = None) -> AdbDevice:
    """An adb device (the only one if no serial), through the adb server at host/port
    (default: adbutils' defaults, i.e. ``$ANDROID_ADB_SERVER_HOST``/``PORT`` or 127.0.0.1:5037)."""
    adb = _adbutils()
    client = adb.AdbClient(host=host, port=port) if (host or port) else adb.AdbClient()
    try:
        if serial is None:
            return AdbDevice(client.device())
        known = {d.serial: d.state for d in client.list()}
    except Exception as exc:
        raise _translate(exc, "host:devices") from exc
    if known.get(serial) != "device":
        listing = ", ".join(f"{s} [{st}]" for s, st in known.items()) or "none"
        raise DeviceNotFoundError(f"no adb device {serial!r} ready (known: {listing})")
    return AdbDevice(client.device(serial))
