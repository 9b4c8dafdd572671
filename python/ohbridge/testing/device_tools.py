"""Fake OpenHarmony shell tools (``aa``, ``hidumper``, ``bm``) for the loopback device.

The outputs follow real device output and the printing functions of ability_runtime
(MissionListManager::Dump*, UIAbilityLifecycleManager::DumpMissionList*; tests/shell/source_samples*.py).  The
default mission list describes the stub's default world (the same three
missions, most recent first by start time), so that one test module can hold
the stub, the agent and the shell backend to the same expectations.

``install_device_tools(target)`` puts the tools on a
:class:`~ohbridge.testing.FakeHdcServer` target; ``set_mission_dump``,
``set_focus`` and ``set_pending_dump`` change what they print.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

__all__ = [
    "SCB_DEFAULT_WORLD",
    "SCB_REAL_SAMPLE",
    "LEGACY_SAMPLE",
    "PENDING_SAMPLE",
    "WMS_SAMPLE",
    "BUNDLE_INFO_SAMPLE",
    "AA_START_NOT_FOUND",
    "install_device_tools",
    "set_mission_dump",
    "set_focus",
    "set_pending_dump",
]

# The stub's default world (com.example.myapplication is the newest).
SCB_DEFAULT_WORLD = """User ID #100
  current mission lists:{
    Mission ID #1  mission name #[#com.ohos.settings:entry:EntryAbility]  lockedState #0  mission affinity #[]
      AbilityRecord ID #11
        app name [com.ohos.settings]
        main name [EntryAbility]
        bundle name [com.ohos.settings]
        ability type [PAGE]
        state #BACKGROUND  start time [100001]
        app state #BACKGROUND
        ready #1  window attached #0  launcher #0
        callee connections: 
        isKeepAlive: false
    Mission ID #3  mission name #[#com.example.myapplication:entry:EntryAbility]  lockedState #0  mission affinity #[]
      AbilityRecord ID #13
        app name [com.example.myapplication]
        main name [EntryAbility]
        bundle name [com.example.myapplication]
        ability type [PAGE]
        state #FOREGROUND  start time [100003]
        app state #FOREGROUND
        ready #1  window attached #1  launcher #0
        callee connections: 
        isKeepAlive: false
    Mission ID #2  mission name #[#com.ohos.camera:entry:MainAbility]  lockedState #0  mission affinity #[]
      AbilityRecord ID #12
        app name [com.ohos.camera]
        main name [MainAbility]
        bundle name [com.ohos.camera]
        ability type [PAGE]
        state #BACKGROUND  start time [100002]
        app state #BACKGROUND
        ready #1  window attached #0  launcher #0
        callee connections: 
        isKeepAlive: false
 }
"""

# A real HarmonyOS NEXT phone (hmdriver2 issue #52), the second block as that
# report quotes it (elided with "...").
SCB_REAL_SAMPLE = """User ID #100
  current mission lists:{
    Mission ID #275  mission name #[#com.huawei.hmos.photos:phone_photos:com.huawei.hmos.photos.MainAbility]  lockedState #0  mission affinity #[]
      AbilityRecord ID #6842
        app name [com.huawei.hmos.photos]
        main name [com.huawei.hmos.photos.MainAbility]
        bundle name [com.huawei.hmos.photos]
        ability type [PAGE]
        state #BACKGROUND  start time [864068282]
        app state #BACKGROUND
        ready #1  window attached #0  launcher #0
        callee connections: 
        isKeepAlive: false
    Mission ID #298  mission name #[#com.xiaotuo.yang:entry:EntryAbility]  lockedState #0  mission affinity #[]
      ...
        state #FOREGROUND  start time [892956626]
        app state #FOREGROUND
        ...
 }
"""

# The legacy (non-SCB) layout, filled in as MissionListManager::Dump prints it.
LEGACY_SAMPLE = """User ID #100
  Current mission lists:
    MissionList Type #NORMAL
      Mission ID #12  mission name #[#com.example.demo:entry:EntryAbility]  lockedState #0
      AbilityRecord ID #40
        app name [com.example.demo]
        main name [EntryAbility]
        bundle name [com.example.demo]
        ability type [PAGE]
        state #FOREGROUND  start time [5000]
        app state #FOREGROUND
        ready #1  window attached #1  launcher #0
        callee connections: 
        isKeepAlive: false
  default stand mission list:
    MissionList Type #DEFAULT_STANDARD
  default single mission list:
    MissionList Type #DEFAULT_SINGLE
  launcher mission list:
    MissionList Type #LAUNCHER
      Mission ID #1  mission name #[#com.ohos.launcher:phone:com.ohos.launcher.MainAbility]  lockedState #0
      AbilityRecord ID #2
        app name [com.ohos.launcher]
        main name [com.ohos.launcher.MainAbility]
        bundle name [com.ohos.launcher]
        ability type [PAGE]
        state #BACKGROUND  start time [1000]
        app state #BACKGROUND
        ready #1  window attached #0  launcher #1
        callee connections: 
        isKeepAlive: true
        can restart num #3
"""

# PendingWantManager::Dump prints the OperationType as a number (1 START_ABILITY, 4 SEND_COMMON_EVENT).
PENDING_SAMPLE = """    PendingWantRecords:
        PendWantRecord ID #1  type #1
        bundle name [com.example.myapplication]
        result who []
        request code #0  flags #1073741824
        resolved type []
        Wants:
          uri [//com.example.myapplication/EntryAbility]
          resolved types []
        PendWantRecord ID #2  type #4
        bundle name [com.example.myapplication]
        result who []
        request code #7  flags #134217728
        resolved type []
        Wants:
          uri [//com.example.myapplication/]
          resolved types []
"""

# `aa dump -p` (PendingWantManager::Dump).
WMS_SAMPLE = """-------------------------------------ScreenGroup 0-------------------------------------
WindowName           DisplayId Pid     WinId Type Mode Flag ZOrd Orientation [ x    y    w    h    ] [ OffsetX OffsetY ] [ ScaleX  ScaleY  PivotX  PivotY  ]
EntryView            0         1234    3     1    1    0    2    0           [ 0    0    1260 2720 ] [ 0       0       ] [ 1       1       0       0       ]
---------------------------------------------------------------------------------------
Focus window: {focus}
All Focus window: 
DisplayId: 0 WindowId: {focus}
SingleHand: X[0] Y[0] scale[1]
Total window num: 3
Highlighted windows: 
"""

BUNDLE_INFO_SAMPLE = """{bundle}:
{{
    "name": "{bundle}",
    "versionName": "1.0.0",
    "applicationInfo": {{
        "bundleName": "{bundle}",
        "uid": {uid},
        "accessTokenId": 537000000,
        "appProvisionType": "debug"
    }},
    "userInfo": [
        {{
            "uid": {uid},
            "accessTokenId": 537000000
        }}
    ]
}}
"""

# `bm dump -a` (bm_command.cpp).
AA_START_NOT_FOUND = """error: failed to start ability.
Error Code:10104001  Error Message:The specified ability does not exist
Error cause: The specified Ability is not installed
  Try the following:
  > Check if the parameter abilityName of aa -a and the parameter bundleName of -b are correct
"""

_BUNDLES = {"com.example.myapplication": 20010042, "com.ohos.camera": 20010023, "com.ohos.settings": 20010021}

_AA = r"""#!/bin/sh
# Fake `aa`: prints from files in $OHB_FAKE_ROOT; like the real one, it always exits 0.
r="$OHB_FAKE_ROOT"
case "$1" in
dump)
    case "$2" in
    -l) cat "$r/.aa_missions" ;;
    -p) cat "$r/.aa_pending" ;;
    -a) cat "$r/.aa_missions"; cat "$r/.aa_pending" ;;
    *) echo "fail: unknown option." ;;
    esac ;;
start)
    shift; b=""; a=""
    while [ $# -gt 0 ]; do
        case "$1" in -b) shift; b="$1" ;; -a) shift; a="$1" ;; esac
        shift
    done
    if grep -qx "$b/$a" "$r/.aa_abilities"; then
        printf '%s/%s\n' "$b" "$a" >> "$r/.aa_started"
        echo "start ability successfully."
    else
        cat "$r/.aa_start_error"
    fi ;;
force-stop)
    if grep -q "^$2/" "$r/.aa_abilities"; then
        printf '%s\n' "$2" >> "$r/.aa_stopped"
        echo "force stop process successfully."
    else
        echo "error: failed to force stop process."
        echo "Error Code:10104002  Error Message:Failed to obtain bundle information"
    fi ;;
*)
    echo "aa: '$1' is not a valid aa command. See 'aa help'." ;;
esac
exit 0
"""

_HIDUMPER = r"""#!/bin/sh
r="$OHB_FAKE_ROOT"
if [ "$1 $2" = "-s WindowManagerService" ]; then cat "$r/.wms"; exit 0; fi
echo "hidumper: unsupported in this fake: $*"
"""

_BM = r"""#!/bin/sh
r="$OHB_FAKE_ROOT"
if [ "$1 $2" = "dump -a" ]; then echo "ID: 100:"; sed 's/^/\t/' "$r/.bm_names"; exit 0; fi
if [ "$1 $2" = "dump -n" ]; then
    if [ -f "$r/.bm_info_$3" ]; then cat "$r/.bm_info_$3"; else echo "error: failed to get information and the parameters may be wrong."; fi
    exit 0
fi
echo "error: unsupported in this fake: bm $*"
"""


def _root(target: Any) -> Path:
    return Path(target.root)


def set_mission_dump(target: Any, text: str) -> None:
    (_root(target) / ".aa_missions").write_text(text)


def set_pending_dump(target: Any, text: str) -> None:
    (_root(target) / ".aa_pending").write_text(text)


def set_focus(target: Any, window_id: int) -> None:
    (_root(target) / ".wms").write_text(WMS_SAMPLE.format(focus=window_id))


def install_device_tools(target: Any, *, bundles: Dict[str, int] = _BUNDLES) -> None:
    """Fake ``aa``/``hidumper``/``bm`` on a FakeHdcServer target, describing the stub's default world."""
    root = _root(target)
    set_mission_dump(target, SCB_DEFAULT_WORLD)
    set_pending_dump(target, PENDING_SAMPLE)
    set_focus(target, 3)
    (root / ".aa_start_error").write_text(AA_START_NOT_FOUND)
    abilities = ["com.example.myapplication/EntryAbility", "com.ohos.camera/MainAbility", "com.ohos.settings/EntryAbility"]
    (root / ".aa_abilities").write_text("\n".join(abilities) + "\n")
    (root / ".bm_names").write_text("\n".join(bundles) + "\n")
    for name, uid in bundles.items():
        (root / f".bm_info_{name}").write_text(BUNDLE_INFO_SAMPLE.format(bundle=name, uid=uid))
    target.add_executable("aa", _AA)
    target.add_executable("hidumper", _HIDUMPER)
    target.add_executable("bm", _BM)
    target.set_param("const.product.model", "ohbridge-loopback")
    target.set_param("const.ohos.apiversion", "20")
    target.set_param("const.ohos.fullname", "OpenHarmony-6.0.0.0")
