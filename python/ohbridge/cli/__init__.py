"""The ``ohbridge`` command line: devices, missions, WantAgents, the agent, a doctor and a demo.

Every command takes ``--device URL`` (default ``$OHOS_DEVICE``, else the only hdc device),
``--stub`` (the simulated device), ``--backend auto|agent|shell`` and ``--agent PATH`` (how a real
device is served), and ``--json`` (one JSON document, or JSON Lines for streams).  An error is
one line with a fix (``{"error": ...}`` under ``--json``), never a traceback
(``OHBRIDGE_DEBUG=1`` shows the traceback of a bug).  Exit codes are listed in ``ohbridge --help``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from typing import List, Optional, Sequence, TextIO

from ._app import EXIT_API_ERROR, EXIT_CODES_HELP, EXIT_INTERRUPTED, EXIT_USAGE, App, CliError, translate

__all__ = ["main", "build_parser"]

log = logging.getLogger("ohbridge.cli")


def _common_options(defaults: bool) -> argparse.ArgumentParser:
    """The global options, accepted before and after the command name.

    The copy attached to each command uses SUPPRESS defaults, so that a value given before the
    command is not overwritten by the command's own default.
    """
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("device selection and output")
    default = None if defaults else argparse.SUPPRESS
    group.add_argument("--device", "-d", metavar="URL", default=default,
                       help="stub, hdc:SERIAL, hdc://HOST:PORT/SERIAL, adb:SERIAL or a bare serial "
                            "(default: $OHOS_DEVICE, else the only hdc device)")
    group.add_argument("--stub", action="store_true", default=False if defaults else argparse.SUPPRESS,
                       help="use the in-process simulated device (same as --device stub)")
    group.add_argument("--scenario", metavar="FILE", default=default, help="TOML world for the stub (implies --stub)")
    group.add_argument("--api-version", type=int, metavar="N", default=default,
                       help="API level the stub behaves like")
    group.add_argument("--backend", choices=("auto", "agent", "shell"), default=default,
                       help="how a real device is served: auto (the agent where it can run, else the shell "
                            "backend, with a warning), agent (or exit 3), shell (default: $OHOS_BACKEND, else auto)")
    group.add_argument("--agent", metavar="PATH", default=default,
                       help="the ohbridge-agent build to push (default: $OHBRIDGE_AGENT, else the one packaged "
                            "for the device's ABI)")
    group.add_argument("--json", action="store_true", default=False if defaults else argparse.SUPPRESS,
                       help="machine-readable output")
    return common


def build_parser() -> argparse.ArgumentParser:
    from . import cmd_agent, cmd_demo, cmd_devices, cmd_doctor, cmd_missions, cmd_wantagent

    parser = argparse.ArgumentParser(
        prog="ohbridge", parents=[_common_options(True)],
        description="Drive OpenHarmony missions and WantAgents on real devices (hdc) or on the simulated "
                    "device. Start with `ohbridge demo`.",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"ohbridge {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _common_options(False)
    for module in (cmd_devices, cmd_missions, cmd_wantagent, cmd_agent, cmd_doctor, cmd_demo):
        module.add_parsers(sub, common)
    return parser


def main(argv: Optional[Sequence[str]] = None, *, stdout: Optional[TextIO] = None,
         stderr: Optional[TextIO] = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    try:
        # argparse prints help and usage errors itself: send them where the caller asked.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as e:  # argparse: --help/--version (0) or a usage error (2)
        return int(e.code) if isinstance(e.code, int) else EXIT_USAGE
    app = App(args=args, out=out, err=err)
    try:
        return int(args.run(app))
    except KeyboardInterrupt:
        err.write("interrupted\n")
        return EXIT_INTERRUPTED
    except Exception as e:
        error = translate(e)
        if error is None:
            if os.environ.get("OHBRIDGE_DEBUG", "").strip() not in ("", "0"):
                raise  # asked for: the traceback of a bug
            log.debug("unexpected error", exc_info=True)
            error = CliError(f"internal error: {type(e).__name__}: {e}", EXIT_API_ERROR, kind="internal_error",
                             fix="this is a bug in ohbridge: report it with the output of the same command "
                                 "run with OHBRIDGE_DEBUG=1")
        _report(app, error)
        return error.exit_code
    finally:
        try:
            app.close()
        except Exception as e:  # closing a device whose server went away must not end in a traceback
            log.debug("closing the device: %s", e)


def _report(app: App, error: CliError) -> None:
    """The error as one JSON document, or as ONE line for people (message, then the fix)."""
    if app.json:
        app.out.write(json.dumps({"error": error.as_dict()}, sort_keys=True) + "\n")
        app.out.flush()
        return
    line = " ".join(error.message.split())
    if error.fix:
        line += f" (fix: {' '.join(error.fix.split())})"
    app.err.write(f"ohbridge: {line}\n")
    app.err.flush()


def run() -> None:  # pragma: no cover - the console script
    sys.exit(main())


