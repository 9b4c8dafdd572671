"""Value types of the WantAgent API, with their JS field names.

Every input accepts either these dataclasses or plain dicts with the JS field
names (so an example copied from the OpenHarmony docs works as it is).  A
dataclass field left as ``None`` is *absent*, as an omitted JS property is;
pass the dict form to send an explicit ``null``.
"""

from __future__ import annotations

import abc
import enum
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

__all__ = [
    "JsValue",
    "WantAgentFlags",
    "OperationType",
    "Want",
    "WantAgentInfo",
    "TriggerInfo",
    "CompleteData",
    "WantAgent",
    "JsObject",
    "WantLike",
    "WantAgentInfoLike",
    "TriggerInfoLike",
    "to_js",
]

JsObject = Mapping[str, Any]


class WantAgentFlags(enum.IntEnum):
    """``wantAgent.WantAgentFlags``, with the real values."""

    ONE_TIME_FLAG = 0
    NO_BUILD_FLAG = 1
    CANCEL_PRESENT_FLAG = 2
    UPDATE_PRESENT_FLAG = 3
    CONSTANT_FLAG = 4
    REPLACE_ELEMENT = 5
    REPLACE_ACTION = 6
    REPLACE_URI = 7
    REPLACE_ENTITIES = 8
    REPLACE_BUNDLE = 9
    ALLOW_CANCEL_FLAG = 10


class OperationType(enum.IntEnum):
    """``wantAgent.OperationType``, with the real values."""

    UNKNOWN_TYPE = 0
    START_ABILITY = 1
    START_ABILITIES = 2
    START_SERVICE = 3
    SEND_COMMON_EVENT = 4
    START_FOREGROUND_SERVICE = 5
    START_SERVICE_EXTENSION = 6


class JsValue(abc.ABC):
    """Base of the value dataclasses: ``to_js()`` is their JS-shaped dict.

    The core's argument converter (and the agent's wire encoder) asks any
    object for ``__ohbridge_js__()``, so these go to the core as they are,
    with no copying in front of every call.
    """

    __slots__ = ()

    @abc.abstractmethod
    def to_js(self) -> Dict[str, Any]: ...

    def __ohbridge_js__(self) -> Dict[str, Any]:
        return self.to_js()


def _drop_none(d: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


@dataclass
class Want(JsValue):
    """A Want: what to start and with which parameters."""

    bundle_name: Optional[str] = None
    ability_name: Optional[str] = None
    device_id: Optional[str] = None
    module_name: Optional[str] = None
    action: Optional[str] = None
    entities: Optional[List[str]] = None
    type: Optional[str] = None
    uri: Optional[str] = None
    flags: Optional[int] = None
    parameters: Optional[Dict[str, Any]] = None

    def to_js(self) -> Dict[str, Any]:
        return _drop_none(
            {
                "deviceId": self.device_id,
                "bundleName": self.bundle_name,
                "abilityName": self.ability_name,
                "moduleName": self.module_name,
                "action": self.action,
                "entities": list(self.entities) if self.entities is not None else None,
                "type": self.type,
                "uri": self.uri,
                "flags": self.flags,
                "parameters": to_js(self.parameters) if self.parameters is not None else None,
            }
        )

    @classmethod
    def from_js(cls, d: JsObject) -> "Want":
        return cls(
            bundle_name=d.get("bundleName"),
            ability_name=d.get("abilityName"),
            device_id=d.get("deviceId"),
            module_name=d.get("moduleName"),
            action=d.get("action"),
            entities=list(d.get("entities") or []),
            type=d.get("type"),
            uri=d.get("uri"),
            flags=d.get("flags"),
            parameters=dict(d.get("parameters") or {}),
        )


WantLike = Union[Want, JsObject]


@dataclass
class WantAgentInfo(JsValue):
    """``wantAgent.WantAgentInfo``: what a WantAgent will do when triggered."""

    wants: Sequence[WantLike]
    operation_type: Union[OperationType, int]
    request_code: int
    want_agent_flags: Optional[Sequence[Union[WantAgentFlags, int]]] = None
    extra_info: Optional[Mapping[str, Any]] = None
    user_id: Optional[int] = None

    def to_js(self) -> Dict[str, Any]:
        return _drop_none(
            {
                "wants": [to_js(w) for w in self.wants],
                "operationType": int(self.operation_type),
                "requestCode": self.request_code,
                "wantAgentFlags": [int(f) for f in self.want_agent_flags]
                if self.want_agent_flags is not None
                else None,
                "extraInfo": to_js(self.extra_info) if self.extra_info is not None else None,
                "userId": self.user_id,
            }
        )


WantAgentInfoLike = Union[WantAgentInfo, JsObject]


@dataclass
class TriggerInfo(JsValue):
    """``wantAgent.TriggerInfo``.  ``code`` is mandatory on a device too."""

    code: int
    want: Optional[WantLike] = None
    permission: Optional[str] = None
    extra_info: Optional[Mapping[str, Any]] = None
    start_options: Optional[Mapping[str, Any]] = None

    def to_js(self) -> Dict[str, Any]:
        return _drop_none(
            {
                "code": self.code,
                "want": to_js(self.want) if self.want is not None else None,
                "permission": self.permission,
                "extraInfo": to_js(self.extra_info) if self.extra_info is not None else None,
                "startOptions": to_js(self.start_options) if self.start_options is not None else None,
            }
        )


TriggerInfoLike = Union[TriggerInfo, JsObject]


class WantAgent:
    """An opaque WantAgent, as JS holds one.

    Two WantAgent objects may point at the same record: compare them with
    ``want_agent.equal(a, b)``, which asks the system, not with ``==``.
    """

    __slots__ = ("_handle", "_summary", "__weakref__")

    def __init__(self, handle: Any, summary: Optional[Mapping[str, Any]] = None) -> None:
        self._handle = handle
        # What it was made from (bundle, operation type, request code), for the repr only: asking
        # the device would be a call per repr, and fail once the record is gone.
        self._summary = dict(summary) if summary else None

    def __ohbridge_js__(self) -> Any:
        # What the core sees: the wrapped native object.
        return self._handle

    def __repr__(self) -> str:
        s = self._summary
        if not s:
            return f"<WantAgent {self._handle!r}>"
        op = s.get("operationType")
        try:
            op_name = OperationType(int(op)).name  # type: ignore[arg-type]  # None: caught below
        except (ValueError, TypeError):
            op_name = repr(op)
        return f"<WantAgent bundle={s.get('bundleName')!r} operation={op_name} request_code={s.get('requestCode')!r}>"


@dataclass
class CompleteData:
    """What a trigger's completion callback receives.

    ``final_code`` echoes ``TriggerInfo.code``: it is not a result code.
    """

    info: Optional[WantAgent]
    want: Want
    final_code: int
    final_data: str = ""
    extra_info: Dict[str, Any] = field(default_factory=dict)

    @property
    def want_agent(self) -> Optional[WantAgent]:
        """The legacy duplicate of ``info`` (``CompleteData.wantAgent``)."""
        return self.info


_LEAF_TYPES = (str, int, float, bool, type(None))
# Deeper than any real input; past it, values go to the core unchanged and
# the core's own depth limit turns them into a 401.
_MAX_DEPTH = 100


def to_js(value: Any, _depth: int = 0) -> Any:
    """Turn ohbridge dataclasses (at any depth) into their JS-shaped dicts."""
    if isinstance(value, _LEAF_TYPES) or _depth > _MAX_DEPTH:
        return value
    if isinstance(value, WantAgent):
        return value._handle
    to_js_method = getattr(value, "to_js", None)
    if to_js_method is not None and not isinstance(value, type):
        return to_js_method()
    if isinstance(value, Mapping):
        return {k: to_js(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_js(v, _depth + 1) for v in value]
    return value
