// The OpenHarmony release a simulated device behaves like.  Behaviour that
// changed between releases is switched here, in one place, so that a test can
// ask for "an API 11 device" and get that release's codes and quirks.
// Each switch names the function it follows; the release branches compared
// are OpenHarmony-3.2/4.0/4.1/5.0.0/5.1.0/6.0-Release of
// ability_ability_runtime and ability_dmsfwk.
#pragma once

namespace ohbridge {

struct ApiProfile {
    // API level: 9 = 3.2, 10 = 4.0, 11 = 4.1, 12 = 5.0, 18 = 5.1, 20 = 6.0.
    int api_version = 20;

    // Commit 7b9131d5a0 (5.0): DMS and NAPI switched four codes to 2936022x.
    bool raw_dms_codes() const { return api_version >= 12; }
    // notifyNetDisconnect was wired in Nov 2024 (a4b58782), 5.1.0-Release.
    bool fires_net_disconnect() const { return api_version >= 18; }
    // 3.2 DMS did not check the uuid of the device id on registration.
    bool accepts_unknown_listener_device() const { return api_version <= 9; }
    // 3.2: continueMission argc had to be 2 or 3; trigger's argc error said
    // "Invalid input parameter."; CompleteData had no `info`.
    bool legacy_api9() const { return api_version <= 9; }
    // Commit 8466cac1e9 (Jan 2024, first in 5.0): no JS callback for a
    // canceled record.  Before it the finished receiver was called with
    // resultData "canceled" and JS saw a completion.
    bool suppresses_canceled_completion() const { return api_version >= 12; }

    // ---- AbilityManagerService and the mission list ----
    // CHECK_CALLER_IS_SYSTEM_APP in AbilityManagerService::GetMissionInfos,
    // CleanMission, ... and RegisterMissionListener: absent in 3.2, there
    // from 4.0.
    bool ams_checks_system_app() const { return api_version >= 10; }
    // The same check in StartSyncRemoteMissions / StopSyncRemoteMissions /
    // ContinueMission: only from 5.0.0 (4.1 checks the permission alone).
    bool ams_checks_system_app_for_dms_calls() const { return api_version >= 12; }
    // INNER_TO_JS_ERROR_CODE_MAP (ability_business_error.cpp): 3.2 lists
    // neither ERR_NOT_SYSTEM_APP nor INVALID_PARAMETERS_ERR nor
    // DMS_PERMISSION_DENIED; 4.0 added them.
    bool ability_map_has_dms_codes() const { return api_version >= 10; }
    // MissionListManager::ClearMission: the IsUnclearable check is there from
    // 4.0 on.
    bool clean_mission_checks_unclearable() const { return api_version >= 10; }

    // ---- the distributed scheduler ----
    // DistributedSchedStub::ContinueMissionInner looks the mission up with
    // GetMissionInfo("", missionId) for every local caller, and picks the
    // QoS path (DSchedContinueManager), from 5.0.0; 4.1 goes straight to
    // DistributedSchedService::ContinueMission.
    bool continue_looks_up_local_mission() const { return api_version >= 12; }
    bool has_qos_continuation() const { return api_version >= 12; }
    // ContinueLocalMission / ContinueRemoteMission check the continue switch
    // (SwitchStatusDependency, later DataShareManager) from 5.0.0.
    bool checks_continue_switch() const { return api_version >= 12; }
    // ProcessContinueLocalMission's lookup by bundle name: DMSContinueSendMgr
    // answers INVALID_PARAMETERS_ERR (4.1, 5.0.0); DmsContinueConditionMgr
    // answers MISSION_NOT_FOCUSED (5.1.0 on).
    bool bundle_lookup_says_not_focused() const { return api_version >= 18; }
    // distributed_mission_manager.cpp ErrorCodeReturn: 3.2 used the map
    // DMS_MISSION_MANAGER_ERROR_CODE_MAP (ERR_NULL_OBJECT -> 401); 4.0 the
    // switch (ERR_NULL_OBJECT -> 16300501); ERR_NOT_SYSTEM_APP -> 202 only
    // from 5.0.0.
    bool dmm_uses_code_map_of_3_2() const { return api_version <= 9; }
    bool dmm_maps_not_system_app() const { return api_version >= 12; }
};

}  // namespace ohbridge
