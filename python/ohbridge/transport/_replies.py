"""Reading meaning into the server's text replies: failure markers and the two listings.

The server has no status codes; failures are text that starts with ``[Fail]`` or an
``[E000000]`` code (``MESSAGE_*`` in developtools_hdc src/common/define.h).
"""

from __future__ import annotations

import re

from .errors import CommandFailedError, DeviceNotFoundError, HdcError
from .types import ForwardRule, TargetInfo

__all__ = ["first_line", "clean", "failure", "parse_targets", "parse_forwards", "EMPTY"]

EMPTY = "[Empty]"
_CODE = re.compile(r"\[(E\d{6})\]")
_FAILURE_START = re.compile(r"^(\[Fail\]|\[E\d{6}\])")
_FAIL_MARK = re.compile(r"^\s*\[Fail\]")
_NO_DEVICE = (
    "Not match target founded",
    "ExecuteCommand need connect-key",
    "No any connected target",
    "E001005",
    "Device not found",
)


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def clean(text: str) -> str:
    """A server reply as one line: its lines joined, the ``[Fail]`` markers and CR/LF dropped
    (an ``[E…]`` code stays: it is the reply's identity)."""
    parts = [_FAIL_MARK.sub("", line).strip(" :") for line in text.splitlines()]
    return "; ".join(p for p in parts if p)


def is_failure(text: str) -> bool:
    return bool(_FAILURE_START.match(first_line(text)))


def failure(text: str, *, command: str | None, output: bytes) -> HdcError | None:
    """The error a failure reply stands for, or ``None`` if ``text`` is not a failure reply."""
    line = first_line(text)
    if not _FAILURE_START.match(line):
        return None
    match = _CODE.search(line)
    code = match.group(1) if match else None
    message = clean(text)
    error: HdcError
    if any(marker in line for marker in _NO_DEVICE):
        error = DeviceNotFoundError(message, command=command, output=output)
    else:
        error = CommandFailedError(message, command=command, output=output, code=code)
    error.show_output = False
    return error


def parse_targets(text: str) -> list[TargetInfo]:
    """``list targets`` / ``list targets -v`` output (``key\\t\\tTCP\\tConnected\\tname``)."""
    targets: list[TargetInfo] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(EMPTY):
            continue
        fields = [f.strip() for f in raw.split("\t") if f.strip()]
        if len(fields) == 1:
            targets.append(TargetInfo(key=fields[0]))
            continue
        # The CLI appends a trailing "hdc" column; the raw protocol does not. Neither matters here.
        key = fields[0]
        conn = fields[1] if len(fields) > 1 else ""
        state = fields[2] if len(fields) > 2 else ""
        name = fields[3] if len(fields) > 3 else ""
        targets.append(TargetInfo(key=key, connection_type=conn, state=state, name=name))
    return targets


def parse_forwards(text: str) -> list[ForwardRule]:
    """``fport ls`` output: ``key    tcp:L tcp:R    [Forward]`` (or ``[Reverse]``) per line."""
    rules: list[ForwardRule] = []
    for raw in text.splitlines():
        fields = raw.split()
        if len(fields) < 3 or fields[0].startswith(EMPTY):
            continue
        direction = "forward"
        if fields[-1].startswith("[") and fields[-1].endswith("]"):
            direction = "reverse" if fields[-1].lower() == "[reverse]" else "forward"
            fields = fields[:-1]
        if len(fields) != 3:
            continue
        rules.append(ForwardRule(key=fields[0], local=fields[1], remote=fields[2], direction=direction))
    return rules
