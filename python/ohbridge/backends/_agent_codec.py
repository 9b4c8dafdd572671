"""Python values as the agent's core must see them on the wire (as convert.cpp does in process).

Wire value types are in ``native/agent/codec.h``: ``undefined``, caller functions (by id), native
handles (by id) and foreign objects travel as msgpack extension types.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Callable, Optional

import msgpack  # type: ignore[import-untyped]  # msgpack ships no type information

if TYPE_CHECKING:
    from ._agent_link import _Link

__all__ = ["AgentHandle", "encode", "decode_ext"]

_EXT_UNDEFINED, _EXT_FUNCTION, _EXT_HANDLE, _EXT_FOREIGN = 1, 2, 3, 4
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_MAX_DEPTH = 200  # as native/bindings/convert.cpp and native/agent/codec.h


class AgentHandle:
    """A native object (a WantAgent's target) held by the agent, by id."""

    __slots__ = ("id", "_link", "__weakref__")
    kind = "handle"

    def __init__(self, handle_id: int, link: "_Link") -> None:
        self.id = handle_id
        self._link = link

    def same_native(self, other: "AgentHandle") -> bool:
        return self._link is other._link and self.id == other.id

    def __del__(self) -> None:
        # Runs on whatever thread collects it: only queue the release; the
        # next message to the agent carries it.
        self._link.pending_releases.append(self.id)

    def __repr__(self) -> str:
        return f"<agent handle {self.id}>"


def _utf8(s: str) -> str:
    """A str as JS reads it: lone surrogates become U+FFFD (as convert.cpp does)."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")



def encode(obj: Any, link: "_Link", function_id: Optional[Callable[[Any], int]], depth: int = 0) -> Any:
    """A Python argument as the agent's core must see it; handles of ``link`` by id, callables by ``function_id``."""
    if depth > _MAX_DEPTH:
        return msgpack.ExtType(_EXT_FOREIGN, type(obj).__name__.encode())
    if obj is None or isinstance(obj, (bool, float)):
        return obj
    if isinstance(obj, int):
        if _INT64_MIN <= obj <= _INT64_MAX:
            return obj
        try:
            return float(obj)  # a JS number cannot hold it exactly either
        except OverflowError:
            return math.inf if obj > 0 else -math.inf
    if isinstance(obj, str):
        return _utf8(obj)
    if isinstance(obj, AgentHandle):
        if obj._link is link:
            return msgpack.ExtType(_EXT_HANDLE, obj.id.to_bytes(8, "big"))
        # From a link that has since dropped: the agent no longer knows
        # the id, so it is just an object, as an unknown JS object is.
        return msgpack.ExtType(_EXT_FOREIGN, b"WantAgent")
    if _is_undefined(obj):
        return msgpack.ExtType(_EXT_UNDEFINED, b"")
    if isinstance(obj, (list, tuple)):
        return [encode(x, link, function_id, depth + 1) for x in obj]
    if isinstance(obj, dict):
        if not all(isinstance(k, str) for k in obj):
            return msgpack.ExtType(_EXT_FOREIGN, b"dict")
        return {_utf8(k): encode(v, link, function_id, depth + 1) for k, v in obj.items()}
    if not isinstance(obj, type):
        hook = getattr(obj, "__ohbridge_js__", None)
        if hook is not None:
            try:
                js = hook()
            except Exception:  # noqa: BLE001 - as convert.cpp: a failing hook is a foreign object
                return msgpack.ExtType(_EXT_FOREIGN, type(obj).__name__.encode())
            return encode(js, link, function_id, depth + 1)
        if callable(obj) and function_id is not None:
            return msgpack.ExtType(_EXT_FUNCTION, function_id(obj).to_bytes(8, "big"))
    return msgpack.ExtType(_EXT_FOREIGN, type(obj).__name__.encode("utf-8", "replace"))


def decode_ext(code: int, data: bytes, link: "_Link") -> Any:
    if code == _EXT_HANDLE and len(data) == 8:
        return AgentHandle(int.from_bytes(data, "big"), link)
    return None  # undefined, foreign objects and functions read as None, as in process


_undefined_type: Optional[type] = None


def _is_undefined(obj: Any) -> bool:
    global _undefined_type
    if _undefined_type is None:
        from .. import _native

        _undefined_type = type(_native.undefined)
    return isinstance(obj, _undefined_type)
