"""The stub backend: the simulated device, in process, through ohbridge._native."""

from __future__ import annotations

import atexit
import threading
import weakref
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from .. import _native

__all__ = ["StubBackend", "StubControl", "DEFAULT_API_VERSION"]

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

    def __init__(self, api_version: int = DEFAULT_API_VERSION) -> None:
        self._native = _native.StubBackend(api_version=api_version)
        with _live_lock:
            _live.add(self._native)
        self.invoke = self._native.invoke

    def flush(self, timeout: float = 10.0) -> bool:
        return self._native.flush(timeout)

    def close(self) -> None:
        self._native.close(drain=True)

    @property
    def closed(self) -> bool:
        return self._native.closed


class StubControl:
    """Shape the simulated world from a test: who the caller is, what is installed, what fails.

    Available as ``device.stub`` on stub devices only.
    """

    def __init__(self, backend: StubBackend) -> None:
        self._native = backend._native

    # -- the caller -------------------------------------------------------
    @property
    def caller(self) -> Dict[str, Any]:
        """The simulated calling app: bundle_name, uid, system_app, permissions, ..."""
        return self._native.get_caller()

    def set_caller(self, **settings: Any) -> None:
        """Change the calling app, e.g. ``set_caller(system_app=False)``."""
        self._native.set_caller(**settings)

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
