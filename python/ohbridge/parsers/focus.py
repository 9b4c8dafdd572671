"""``hidumper -s WindowManagerService -a -a``: the focused window.

On SceneBoard devices the focus window id is the mission's session
persistentId, so it names a ``Mission ID #`` of ``aa dump -l`` (hypium's join).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

from ._text import lines_of

__all__ = ["FocusResult", "parse_focus_window"]

_FOCUS = re.compile(r"^\s*Focus window:\s*(-?\d+)\s*$")


@dataclass
class FocusResult:
    window_id: Optional[int] = None
    problems: List[str] = field(default_factory=list)


def parse_focus_window(text: object) -> FocusResult:
    result = FocusResult()
    try:
        for line in lines_of(text if isinstance(text, (str, bytes)) else None):
            m = _FOCUS.match(line)
            if m:
                result.window_id = int(m.group(1))
                return result
            if line.strip().startswith("Focus window:"):
                result.problems.append(f"focus line not understood: {line.strip()!r}")
        if not result.problems:
            result.problems.append("no 'Focus window:' line in the window manager dump")
    except Exception as exc:  # noqa: BLE001
        result.problems.append(f"parser error: {exc!r}")
    return result
