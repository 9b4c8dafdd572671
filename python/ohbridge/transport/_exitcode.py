"""Recovering a shell command's exit status, which the hdc protocol does not carry.

The command runs in its own ``sh -c`` (so ``exit``, ``set -e`` or a syntax error in it cannot
skip what follows), and the outer shell then prints a record: ``\\x1e`` + a per-call random token
+ the status + ``\\n``.  Before the command the outer shell prints one more record, its own pid
(token + ``p`` + ``$$``): hdcd starts that shell as a session and process-group leader
(developtools_hdc ``src/common/async_cmd.cpp``, ``AsyncCmd::Popen``: ``setsid()``), so the pid
names the group the command and everything it started in the background run in, which is what
a client kills when it gives up on the command (``_stop_group``). The token is 128 random bits, so output cannot contain it by chance or
on purpose; the leading ``\\x1e`` (ASCII record separator) means ordinary text never looks like
the start of a record, so a stream only ever holds back bytes that really might be one.
"""

from __future__ import annotations

import re
import secrets

from .quoting import sh_quote

__all__ = ["ExitMarker", "ExitFilter"]

# What sh's $? can be: 0..255.  Anything else after the token (-9999999999) is not our record.
_STATUS = re.compile(rb"\d{1,3}")
_STATUS_MAX = 255
# The pid record's tail: "p" and the outer shell's $$ (Linux pid_max is at most 2**22).
_PID = re.compile(rb"p(\d{1,10})")
# The longest record tail: "p", ten pid digits, then the newline.
_TAIL = 12


class ExitMarker:
    def __init__(self) -> None:
        self.token = "ohbrc:" + secrets.token_hex(16) + ":"
        self.marker = b"\x1e" + self.token.encode("ascii")

    def wrap(self, command: str) -> str:
        # printf's \036 is the portable spelling of \x1e; the token itself is [a-z0-9:] only.
        # The pid record costs a builtin printf and shares the command's first output frame.
        return (
            f"printf '\\036{self.token}p%d\\n' \"$$\"; "
            f"sh -c {sh_quote(command)}; printf '\\036{self.token}%d\\n' \"$?\""
        )

    def filter(self) -> ExitFilter:
        return ExitFilter(self.marker)


class ExitFilter:
    """Strips the pid and exit records from a byte stream and remembers the pid and the status.

    Output that background processes print after the exit record still passes through.
    """

    def __init__(self, marker: bytes) -> None:
        self._marker = marker
        self._buf = bytearray()
        #: the device shell that runs the command (its process group's id), once reported
        self.pid: int | None = None
        self.returncode: int | None = None

    def feed(self, data: bytes) -> bytes:
        if not self._buf and (self.returncode is not None or self._marker[0] not in data):
            # The common case, and the one streaming speed depends on: nothing held back and
            # no record separator in the chunk, so it is all output, passed on without a copy.
            return data
        self._buf += data
        out = bytearray()
        while self.returncode is None:
            idx = self._buf.find(self._marker)
            if idx < 0:
                keep = self._held_prefix()
                cut = len(self._buf) - keep
                out += self._buf[:cut]
                del self._buf[:cut]
                return bytes(out)
            tail = idx + len(self._marker)
            end = self._buf.find(b"\n", tail, tail + _TAIL)
            if end < 0 and len(self._buf) - tail < _TAIL:
                # The record may still be arriving: hold back from the marker on, no more.
                out += self._buf[:idx]
                del self._buf[:idx]
                return bytes(out)
            record = bytes(self._buf[tail:end]) if end >= 0 else b""
            if end >= 0 and self._take(record):
                out += self._buf[:idx]
                del self._buf[: end + 1]
            else:  # not our record after all: pass it on as output
                out += self._buf[: idx + 1]
                del self._buf[: idx + 1]
        out += self._buf
        self._buf.clear()
        return bytes(out)

    def _take(self, record: bytes) -> bool:
        """Whether ``record`` (what follows the marker) is a record, remembering what it says."""
        pid = _PID.fullmatch(record)
        if pid is not None and self.pid is None:
            self.pid = int(pid.group(1))
            return True
        if _STATUS.fullmatch(record) and int(record) <= _STATUS_MAX:
            self.returncode = int(record)
            return True
        return False

    def _held_prefix(self) -> int:
        """Length of the longest tail of the buffer that could start a record."""
        start = max(0, len(self._buf) - len(self._marker) + 1)
        pos = self._buf.find(self._marker[:1], start)
        while pos >= 0:
            if self._marker.startswith(self._buf[pos:]):
                return len(self._buf) - pos
            pos = self._buf.find(self._marker[:1], pos + 1)
        return 0

    def pending(self) -> bytes:
        """Bytes held back so far (part of the output if no record follows)."""
        return bytes(self._buf)

    def finish(self) -> bytes:
        rest = bytes(self._buf)
        self._buf.clear()
        return rest
