"""``@ohos.app.ability.wantAgent``: create, trigger, query and cancel WantAgents.

Reach it as ``device.want_agent`` (sync and callback forms) or
``device.aio.want_agent`` (asyncio).  Names follow the JS API in snake_case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Awaitable, Callable, Dict, List, Mapping, Optional, TypeVar, Union, overload

from . import _dispatch
from ._call import Pending, settle
from ._native import undefined
from ._want_agent_hints import invalid_want_agent_hint
from .errors import BusinessError, InvalidWantAgentError
from .model import (
    CompleteData,
    OperationType,
    TriggerInfoLike,
    Want,
    WantAgent,
    WantAgentInfoLike,
    to_js,
)

if TYPE_CHECKING:
    from .device import Device

__all__ = ["WantAgentAPI", "AsyncWantAgentAPI", "AsyncCallback"]

T = TypeVar("T")
# callback(err, data): err is None on success, data is None on failure.
AsyncCallback = Callable[[Optional[BusinessError], Optional[T]], Any]
TriggerCallback = Callable[[Optional[BusinessError], Optional[CompleteData]], Any]


def _want_agent(payload: Any) -> WantAgent:
    return WantAgent(payload)


def _want_agent_of(info: Any) -> Callable[[Any], WantAgent]:
    """The converter for getWantAgent: a WantAgent that can say what it was made from."""
    js = to_js(info)
    summary: Dict[str, Any] = {}
    if isinstance(js, Mapping):
        wants = js.get("wants")
        first = wants[0] if isinstance(wants, list) and wants and isinstance(wants[0], Mapping) else {}
        summary = {"bundleName": first.get("bundleName"), "operationType": js.get("operationType"),
                   "requestCode": js.get("requestCode")}

    def convert(payload: Any) -> WantAgent:
        return WantAgent(payload, summary)
    return convert


def _identity(payload: Any) -> Any:
    return payload


def _none(payload: Any) -> None:
    return None


def _operation_type(payload: Any) -> Union[OperationType, int]:
    try:
        return OperationType(payload)
    except ValueError:
        return int(payload)


def _want(payload: Any) -> Want:
    return Want.from_js(payload)


def _complete_data(payload: Any) -> CompleteData:
    info = payload.get("info", payload.get("wantAgent"))
    return CompleteData(
        info=WantAgent(info) if info is not None else None,
        want=Want.from_js(payload.get("want") or {}),
        final_code=int(payload.get("finalCode", 0)),
        final_data=str(payload.get("finalData", "")),
        extra_info=dict(payload.get("extraInfo") or {}),
    )


class _WantAgentBase:
    def __init__(self, device: "Device") -> None:
        self._device = device
        self._invoke = device._tracker.invoke  # notes the WantAgents it got, for the per-test reset

    def __repr__(self) -> str:
        form = "asyncio" if type(self).__name__.startswith("Async") else "sync"
        return f"<ohbridge @ohos.app.ability.wantAgent ({form}) of {self._device!r}>"

    def _trigger_args(self, agent: Any, trigger_info: Any, callback: Optional[TriggerCallback],
                      deliver: _dispatch.Deliver) -> List[Any]:
        # JS trigger requires its third argument; undefined means "no
        # completion callback".
        cb: Any = undefined if callback is None else _dispatch.completion(callback, _complete_data, deliver)
        return [agent, trigger_info, cb]


class WantAgentAPI(_WantAgentBase):
    """The sync form; pass ``callback=`` for the AsyncCallback form.

    With a callback, the call returns ``None`` at once and ``callback(err,
    data)`` runs later on the dispatcher thread.
    """

    def _call(self, method: str, args: List[Any], convert: Callable[[Any], T],
              callback: Optional[AsyncCallback[T]]) -> Optional[T]:
        if callback is not None:
            args.append(_dispatch.completion(callback, convert, _dispatch.direct()))
        kind, payload = self._invoke("wantAgent." + method, args)
        return self._settle(method, kind, payload, convert)

    def _settle(self, method: str, kind: int, payload: Any, convert: Callable[[Any], T]) -> Optional[T]:
        try:
            return settle(kind, payload, convert)
        except InvalidWantAgentError as e:
            if e.detail is None:
                e.detail = invalid_want_agent_hint(self._device, method)
            raise

    @overload
    def get_want_agent(self, info: WantAgentInfoLike) -> WantAgent: ...
    @overload
    def get_want_agent(self, info: WantAgentInfoLike, callback: AsyncCallback[WantAgent]) -> None: ...
    def get_want_agent(self, info: WantAgentInfoLike, callback: Optional[AsyncCallback[WantAgent]] = None
                       ) -> Optional[WantAgent]:
        """Create or find the WantAgent described by ``info``.

        A refused request still gives a WantAgent (with a null target, as on a
        device); operations on it raise InvalidWantAgentError.
        """
        return self._call("getWantAgent", [info], _want_agent_of(info), callback)

    @overload
    def get_bundle_name(self, agent: WantAgent) -> str: ...
    @overload
    def get_bundle_name(self, agent: WantAgent, callback: AsyncCallback[str]) -> None: ...
    def get_bundle_name(self, agent: WantAgent, callback: Optional[AsyncCallback[str]] = None) -> Optional[str]:
        """The creator's bundle name; ``""`` once the record is gone."""
        return self._call("getBundleName", [agent], str, callback)

    @overload
    def get_uid(self, agent: WantAgent) -> int: ...
    @overload
    def get_uid(self, agent: WantAgent, callback: AsyncCallback[int]) -> None: ...
    def get_uid(self, agent: WantAgent, callback: Optional[AsyncCallback[int]] = None) -> Optional[int]:
        """The uid of the target bundle; ``-1`` once the record is gone."""
        return self._call("getUid", [agent], int, callback)

    @overload
    def get_operation_type(self, agent: WantAgent) -> Union[OperationType, int]: ...
    @overload
    def get_operation_type(self, agent: WantAgent, callback: AsyncCallback[Union[OperationType, int]]) -> None: ...
    def get_operation_type(self, agent: WantAgent,
                           callback: Optional[AsyncCallback[Union[OperationType, int]]] = None
                           ) -> Optional[Union[OperationType, int]]:
        """The record's OperationType; ``UNKNOWN_TYPE`` once the record is gone."""
        return self._call("getOperationType", [agent], _operation_type, callback)

    @overload
    def get_want(self, agent: WantAgent) -> Want: ...
    @overload
    def get_want(self, agent: WantAgent, callback: AsyncCallback[Want]) -> None: ...
    def get_want(self, agent: WantAgent, callback: Optional[AsyncCallback[Want]] = None) -> Optional[Want]:
        """The stored Want (system API: 202 for other callers)."""
        return self._call("getWant", [agent], _want, callback)

    @overload
    def equal(self, agent: WantAgent, other_agent: WantAgent) -> bool: ...
    @overload
    def equal(self, agent: WantAgent, other_agent: WantAgent, callback: AsyncCallback[bool]) -> None: ...
    def equal(self, agent: WantAgent, other_agent: WantAgent, callback: Optional[AsyncCallback[bool]] = None
              ) -> Optional[bool]:
        """Whether both point at the same record (identity, not content)."""
        return self._call("equal", [agent, other_agent], bool, callback)

    @overload
    def cancel(self, agent: WantAgent) -> None: ...
    @overload
    def cancel(self, agent: WantAgent, callback: AsyncCallback[None]) -> None: ...
    def cancel(self, agent: WantAgent, callback: Optional[AsyncCallback[None]] = None) -> None:
        """Cancel the record.  Succeeds but does nothing unless the caller is a system app."""
        self._call("cancel", [agent], _none, callback)

    def trigger(self, agent: WantAgent, trigger_info: TriggerInfoLike,
                callback: Optional[TriggerCallback] = None) -> None:
        """Trigger the agent; ``callback(None, CompleteData)`` fires from the dispatcher thread.

        Like the JS ``trigger``, this returns at once and reports nothing:
        no completion comes for a canceled or hollow agent.
        """
        self._invoke("wantAgent.trigger", self._trigger_args(agent, trigger_info, callback, _dispatch.direct()))

    def trigger_async(self, agent: WantAgent, trigger_info: TriggerInfoLike) -> CompleteData:
        """``triggerAsync`` (system API): trigger and wait for the completion data."""
        kind, payload = self._invoke("wantAgent.triggerAsync", [agent, trigger_info, "context"])
        result = self._settle("triggerAsync", kind, payload, _complete_data)
        assert result is not None
        return result


class AsyncWantAgentAPI(_WantAgentBase):
    """The asyncio form: the same names, returning awaitables.

    Argument errors raise at the call, as JS throws them synchronously; the
    rest is reported when awaited.  Trigger completions run in the calling
    event loop.
    """

    def _call(self, method: str, args: List[Any], convert: Callable[[Any], T]) -> Awaitable[T]:
        kind, payload = self._invoke("wantAgent." + method, args)
        return Pending(kind, payload, convert)

    def get_want_agent(self, info: WantAgentInfoLike) -> Awaitable[WantAgent]:
        return self._call("getWantAgent", [info], _want_agent_of(info))

    def get_bundle_name(self, agent: WantAgent) -> Awaitable[str]:
        return self._call("getBundleName", [agent], str)

    def get_uid(self, agent: WantAgent) -> Awaitable[int]:
        return self._call("getUid", [agent], int)

    def get_operation_type(self, agent: WantAgent) -> Awaitable[Union[OperationType, int]]:
        return self._call("getOperationType", [agent], _operation_type)

    def get_want(self, agent: WantAgent) -> Awaitable[Want]:
        return self._call("getWant", [agent], _want)

    def equal(self, agent: WantAgent, other_agent: WantAgent) -> Awaitable[bool]:
        return self._call("equal", [agent, other_agent], bool)

    def cancel(self, agent: WantAgent) -> Awaitable[None]:
        return self._call("cancel", [agent], _none)

    def trigger(self, agent: WantAgent, trigger_info: TriggerInfoLike,
                callback: Optional[TriggerCallback] = None) -> Awaitable[None]:
        """Trigger; ``callback(None, CompleteData)`` runs in the running event loop."""
        deliver = _dispatch.direct()
        if callback is not None:
            import asyncio

            deliver = _dispatch.in_loop(asyncio.get_running_loop())
        args = self._trigger_args(agent, trigger_info, callback, deliver)
        kind, payload = self._invoke("wantAgent.trigger", args)
        return Pending(kind, payload, _none)

    def trigger_async(self, agent: WantAgent, trigger_info: TriggerInfoLike) -> Awaitable[CompleteData]:
        return self._call("triggerAsync", [agent, trigger_info, "context"], _complete_data)
