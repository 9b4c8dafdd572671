"""``bm dump -a`` (installed bundle names) and ``bm dump -n <bundle>`` (BundleInfo JSON).

BundleMgrHostImpl::DumpInfos: ``-a`` prints ``ID: 100:`` then one bundle per line;
``-n`` prints ``<bundle>:`` then pretty JSON, to be read from the first ``{``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from ._text import clip, lines_of

__all__ = ["BundleListResult", "BundleInfoResult", "parse_bundle_list", "parse_bundle_info"]


@dataclass
class BundleListResult:
    bundles: List[str] = field(default_factory=list)  # each name once, in the order first seen
    problems: List[str] = field(default_factory=list)
    # BundleMgrHostImpl::DumpAllBundleInfoNames prints one "ID: <user>:" block per user (0, 100, ...).
    by_user: Dict[int, List[str]] = field(default_factory=dict)


@dataclass
class BundleInfoResult:
    info: Optional[Dict[str, Any]] = None
    name: str = ""
    uid: Optional[int] = None
    access_token_id: Optional[int] = None
    problems: List[str] = field(default_factory=list)


def parse_bundle_list(text: object) -> BundleListResult:
    result = BundleListResult()
    try:
        user: Optional[int] = None
        for n, raw in enumerate(lines_of(text if isinstance(text, (str, bytes)) else None), 1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("ID:"):
                digits = line[3:].strip().rstrip(":").strip()
                user = int(digits) if digits.lstrip("-").isdigit() else None
                if user is None:
                    result.problems.append(f"line {n}: not a user header: {clip(line)}")
                else:
                    result.by_user.setdefault(user, [])
                continue
            if line.lower().startswith("error") or " " in line:
                result.problems.append(f"line {n}: not a bundle name: {clip(line)}")
                continue
            if user is not None:
                result.by_user[user].append(line)
            if line not in result.bundles:
                result.bundles.append(line)
    except Exception as exc:  # noqa: BLE001
        result.problems.append(f"parser error: {exc!r}")
    return result


def parse_bundle_info(text: object) -> BundleInfoResult:
    result = BundleInfoResult()
    try:
        s = "\n".join(lines_of(text if isinstance(text, (str, bytes)) else None))
        start = s.find("{")
        if start < 0:
            result.problems.append(f"no JSON in the bm dump output: {clip(s)!r}")
            return result
        head = s[:start].strip()
        if head.endswith(":"):
            result.name = head[:-1].strip().splitlines()[-1] if head[:-1].strip() else ""
        try:
            info, _ = json.JSONDecoder().raw_decode(s[start:])
        except json.JSONDecodeError as exc:
            result.problems.append(f"bundle info JSON is truncated or malformed: {exc}")
            return result
        if not isinstance(info, dict):
            result.problems.append("bundle info JSON is not an object")
            return result
        result.info = info
        result.name = str(info.get("name", result.name) or result.name)
        app = info.get("applicationInfo")
        users = info.get("userInfo")
        uid: Any = app.get("uid") if isinstance(app, dict) else None
        if uid is None and isinstance(users, list) and users and isinstance(users[0], dict):
            uid = users[0].get("uid")
        if uid is None:
            uid = info.get("uid")
        if isinstance(uid, int):
            result.uid = uid
        else:
            result.problems.append("no uid in the bundle info")
        token = app.get("accessTokenId") if isinstance(app, dict) else None
        if isinstance(token, int):
            result.access_token_id = token
    except Exception as exc:  # noqa: BLE001
        result.problems.append(f"parser error: {exc!r}")
    return result
