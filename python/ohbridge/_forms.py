"""One declaration per API call, run in the sync, callback and asyncio forms.

Each API module declares its calls once, in a ``*Calls`` class: a method per JS call that checks
nothing and returns a :class:`Call` (the backend method, the arguments, the converter of the
result).  The forms run those declarations:

* the sync and callback forms (``device.missions``...) are explicit methods, because their
  signatures differ (``callback=`` and the overloads that make the callback form return ``None``);
  each is one line over the declaration and :func:`run_sync`;
* the asyncio form (``device.aio.missions``...) is derived: :func:`coroutine_form` turns a
  declaration into an ``async def`` with the declaration's own signature (mypy and IDEs see it
  through ``ParamSpec``), which awaits ``backend.ainvoke`` and then the settlement.

Arguments that hold user callbacks are shaped when the form is known (``Call.shape``): the sync
forms deliver on the dispatcher thread, the asyncio form in the caller's loop.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Callable, Coroutine, Generic, List, Optional, Protocol, Tuple, TypeVar, Union

from . import _dispatch
from ._call import Backend, asettle, settle

if TYPE_CHECKING:
    from typing_extensions import Concatenate, ParamSpec

    from .device import Device

    P = ParamSpec("P")

__all__ = ["Call", "run_sync", "run_async", "coroutine_form", "AsyncForm", "api_methods", "loop_deliver"]

T = TypeVar("T")
S = TypeVar("S")

Shape = Callable[[_dispatch.Deliver], List[Any]]


class CallTarget(Protocol):
    """What the forms call through: a Backend, or the Device's StateTracker in front of it."""

    @property
    def kind(self) -> str: ...

    def invoke(self, method: str, args: List[Any]) -> Tuple[int, Any]: ...

    async def ainvoke(self, method: str, args: List[Any]) -> Tuple[int, Any]: ...


class Call(Generic[T]):
    """A declared call: ``method`` with ``args`` (or ``args(deliver)``), its result through ``convert``."""

    __slots__ = ("method", "_args", "convert")

    def __init__(self, method: str, args: Union[List[Any], Shape], convert: Callable[[Any], T]) -> None:
        self.method = method
        self._args = args
        self.convert = convert

    def shape(self, deliver: _dispatch.Deliver) -> List[Any]:
        """The arguments, with user callbacks wrapped to run where ``deliver`` runs them."""
        return self._args(deliver) if callable(self._args) else list(self._args)

    def __repr__(self) -> str:
        return f"<Call {self.method}>"


def run_sync(backend: CallTarget, call: "Call[T]", callback: Optional[Callable[..., Any]] = None,
             timeout: Optional[float] = None) -> Optional[T]:
    """The sync form (returns or raises), or with ``callback`` the AsyncCallback form (returns None)."""
    args = call.shape(_dispatch.direct())
    if callback is not None:
        args.append(_dispatch.completion(callback, call.convert, _dispatch.direct()))
    kind, payload = backend.invoke(call.method, args)
    return settle(kind, payload, call.convert, timeout)


def invoke_sync(backend: CallTarget, call: "Call[Any]") -> Tuple[int, Any]:
    """Make the call and leave its result alone (JS calls that return nothing, like ``trigger``)."""
    return backend.invoke(call.method, call.shape(_dispatch.direct()))


def loop_deliver() -> _dispatch.Deliver:
    """Deliver callbacks into the running loop, many per wake-up (see :class:`_dispatch.LoopDeliver`)."""
    return _dispatch.LoopDeliver(asyncio.get_running_loop())


async def run_async(backend: CallTarget, call: "Call[T]") -> T:
    """The asyncio form: the call is made and settled without blocking the loop."""
    kind, payload = await backend.ainvoke(call.method, call.shape(loop_deliver()))
    return await asettle(kind, payload, call.convert)


class AsyncForm:
    """Base of the asyncio API classes: what :func:`coroutine_form` methods run on.

    ``backend`` is what the calls go through: the device's backend, or its
    :class:`~ohbridge.device_tracking.StateTracker` for the modules whose calls leave state
    behind (listeners, WantAgents) that the per-test reset undoes.
    """

    _calls: Any
    #: what the module is, for its repr
    title = "API"

    def __init__(self, device: "Device", calls: Any, backend: Optional[CallTarget] = None) -> None:
        self._device = device
        self._backend: CallTarget = backend if backend is not None else device._backend
        self._calls = calls

    async def _arun(self, call: "Call[T]") -> T:
        return await run_async(self._backend, call)

    def __repr__(self) -> str:
        return f"<ohbridge {self.title} (asyncio) of {self._device!r}>"


def coroutine_form(declaration: "Callable[Concatenate[S, P], Call[T]]"
                   ) -> "Callable[Concatenate[Any, P], Coroutine[Any, Any, T]]":
    """The asyncio method of a declaration: same parameters, an ``async def`` returning the result."""

    async def method(api: Any, /, *args: Any, **kwargs: Any) -> T:
        # Declared arguments are shaped, not checked: a JS throw (a 401 for a bad shape) comes
        # from the backend, at the await, like any exception of a coroutine.
        result: T = await api._arun(declaration(api._calls, *args, **kwargs))
        return result

    method.__name__ = declaration.__name__
    method.__qualname__ = declaration.__qualname__
    method.__doc__ = declaration.__doc__
    method.__ohbridge_call__ = True  # type: ignore[attr-defined]  # marks the API method table
    return method


def api_methods(cls: type) -> List[str]:
    """The names of a class's asyncio API methods (every :func:`coroutine_form`), in declaration order."""
    names: List[str] = []
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if getattr(value, "__ohbridge_call__", False) and name not in names:
                names.append(name)
    return names
