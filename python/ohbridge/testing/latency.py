"""A per-command delay for a fake hdc device, as a real device's daemon costs one.

On a device every ``hdc shell CMD`` costs about 88 ms, most of it the daemon spawning a shell;
the loopback device answers in a few.  ``set_command_delay(target, 0.05)`` makes each command
(one-shot or a line of a persistent shell) start with ``sleep 0.05``, on the device's side of the
channel, so that a client's concurrency (or its lack) shows the way it would on hardware::

    with FakeHdcServer(["dev"]) as server:
        set_command_delay(server.target("dev"), 0.05)
"""

from __future__ import annotations

from typing import Any, Callable

from ..transport.quoting import sh_quote

__all__ = ["set_command_delay", "hold_commands"]

_ORIGINAL = "_ohbridge_undelayed_rewrite"


def set_command_delay(target: Any, seconds: float) -> None:
    """Delay every command run on ``target`` (a :class:`FakeTarget`) by ``seconds``; 0 removes it."""
    if not (isinstance(seconds, (int, float)) and 0 <= seconds < 3600):
        raise ValueError(f"the command delay must be from 0 to 3600 seconds, not {seconds!r}")
    original: Callable[[str], str] = getattr(target, _ORIGINAL, None) or target.rewrite_command
    setattr(target, _ORIGINAL, original)
    if seconds == 0:
        target.rewrite_command = original
        return
    prefix = f"sleep {seconds:.3f}; "

    def delayed(command: str) -> str:
        return prefix + original(command)

    target.rewrite_command = delayed


def hold_commands(target: Any, gate: str) -> None:
    """Hold every command on ``target`` until the file ``gate`` exists (``set_command_delay(target, 0)`` ends it).

    Each held command first creates ``<gate>.held.<pid>``, so a test can count how many are in
    flight at once: a client whose calls overlap gets them all there before the gate opens.
    """
    original: Callable[[str], str] = getattr(target, _ORIGINAL, None) or target.rewrite_command
    setattr(target, _ORIGINAL, original)
    quoted = sh_quote(gate)
    prefix = f": > {quoted}.held.$$; while [ ! -e {quoted} ]; do sleep 0.005; done; "

    def held(command: str) -> str:
        return prefix + original(command)

    target.rewrite_command = held
