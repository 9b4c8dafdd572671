"""The plugin's fixtures: the device under test, several devices, and a factory."""

from __future__ import annotations

from typing import Callable, Iterator, List, Optional

import pytest

from ..device import Device
from ..testbed import TestbedDevice, device_url
from ._pool import DevicePool
from ._recording import open_for_test
from ._reset import arm_reset
from ._state import session_state, state_of
from ._worlds import TestWorlds

__all__ = ["ohos_device", "ohos_devices", "ohos_each_device", "ohos_device_factory", "ohos_device_spec",
           "DeviceFactory", "EACH_DEVICE"]

#: the fixture a test names to run once per selected device
EACH_DEVICE = "ohos_each_device"

DeviceFactory = Callable[..., Device]


def _entry_for(pool: DevicePool, wanted: str) -> TestbedDevice:
    """A pool entry by label or URL; a URL (with its scheme) the testbed does not list is used as given.

    A bare word is a label: ``parametrize("ohos_device", ["phone"])`` under ``--ohos-stub`` must
    say that no device is called "phone", not try an hdc serial of that name.
    """
    entry = pool.by_label(wanted) or pool.by_label(device_url(wanted))
    if entry is not None:
        return entry
    if not any(c in wanted for c in ":/") and wanted != "stub":
        labels = ", ".join(repr(d.label) for d in pool.entries if d.label)
        have = f"labels here: {labels}" if labels else (
            "the selected devices have no labels; labels come from a testbed file (--ohos-testbed)")
        pytest.fail(f"ohbridge: no device labelled {wanted!r} in this session ({have}); "
                    f"name an unlisted device by URL, e.g. 'hdc:{wanted}'", pytrace=False)
    return TestbedDevice(url=device_url(wanted))


def _worlds(request: pytest.FixtureRequest) -> TestWorlds:
    """The test's shared simulated worlds, closed after it."""
    state = state_of(request.node)
    if state.worlds is None:
        worlds = state.worlds = TestWorlds(session_state(request.config).settings.testbed)
        request.node.addfinalizer(worlds.close)
    return state.worlds


def _hand_out(request: pytest.FixtureRequest, pool: DevicePool, entry: TestbedDevice) -> Device:
    worlds = _worlds(request)
    if worlds.shares_a_world(entry):  # a device of the test's one world
        return _take(request, pool, entry, lambda: worlds.device(entry))
    return _take(request, pool, entry, lambda: pool.open(entry))


def _take(request: pytest.FixtureRequest, pool: DevicePool, entry: TestbedDevice,
          open_device: Callable[[], Device]) -> Device:
    """Open (recorded or replayed as the session says), note and arm the teardown of one device."""
    state = state_of(request.node)
    device = open_for_test(request, entry, open_device, index=len(state.opened))
    state.opened.append((entry, device))
    request.node.user_properties.extend(pool.properties(entry, device))
    if entry.is_stub:  # a fresh world (or view of the test's world) per test: close it with the test
        request.addfinalizer(device.close)
    elif device.backend != "stub":
        # The session's connection to a device: undo what the test did through it (_reset.py).
        # A replay of a stub's recording has nothing to undo (and recorded no reset).
        arm_reset(request, device)
    return device


def _hand_out_all(request: pytest.FixtureRequest, pool: DevicePool, entry: TestbedDevice) -> List[Device]:
    """What one entry gives ``ohos_devices``: every device of a whole simulated world, or itself."""
    if not (entry.is_stub and entry.whole_world):
        return [_hand_out(request, pool, entry)]
    return [_take(request, pool, entry, _given(view)) for view in _worlds(request).every_device(entry)]


def _given(device: Device) -> Callable[[], Device]:
    return lambda: device


def _chosen(request: pytest.FixtureRequest, pool: DevicePool) -> List[TestbedDevice]:
    fitting = state_of(request.node).fitting
    return list(pool.entries) if fitting is None else fitting


@pytest.fixture
def ohos_device_spec(request: pytest.FixtureRequest) -> TestbedDevice:
    """The testbed entry of the device under test (URL, label, features).

    ``@pytest.mark.parametrize("ohos_device", ["phone"], indirect=True)`` picks one by label or URL.
    """
    pool = session_state(request.config).pool()
    wanted: Optional[str] = getattr(request, "param", None)
    if wanted is None:
        # indirect parametrization of ohos_device reaches here through the node's callspec
        callspec = getattr(request.node, "callspec", None)
        wanted = callspec.params.get("ohos_device") if callspec is not None else None
    if wanted is not None:
        return _entry_for(pool, str(wanted))
    return _chosen(request, pool)[0]


@pytest.fixture
def ohos_device(request: pytest.FixtureRequest, ohos_device_spec: TestbedDevice) -> Device:
    """The device under test: a fresh simulated world per test, or the session's connection to a real device."""
    return _hand_out(request, session_state(request.config).pool(), ohos_device_spec)


@pytest.fixture
def ohos_devices(request: pytest.FixtureRequest) -> List[Device]:
    """Every selected device that fits the test's ``ohos_requires`` (all of them without a marker).

    Under ``--ohos-stub``/``--ohos-scenario`` that is every device of the simulated world, its
    local device first, all of one world; the simulated devices of a testbed group share one
    world too.
    """
    pool = session_state(request.config).pool()
    return [device for entry in _chosen(request, pool) for device in _hand_out_all(request, pool, entry)]


@pytest.fixture
def ohos_each_device(request: pytest.FixtureRequest) -> Device:
    """One selected device per run of the test: the test is parametrized over each of them
    (every device of a whole simulated world, or every testbed entry), ids by name or label."""
    pool = session_state(request.config).pool()
    key: str = request.param
    kind, _, rest = key.partition(":")
    if kind == "world":  # "world:INDEX:NAME": a device of a whole-world entry
        index, _, name = rest.partition(":")
        entry = pool.testbed_entry(int(index))
        worlds = _worlds(request)
        network_id = worlds.world(entry).resolve(name).network_id
        return _take(request, pool, entry, lambda: worlds.device(entry, network_id))
    entry = pool.testbed_entry(int(rest))
    if entry not in pool.entries:
        # Collected on every xdist worker alike, run by one: a real device stays with its owner.
        pytest.skip(f"device {entry.name!r} belongs to another xdist worker (real devices are never shared)")
    return _hand_out(request, pool, entry)


@pytest.fixture
def ohos_device_factory(request: pytest.FixtureRequest) -> Iterator[DeviceFactory]:
    """``factory(label_or_url=None, *, scenario=None, api_version=None)``: open a device now.

    Devices it opens are closed after the test (real ones stay open for the session).
    """
    pool = session_state(request.config).pool()

    def factory(label_or_url: Optional[str] = None, *, scenario: Optional[str] = None,
                api_version: Optional[int] = None) -> Device:
        entry = _chosen(request, pool)[0] if label_or_url is None else _entry_for(pool, label_or_url)
        if scenario is not None or api_version is not None:
            if not entry.is_stub:
                raise ValueError("scenario and api_version apply to simulated devices only")
            entry = TestbedDevice(url="stub", label=entry.label, features=entry.features,
                                  scenario=scenario or entry.scenario, api_version=api_version or entry.api_version)
        return _hand_out(request, pool, entry)

    yield factory
