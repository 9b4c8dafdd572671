"""What the plugin keeps per session (in ``config.stash``) and per test (in ``item.stash``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import pytest

from ..device import Device
from ..testbed import TestbedDevice
from ._options import Settings
from ._pool import DevicePool, NoDeviceError, Requirement, worker_share
from ._worlds import TestWorlds

__all__ = ["SessionState", "TestState", "SESSION", "TEST", "session_state", "state_of", "xdist_worker", "NO_SELECTION"]

NO_SELECTION = ("no OpenHarmony device selected: use --ohos-stub, --ohos-device URL or --ohos-testbed FILE "
                "(or OHOS_DEVICE / ohos_device in pytest.ini)")


@dataclass
class SessionState:
    settings: Settings
    worker: Optional[Tuple[int, int]]
    _pool: Optional[DevicePool] = None
    session: Optional[pytest.Session] = None

    def pool(self) -> DevicePool:
        """This process's devices; skips the test when none are selected."""
        if self.settings.testbed is None:
            pytest.skip(NO_SELECTION)
        if self._pool is None:
            try:
                self._pool = DevicePool(worker_share(self.settings.testbed, self.worker),
                                        backend=self.settings.backend, testbed=self.settings.testbed,
                                        session=self.session if self.worker is not None else None)
            except NoDeviceError as e:
                pytest.fail(str(e), pytrace=False)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()


@dataclass
class TestState:
    __test__ = False

    #: the entries that fit the test's ohos_requires markers (None: no marker)
    fitting: Optional[List[TestbedDevice]] = None
    requirement: Optional[Requirement] = None
    #: every device handed to the test, for the diagnostics of a failure
    opened: List[Tuple[TestbedDevice, Device]] = field(default_factory=list)
    #: the simulated worlds the test's stub devices share (set when the first is opened)
    worlds: Optional[TestWorlds] = None
    #: the test's setup or call failed (its teardown checks do not pile on)
    failed_before_teardown: bool = False


SESSION = pytest.StashKey[SessionState]()
TEST = pytest.StashKey[TestState]()


def session_state(config: pytest.Config) -> SessionState:
    return config.stash[SESSION]


def state_of(item: pytest.Item) -> TestState:
    state = item.stash.get(TEST, None)
    if state is None:
        state = item.stash[TEST] = TestState()
    return state


def xdist_worker(config: pytest.Config) -> Optional[Tuple[int, int]]:
    """(index, count) of this xdist worker, or None in a process that is not one."""
    # Only the config tells: $PYTEST_XDIST_WORKER is inherited by every pytest
    # that a worker runs in-process (pytester), which is no worker itself.
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None:
        return None
    worker_id, count = str(workerinput["workerid"]), int(workerinput["workercount"])
    return int(worker_id.lstrip("gw")), count
