"""The stub backend: the simulated device, in process, through ohbridge._native."""

from __future__ import annotations

import atexit
import enum
import threading
import weakref
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from .. import _native

__all__ = ["StubBackend", "StubControl", "NativeCode", "DEFAULT_API_VERSION"]

DEFAULT_API_VERSION = 20

# Every live native backend, so that interpreter exit can stop the dispatcher
# threads while Python is still whole.  A native thread that reached for the
# GIL during finalization would hang or crash the process.
_live: "weakref.WeakSet[_native.StubBackend]" = weakref.WeakSet()
_live_lock = threading.Lock()


@atexit.register
def _close_all() -> None:
    with _live_lock:
        backends = list(_live)
    for b in backends:
        b.close(drain=False)


class StubBackend:
    """Calls go straight into the native core; callbacks come from its dispatcher thread."""

    kind = "stub"
    # The hot path: the bound native method itself, no Python frame between.
    invoke: Callable[[str, List[Any]], Tuple[int, Any]]

    def __init__(self, api_version: int = DEFAULT_API_VERSION, *, world: Optional["_native.StubWorld"] = None,
                 local_id: str = "") -> None:
        # A world of its own, or a view of a shared one from its device `local_id`.
        self._native = (_native.StubBackend(api_version=api_version) if world is None
                        else _native.StubBackend(world, local_id))
        with _live_lock:
            _live.add(self._native)
        self.invoke = self._native.invoke
        #: called once after close (connect("stub:NAME") closes the world it made with its device)
        self.on_close: Optional[Callable[[], None]] = None

    async def ainvoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        # In process and quick: the core answers at once (a call settling later comes back
        # PENDING and is awaited through its deferred, which the dispatcher settles).
        return self.invoke(method, args)

    def flush(self, timeout: float = 10.0) -> bool:
        return self._native.flush(timeout)

    def close(self) -> None:
        self._native.close(drain=True)
        on_close, self.on_close = self.on_close, None
        if on_close is not None:
            on_close()

    @property
    def closed(self) -> bool:
        return self._native.closed


class NativeCode(enum.IntEnum):
    """Inner-API failure codes for :meth:`StubControl.fail_next` on the mission modules.

    The module maps them as a device does: ``DMS_NOT_FOREGROUND_USER`` and
    ``GET_REMOTE_DMS_FAIL`` become 16300501, ``INVALID_PARAMETERS_ERR`` 401.
    """

    IPC_FAILURE = -1  # no AMS proxy / a dead link: 16300501 (DMM), 16000050 (missions)
    ERR_NULL_OBJECT = 7
    INNER_ERR = 2097167
    CHECK_PERMISSION_FAILED = 2097177
    ERR_NOT_SYSTEM_APP = 2097209
    INVALID_PARAMETERS_ERR = 29360128
    GET_REMOTE_DMS_FAIL = 29360174  # the remote DMS cannot be reached (busy, link down)
    DMS_NOT_FOREGROUND_USER = 29360236


class StubControl:
    """Shape the simulated world from a test: who the caller is, what is installed, what fails.

    Available as ``device.stub`` on stub devices only.
    """

    def __init__(self, backend: StubBackend) -> None:
        self._native = backend._native

    def __repr__(self) -> str:
        where = "over the agent" if type(self._native).__name__ == "_RemoteStubNative" else "in process"
        try:
            local = self.local_device_id
            state = f"local device {local[:8]}…, API {self.api_version}"
        except Exception:  # noqa: BLE001 - a repr must not raise (a closed device, a dropped agent)
            state = "unreachable"
        return f"<ohbridge StubControl ({where}): {state}>"

    # -- the caller -------------------------------------------------------
    @property
    def caller(self) -> Dict[str, Any]:
        """The simulated calling app: bundle_name, uid, system_app, permissions, ..."""
        return self._native.get_caller()

    def set_caller(self, *, device: str = "", **settings: Any) -> None:
        """Change the calling app, e.g. ``set_caller(system_app=False)``.

        Each device has its own caller; ``device`` (a networkId) names another
        device's than this view's."""
        self._native.set_caller(device=device, **settings)

    @property
    def api_version(self) -> int:
        """The OpenHarmony API level the simulated device behaves like."""
        return self._native.api_version

    @api_version.setter
    def api_version(self, value: int) -> None:
        self._native.api_version = value

    @property
    def local_device_id(self) -> str:
        return self._native.local_device_id

    # -- bundles ----------------------------------------------------------
    def install_bundle(
        self,
        name: str,
        uid: int,
        abilities: Iterable[str] = ("EntryAbility",),
        *,
        device: Optional[str] = None,
        free_install: bool = False,
    ) -> None:
        self._native.install_bundle(name, uid, list(abilities), device or "", free_install)

    def bundles(self) -> Dict[str, int]:
        """Installed bundles of the local device and their uids."""
        return self._native.bundles()

    # -- faults -----------------------------------------------------------
    def fail_next(self, method: str, code: int = -1) -> None:
        """Make the next ``method`` call (e.g. ``"wantAgent.getUid"``) fail.

        ``code=-1`` simulates a broken IPC link: each API then fails with the
        code its client reports for that (16000007, 16000015 or 16000151).
        Any other value is the code to fail with.
        """
        self._native.fail_next(method, code)

    # -- observations -----------------------------------------------------
    def started_abilities(self) -> List[Dict[str, Any]]:
        """Every start attempt so far (by a trigger, ``aa start``, ...), with its result."""
        return self._native.started_abilities()

    def common_events(self) -> List[Dict[str, Any]]:
        """Every common event published by SEND_COMMON_EVENT agents."""
        return self._native.common_events()

    def pending_wants(self) -> List[Dict[str, Any]]:
        """The live PendingWant records (what ``aa dump -p`` lists on a device)."""
        return self._native.pending_wants()

    @property
    def pending_want_count(self) -> int:
        return self._native.pending_want_count

    @property
    def callbacks_delivered(self) -> int:
        return self._native.callbacks_delivered

    # -- devices of the super device ---------------------------------------
    def devices(self) -> List[Dict[str, Any]]:
        """Every simulated device: network_id, name, online, local, continue_switch, bundles, ..."""
        return self._native.devices()

    @property
    def peer_ids(self) -> List[str]:
        """The networkIds of the devices other than the local one."""
        return [d["network_id"] for d in self._native.devices() if not d["local"]]

    def add_device(
        self,
        network_id: str,
        name: str = "",
        device_type: str = "phone",
        *,
        online: bool = True,
        **settings: Any,
    ) -> None:
        """Add a peer; ``settings`` as for :meth:`set_device`."""
        self._native.add_device(network_id, name, device_type, online)
        if settings:
            self._native.set_device(network_id, **settings)

    def remove_device(self, network_id: str) -> None:
        """The device goes offline (listeners hear it) and leaves the network."""
        self._native.remove_device(network_id)

    def set_online(self, network_id: str, online: bool) -> None:
        self._native.set_online(network_id, online)

    def take_offline(self, network_id: str) -> None:
        """The device drops off: its synced cache goes; from API 18, every listener gets notifyNetDisconnect."""
        self._native.set_online(network_id, False)

    def bring_online(self, network_id: str) -> None:
        """The device is back.  Nothing is notified; a new sync needs a new registration."""
        self._native.set_online(network_id, True)

    def set_device(self, network_id: str, **settings: Any) -> None:
        """Change a device: ``continue_switch``, ``foreground_user``, ``dms_version`` (the version its
        DMS publishes, e.g. ``"5.0.0"``; it decides which continuation path a 5.0+ local device takes to
        it), ``qos_continue`` (older spelling: ``"5.0.0"`` or ``"4.1.0"``), ``trusted``, ``online``,
        ``name``.  ``network_id=""`` is the local device."""
        self._native.set_device(network_id, **settings)

    # -- bundles and missions -----------------------------------------------
    def install_app(
        self,
        device: str,
        name: str,
        uid: int,
        abilities: Iterable[str] = ("EntryAbility",),
        *,
        continuable: bool = False,
        free_install: bool = False,
    ) -> None:
        """Install a bundle on any device (``""`` = local); ``continuable`` marks its abilities."""
        self._native.install_bundle(name, uid, list(abilities), device, free_install, continuable)

    def uninstall_bundle(self, name: str, device: str = "") -> None:
        """Uninstall; the bundle's missions go with it."""
        self._native.uninstall_bundle(name, device)

    def start_ability(
        self,
        device: str,
        bundle_name: str,
        ability_name: str,
        *,
        module_name: str = "entry",
        label: str = "",
        parameters: Optional[Dict[str, Any]] = None,
        flags: int = 0,
    ) -> int:
        """Start an ability on a device (``""`` = local) and return its mission id.

        A running mission of the same ability comes to the front instead.  ``parameters`` and
        ``flags`` are the Want's: the mission shows the Want it was last started with.
        """
        return self._native.start_ability(device, bundle_name, ability_name, module_name, label, parameters, flags)

    def missions(self, device: str = "") -> List[Dict[str, Any]]:
        """A device's own mission list, most recent first, with ``continueState`` and ``alive``."""
        return self._native.missions(device)

    def set_mission(self, device: str, mission_id: int, **settings: Any) -> None:
        """Change a mission: ``continue_state`` (0/1), ``alive``, ``continuable``, ``locked``,
        ``unclearable``, ``label``."""
        self._native.set_mission(device, mission_id, **settings)

    def close_mission(self, device: str, mission_id: int) -> bool:
        """The mission ends on its device (as if the user closed it)."""
        return self._native.close_mission(device, mission_id)

    def update_snapshot(self, device: str, mission_id: int, tag: str = "") -> None:
        """Store a new snapshot; a syncing local device gets notifySnapshot."""
        self._native.update_snapshot(device, mission_id, tag)

    def emit_snapshot_events(self, device: str, mission_id: int, count: int, interval_us: int = 0) -> List[int]:
        """For benchmarks: ``count`` snapshot updates from native code; returns each one's
        ``time.monotonic_ns()``-comparable time just before it was posted."""
        return self._native.emit_snapshot_events(device, mission_id, count, interval_us)

    def broadcast_continue_state(
        self,
        src_device: str,
        bundle_name: str,
        state: int,
        *,
        continue_type: str = "",
        src_bundle_name: str = "",
        target_app_ids: Iterable[str] = (),
    ) -> None:
        """A nearby device announces a continuable mission gaining (0) or losing (1) focus."""
        self._native.broadcast_continue_state(src_device, bundle_name, state, continue_type, src_bundle_name,
                                              list(target_app_ids))

    # -- continuations and time ---------------------------------------------
    @property
    def auto_continue(self) -> bool:
        """True (default): an accepted continuation ends right after its call returns.
        False: it stays in progress until :meth:`complete_continuations` or a timeout."""
        return self._native.auto_continue

    @auto_continue.setter
    def auto_continue(self, value: bool) -> None:
        self._native.auto_continue = value

    def complete_continuations(self, result_code: Optional[int] = None) -> int:
        """Finish every continuation in progress; ``result_code`` forces the reported code.
        Returns how many finished."""
        return self._native.complete_continuations(result_code)

    def advance_clock(self, ms: int) -> None:
        """Move simulated time: continuations time out at 10 s (QoS path) or 20 s (legacy path)."""
        self._native.advance_clock(ms)

    @property
    def clock_ms(self) -> int:
        return self._native.clock_ms

    def continuations(self) -> List[Dict[str, Any]]:
        """The continuations DMS has accepted and not finished."""
        return self._native.continuations()

    # -- listeners ------------------------------------------------------------
    @property
    def mission_listener_count(self) -> int:
        """Mission listeners registered with the simulated DMS (0 when nothing leaked)."""
        return self._native.mission_listener_count

    @property
    def continue_state_listener_count(self) -> int:
        return self._native.continue_state_listener_count

    def registered_listener_ids(self) -> List[str]:
        """The deviceIds with a listener in the NAPI layer's registry."""
        return self._native.registered_listener_ids()

    def listened_devices(self) -> Dict[str, Dict[str, Any]]:
        """DMS's listener entries: deviceId -> {listeners, synced_once}."""
        return self._native.listened_devices()

    def synced_devices(self) -> List[str]:
        """Devices whose missions are in the local cache right now."""
        return self._native.synced_devices()

    def reset_world(self, local_id: str, local_name: str = "Local Device") -> None:
        """An empty world: one local device, no bundles (what a scenario starts from)."""
        self._native.reset_world(local_id, local_name)
