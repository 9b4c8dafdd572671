"""Stopping what a one-shot shell command left running once the client has given up on it.

Closing a ``shell`` channel is not enough on a real hdcd: the daemon's ``AsyncCmd::DoRelease``
(developtools_hdc ``src/common/async_cmd.cpp``) sends SIGTERM to the one shell it forked, by pid,
not to its process group.  The command ohbridge wraps (``sh -c CMD`` inside that shell) and
everything it started keep running.  That shell was made a session and process-group leader
(``AsyncCmd::Popen``: ``setsid()`` in the child before ``execl(sh, "-c", ...)``), and a
non-interactive sh has no job control, so background jobs stay in its group: killing the group
whose id is the shell's pid (which the wrapper reports first, see ``_exitcode``) stops them all.
A process that made a session of its own (a daemon) has left the group and is not stopped.

The kill goes through a second, short ``shell`` channel.  It is a best effort that must never
hide the error the caller is getting (a timeout, the output limit, a cancellation): its own
failures are logged at debug level.  Only POSIX sh and ``kill`` are used, as ``kill -s SIG -- -PGID``, the form POSIX asks of
conforming scripts for a process group (dash rejects ``kill -TERM -- -PGID``; mksh's ``c_kill``,
MirBSD/mksh ``funcs.c``, reads ``-s SIG`` and ``--`` with its getopt).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from .errors import HdcError

if TYPE_CHECKING:
    from .aio import AsyncHdcClient

__all__ = ["STOP_TIMEOUT", "stop_script", "stop_process_group"]

_log = logging.getLogger(__name__)

#: Deadline for the whole stop (channel, SIGTERM, grace, SIGKILL); a stuck device cannot hold
#: the caller's error back for longer than this.
STOP_TIMEOUT = 3.0
# SIGTERM first, so that a command can clean up (remove its files, close its ports); whatever is
# still in the group after ~0.5 s (10 x 0.05 s) gets SIGKILL.  "Still in the group" skips
# zombies: `kill -0` reaches them too, and where the orphans' new parent reaps late (this
# host's PID 1 did) the wait then ran its whole 0.5 s for nothing.  So the group's live members
# are looked for in /proc/PID/stat (state and pgrp follow the ")" that ends the name), with
# builtins only; without /proc, `kill -0` decides.  A sleep that cannot take a fraction fails
# at once and the loop ends sooner: the SIGKILL still follows.
_GRACE_STEPS = 10


def stop_script(pgid: int) -> str:
    """The sh text that stops process group ``pgid`` (an int: nothing else reaches the shell)."""
    group = int(pgid)
    return (
        f"kill -s TERM -- -{group} 2>/dev/null || exit 0; "
        "live() { "
        f"[ -r /proc/self/stat ] || {{ kill -s 0 -- -{group} 2>/dev/null; return; }}; "
        'for f in /proc/[0-9]*/stat; do read -r l 2>/dev/null <"$f" || continue; '
        'set -- ${l##*") "}; '
        f'[ "$3" = {group} ] && [ "$1" != Z ] && return 0; done; return 1; }}; '
        f"i=0; while [ $i -lt {_GRACE_STEPS} ] && live; "
        "do sleep 0.05 2>/dev/null; i=$((i+1)); done; "
        f"kill -s KILL -- -{group} 2>/dev/null; exit 0"
    )


async def stop_process_group(client: AsyncHdcClient, key: str, pgid: int | None) -> None:
    """Stop process group ``pgid`` on device ``key``; ``None`` (the shell never said its pid) does nothing."""
    if pgid is None or pgid <= 1:
        # Not reported (the deadline passed before the shell's first output arrived), or not a
        # group ohbridge's wrapper could have made: `kill -- -1` would be every process.
        return
    try:
        await client._collect(key, "shell " + stop_script(pgid), STOP_TIMEOUT)
    except (HdcError, OSError) as exc:
        _log.debug("could not stop process group %d on %s: %s", pgid, key, exc)
