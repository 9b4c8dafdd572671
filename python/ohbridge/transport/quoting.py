"""Quoting for the two command-line grammars a device command passes through.

* ``shell`` commands are run by the device's ``/bin/sh -c``: arguments are quoted for POSIX sh
  (``shlex.quote``: single quotes, which sh never interprets inside; that also covers newlines
  and non-ASCII text).
* hdc's own commands (``file send``, ``install``, ``fport``) are split by the server
  (``Base::SplitCommandToArgs`` in developtools_hdc): whitespace separates arguments, a double
  quote toggles quoting, and there is no escape character. A value containing ``"`` therefore
  cannot be expressed at all, and we refuse it rather than send something else.
"""

from __future__ import annotations

import shlex
from typing import Iterable

__all__ = ["sh_quote", "sh_join", "hdc_quote"]


def _check_no_nul(arg: str) -> None:
    # The command travels NUL-terminated and argv entries are C strings: a NUL would silently
    # truncate the argument on the device.
    if "\0" in arg:
        raise ValueError(f"a NUL character cannot be passed to a device command: {arg!r}")


def sh_quote(arg: str) -> str:
    """Quote one argument so that a POSIX sh passes it through unchanged."""
    _check_no_nul(arg)
    return shlex.quote(arg)


def sh_join(args: Iterable[str]) -> str:
    """Join arguments into one POSIX sh command line, each one quoted."""
    return " ".join(sh_quote(a) for a in args)


_HDC_SEPARATORS = (" ", "\t", "\n", "\r")


def hdc_quote(arg: str) -> str:
    """Quote one argument of an hdc command (not of a shell command)."""
    _check_no_nul(arg)
    if '"' in arg:
        raise ValueError(f"hdc command arguments cannot contain a double quote: {arg!r}")
    if arg == "" or any(sep in arg for sep in _HDC_SEPARATORS):
        return f'"{arg}"'
    return arg
