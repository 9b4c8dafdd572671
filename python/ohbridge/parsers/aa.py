"""The result of ``aa start`` / ``aa force-stop``: judged from the text, since ``aa`` exits 0.

AbilityManagerShellCommand::RunAsStartAbility (ability_ability_runtime tools/aa/src/
ability_command.cpp): ``start ability successfully.`` on ERR_OK; otherwise
``error: failed to start ability.`` and the message of the inner code.  From 5.1.0 the message is
AaToolErrorInfo::ToString (tools/aa/include/shell_command.h): ``Error Code:<n>  Error
Message:<text>``, ``Error cause: <text>``, ``  Try the following:`` and ``  > <solution>`` lines.

A queued start (AMS answered START_ABILITY_WAITING: EnqueueWaitingAbility) is a success of its
own kind, ``queued``: 3.2 to 5.0.0 print ``start ability successfully. waiting...``; 5.1.0 and
later print the 10106101 block ("Another ability is being started...") without the
``error: failed`` line.  No "contains 'fail'" heuristic (hypium's, which misfires on bundle names).
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
# START_ABILITY_WAITING: the text of 3.2-5.0.0, the aa tool code of 5.1.0 and later.
QUEUED_LINE = "start ability successfully. waiting..."
QUEUED_CODE = 10106101
_CODE = re.compile(r"Error Code:\s*(\d+)\s+Error Message:\s*(.*)$")
_CAUSE = re.compile(r"^Error cause:\s*(.*)$")
_SOLUTION = re.compile(r"^>\s*(.*)$")


@dataclass
class AaResult:
    ok: bool  # started (or stopped); a queued start is ok too
    code: Optional[int] = None  # an aa tool error code (e.g. 10104001, 10106101 when queued)
    message: str = ""
    output: str = ""
    problems: List[str] = field(default_factory=list)
    queued: bool = False  # AMS queued the start behind another one: it will happen
    cause: str = ""
    solutions: List[str] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        """``"ok"``, ``"queued"`` or ``"failed"``."""
        if self.queued:
            return "queued"
        return "ok" if self.ok else "failed"


def parse_aa_result(text: object) -> AaResult:
    raw = text if isinstance(text, str) else (text.decode("utf-8", "replace") if isinstance(text, bytes) else "")
    result = AaResult(ok=False, output=raw)
    try:
        lines = [line.strip() for line in lines_of(raw) if line.strip()]
        errors = [line for line in lines if line.startswith("error:") or line.startswith("fail:")]
        for line in lines:
            m = _CODE.search(line)
            if m and result.code is None:
                result.code = int(m.group(1))
                result.message = m.group(2).strip()
            elif (c := _CAUSE.match(line)):
                result.cause = c.group(1).strip()
            elif (s := _SOLUTION.match(line)) and result.code is not None:
                result.solutions.append(s.group(1).strip())
        if QUEUED_LINE in lines or (result.code == QUEUED_CODE and not errors):
            result.ok = result.queued = True
            result.message = result.message or QUEUED_LINE
            return result
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
