"""Transport errors: everything that can go wrong between this process and a device.

They are separate from the ``BusinessError`` hierarchy (errors the device's APIs report):
a ``BusinessError`` means the device answered; an ``HdcError`` means the conversation with
the device failed or the device tool refused the command. The adb transport maps adbutils'
errors onto the same classes so that callers catch one set whatever the transport.
"""

from __future__ import annotations
from .._error_base import Error


__all__ = [
    "HdcError",
    "HdcConnectionError",
    "HdcTimeoutError",
    "DeviceNotFoundError",
    "CommandFailedError",
    "FileTransferError",
    "InstallError",
]


def _excerpt(data: bytes, limit: int = 400) -> str:
    text = data.decode("utf-8", errors="replace")
    if len(text) > limit:
        return text[: limit // 2] + " ... " + text[-limit // 2 :]
    return text


class HdcError(Error):
    """Base of all transport errors.

    ``command`` is the command text that was sent (``None`` when the failure happened before a
    command existed, e.g. while connecting) and ``output`` the bytes read before the failure.
    """

    def __init__(self, message: str, *, command: str | None = None, output: bytes = b"") -> None:
        super().__init__(message)
        self.message = message
        self.command = command
        self.output = output
        #: False when ``output`` is the server's reply that ``message`` already states, cleaned
        self.show_output = True

    @property
    def output_text(self) -> str:
        return self.output.decode("utf-8", errors="replace")

    def __str__(self) -> str:
        parts = [self.message]
        if self.command is not None:
            parts.append(f"command: {self.command!r}")
        if self.output and self.show_output:
            parts.append(f"output so far: {_excerpt(self.output)!r}")
        return "; ".join(parts)


class HdcConnectionError(HdcError):
    """No server, not an hdc server, or the server closed the channel before the answer was complete."""


class HdcTimeoutError(HdcError, TimeoutError):
    """The command ran past its deadline; ``output`` holds what arrived before it (``partial_output``)."""

    def __init__(
        self,
        message: str,
        *,
        command: str | None = None,
        output: bytes = b"",
        timeout: float | None = None,
    ) -> None:
        super().__init__(message, command=command, output=output)
        self.timeout = timeout

    @property
    def partial_output(self) -> bytes:
        return self.output


class HdcOutputLimitError(HdcError):
    """The command printed more than the call keeps (``max_output``); ``output`` holds the first
    ``max_output`` bytes.  ``shell_stream`` reads any amount, chunk by chunk."""

    def __init__(self, message: str, *, command: str | None = None, output: bytes = b"",
                 max_output: int = 0) -> None:
        super().__init__(message, command=command, output=output)
        self.max_output = max_output


class DeviceNotFoundError(HdcError):
    """No device with that key, no device at all, or several when exactly one was required."""


class CommandFailedError(HdcError):
    """The server or daemon refused the command (``[Fail]...``, ``[E...]``) or, with
    ``check=True``, the remote command exited with a non-zero status (``returncode``)."""

    def __init__(
        self,
        message: str,
        *,
        command: str | None = None,
        output: bytes = b"",
        returncode: int | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message, command=command, output=output)
        self.returncode = returncode
        #: the ``E000004``-style code when the reply carried one
        self.code = code


class FileTransferError(HdcError):
    """``file send`` / ``file recv`` reported a failure (the reason is in ``message``)."""


class InstallError(HdcError):
    """The package manager refused the package; ``reason`` is its explanation."""

    def __init__(self, message: str, *, reason: str, command: str | None = None, output: bytes = b"") -> None:
        super().__init__(message, command=command, output=output)
        self.reason = reason
