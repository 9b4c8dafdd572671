"""Mission-list output written from the printing functions, one sample per variant.

Each sample names the function that prints it and the releases it comes from
(openharmony/ability_ability_runtime; master 13c4af6fb6 and the
OpenHarmony-3.2/4.1/5.0.0/5.1.0/6.0-Release branches).  The lines are the strings those
functions push, with their indentation; values (ids, names, times) are made up.
"""

from __future__ import annotations

from typing import List

from .sample import Sample, join as _join

# -- aa dump -l / -a: the mission list ------------------------------------------------------

# MissionListManager::DumpMissionList -> MissionList::DumpList -> AbilityRecord::DumpAbilityState
# -> CallContainer::Dump -> CallRecord::Dump (one info entry with embedded newlines).
LEGACY_LIST_WITH_CALL_RECORD = Sample(
    "legacy list, a mission started by startAbilityByCall",
    "services/abilitymgr/src/mission/mission_list_manager.cpp: MissionListManager::DumpMissionList; "
    "mission_list.cpp: MissionList::DumpList; ability_record.cpp: AbilityRecord::DumpAbilityState; "
    "call_record.cpp: CallRecord::Dump",
    "3.2 to master (missionAffinity line from 4.1)",
    _join(
        "User ID #100",
        "  Current mission lists:",
        "    MissionList Type #NORMAL",
        "      Mission ID #12  mission name #[#com.example.callee:entry:CalleeAbility]  lockedState #0",
        "      AbilityRecord ID #31",
        "        app name [com.example.callee]",
        "        main name [CalleeAbility]",
        "        bundle name [com.example.callee]",
        "        ability type [PAGE]",
        "        state #BACKGROUND  start time [1500]",
        "        app state #BACKGROUND",
        "        ready #1  window attached #0  launcher #0",
        "        callee connections: ",
        "            CallRecord ID #1\n"
        "              caller uri [/com.example.caller/entry/CallerAbility]\n"
        "              state #REQUESTED start time [2600]",
        "            CallRecord ID #2\n"
        "              caller uri [/com.example.other/entry/OtherAbility]\n"
        "              state #REQUESTING start time [2700]",
        "        isKeepAlive: false",
        "        missionAffinity: com.example.callee",
        "  default stand mission list:",
        "    MissionList Type #DEFAULT_STANDARD",
        "  default single mission list:",
        "    MissionList Type #DEFAULT_SINGLE",
        "  launcher mission list:",
        "    MissionList Type #LAUNCHER",
        "      Mission ID #1  mission name #[#com.ohos.launcher:phone:MainAbility]  lockedState #0",
        "      AbilityRecord ID #2",
        "        app name [com.ohos.launcher]",
        "        main name [MainAbility]",
        "        bundle name [com.ohos.launcher]",
        "        ability type [PAGE]",
        "        state #FOREGROUND  start time [100]",
        "        app state #FOREGROUND",
        "        ready #1  window attached #1  launcher #1",
        "        callee connections: ",
        "        isKeepAlive: true",
        "        can restart num #3",
    ),
)

# CallRecord::Dump when Token::GetAbilityRecordByToken(callerToken_) is gone: "caller" gets no
# uri and the state is appended to the same line.
CALL_RECORD_WITHOUT_CALLER = Sample(
    "call record whose caller record is gone",
    "services/abilitymgr/src/call_record.cpp: CallRecord::Dump",
    "3.2 to master",
    _join(
        "User ID #100",
        "  current mission lists:{",
        "    Mission ID #40  mission name #[#com.example.callee:entry:CalleeAbility]  lockedState #0"
        "  mission affinity #[]",
        "      AbilityRecord ID #77",
        "        app name [com.example.callee]",
        "        main name [CalleeAbility]",
        "        bundle name [com.example.callee]",
        "        ability type [PAGE]",
        "        state #FOREGROUND  start time [900]",
        "        app state #FOREGROUND",
        "        ready #1  window attached #1  launcher #0",
        "        callee connections: ",
        "            CallRecord ID #5\n"
        "              caller              state #INIT start time [0]",
        "        isKeepAlive: false",
        " }",
    ),
)

# MissionListManager::Dump (hidumper -s AbilityManagerService -a -a, the DumpInner path):
# lists in braces, Mission::Dump headers with "ANR State #", AbilityRecord::Dump bodies.
LEGACY_DUMP_WITH_NEIGHBOURS = Sample(
    "MissionListManager::Dump with previous/next abilities",
    "services/abilitymgr/src/mission/mission_list_manager.cpp: MissionListManager::Dump; "
    "mission.cpp: Mission::Dump; mission_ability_record.cpp: MissionAbilityRecord::Dump, "
    "DumpPreAbility, DumpNextAbility (ability_record.cpp: AbilityRecord::Dump before 6.0)",
    "3.2 to master",
    _join(
        "User ID #100",
        " current mission lists:{",
        "  MissionList Type #NORMAL",
        "    Mission ID #7  mission name #[#com.example.notes:entry:NoteAbility]  lockedState #1  ANR State #0",
        "      AbilityRecord ID #21",
        "        app name [com.example.notes]",
        "        main name [NoteAbility]",
        "        bundle name [com.example.notes]",
        "        isKeepAlive: false",
        "        ability type [PAGE]",
        "        previous ability app name [com.ohos.launcher]\n"
        "        previous ability file name [MainAbility]",
        "        next ability app name [NULL]\n"
        "        next ability file name [NULL]",
        "        state #FOREGROUND  start time [4200]",
        "        app state #FOREGROUND",
        "        ready #1  window attached #1  launcher #0",
        " }",
        " default stand mission list:{",
        "  MissionList Type #DEFAULT_STANDARD",
        " }",
        " default single mission list:{",
        "  MissionList Type #DEFAULT_SINGLE",
        " }",
        " launcher mission list:{",
        "  MissionList Type #LAUNCHER",
        " }",
    ),
)

# OpenHarmony-3.2-Release AbilityRecord::Dump: "next ability main name" when there is one.
NEXT_ABILITY_MAIN_NAME_3_2 = Sample(
    "3.2 next ability main name",
    "services/abilitymgr/src/ability_record.cpp: AbilityRecord::Dump",
    "3.2",
    _join(
        "User ID #100",
        " current mission lists:{",
        "  MissionList Type #NORMAL",
        "    Mission ID #3  mission name #[#com.example.a:entry:AAbility]  lockedState #0  ANR State #0",
        "      AbilityRecord ID #9",
        "        app name [com.example.a]",
        "        main name [AAbility]",
        "        bundle name [com.example.a]",
        "        isKeepAlive: false",
        "        ability type [PAGE]",
        "        previous ability app name [NULL]\n"
        "        previous ability file name [NULL]",
        "        next ability app name [com.example.b]\n"
        "        next ability main name [BAbility]",
        "        state #BACKGROUND  start time [10]",
        "        app state #BACKGROUND",
        "        ready #1  window attached #0  launcher #0",
        " }",
        " default stand mission list:{",
        " }",
    ),
)

# AbilityRecord::DumpClientInfo with aa dump -c: the client's own lines, then the configuration.
SCB_WITH_CLIENT_CONFIGURATION = Sample(
    "SceneBoard list dumped with -c",
    "services/abilitymgr/src/scene_board/ui_ability_lifecycle_manager.cpp: "
    "UIAbilityLifecycleManager::DumpMissionList; ability_record.cpp: AbilityRecord::DumpClientInfo",
    "4.1 to master",
    _join(
        "User ID #100",
        "  current mission lists:{",
        "    Mission ID #88  mission name #[#com.example.app:entry:EntryAbility]  lockedState #0"
        "  mission affinity #[com.example.app]",
        "      AbilityRecord ID #101",
        "        app name [com.example.app]",
        "        main name [EntryAbility]",
        "        bundle name [com.example.app]",
        "        ability type [PAGE]",
        "        state #FOREGROUND  start time [123456]",
        "        app state #FOREGROUND",
        "        ready #1  window attached #1  launcher #0",
        "        callee connections: ",
        "        isKeepAlive: false",
        "          configuration: {\"ohos.system.colorMode\":\"light\"}",
        " }",
    ),
)

# DumpSysMissionListInner with a list type argument that is none of the four.
BAD_LIST_TYPE = Sample(
    "unknown mission list type argument",
    "services/abilitymgr/src/mission/mission_list_manager.cpp: MissionListManager::DumpMissionList",
    "3.2 to master",
    _join("MissionList Type NORMAL|DEFAULT_STANDARD|DEFAULT_SINGLE|LAUNCHER"),
)

NO_USER = Sample(
    "a user that does not exist (aa dump -l -u 999)",
    "services/abilitymgr/src/ability_manager_service.cpp: DumpSysMissionListInner",
    "3.2 to master",
    _join("error: No user found."),
)

# aa dump -a: DumpSysInner = DumpSysMissionListInner, DumpSysStateInner
# (AbilityConnectManager::DumpState -> BaseExtensionRecord::DumpService -> ConnectionRecord::Dump),
# DumpSysPendingInner (PendingWantManager::Dump), DumpSysProcess.
DUMP_ALL = Sample(
    "aa dump -a: missions, then extensions, pending wants and processes",
    "services/abilitymgr/src/ability_manager_service.cpp: DumpSysInner, DumpSysProcess; "
    "ability_connect_manager.cpp: AbilityConnectManager::DumpState; "
    "extension_record/base_extension_record.cpp: BaseExtensionRecord::DumpService "
    "(ability_record.cpp: AbilityRecord::DumpService before 6.0); connection_record.cpp: "
    "ConnectionRecord::Dump; pending_want_manager.cpp: PendingWantManager::Dump",
    "3.2 to master (UI_SERVICE windowConfig lines from 5.1.0)",
    _join(
        "User ID #100",
        "  current mission lists:{",
        "    Mission ID #3  mission name #[#com.example.myapplication:entry:EntryAbility]  lockedState #0"
        "  mission affinity #[]",
        "      AbilityRecord ID #11",
        "        app name [com.example.myapplication]",
        "        main name [EntryAbility]",
        "        bundle name [com.example.myapplication]",
        "        ability type [PAGE]",
        "        state #FOREGROUND  start time [5000]",
        "        app state #FOREGROUND",
        "        ready #1  window attached #1  launcher #0",
        "        callee connections: ",
        "        isKeepAlive: false",
        " }",
        "  ExtensionRecords:",
        "    uri [/com.example.myapplication/entry/SyncServiceAbility]",
        "      AbilityRecord ID #14   state #ACTIVE   start time [5100]",
        "      main name [SyncServiceAbility]",
        "      bundle name [com.example.myapplication]",
        "      ability type [SERVICE]",
        "      app state #BACKGROUND",
        "        isKeepAlive: false",
        "      Connections: 1",
        "       > com.example.myapplication/EntryAbility   connectionState #CONNECTED",
        "    uri [/com.ohos.sceneboard/entry/FloatService]",
        "      AbilityRecord ID #15   state #ACTIVE   start time [5200]",
        "      main name [FloatService]",
        "      bundle name [com.ohos.sceneboard]",
        "      ability type [UI_SERVICE]",
        "      windowConfig windowType [2]",
        "      windowConfig windowId [57]",
        "      app state #FOREGROUND",
        "        isKeepAlive: true",
        "      Connections: 0",
        "    PendingWantRecords:",
        "        PendWantRecord ID #1  type #1",
        "        bundle name [com.example.myapplication]",
        "        result who []",
        "        request code #0  flags #1073741824",
        "        resolved type []",
        "        Wants:",
        "          uri [//com.example.myapplication/EntryAbility]",
        "          resolved types []",
        "  AppRunningRecords:",
        "    AppRunningRecord ID #0",
        "      process name [com.example.myapplication]",
        "      pid #4321  uid #20010042",
        "      state #FOREGROUND",
        "    AppRunningRecord ID #1",
        "      process name [com.ohos.sceneboard]",
        "      pid #1200  uid #20020017",
        "      state #FOREGROUND",
    ),
)

# hidumper -s AbilityManagerService -a -S: MissionListManager::DumpMissionInfos ->
# MissionInfoMgr::Dump -> InnerMissionInfo::Dump (legacy devices; SceneBoard dumps its sessions).
MISSION_INFOS = Sample(
    "the mission infos of MissionInfoMgr",
    "services/abilitymgr/src/mission/mission_info_mgr.cpp: MissionInfoMgr::Dump; "
    "inner_mission_info.cpp: InnerMissionInfo::Dump",
    "3.2 to master",
    _join(
        "User ID #100",
        "      Mission ID #5",
        "        mission name [#com.example.notes:entry:NoteAbility]",
        "        runningState [0]",
        "        lockedState [1]",
        "        continuable [1]",
        "        timeStamp [2026-01-01 10:00:00]",
        "        label [Notes]",
        "        iconPath [$media:icon]",
        "        want [#Intent;action=;entity=;device=;bundle=com.example.notes;ability=NoteAbility;end]",
        "      Mission ID #6",
        "        mission name [#com.ohos.settings:entry:EntryAbility]",
        "        runningState [-1]",
        "        lockedState [0]",
        "        continuable [0]",
        "        timeStamp []",
        "        label [Settings]",
        "        iconPath []",
        "        want []",
    ),
)

# aa dump -a on a device with a UI extension: BaseExtensionRecord::DumpService's
# DumpUIExtensionRootHostInfo / DumpUIExtensionPid, and DumpSysProcess's
# DumpUIExtensionRootHostRunningInfos / DumpUIExtensionProviderRunningInfos.
DUMP_ALL_UI_EXTENSION = Sample(
    "aa dump -a with a UI extension and its host",
    "services/abilitymgr/src/extension_record/base_extension_record.cpp: DumpUIExtensionRootHostInfo, "
    "DumpUIExtensionPid; ability_manager_service.cpp: DumpUIExtensionRootHostRunningInfos, "
    "DumpUIExtensionProviderRunningInfos",
    "5.0.0 to master",
    _join(
        "User ID #100",
        "  current mission lists:{",
        " }",
        "  ExtensionRecords:",
        "    uri [/com.example.share/entry/SharePanelExtAbility]",
        "      AbilityRecord ID #61   state #FOREGROUND   start time [7000]",
        "      main name [SharePanelExtAbility]",
        "      bundle name [com.example.share]",
        "      ability type [UIEXTENSION]",
        "      app state #FOREGROUND",
        "        isKeepAlive: false",
        "      Connections: 0",
        "      root host bundle name [com.example.gallery]",
        "      root host module name [entry]",
        "      root host ability name [EntryAbility]",
        "      pid: 5555",
        "  AppRunningRecords:",
        "    AppRunningRecord ID #0",
        "      process name [com.example.gallery]",
        "      pid #4444  uid #20010050",
        "      state #FOREGROUND",
        "      uiextension provider #0",
        "        pid #5555",
        "    AppRunningRecord ID #1",
        "      process name [com.example.share:share]",
        "      pid #5555  uid #20010060",
        "      state #FOREGROUND",
        "      root caller #0",
        "        pid #4444",
    ),
)

# 4.1 and 5.0.0 close the brace after every mission (inside the loop), and not at all when the
# list is empty.
SCB_BRACE_PER_MISSION = Sample(
    "SceneBoard list with a brace after each mission",
    "services/abilitymgr/src/scene_board/ui_ability_lifecycle_manager.cpp: "
    "UIAbilityLifecycleManager::DumpMissionList",
    "4.1, 5.0.0",
    _join(
        "User ID #100",
        "  current mission lists:{",
        "    Mission ID #10  mission name #[#com.example.a:entry:EntryAbility]  lockedState #0  mission affinity #[]",
        "      AbilityRecord ID #1",
        "        app name [com.example.a]",
        "        main name [EntryAbility]",
        "        bundle name [com.example.a]",
        "        ability type [PAGE]",
        "        state #BACKGROUND  start time [100]",
        "        app state #BACKGROUND",
        "        ready #1  window attached #0  launcher #0",
        "        callee connections: ",
        "        isKeepAlive: false",
        " }",
        "    Mission ID #11  mission name #[#com.example.b:entry:EntryAbility]  lockedState #1  mission affinity #[]",
        "      AbilityRecord ID #2",
        "        app name [com.example.b]",
        "        main name [EntryAbility]",
        "        bundle name [com.example.b]",
        "        ability type [PAGE]",
        "        state #FOREGROUND  start time [200]",
        "        app state #FOREGROUND",
        "        ready #1  window attached #1  launcher #0",
        "        callee connections: ",
        "        isKeepAlive: false",
        " }",
    ),
)

MISSION_SAMPLES: List[Sample] = [MISSION_INFOS, SCB_BRACE_PER_MISSION, DUMP_ALL_UI_EXTENSION, LEGACY_LIST_WITH_CALL_RECORD, CALL_RECORD_WITHOUT_CALLER,
                                 LEGACY_DUMP_WITH_NEIGHBOURS, NEXT_ABILITY_MAIN_NAME_3_2,
                                 SCB_WITH_CLIENT_CONFIGURATION, BAD_LIST_TYPE, NO_USER, DUMP_ALL]
