"""How the hdc server splits a command's arguments (``Base::SplitCommandToArgs``).

Space, tab, CR and LF separate arguments; a double quote starts or ends a quoted run in which
they do not; there is no escape character, and quotes themselves never reach an argument.
"""

from __future__ import annotations

__all__ = ["split_args"]

_SEPARATORS = " \t\r\n"


def split_args(line: str) -> list[str]:
    args: list[str] = []
    current: list[str] = []
    in_arg = False
    quoted = False
    for ch in line:
        if quoted:
            if ch == '"':
                quoted = False
            else:
                current.append(ch)
        elif ch == '"':
            quoted = True
            in_arg = True
        elif ch in _SEPARATORS:
            if in_arg:
                args.append("".join(current))
                current = []
            in_arg = False
        else:
            current.append(ch)
            in_arg = True
    if in_arg:
        args.append("".join(current))
    return args
