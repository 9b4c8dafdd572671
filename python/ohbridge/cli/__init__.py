"""The ``ohbridge`` command line: devices, missions, WantAgents, the agent, a doctor and a demo.

Every command takes ``--device URL`` (default ``$OHOS_DEVICE``, else the only hdc device),
``--stub`` (the simulated device), ``--backend auto|agent|shell`` and ``--agent PATH`` (how a real
device is served), ``--json`` (one JSON document, or JSON Lines for streams) and ``-v`` /
``--log-level`` (the hdc commands and agent calls, on stderr).  An error is
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
from typing import Any, Iterator, List, Optional, Sequence, TextIO

from ._app import (EXIT_API_ERROR, EXIT_CODES_HELP, EXIT_INTERRUPTED, EXIT_USAGE, App, CliError, check_environment,
                   translate)

__all__ = ["main", "build_parser"]

EXIT_BROKEN_PIPE = 141  # what a shell reports for a writer killed by SIGPIPE

log = logging.getLogger("ohbridge.cli")


_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

#: what each command's own --help says instead of repeating the global options
GLOBAL_OPTIONS_NOTE = ("global options (--device, --stub, --scenario, --api-version, --backend, --agent, --json, "
                       "-v/--log-level) work before or after the command: see `ohbridge --help`")


def _common_options(shown: bool) -> argparse.ArgumentParser:
    """The global options, accepted before and after the command name.

    ``ohbridge --help`` lists them once (``shown``).  The copy attached to each command hides
    them from that command's help and uses SUPPRESS defaults, so that a value given before the
    command is not overwritten by the command's own default.
    """
    common = argparse.ArgumentParser(add_help=False)
    target: Any = common.add_argument_group("global options (before or after the command)") if shown else common
    default = None if shown else argparse.SUPPRESS

    def text(help_text: str) -> str:
        return help_text if shown else argparse.SUPPRESS

    target.add_argument("--device", "-d", metavar="URL", default=default,
                        help=text("stub, hdc:SERIAL, hdc://HOST:PORT/SERIAL, adb:SERIAL or a bare serial "
                                  "(default: $OHOS_DEVICE, else the only hdc device)"))
    target.add_argument("--stub", action="store_true", default=False if shown else argparse.SUPPRESS,
                        help=text("use the in-process simulated device (same as --device stub)"))
    target.add_argument("--scenario", metavar="FILE", default=default,
                        help=text("TOML world for the stub (implies --stub)"))
    target.add_argument("--api-version", type=_api_level, metavar="N", default=default,
                        help=text(f"API level the stub behaves like (default {_stub_api_level()}, or the "
                                  "scenario's)"))
    target.add_argument("--backend", choices=("auto", "agent", "shell"), default=default,
                        help=text("how a real device is served: auto (the agent where it can run, else the shell "
                                  "backend, with a warning), agent (or exit 3), shell (default: $OHOS_BACKEND, "
                                  "else auto)"))
    target.add_argument("--agent", metavar="PATH", default=default,
                        help=text("the ohbridge-agent build to push (default: $OHBRIDGE_AGENT, else the one "
                                  "packaged for the device's ABI)"))
    target.add_argument("--json", action="store_true", default=False if shown else argparse.SUPPRESS,
                        help=text("machine-readable output"))
    target.add_argument("--verbose", "-v", dest="log_level", action="store_const", const="DEBUG", default=default,
                        help=text("log every hdc command and agent call on stderr (same as --log-level DEBUG)"))
    target.add_argument("--log-level", dest="log_level", metavar="LEVEL", default=default,
                        type=str.upper, choices=_LOG_LEVELS,
                        help=text(f"log on stderr from this level: {', '.join(_LOG_LEVELS)} (default: warnings "
                                  "only)"))
    return common


def _api_level(text: str) -> int:
    """An API level: a positive int32 (the native stub stores it as one)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an API level: {text!r}") from None
    if not 1 <= value < 2**31:
        raise argparse.ArgumentTypeError(f"{text} is not an API level (1 or more)")
    return value


def _stub_api_level() -> str:
    """The API level a plain stub behaves like, from the native core itself (never from memory)."""
    try:
        from ..backends.stub import DEFAULT_API_VERSION

        return str(DEFAULT_API_VERSION)
    except ImportError:  # no extension built: the help must still print
        return "the newest"


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions keep their line breaks (the exit code table)."""


def build_parser() -> argparse.ArgumentParser:
    from . import cmd_agent, cmd_demo, cmd_devices, cmd_doctor, cmd_missions, cmd_recording, cmd_wantagent

    parser = argparse.ArgumentParser(
        prog="ohbridge", parents=[_common_options(True)],
        description="Drive OpenHarmony missions and WantAgents on real devices (hdc) or on the simulated "
                    "device. Start with `ohbridge demo`.",
        epilog=EXIT_CODES_HELP + "\n\n" + COMPLETION_HELP, formatter_class=_Formatter)
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"ohbridge {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _common_options(False)
    for module in (cmd_devices, cmd_missions, cmd_wantagent, cmd_agent, cmd_doctor, cmd_demo, cmd_recording):
        module.add_parsers(sub, common)
    for command in _all_parsers(parser):
        if command is not parser and command.epilog is None:
            command.epilog = GLOBAL_OPTIONS_NOTE
    _enable_completion(parser)
    return parser


def _all_parsers(parser: argparse.ArgumentParser) -> List[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += _all_parsers(child)
    return found


COMPLETION_HELP = """shell completion (optional): pip install 'ohbridge[completion]', then
  eval "$(register-python-argcomplete ohbridge)"     # bash/zsh, e.g. in ~/.bashrc"""


def _enable_completion(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's completion request when argcomplete is installed (an optional extra)."""
    if "_ARGCOMPLETE" not in os.environ:
        return  # argcomplete acts only when the shell asks; skip the import otherwise
    try:
        import argcomplete  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return
    argcomplete.autocomplete(parser)


@contextlib.contextmanager
def _logging_to(err: TextIO, level: Optional[str]) -> Iterator[None]:
    """-v/--log-level: the ohbridge loggers on stderr for the length of one run."""
    if level is None:
        yield
        return
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
    root = logging.getLogger("ohbridge")
    previous = root.level
    root.addHandler(handler)
    root.setLevel(level)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def main(argv: Optional[Sequence[str]] = None, *, stdout: Optional[TextIO] = None,
         stderr: Optional[TextIO] = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    arguments = list(argv) if argv is not None else sys.argv[1:]
    bad = next((a for a in arguments if _not_utf8(a)), None)
    if bad is not None:
        # Python hands over argv bytes that are not UTF-8 as lone surrogates; no OpenHarmony name
        # (bundle, ability, networkId, path on the device) can hold them.
        shown = bad.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        err.write(f"ohbridge: argument {shown!r} is not valid UTF-8 (fix: pass names and paths as UTF-8 text)\n")
        return EXIT_USAGE
    parser = build_parser()
    try:
        # argparse prints help and usage errors itself: send them where the caller asked.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(arguments)
    except SystemExit as e:  # argparse: --help/--version (0) or a usage error (2)
        return int(e.code) if isinstance(e.code, int) else EXIT_USAGE
    app = App(args=args, out=out, err=err)
    with _logging_to(err, getattr(args, "log_level", None)):
        return _run(app)


def _run(app: App) -> int:
    args = app.args
    try:
        check_environment()
        return int(args.run(app))
    except KeyboardInterrupt:
        app.err.write("interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `ohbridge demo | head -1`: the reader is gone, which is no error of ours.  Point stdout
        # at /dev/null so that the interpreter's final flush does not fail again.
        if app.out is sys.stdout:
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
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


def _not_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


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


