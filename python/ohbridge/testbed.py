"""Testbed files: which devices a test session may use, with their labels and features.

A testbed is a TOML or YAML file (the format follows the extension: ``.toml``, ``.yaml``/``.yml``).
One testbed::

    name = "lab-rk3568"
    [[devices]]
    url = "hdc:150100424a544434520325d2a0ae0f00"   # or serial = "..." (an hdc serial)
    label = "phone"
    features = ["wifi", "camera"]
    api_version = 12                              # optional: declared, so no need to ask the device
    backend = "shell"                             # optional: auto (default), agent or shell

    [[devices]]
    url = "stub"                                  # a simulated device
    label = "sim"
    scenario = "worlds/living_room.toml"          # relative to the testbed file

Several named testbeds in one file (mobly's ``TestBeds``), chosen by name::

    [[testbeds]]
    name = "ci"
      [[testbeds.devices]]
      url = "stub"

Devices that must run together (a phone and a tablet that see each other) form a group; under
pytest-xdist a group goes to one worker as a unit, and simulated devices of one group are
devices of one simulated world (they need the same scenario)::

    [[devices]]
    url = "stub:My Phone"                         # the device of that name in the scenario's world
    label = "phone"
    scenario = "worlds/living_room.toml"
    [[devices]]
    url = "stub:Tablet"
    label = "tablet"
    scenario = "worlds/living_room.toml"
    [[groups]]
    name = "pair"
    devices = ["phone", "tablet"]                 # labels

The YAML form has the same keys (``devices:`` or ``testbeds:``).  A mistake raises
:class:`TestbedError` naming the place.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union
from ._error_base import Error

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["Testbed", "TestbedDevice", "TestbedGroup", "TestbedError", "load_testbed", "parse_testbed"]

_DEVICE_KEYS = {"url", "serial", "label", "features", "api_version", "scenario", "properties", "backend"}
#: what a testbed entry may ask for as ``backend`` (see ``ohbridge.connect``)
BACKENDS = ("auto", "agent", "shell")
_TESTBED_KEYS = {"name", "devices", "groups"}
_GROUP_KEYS = {"name", "devices"}


class TestbedError(Error, ValueError):
    """The testbed file does not describe devices."""

    __test__ = False  # not a pytest test class, despite the name


@dataclass(frozen=True)
class TestbedDevice:
    """One device of a testbed: where it is, what to call it, what it offers."""

    __test__ = False

    url: str
    label: str = ""
    features: Tuple[str, ...] = ()
    #: the API level declared in the file; None: ask the device
    api_version: Optional[int] = None
    #: a TOML world for a stub device (absolute path)
    scenario: Optional[str] = None
    #: free-form facts recorded in reports (rack slot, owner, ...)
    properties: Mapping[str, Any] = field(default_factory=dict)
    #: how a real device is served (auto, agent, shell); None: the session's choice
    backend: Optional[str] = None
    #: a simulated world selected as a whole (--ohos-stub, --ohos-scenario): ``ohos_devices``
    #: gives every device of it, not one
    whole_world: bool = False

    @property
    def is_stub(self) -> bool:
        return self.url == "stub" or self.url.startswith("stub:")

    @property
    def stub_name(self) -> str:
        """The simulated device a ``stub:NAME`` entry names ("" for ``stub``: the world's local one)."""
        return self.url[len("stub:"):] if self.url.startswith("stub:") else ""

    @property
    def name(self) -> str:
        """What reports call this device: its label, else its URL."""
        return self.label or self.url


@dataclass(frozen=True)
class TestbedGroup:
    """Devices that must run together: one xdist worker, and for simulated ones one world."""

    __test__ = False

    name: str
    labels: Tuple[str, ...]


@dataclass(frozen=True)
class Testbed:
    __test__ = False

    name: str
    devices: Tuple[TestbedDevice, ...]
    source: Optional[str] = None
    groups: Tuple[TestbedGroup, ...] = ()

    def by_label(self, label: str) -> Optional[TestbedDevice]:
        for device in self.devices:
            if device.label == label:
                return device
        return None

    def group_of(self, device: TestbedDevice) -> Optional[TestbedGroup]:
        for group in self.groups:
            if device.label and device.label in group.labels:
                return group
        return None

    def units(self) -> List[Tuple[TestbedDevice, ...]]:
        """What xdist hands out whole: each group, and each device in no group, in file order."""
        units: List[Tuple[TestbedDevice, ...]] = []
        seen = set()
        for device in self.devices:
            group = self.group_of(device)
            if group is None:
                units.append((device,))
            elif group.name not in seen:
                seen.add(group.name)
                units.append(tuple(d for d in self.devices if d.label in group.labels))
        return units


PathLike = Union[str, "os.PathLike[str]"]


def load_testbed(path: PathLike, name: Optional[str] = None) -> Testbed:
    """Read a testbed file; ``name`` picks one of several testbeds (needed when there are several)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as e:
        raise TestbedError(f"cannot read testbed file {str(file)!r}: {e.strerror}") from None
    suffix = file.suffix.lower()
    data: Any
    if suffix in (".yaml", ".yml"):
        data = _parse_yaml(text, file)
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise TestbedError(f"{file}: not valid TOML ({e})") from None
    return parse_testbed(data, name=name, base_dir=file.parent, source=str(file))


def _parse_yaml(text: str, file: Path) -> Any:
    try:
        import yaml  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise TestbedError(
            f"{file}: YAML testbeds need PyYAML (pip install 'ohbridge[yaml]'), or write the file in TOML"
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise TestbedError(f"{file}: not valid YAML ({e})") from None


def parse_testbed(
    data: Any, *, name: Optional[str] = None, base_dir: Optional[Path] = None, source: Optional[str] = None
) -> Testbed:
    """Build a :class:`Testbed` from already-parsed data (a dict with ``devices`` or ``testbeds``)."""
    where = source or "testbed"
    if not isinstance(data, dict):
        raise TestbedError(f"{where}: expected a table with 'devices' or 'testbeds'")
    if "testbeds" in data:
        beds = data["testbeds"]
        if not isinstance(beds, list) or not beds:
            raise TestbedError(f"{where}: 'testbeds' must be a non-empty list")
        names = [str(b.get("name", "")) if isinstance(b, dict) else "" for b in beds]
        if name is None:
            if len(beds) > 1:
                raise TestbedError(f"{where}: {len(beds)} testbeds ({', '.join(names)}): choose one by name")
            chosen = beds[0]
        elif name in names:
            chosen = beds[names.index(name)]
        else:
            raise TestbedError(f"{where}: no testbed named {name!r} (have: {', '.join(names)})")
        return _one_testbed(chosen, f"{where}: testbed {names[beds.index(chosen)]!r}", base_dir, source)
    if name is not None and data.get("name", name) != name:
        raise TestbedError(f"{where}: the testbed is {data.get('name')!r}, not {name!r}")
    return _one_testbed(data, where, base_dir, source)


def _one_testbed(data: Any, where: str, base_dir: Optional[Path], source: Optional[str]) -> Testbed:
    if not isinstance(data, dict):
        raise TestbedError(f"{where}: expected a table")
    unknown = sorted(set(data) - _TESTBED_KEYS - {"testbeds"})
    if unknown:
        raise TestbedError(f"{where}: unknown key(s) {', '.join(unknown)}")
    raw_devices = data.get("devices")
    if not isinstance(raw_devices, list) or not raw_devices:
        raise TestbedError(f"{where}: 'devices' must be a non-empty list")
    devices = [_device(d, f"{where}: devices[{i}]", base_dir) for i, d in enumerate(raw_devices)]
    labels = [d.label for d in devices if d.label]
    duplicated = sorted({label for label in labels if labels.count(label) > 1})
    if duplicated:
        raise TestbedError(f"{where}: label(s) used twice: {', '.join(duplicated)}")
    groups = _groups(data.get("groups", []), where, devices)
    return Testbed(name=str(data.get("name", "")), devices=tuple(devices), source=source, groups=groups)


def _groups(raw: Any, where: str, devices: Sequence[TestbedDevice]) -> Tuple[TestbedGroup, ...]:
    if not isinstance(raw, list):
        raise TestbedError(f"{where}: 'groups' must be a list of tables")
    by_label = {d.label: d for d in devices if d.label}
    groups: List[TestbedGroup] = []
    grouped: Dict[str, str] = {}
    for i, g in enumerate(raw):
        at = f"{where}: groups[{i}]"
        if not isinstance(g, dict):
            raise TestbedError(f"{at}: expected a table with 'devices'")
        unknown = sorted(set(g) - _GROUP_KEYS)
        if unknown:
            raise TestbedError(f"{at}: unknown key(s) {', '.join(unknown)}")
        members = g.get("devices")
        if not isinstance(members, list) or not members or not all(isinstance(m, str) for m in members):
            raise TestbedError(f"{at}: 'devices' must be a non-empty list of device labels")
        name = str(g.get("name", f"group{i}"))
        if any(name == other.name for other in groups):
            raise TestbedError(f"{at}: group name {name!r} used twice")
        for label in members:
            if label not in by_label:
                have = ", ".join(sorted(by_label)) or "none"
                raise TestbedError(f"{at}: no device labelled {label!r} (labels: {have})")
            if label in grouped:
                raise TestbedError(f"{at}: device {label!r} is already in group {grouped[label]!r}")
            grouped[label] = name
        stubs = [by_label[label] for label in members if by_label[label].is_stub]
        if stubs and len({(d.scenario, d.api_version) for d in stubs}) > 1:
            raise TestbedError(f"{at}: the simulated devices of a group are devices of one world: give them "
                               "the same scenario and api_version")
        groups.append(TestbedGroup(name=name, labels=tuple(members)))
    return tuple(groups)


def _device(data: Any, where: str, base_dir: Optional[Path]) -> TestbedDevice:
    if isinstance(data, str):  # a bare URL or serial
        data = {"url": data}
    if not isinstance(data, dict):
        raise TestbedError(f"{where}: expected a table or a device URL")
    unknown = sorted(set(data) - _DEVICE_KEYS)
    if unknown:
        raise TestbedError(f"{where}: unknown key(s) {', '.join(unknown)}")
    if ("url" in data) == ("serial" in data):
        raise TestbedError(f"{where}: give exactly one of 'url' and 'serial'")
    url = device_url(str(data["url"]) if "url" in data else f"hdc:{data['serial']}")
    features = data.get("features", [])
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise TestbedError(f"{where}: 'features' must be a list of names")
    api_version = data.get("api_version")
    if api_version is not None and (not isinstance(api_version, int) or isinstance(api_version, bool)):
        raise TestbedError(f"{where}: 'api_version' must be an integer")
    scenario = data.get("scenario")
    if scenario is not None:
        scenario_path = Path(str(scenario))
        if not scenario_path.is_absolute() and base_dir is not None:
            scenario_path = base_dir / scenario_path
        scenario = str(scenario_path)
    properties = data.get("properties", {})
    if not isinstance(properties, dict):
        raise TestbedError(f"{where}: 'properties' must be a table")
    backend = data.get("backend")
    if backend is not None and backend not in BACKENDS:
        raise TestbedError(f"{where}: 'backend' must be one of {', '.join(BACKENDS)}, not {backend!r}")
    return TestbedDevice(url=url, label=str(data.get("label", "")), features=tuple(features),
                         api_version=api_version, scenario=scenario, properties=dict(properties), backend=backend)


def device_url(text: str) -> str:
    """A device URL from what a user typed: ``stub``, a URL, or a bare hdc serial."""
    text = text.strip()
    if text == "stub" or text.startswith(("stub:", "hdc:", "hdc://", "adb:", "adb://")) or text in ("hdc", "adb"):
        return text
    return f"hdc:{text}"


def devices_from_urls(urls: Sequence[str], *, scenario: Optional[str] = None,
                      api_version: Optional[int] = None) -> Testbed:
    """A testbed made of devices named on the command line."""
    devices: List[TestbedDevice] = []
    for url in urls:
        url = device_url(url)
        is_stub = url == "stub" or url.startswith("stub:")
        # A bare "stub" on the command line selects a whole simulated world.
        devices.append(TestbedDevice(url=url, scenario=scenario if is_stub else None,
                                     api_version=api_version if is_stub else None, whole_world=url == "stub"))
    return Testbed(name="", devices=tuple(devices))


def describe(testbed: Testbed) -> List[Dict[str, Any]]:
    """A JSON-ready list of the testbed's devices."""
    rows = []
    for d in testbed.devices:
        group = testbed.group_of(d)
        rows.append({"url": d.url, "label": d.label, "features": list(d.features), "api_version": d.api_version,
                     "scenario": d.scenario, "properties": dict(d.properties), "backend": d.backend,
                     "group": group.name if group is not None else None})
    return rows
