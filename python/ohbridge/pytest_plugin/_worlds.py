"""The simulated worlds of one test: which stub devices share a world.

A whole world selected with ``--ohos-stub``/``--ohos-scenario`` is one world whose every device
``ohos_devices`` gives; the simulated devices of one testbed ``[[groups]]`` entry are devices of
one world; any other stub entry is a world of its own.  Every test gets fresh worlds, and the
fixtures of one test (``ohos_device``, ``ohos_devices``, ``ohos_each_device``) share them.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ..device import Device
from ..testbed import Testbed, TestbedDevice
from ..world import SimulatedWorld

__all__ = ["TestWorlds"]


class TestWorlds:
    __test__ = False

    def __init__(self, testbed: Optional[Testbed]) -> None:
        self._testbed = testbed
        self._worlds: Dict[Tuple[str, Any], SimulatedWorld] = {}

    def shares_a_world(self, entry: TestbedDevice) -> bool:
        """Whether ``entry`` is served from a world this object keeps (else: a device of its own)."""
        return entry.is_stub and (entry.whole_world or self._group(entry) is not None)

    def _group(self, entry: TestbedDevice) -> Optional[str]:
        if self._testbed is None:
            return None
        group = self._testbed.group_of(entry)
        return None if group is None else group.name

    def world(self, entry: TestbedDevice) -> SimulatedWorld:
        group = self._group(entry)
        key: Tuple[str, Any] = ("group", group) if group is not None else ("entry", id(entry))
        world = self._worlds.get(key)
        if world is None:
            world = self._worlds[key] = SimulatedWorld(scenario=entry.scenario, api_version=entry.api_version)
        return world

    def device(self, entry: TestbedDevice, name: str = "") -> Device:
        """The entry's device (or the device ``name`` of its world)."""
        world = self.world(entry)
        wanted = name or entry.stub_name
        if not wanted:  # plain "stub": the world's local device, called what the entry is
            return world.device(world.stub.local_device_id, serial=entry.url)
        return world.device(wanted)

    def every_device(self, entry: TestbedDevice) -> List[Device]:
        """Every device of a whole-world entry, its local device first."""
        world = self.world(entry)
        local = world.stub.local_device_id
        others = [d.network_id for d in world.devices if d.network_id != local]
        return [world.device(local, serial=entry.url)] + [world.device(i) for i in others]

    def close(self) -> None:
        worlds, self._worlds = self._worlds, {}
        for world in worlds.values():
            world.close()
