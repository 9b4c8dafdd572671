"""A fake ``aa`` whose ``start`` and ``force-stop`` change what the device shows.

:func:`install_app_lifecycle` replaces the ``aa`` of :mod:`ohbridge.testing.device_tools` on a
FakeHdcServer target with one that keeps the apps' state in a JSON file and prints what a
SceneBoard device running OpenHarmony 5.1.0 or later prints (ability_ability_runtime
tools/aa/src/ability_command.cpp RunAsStartAbility, RunAsForceStop, CreateMessageMap;
AaToolErrorInfo::ToString in tools/aa/include/shell_command.h):

* ``aa start -b B -a A [-m M]``: ``start ability successfully.``; the ability's mission is
  reused (or created), comes to the front, and its window takes focus
  (``hidumper -s WindowManagerService`` reports it; the window id is the mission id, as on
  SceneBoard).  Not installed: the 10104001 block.
* ``aa force-stop B``: ``force stop process successfully.``; the bundle's missions leave the
  mission dump (UIAbilityLifecycleManager drops a dead ability's session) and, if one had focus,
  the launcher's window takes it (no mission).  Not installed: the 10104002 block.
* ``aa dump -l`` prints the current list in the SceneBoard layout; other ``aa`` commands behave
  as in device_tools.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Dict, List

__all__ = ["install_app_lifecycle", "LAUNCHER_WINDOW", "installed_abilities"]

# The launcher's window id: not a mission of the list, as on a device.
LAUNCHER_WINDOW = 1000

# The stub's default world, as device_tools.SCB_DEFAULT_WORLD shows it.
_DEFAULT_MISSIONS: List[Dict[str, Any]] = [
    {"id": 1, "bundle": "com.ohos.settings", "module": "entry", "ability": "EntryAbility", "start": 100001},
    {"id": 2, "bundle": "com.ohos.camera", "module": "entry", "ability": "MainAbility", "start": 100002},
    {"id": 3, "bundle": "com.example.myapplication", "module": "entry", "ability": "EntryAbility", "start": 100003},
]
_DEFAULT_ABILITIES = ["com.example.myapplication/entry/EntryAbility", "com.ohos.camera/entry/MainAbility",
                      "com.ohos.settings/entry/EntryAbility"]

_AA = r'''#!@PYTHON@
# Fake `aa` with app state (ohbridge.testing.device_apps); like the real one, it always exits 0.
import json, os, subprocess, sys

root = os.environ["OHB_FAKE_ROOT"]
state_path = os.path.join(root, ".apps.json")
LAUNCHER_WINDOW = @LAUNCHER@

RESOLVE_ABILITY_ERR = """error: failed to start ability.
Error Code:10104001  Error Message:The specified ability does not exist
Error cause: The specified Ability is not installed
  Try the following:
  > Check if the parameter abilityName of aa -a and the parameter bundleName of -b are correct
  > Check if the application corresponding to the specified bundleName is installed
  > For multi-HAP applications, it is necessary to confirm whether the HAP to which the ability belongs has been installed
"""
GET_BUNDLE_INFO_FAILED = """error: failed to force stop process.
Error Code:10104002  Error Message:Failed to retrieve specified package information.
Error cause: The application corresponding to the specified package name is not installed.
  Try the following:
  > Check if the bundleName is correct
  > Check whether the application corresponding to the specified bundleName is installed
"""


def load():
    with open(state_path) as f:
        return json.load(f)


def save(state):
    with open(state_path + ".tmp", "w") as f:
        json.dump(state, f)
    os.replace(state_path + ".tmp", state_path)
    focus = state["focus"]
    with open(os.path.join(root, ".wms_template")) as f:
        wms = f.read()
    with open(os.path.join(root, ".wms"), "w") as f:
        f.write(wms.replace("{focus}", str(focus)))
    with open(os.path.join(root, ".aa_missions"), "w") as f:
        f.write(dump(state))


def dump(state):
    out = ["User ID #100", "  current mission lists:{"]
    for m in state["missions"]:
        front = m["id"] == state["focus"]
        st = "FOREGROUND" if front else "BACKGROUND"
        out += [
            "    Mission ID #%d  mission name #[#%s:%s:%s]  lockedState #0  mission affinity #[]"
            % (m["id"], m["bundle"], m["module"], m["ability"]),
            "      AbilityRecord ID #%d" % (m["id"] + 10),
            "        app name [%s]" % m["bundle"],
            "        main name [%s]" % m["ability"],
            "        bundle name [%s]" % m["bundle"],
            "        ability type [PAGE]",
            "        state #%s  start time [%d]" % (st, m["start"]),
            "        app state #%s" % st,
            "        ready #1  window attached #%d  launcher #0" % (1 if front else 0),
            "        callee connections: ",
            "        isKeepAlive: false",
        ]
    out.append(" }")
    return "\n".join(out) + "\n"


def start(argv):
    b = a = m = ""
    i = 0
    while i < len(argv):
        if argv[i] in ("-b", "-a", "-m") and i + 1 < len(argv):
            if argv[i] == "-b":
                b = argv[i + 1]
            elif argv[i] == "-a":
                a = argv[i + 1]
            else:
                m = argv[i + 1]
            i += 2
        else:
            i += 1
    state = load()
    match = [x for x in state["abilities"] if x.split("/")[0] == b and x.split("/")[2] == a
             and (not m or x.split("/")[1] == m)]
    if not match:
        sys.stdout.write(RESOLVE_ABILITY_ERR)
        return
    module = match[0].split("/")[1]
    state["clock"] += 1
    mission = next((x for x in state["missions"] if x["bundle"] == b and x["ability"] == a), None)
    if mission is None:
        mission = {"id": state["next_id"], "bundle": b, "module": module, "ability": a}
        state["next_id"] += 1
        state["missions"].append(mission)
    mission["start"] = state["clock"]
    state["focus"] = mission["id"]
    save(state)
    sys.stdout.write("start ability successfully.\n")


def force_stop(argv):
    bundle = argv[0] if argv else ""
    state = load()
    if not any(x.split("/")[0] == bundle for x in state["abilities"]):
        sys.stdout.write(GET_BUNDLE_INFO_FAILED)
        return
    gone = [x["id"] for x in state["missions"] if x["bundle"] == bundle]
    state["missions"] = [x for x in state["missions"] if x["bundle"] != bundle]
    if state["focus"] in gone:
        state["focus"] = LAUNCHER_WINDOW
    save(state)
    sys.stdout.write("force stop process successfully.\n")


args = sys.argv[1:]
if args[:1] == ["start"]:
    start(args[1:])
elif args[:1] == ["force-stop"]:
    force_stop(args[1:])
else:
    sys.stdout.flush()
    os.execv("/bin/sh", ["/bin/sh", os.path.join(root, ".aa_stateless")] + args)
'''


def installed_abilities(target: Any) -> List[str]:
    """``bundle/module/ability`` of every ability the fake ``aa start`` can start."""
    state = json.loads((Path(target.root) / ".apps.json").read_text())
    return list(state["abilities"])


def install_app_lifecycle(target: Any) -> None:
    """Give ``target`` (with :func:`~ohbridge.testing.device_tools.install_device_tools` already
    installed) an ``aa`` whose starts and stops change the mission dump and the focus."""
    from .device_tools import SCB_DEFAULT_WORLD, WMS_SAMPLE

    root = Path(target.root)
    stateless = target.bin_dir / "aa"
    (root / ".aa_stateless").write_text(stateless.read_text())
    (root / ".wms_template").write_text(WMS_SAMPLE)  # its {focus} filled in by each change
    state = {"missions": [dict(m) for m in _DEFAULT_MISSIONS], "abilities": list(_DEFAULT_ABILITIES),
             "focus": 3, "next_id": 4, "clock": 100003}
    (root / ".apps.json").write_text(json.dumps(state))
    (root / ".aa_missions").write_text(SCB_DEFAULT_WORLD)
    target.add_executable("aa", _AA.replace("@PYTHON@", sys.executable).replace("@LAUNCHER@", str(LAUNCHER_WINDOW)))
