"""Scenario files: a simulated super device declared in TOML.

``ohbridge.connect("stub", scenario="world.toml")`` replaces the default
world with the one the file declares::

    api_version = 18          # optional: the release the devices behave like
    auto_continue = true      # optional: see StubControl.auto_continue

    [caller]                  # optional: StubControl.set_caller settings
    system_app = true

    [[devices]]
    network_id = "LOCAL0001"
    name = "My Phone"
    local = true              # exactly one device is the local one

      [[devices.bundles]]
      name = "com.example.notes"
      uid = 20010077
      abilities = ["NoteAbility"]
      continuable = true
      free_install = false

      [[devices.missions]]    # started in this order: the last is in front
      bundle = "com.example.notes"
      ability = "NoteAbility"
      label = "Notes"
      continue_state = "ACTIVE"   # or "INACTIVE", 0, 1
      alive = true
      locked = false
      flags = 0               # optional: the Want's flags and parameters (the mission shows its Want)

    [[devices]]
    network_id = "PEER0001"
    name = "Tablet"
    online = true
    dms_version = "4.1.0"     # the peer's DMS: below 5.0.0 a 5.0+ device continues to it over the
                              # legacy path (all DMS errors synchronous), otherwise over QoS;
                              # "" means none published, which counts as recent (IsUsingQos)
    qos_continue = false      # older spelling: true = "5.0.0", false = "4.1.0"
    continue_switch = true
    trusted = true

A mistake in the file raises :class:`ScenarioError` naming the place.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Union
from ._error_base import Error

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

if TYPE_CHECKING:
    from .device import Device

__all__ = ["load_scenario", "apply_scenario", "ScenarioError"]

_DEVICE_KEYS = {"network_id", "name", "device_type", "local", "online", "qos_continue", "dms_version",
                "continue_switch", "trusted", "foreground_user", "bundles", "missions"}
_BUNDLE_KEYS = {"name", "uid", "abilities", "continuable", "free_install"}
_MISSION_KEYS = {"bundle", "ability", "module", "label", "continue_state", "alive", "locked", "unclearable",
                 "continuable", "parameters", "flags"}
_TOP_KEYS = {"api_version", "auto_continue", "caller", "devices"}


class ScenarioError(Error, ValueError):
    """The scenario file does not describe a world."""


def _check_keys(where: str, table: Mapping[str, Any], allowed: set) -> None:  # type: ignore[type-arg]
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ScenarioError(f"{where}: unknown key(s) {', '.join(unknown)}")


def _continue_state(where: str, value: Any) -> int:
    if value in ("ACTIVE", 0):
        return 0
    if value in ("INACTIVE", 1):
        return 1
    raise ScenarioError(f"{where}: continue_state must be ACTIVE or INACTIVE, not {value!r}")


def load_scenario(device: "Device", path: Union[str, "os.PathLike[str]"]) -> None:
    """Read a TOML scenario and make it the world of a stub ``device``."""
    with open(path, "rb") as f:
        try:
            data = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            raise ScenarioError(f"{os.fspath(path)}: {e}") from None
    apply_scenario(device, data, where=os.fspath(path))


def apply_scenario(device: "Device", data: Mapping[str, Any], where: str = "scenario") -> None:
    """Make ``data`` (a parsed scenario) the world of a stub ``device``."""
    stub = device.stub
    _check_keys(where, data, _TOP_KEYS)
    devices: List[Dict[str, Any]] = list(data.get("devices") or [])
    locals_ = [d for d in devices if d.get("local")]
    if len(locals_) != 1:
        raise ScenarioError(f"{where}: exactly one device must have local = true (found {len(locals_)})")
    for i, d in enumerate(devices):
        _check_keys(f"{where}: devices[{i}]", d, _DEVICE_KEYS)
        if not isinstance(d.get("network_id"), str) or not d["network_id"]:
            raise ScenarioError(f"{where}: devices[{i}] needs a network_id string")
        if "dms_version" in d and not isinstance(d["dms_version"], str):
            raise ScenarioError(f"{where}: devices[{i}].dms_version must be a string such as \"5.0.0\"")

    if "api_version" in data:
        stub.api_version = int(data["api_version"])
    local = locals_[0]
    stub.reset_world(local["network_id"], str(local.get("name", "Local Device")))
    for d in devices:
        if d is not local:
            stub.add_device(d["network_id"], str(d.get("name", "")), str(d.get("device_type", "phone")))
        settings: Dict[str, Any] = {
            k: d[k] for k in ("qos_continue", "dms_version", "continue_switch", "trusted", "foreground_user")
            if k in d
        }
        if settings:
            stub.set_device(d["network_id"], **settings)
    if "caller" in data:
        # Each device runs the app under test under its own token: the
        # [caller] table describes it on every device of the world.
        for d in devices:
            stub.set_caller(device=d["network_id"], **dict(data["caller"]))
    # Bundles and missions before presence: a device declared offline still
    # has its apps when it comes back.
    for i, d in enumerate(devices):
        dev_id = d["network_id"]
        for j, b in enumerate(d.get("bundles") or []):
            at = f"{where}: devices[{i}].bundles[{j}]"
            _check_keys(at, b, _BUNDLE_KEYS)
            if "name" not in b or "uid" not in b:
                raise ScenarioError(f"{at}: name and uid are required")
            stub.install_app(dev_id, str(b["name"]), int(b["uid"]), list(b.get("abilities") or ["EntryAbility"]),
                             continuable=bool(b.get("continuable", False)),
                             free_install=bool(b.get("free_install", False)))
        for j, m in enumerate(d.get("missions") or []):
            at = f"{where}: devices[{i}].missions[{j}]"
            _check_keys(at, m, _MISSION_KEYS)
            if "bundle" not in m or "ability" not in m:
                raise ScenarioError(f"{at}: bundle and ability are required")
            try:
                mission_id = stub.start_ability(dev_id, str(m["bundle"]), str(m["ability"]),
                                                module_name=str(m.get("module", "entry")),
                                                label=str(m.get("label", "")), parameters=m.get("parameters"),
                                                flags=int(m.get("flags", 0)))
            except ValueError as e:
                raise ScenarioError(f"{at}: {e}") from None
            changes: Dict[str, Any] = {k: m[k] for k in ("alive", "locked", "unclearable", "continuable") if k in m}
            if "continue_state" in m:
                changes["continue_state"] = _continue_state(at, m["continue_state"])
            if changes:
                stub.set_mission(dev_id, mission_id, **changes)
    for d in devices:
        if d is not local and d.get("online", True) is False:
            stub.take_offline(d["network_id"])
    if "auto_continue" in data:
        stub.auto_continue = bool(data["auto_continue"])
