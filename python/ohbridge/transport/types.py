"""Result and description types shared by the sync and asyncio clients (and the adb transport)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import CommandFailedError

__all__ = ["TargetInfo", "ShellResult", "ForwardRule", "InstallResult"]


@dataclass(frozen=True)
class TargetInfo:
    """One line of ``list targets -v``."""

    key: str
    #: ``USB``, ``TCP``, ``UART`` (as the server prints it; ``""`` when listed without ``-v``)
    connection_type: str = ""
    #: ``Connected``, ``Offline``, ``Unauthorized``, ... (``""`` when listed without ``-v``)
    state: str = ""
    #: the device's name as the daemon reports it
    name: str = ""

    @property
    def connected(self) -> bool:
        return self.state in ("", "Connected")


@dataclass(frozen=True)
class ShellResult:
    """What a shell command printed and how it exited.

    hdc merges the remote stdout and stderr into one stream, so ``stdout`` holds both; there is
    deliberately no ``stderr`` field that would always be empty.
    """

    command: str
    returncode: int
    stdout_bytes: bytes = field(repr=False)

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode("utf-8", errors="replace")

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def check(self) -> ShellResult:
        """Raise :class:`CommandFailedError` if the command exited non-zero; else return self."""
        if self.returncode != 0:
            raise CommandFailedError(
                f"remote command exited with status {self.returncode}",
                command=self.command,
                output=self.stdout_bytes,
                returncode=self.returncode,
            )
        return self


@dataclass(frozen=True)
class ForwardRule:
    """One line of ``fport ls``."""

    key: str
    local: str
    remote: str
    #: ``"forward"`` (fport) or ``"reverse"`` (rport)
    direction: str = "forward"


@dataclass(frozen=True)
class InstallResult:
    output: str
