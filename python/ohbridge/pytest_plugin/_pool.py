"""The devices one test process may use, opened on demand, and matched against test requirements.

Under pytest-xdist each worker gets its own share of the testbed (unit ``i`` goes to worker
``i mod N``, a unit being a ``[[groups]]`` entry or a device in no group), so no real device is
ever driven by two workers and the devices of a group always run together.  Simulated devices live inside the
worker's own process, so a worker left without one gets its own copy of the stubs instead.

Connections to real devices are opened once per process and handed to every test; a stub device
is a fresh simulated world for each test, so tests cannot leak state into each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest

from ..device import Device
from ..device_info import BACKEND_FEATURES, connect_url, device_facts
from ..testbed import Testbed, TestbedDevice
from .._error_base import Error

__all__ = ["DevicePool", "Requirement", "worker_share", "describe_units", "NoDeviceError", "EXIT_NO_DEVICE"]

#: the session's exit status when a selected real device cannot be used (the CLI's "no device")
EXIT_NO_DEVICE = 3


class NoDeviceError(Error):
    """This process has no device to give (a configuration problem, reported as such)."""


def worker_share(testbed: Testbed, worker: Optional[Tuple[int, int]]) -> Tuple[TestbedDevice, ...]:
    """The devices of ``testbed`` that belong to ``worker`` = (index, count); None: not under xdist."""
    if worker is None:
        return testbed.devices
    index, count = worker
    units = testbed.units()
    mine = tuple(d for unit in units[index::count] for d in unit)
    if mine:
        return mine
    if all(d.is_stub for d in testbed.devices):
        # Simulated devices live in the worker's own process: a worker left without any gets copies.
        return testbed.devices
    raise NoDeviceError(
        f"xdist worker gw{index} has no device: the testbed has {describe_units(testbed)} for {count} "
        f"workers and real devices are never shared; run with -n {len(units)} or fewer")


def describe_units(testbed: Testbed) -> str:
    """"3 device(s)", or "3 device(s) in 2 units (groups run together)"."""
    units = testbed.units()
    text = f"{len(testbed.devices)} device(s)"
    if len(units) != len(testbed.devices):
        text += f" in {len(units)} unit(s) (the devices of a group run together)"
    return text


@dataclass(frozen=True)
class Requirement:
    """What a test asked for with ``@pytest.mark.ohos_requires``."""

    api_version: Optional[int] = None
    features: Tuple[str, ...] = ()
    devices: int = 1

    @staticmethod
    def combine(requirements: Sequence["Requirement"]) -> "Requirement":
        apis = [r.api_version for r in requirements if r.api_version is not None]
        features: List[str] = []
        for r in requirements:
            features += [f for f in r.features if f not in features]
        return Requirement(api_version=max(apis) if apis else None, features=tuple(features),
                           devices=max([r.devices for r in requirements] + [1]))

    def describe(self) -> str:
        parts = []
        if self.api_version is not None:
            parts.append(f"API >= {self.api_version}")
        if self.features:
            parts.append("features " + ", ".join(self.features))
        return " and ".join(parts)


class DevicePool:
    def __init__(self, entries: Sequence[TestbedDevice], *, backend: str = "auto",
                 session: Optional[pytest.Session] = None, testbed: Optional[Testbed] = None) -> None:
        self.entries = tuple(entries)
        #: the whole testbed (this process's entries are a share of it under xdist)
        self.testbed = testbed if testbed is not None else Testbed(name="", devices=self.entries)
        #: an xdist worker's session (None outside xdist): how an unusable device stops the run
        self.session = session
        #: how real devices are served when their entry does not say (--ohos-backend)
        self.backend = backend
        self._shared: Dict[int, Device] = {}
        self._facts: Dict[int, Tuple[Optional[int], frozenset[str]]] = {}
        self._properties: Dict[int, List[Tuple[str, str]]] = {}
        self._world_sizes: Dict[int, int] = {}

    def open(self, entry: TestbedDevice) -> Device:
        """A device for one test; stubs are fresh (the caller closes them), real ones shared."""
        if entry.is_stub:
            return connect_url(entry.url, scenario=entry.scenario, api_version=entry.api_version)
        key = self.entries.index(entry) if entry in self.entries else id(entry)
        device = self._shared.get(key)
        if device is None:
            device = self._shared[key] = self._connect_real(entry)
        return device

    def _connect_real(self, entry: TestbedDevice) -> Device:
        """Connect once; a device that cannot be reached ends the session with ONE message.

        Every test on it would fail the same way: one line saying what is wrong and how to fix
        it beats a traceback per test.
        """
        from ..cli._app import translate

        try:
            return connect_url(entry.url, backend=entry.backend or self.backend)
        except Exception as e:
            error = translate(e)
            if error is None:
                raise  # a bug, not a setup problem: its traceback is wanted
        # Outside the except block: the report must not chain the library's traceback.
        fix = f" (fix: {' '.join(error.fix.split())})" if error.fix else ""
        message = f"ohbridge: cannot use device {entry.name!r} ({entry.url}): {' '.join(error.message.split())}{fix}"
        if self.session is None:
            pytest.exit(message, returncode=EXIT_NO_DEVICE)
        # An xdist worker cannot end the run with pytest.exit (the controller reports a crash):
        # it fails this test in one line and asks the session to stop, which xdist relays.
        self.session.shouldstop = message
        pytest.fail(message, pytrace=False)

    def properties(self, entry: TestbedDevice, device: Device) -> List[Tuple[str, Any]]:
        """JUnit XML properties of one device: one per fact, and the testbed entry's own properties."""
        key = self.entries.index(entry) if entry in self.entries else id(entry)
        if entry.is_stub or key not in self._properties:
            facts = device_facts(device)
            backend = getattr(device, "_backend", None)
            agent_version = getattr(backend, "info", {}).get("version") if device.backend == "agent" else None
            found: List[Tuple[str, Any]] = [
                ("url", entry.url), ("label", entry.label), ("serial", facts.serial), ("model", facts.model),
                ("api_version", facts.api_version), ("backend", facts.backend),
                ("agent_version", agent_version or "")]
            found += [(f"property.{k}", v) for k, v in sorted(entry.properties.items())]
            prefix = f"ohos_device.{entry.name}."
            rows = [(prefix + k, "" if v is None else str(v)) for k, v in found]
            if entry.is_stub:
                return rows
            self._properties[key] = rows
        return self._properties[key]

    def facts(self, entry: TestbedDevice) -> Tuple[Optional[int], frozenset[str]]:
        """(API level, features) of an entry: declared values first, else asked of the device."""
        key = self.entries.index(entry)
        if key not in self._facts:
            declared = frozenset(entry.features)
            if entry.url.startswith("replay:"):
                from ._recording import replay_facts

                recorded_api, recorded = replay_facts(entry)
                self._facts[key] = (recorded_api, declared | recorded)
            elif entry.is_stub:
                device = self.open(entry)
                try:
                    api: Optional[int] = int(device.stub.api_version)
                    self._world_sizes[key] = len(device.stub.devices())
                finally:
                    device.close()
                self._facts[key] = (api, declared | BACKEND_FEATURES["stub"])
            else:
                device = self.open(entry)
                facts = device_facts(device) if entry.api_version is None else None
                api = entry.api_version if facts is None else facts.api_version
                self._facts[key] = (api, declared | BACKEND_FEATURES.get(device.backend, frozenset()))
        return self._facts[key]

    def size(self, entry: TestbedDevice) -> int:
        """How many devices an entry gives ``ohos_devices``: a whole simulated world gives them all."""
        if not entry.whole_world:
            return 1
        self.facts(entry)
        return self._world_sizes[self.entries.index(entry)]

    def why_not(self, entry: TestbedDevice, requirement: Requirement) -> Optional[str]:
        """Why ``entry`` cannot serve ``requirement``; None if it can."""
        api, features = self.facts(entry)
        problems = []
        if requirement.api_version is not None:
            if api is None:
                problems.append(f"API level unknown, {requirement.api_version} needed")
            elif api < requirement.api_version:
                problems.append(f"API {api} < {requirement.api_version}")
        missing = [f for f in requirement.features if f not in features]
        if missing:
            problems.append("lacks " + ", ".join(missing))
        return f"{entry.name}: {'; '.join(problems)}" if problems else None

    def match(self, requirement: Requirement) -> Tuple[List[TestbedDevice], Optional[str]]:
        """The entries that satisfy ``requirement``, and the skip reason if there are too few."""
        fitting, refusals = [], []
        for entry in self.entries:
            why = self.why_not(entry, requirement)
            if why is None:
                fitting.append(entry)
            else:
                refusals.append(why)
        available = sum(self.size(e) for e in fitting)
        if available >= requirement.devices:
            return fitting, None
        count = requirement.devices
        wanted = f"{count} device{'s' if count > 1 else ''}"
        if requirement.describe():
            wanted += f" with {requirement.describe()}"
        selected = sum(self.size(e) for e in self.entries)
        if refusals:
            reason = f"needs {wanted}; {available} of the {selected} selected qualify"
        else:
            reason = f"needs {wanted}; only {selected} selected"
        if refusals:
            reason += " (" + " | ".join(refusals) + ")"
        return fitting, reason

    def testbed_entry(self, index: int) -> TestbedDevice:
        return self.testbed.devices[index]

    def by_label(self, label: str) -> Optional[TestbedDevice]:
        for entry in self.entries:
            if label in (entry.label, entry.url):
                return entry
        return None

    def close(self) -> None:
        shared, self._shared = self._shared, {}
        for device in shared.values():
            device.close()
