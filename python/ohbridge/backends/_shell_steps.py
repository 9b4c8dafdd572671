"""Shell work without I/O: a step generator yields shell scripts and takes their results.

The shell backend and :class:`~ohbridge.backends.shell.ShellTools` build commands and parse their
output once, as generators (``Steps``); a sync runner feeds them from a blocking shell and an
async runner from the asyncio hdc client, so neither form has its own copy of the parsers::

    def mission_list_steps() -> Steps[MissionListResult]:
        result = yield sh_join(["aa", "dump", "-l"])
        return parse_mission_list(result.stdout)

A shell that fails is thrown into the generator at its ``yield``, so a step can turn a transport
failure into the API error the device would give (as ``aa dump -l`` failing is AMS failing).
"""

from __future__ import annotations

from typing import Awaitable, Callable, Generator, List, TypeVar

from ..transport.quoting import sh_join
from ..transport.types import ShellResult

__all__ = ["Steps", "run_steps", "arun_steps", "output_of"]

T = TypeVar("T")

#: yields shell scripts, is sent each one's :class:`ShellResult`, returns the parsed answer
Steps = Generator[str, ShellResult, T]


def run_steps(steps: "Steps[T]", shell: Callable[[str], ShellResult]) -> T:
    """Drive ``steps`` with a blocking ``shell``."""
    try:
        script = next(steps)
        while True:
            try:
                result = shell(script)
            except Exception as exc:  # noqa: BLE001 - the step decides what a failed shell means
                script = steps.throw(exc)
            else:
                script = steps.send(result)
    except StopIteration as done:
        value: T = done.value
        return value
    finally:
        steps.close()


async def arun_steps(steps: "Steps[T]", shell: Callable[[str], Awaitable[ShellResult]]) -> T:
    """Drive ``steps`` with an awaitable ``shell``; a cancellation is not the step's business."""
    try:
        script = next(steps)
        while True:
            try:
                result = await shell(script)
            except Exception as exc:  # noqa: BLE001 - as run_steps; CancelledError is no Exception
                script = steps.throw(exc)
            else:
                script = steps.send(result)
    except StopIteration as done:
        value: T = done.value
        return value
    finally:
        steps.close()


#: sh's status for a command it cannot find (POSIX XCU 2.8.2)
NOT_FOUND = 127


def output_of(args: List[str]) -> "Steps[str]":
    """One command, quoted argument by argument; its standard output.

    A device without the tool (``sh: aa: not found``) raises
    :class:`~ohbridge.backends.shell.DeviceToolMissingError`: no AMS call failed, there was none.
    """
    result = yield sh_join(args)
    if result.returncode == NOT_FOUND and "not found" in result.stdout:
        from .shell import DeviceToolMissingError  # shell.py imports this module

        raise DeviceToolMissingError(args[0], result.stdout)
    return result.stdout
