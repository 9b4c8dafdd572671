"""The result of ``aa start`` / ``aa force-stop``: judged from the text, since ``aa`` exits 0.

device-cli.md §1.2.5: success lines (``start ability successfully.``,
``force stop process successfully.``), failure lines starting ``error:``,
and detailed ``Error Code:<n>  Error Message:<text>`` lines.  No
"contains 'fail'" heuristic (hypium's, which misfires on bundle names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

from ._text import lines_of

__all__ = ["AaResult", "parse_aa_result", "SUCCESS_LINES"]

SUCCESS_LINES = (
    "start ability successfully.",
    "stop service ability successfully.",
    "force stop process successfully.",
    "prestart successfully.",
)
_CODE = re.compile(r"Error Code:\s*(\d+)\s+Error Message:\s*(.*)$")


@dataclass
class AaResult:
    ok: bool
    code: Optional[int] = None  # an aa tool error code (e.g. 10104001)
    message: str = ""
    output: str = ""
    problems: List[str] = field(default_factory=list)


def parse_aa_result(text: object) -> AaResult:
    raw = text if isinstance(text, str) else (text.decode("utf-8", "replace") if isinstance(text, bytes) else "")
    result = AaResult(ok=False, output=raw)
    try:
        lines = [line.strip() for line in lines_of(raw) if line.strip()]
        errors = [line for line in lines if line.startswith("error:") or line.startswith("fail:")]
        for line in lines:
            m = _CODE.search(line)
            if m:
                result.code = int(m.group(1))
                result.message = m.group(2).strip()
                break
        if any(line in SUCCESS_LINES for line in lines) and not errors and result.code is None:
            result.ok = True
            return result
        if errors and not result.message:
            result.message = errors[0]
        if not lines:
            result.problems.append("aa printed nothing")
        elif not errors and result.code is None:
            result.problems.append(f"no success or error line in aa output: {lines[0]!r}")
            result.message = lines[0]
    except Exception as exc:  # noqa: BLE001
        result.problems.append(f"parser error: {exc!r}")
    return result
