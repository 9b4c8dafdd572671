"""``@ohos.app.ability.wantAgent``: create, trigger, query and cancel WantAgents.

Reach it as ``device.want_agent`` (sync and callback forms) or
``device.aio.want_agent`` (asyncio).  Names follow the JS API in snake_case.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Dict, List, Mapping, Optional, TYPE_CHECKING, TypeVar, Union, overload

from . import _dispatch
from ._forms import AsyncForm, Call, coroutine_form, invoke_sync, run_sync
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

__all__ = ["WantAgentAPI", "AsyncWantAgentAPI", "WantAgentCalls", "AsyncCallback"]

T = TypeVar("T")
# callback(err, data): err is None on success, data is None on failure.
AsyncCallback = Callable[[Optional[BusinessError], Optional[T]], Any]
TriggerCallback = Callable[[Optional[BusinessError], Optional[CompleteData]], Any]


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


class WantAgentCalls:
    """Each ``@ohos.app.ability.wantAgent`` call, declared once; the forms run them."""

    def get_want_agent(self, info: WantAgentInfoLike) -> Call[WantAgent]:
        """Create or find the WantAgent described by ``info``.

        A refused request still gives a WantAgent (with a null target, as on a
        device); operations on it raise InvalidWantAgentError.
        """
        return Call("wantAgent.getWantAgent", [info], _want_agent_of(info))

    def get_bundle_name(self, agent: WantAgent) -> Call[str]:
        """The creator's bundle name; ``""`` once the record is gone."""
        return Call("wantAgent.getBundleName", [agent], str)

    def get_uid(self, agent: WantAgent) -> Call[int]:
        """The uid of the target bundle; ``-1`` once the record is gone."""
        return Call("wantAgent.getUid", [agent], int)

    def get_operation_type(self, agent: WantAgent) -> Call[Union[OperationType, int]]:
        """The record's OperationType; ``UNKNOWN_TYPE`` once the record is gone."""
        return Call("wantAgent.getOperationType", [agent], _operation_type)

    def get_want(self, agent: WantAgent) -> Call[Want]:
        """The stored Want (system API: 202 for other callers)."""
        return Call("wantAgent.getWant", [agent], _want)

    def equal(self, agent: WantAgent, other_agent: WantAgent) -> Call[bool]:
        """Whether both point at the same record (identity, not content)."""
        return Call("wantAgent.equal", [agent, other_agent], bool)

    def cancel(self, agent: WantAgent) -> Call[None]:
        """Cancel the record.  Succeeds but does nothing unless the caller is a system app."""
        return Call("wantAgent.cancel", [agent], _none)

    def trigger(self, agent: WantAgent, trigger_info: TriggerInfoLike,
                callback: Optional[TriggerCallback] = None) -> Call[None]:
        """Trigger the agent; ``callback(None, CompleteData)`` runs where the form delivers.

        Like the JS ``trigger``, this reports nothing: no completion comes for a
        canceled or hollow agent.
        """

        def shape(deliver: _dispatch.Deliver) -> List[Any]:
            # JS trigger requires its third argument; undefined means "no completion callback".
            cb: Any = undefined if callback is None else _dispatch.completion(callback, _complete_data, deliver)
            return [agent, trigger_info, cb]

        return Call("wantAgent.trigger", shape, _none)

    def trigger_async(self, agent: WantAgent, trigger_info: TriggerInfoLike) -> Call[CompleteData]:
        """``triggerAsync`` (system API): trigger and wait for the completion data."""
        return Call("wantAgent.triggerAsync", [agent, trigger_info, "context"], _complete_data)


def _method_of(call: "Call[Any]") -> str:
    return call.method.partition(".")[2]


class WantAgentAPI:
    """The sync form; pass ``callback=`` for the AsyncCallback form.

    With a callback, the call returns ``None`` at once and ``callback(err,
    data)`` runs later on the dispatcher thread.
    """

    def __init__(self, device: "Device") -> None:
        self._device = device
        self._backend = device._tracker  # notes the WantAgents it got, for the per-test reset
        self._calls = WantAgentCalls()

    title = "@ohos.app.ability.wantAgent"

    def __repr__(self) -> str:
        return f"<ohbridge {self.title} (sync) of {self._device!r}>"

    def _run(self, call: Call[T], callback: Optional[AsyncCallback[T]] = None) -> Optional[T]:
        try:
            return run_sync(self._backend, call, callback)
        except InvalidWantAgentError as e:
            if e.detail is None:
                e.detail = invalid_want_agent_hint(self._device, _method_of(call))
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
        return self._run(self._calls.get_want_agent(info), callback)

    @overload
    def get_bundle_name(self, agent: WantAgent) -> str: ...
    @overload
    def get_bundle_name(self, agent: WantAgent, callback: AsyncCallback[str]) -> None: ...
    def get_bundle_name(self, agent: WantAgent, callback: Optional[AsyncCallback[str]] = None) -> Optional[str]:
        """The creator's bundle name; ``""`` once the record is gone."""
        return self._run(self._calls.get_bundle_name(agent), callback)

    @overload
    def get_uid(self, agent: WantAgent) -> int: ...
    @overload
    def get_uid(self, agent: WantAgent, callback: AsyncCallback[int]) -> None: ...
    def get_uid(self, agent: WantAgent, callback: Optional[AsyncCallback[int]] = None) -> Optional[int]:
        """The uid of the target bundle; ``-1`` once the record is gone."""
        return self._run(self._calls.get_uid(agent), callback)

    @overload
    def get_operation_type(self, agent: WantAgent) -> Union[OperationType, int]: ...
    @overload
    def get_operation_type(self, agent: WantAgent, callback: AsyncCallback[Union[OperationType, int]]) -> None: ...
    def get_operation_type(self, agent: WantAgent,
                           callback: Optional[AsyncCallback[Union[OperationType, int]]] = None
                           ) -> Optional[Union[OperationType, int]]:
        """The record's OperationType; ``UNKNOWN_TYPE`` once the record is gone."""
        return self._run(self._calls.get_operation_type(agent), callback)

    @overload
    def get_want(self, agent: WantAgent) -> Want: ...
    @overload
    def get_want(self, agent: WantAgent, callback: AsyncCallback[Want]) -> None: ...
    def get_want(self, agent: WantAgent, callback: Optional[AsyncCallback[Want]] = None) -> Optional[Want]:
        """The stored Want (system API: 202 for other callers)."""
        return self._run(self._calls.get_want(agent), callback)

    @overload
    def equal(self, agent: WantAgent, other_agent: WantAgent) -> bool: ...
    @overload
    def equal(self, agent: WantAgent, other_agent: WantAgent, callback: AsyncCallback[bool]) -> None: ...
    def equal(self, agent: WantAgent, other_agent: WantAgent, callback: Optional[AsyncCallback[bool]] = None
              ) -> Optional[bool]:
        """Whether both point at the same record (identity, not content)."""
        return self._run(self._calls.equal(agent, other_agent), callback)

    @overload
    def cancel(self, agent: WantAgent) -> None: ...
    @overload
    def cancel(self, agent: WantAgent, callback: AsyncCallback[None]) -> None: ...
    def cancel(self, agent: WantAgent, callback: Optional[AsyncCallback[None]] = None) -> None:
        """Cancel the record.  Succeeds but does nothing unless the caller is a system app."""
        self._run(self._calls.cancel(agent), callback)

    def trigger(self, agent: WantAgent, trigger_info: TriggerInfoLike,
                callback: Optional[TriggerCallback] = None) -> None:
        """Trigger the agent; ``callback(None, CompleteData)`` fires from the dispatcher thread.

        Like the JS ``trigger``, this returns at once and reports nothing:
        no completion comes for a canceled or hollow agent.
        """
        invoke_sync(self._backend, self._calls.trigger(agent, trigger_info, callback))

    def trigger_async(self, agent: WantAgent, trigger_info: TriggerInfoLike) -> CompleteData:
        """``triggerAsync`` (system API): trigger and wait for the completion data."""
        result = self._run(self._calls.trigger_async(agent, trigger_info))
        assert result is not None
        return result


class AsyncWantAgentAPI(AsyncForm):
    """The asyncio form: the same names, each a coroutine function (``async def``).

    A JS throw (a 401 for a bad argument) is raised where the call is awaited,
    as any coroutine's exception; trigger completions run in the calling
    event loop.
    """

    title = "@ohos.app.ability.wantAgent"

    def __init__(self, device: "Device") -> None:
        super().__init__(device, WantAgentCalls(), backend=device._tracker)

    async def _arun(self, call: Call[T]) -> T:
        try:
            return await super()._arun(call)
        except InvalidWantAgentError as e:
            if e.detail is None:
                # The hint asks the simulated world (an RPC for a stub agent): off the loop.
                e.detail = await asyncio.to_thread(invalid_want_agent_hint, self._device, _method_of(call))
            raise

    get_want_agent = coroutine_form(WantAgentCalls.get_want_agent)
    get_bundle_name = coroutine_form(WantAgentCalls.get_bundle_name)
    get_uid = coroutine_form(WantAgentCalls.get_uid)
    get_operation_type = coroutine_form(WantAgentCalls.get_operation_type)
    get_want = coroutine_form(WantAgentCalls.get_want)
    equal = coroutine_form(WantAgentCalls.equal)
    cancel = coroutine_form(WantAgentCalls.cancel)
    trigger = coroutine_form(WantAgentCalls.trigger)
    trigger_async = coroutine_form(WantAgentCalls.trigger_async)
