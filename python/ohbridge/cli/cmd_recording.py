"""``ohbridge record -- COMMAND`` and ``ohbridge fidelity PATH``: recordings of devices (docs/recording.md)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from typing import Any, Dict, List

from ._app import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE, App, CliError, table

__all__ = ["add_parsers"]


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("record", parents=[common], help="run a program with every device connection it makes recorded",
                       description="Run COMMAND with $OHBRIDGE_RECORD_DIR naming DIR: every ohbridge.connect() it "
                                   "makes records its API calls into a file of its own there. The exit code is "
                                   "the command's.",
                       usage="ohbridge record [--dir DIR] [--max-bytes N] -- COMMAND [ARG ...]")
    p.add_argument("--dir", default="recordings", metavar="DIR",
                   help="where the recordings go (created if missing; default ./recordings)")
    p.add_argument("--max-bytes", type=_size, default=None, metavar="N",
                   help="the size cap of each recording in bytes (default 64 MiB); what passes it is cut, "
                        "with a marker")
    p.add_argument("argv", nargs=argparse.REMAINDER, metavar="COMMAND", help="the program to run, after --")
    p.set_defaults(run=record)
    p = sub.add_parser("fidelity", parents=[common], help="measure the stub against recorded devices",
                       description="Replay the recorded calls against a fresh stub built from each recording's "
                                   "world and API level, and list every answer, error code or event where the "
                                   "stub differs from the device. A directory gets a summary per API function. "
                                   "Exit 0: no difference; 1: differences.")
    p.add_argument("path", metavar="PATH", help="a .ohrec file, or a directory of them")
    p.set_defaults(run=fidelity)


def _size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of bytes: {text!r}") from None
    if value < 1024:
        raise argparse.ArgumentTypeError(f"{text}: the cap must be at least 1024 bytes")
    return value


def record(app: App) -> int:
    from ..recording import MAX_BYTES_ENV, RECORD_DIR_ENV

    argv: List[str] = list(app.args.argv)
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        app.fail("no command to record", EXIT_USAGE, kind="usage",
                 fix="name it after --, e.g. `ohbridge record -- pytest examples/hil --ohos-device hdc:SERIAL`")
    # The program is looked up before the directory is made: a typo leaves nothing behind.
    if shutil.which(argv[0]) is None:
        if os.sep in argv[0] and os.path.exists(argv[0]):
            app.fail(f"cannot run {argv[0]}: permission denied", EXIT_USAGE, kind="usage",
                     fix="make it executable, or run it through its interpreter")
        app.fail(f"no such command: {argv[0]}", EXIT_USAGE, kind="usage", fix="check the command's name and $PATH")
    directory = os.path.abspath(app.args.dir)
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as e:
        app.fail(f"cannot make the recording directory {directory}: {e.strerror}", EXIT_USAGE, kind="usage",
                 fix="name a directory you can write (--dir)")
    before = set(os.listdir(directory))
    env = dict(os.environ, **{RECORD_DIR_ENV: directory})
    if app.args.max_bytes is not None:
        env[MAX_BYTES_ENV] = str(app.args.max_bytes)
    try:
        code = subprocess.call(argv, env=env)
    except FileNotFoundError:
        app.fail(f"no such command: {argv[0]}", EXIT_USAGE, kind="usage", fix="check the command's name and $PATH")
    except PermissionError:
        app.fail(f"cannot run {argv[0]}: permission denied", EXIT_USAGE, kind="usage",
                 fix="make it executable, or run it through its interpreter")
    made = sorted(set(os.listdir(directory)) - before)
    files = [name for name in made if name.endswith(".ohrec")]
    app.emit({"command": argv, "exit_code": code, "directory": directory, "recordings": files},
             lambda: app.note(f"ohbridge: {len(files)} recording(s) in {directory}"))
    return code if code >= 0 else 128 - code  # killed by a signal: as a shell reports it


def fidelity(app: App) -> int:
    from ..recording import RecordingError
    from ..recording.fidelity import measure_path, summarise

    path = app.args.path
    if not os.path.exists(path):
        app.fail(f"no such recording or directory: {path}", EXIT_USAGE, kind="usage",
                 fix="name a .ohrec file (ohbridge record, --ohos-record) or a directory of them")
    try:
        reports = measure_path(path)
    except (RecordingError, ValueError) as e:  # an unreadable recording, or a world the stub cannot hold
        raise CliError(str(e), EXIT_USAGE, kind="usage", fix="name a recording ohbridge wrote") from None
    if os.path.isdir(path) and not reports:
        app.fail(f"no .ohrec recordings in {path}", EXIT_USAGE, kind="usage", fix="record some first")
    rows = [dict(file=os.path.basename(r.path), **{k: v for k, v in vars(d).items()})
            for r in reports for d in r.differences]
    summary = summarise(reports)
    data: Dict[str, Any] = {"recordings": [r.as_dict() for r in reports], "summary": summary,
                            "differences": sum(len(r.differences) for r in reports)}

    def human() -> None:
        calls = sum(r.calls for r in reports)
        if rows:
            app.say(table([_shown(r) for r in rows], ["file", "call", "method", "what", "path", "recorded", "stub"]))
        if len(reports) > 1:
            app.say("")
            app.say(table(summary, ["method", "calls", "differing_calls", "differences", "kinds"]))
        skipped = sum(len(r.skipped) for r in reports)
        app.say(f"{len(rows)} difference(s) in {calls - skipped} call(s) of {len(reports)} recording(s)"
                + ("" if rows else ": the stub answered as the device did")
                + (f" ({skipped} call(s) the device never answered were not run)" if skipped else ""))

    app.emit(data, human)
    return EXIT_API_ERROR if rows else EXIT_OK


def _shown(row: Dict[str, Any]) -> Dict[str, Any]:
    from ..recording.matching import show

    return dict(row, recorded=show(row["recorded"], 60), stub=show(row["stub"], 60),
                kinds=", ".join(row.get("kinds", [])))
