"""Parsers of what OpenHarmony's shell tools print (docs/fidelity-missions.md lists the printing functions).

Every parser takes the raw text (CRLF or LF, possibly truncated), never
raises on bad input, and returns what it understood plus ``problems``: one
human-readable line per thing it could not parse, so that a caller can tell
"no missions" from "output it did not understand".
"""

from .aa import AaResult, parse_aa_result
from .bundles import BundleInfoResult, parse_bundle_info, parse_bundle_list, BundleListResult
from .focus import FocusResult, parse_focus_window
from .missions import MissionListResult, MissionRecord, parse_mission_list, parse_mission_name
from .params import ParamResult, parse_param
from .pending_wants import PendingWantRecord, PendingWantsResult, parse_pending_wants

__all__ = [
    "AaResult",
    "parse_aa_result",
    "BundleInfoResult",
    "BundleListResult",
    "parse_bundle_info",
    "parse_bundle_list",
    "FocusResult",
    "parse_focus_window",
    "MissionListResult",
    "MissionRecord",
    "parse_mission_list",
    "parse_mission_name",
    "ParamResult",
    "parse_param",
    "PendingWantRecord",
    "PendingWantsResult",
    "parse_pending_wants",
]
