"""``param get <key>``: one line of value, or ``Get parameter "<k>" fail! errNum is:<n>!``.

BShellParamCmdGet (startup_init services/begetctl/param_cmd.c) prints
``"%s \n"``: the value, one space, a newline.  An empty value is therefore a single space
and a newline, and reads as ``""`` (not "nothing printed").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

from ._text import lines_of

__all__ = ["ParamResult", "parse_param"]

_FAIL = re.compile(r'Get parameter "(?P<key>.*)" fail! errNum is:\s*(?P<err>-?\d+)!?')


@dataclass
class ParamResult:
    value: Optional[str] = None
    error: Optional[int] = None  # errNum of a failed get
    problems: List[str] = field(default_factory=list)


def parse_param(text: object) -> ParamResult:
    result = ParamResult()
    try:
        lines = [line for line in lines_of(text if isinstance(text, (str, bytes)) else None)]
        while lines and not lines[-1]:
            lines.pop()
        if not lines:
            result.problems.append("param printed nothing")
            return result
        m = _FAIL.search(lines[0])
        if m:
            result.error = int(m.group("err"))
            return result
        if lines[0].startswith("Error:"):
            # "Error: Forbid to get all parameters" and the like: no value.
            result.problems.append(f"param refused: {lines[0].strip()!r}")
            return result
        if "fail" in lines[0].lower():
            # xdevice's rule: any "fail" means no value
            result.problems.append(f"param failed: {lines[0].strip()!r}")
            return result
        # "%s \n": drop the one space the tool adds; keep the value's own spaces.
        first = lines[0]
        result.value = first[:-1] if first.endswith(" ") else first
        if len(lines) > 1:
            result.problems.append(f"param printed {len(lines)} lines; using the first")
    except Exception as exc:  # noqa: BLE001
        result.problems.append(f"parser error: {exc!r}")
    return result
