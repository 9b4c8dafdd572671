"""``device.stub`` for an agent running the stub world: StubControl's native calls over RPC."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from ..errors import NotSupportedError

if TYPE_CHECKING:
    from .agent import AgentBackend

__all__ = ["_RemoteStubNative"]


class _RemoteStubNative:
    """What StubControl needs from ``_native.StubBackend``, over the agent's controls."""

    def __init__(self, backend: AgentBackend) -> None:
        self._backend = backend

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        if name == "emit_snapshot_events":
            raise NotSupportedError("emit_snapshot_events is an in-process benchmark control")

        def control(*args: Any, **kwargs: Any) -> Any:
            return self._backend.control(name, *args, **kwargs)

        return control

    def _get(self, name: str) -> Any:
        return self._backend.control(name)

    @property
    def api_version(self) -> int:
        return int(self._backend.control("api_version"))

    @api_version.setter
    def api_version(self, value: int) -> None:
        self._backend.control("api_version", value)

    @property
    def auto_continue(self) -> bool:
        return bool(self._backend.control("auto_continue"))

    @auto_continue.setter
    def auto_continue(self, value: bool) -> None:
        self._backend.control("auto_continue", value)

    @property
    def local_device_id(self) -> str:
        return str(self._get("local_device_id"))

    @property
    def pending_want_count(self) -> int:
        return int(self._get("pending_want_count"))

    @property
    def callbacks_delivered(self) -> int:
        return int(self._get("callbacks_delivered"))

    @property
    def clock_ms(self) -> int:
        return int(self._get("clock_ms"))

    @property
    def mission_listener_count(self) -> int:
        return int(self._get("mission_listener_count"))

    @property
    def continue_state_listener_count(self) -> int:
        return int(self._get("continue_state_listener_count"))

    @property
    def closed(self) -> bool:
        return self._backend.closed
