// The OpenHarmony release a simulated device behaves like.  Behaviour that
// changed between releases is switched here, in one place, so that a test can
// ask for "an API 11 device" and get that release's codes and quirks.
// Each switch names the function it follows; the release branches compared
// are OpenHarmony-3.2/4.0/4.1/5.0.0/5.1.0/6.0-Release of
// ability_ability_runtime and ability_dmsfwk.
#pragma once

namespace ohbridge {

struct ApiProfile {
    // API level (build version.gni): 9 = 3.2, 10 = 4.0, 11 = 4.1,
    // 12 = 5.0.0, 18 = 5.1.0, 20 = 6.0, 23 = 6.1; 24 and above stand for
    // master (26 at 13c4af6fb6), for behaviour no release has yet.
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
    // napi_want_agent.cpp OnSendFinishedUvAfterWorkCallback: no JS callback
    // for resultData "canceled".  Commit 8466cac1e9 (Jan 2024), picked into
    // OpenHarmony-4.1-Release as b09412fb03; 4.0 and earlier still call JS.
    bool suppresses_canceled_completion() const { return api_version >= 11; }

    // ---- PendingWantManager / PendingWantRecord (services/abilitymgr/src) ----
    // AbilityManagerService::GetWantSender: appUid starts at 0 up to
    // 5.0.0-Release and at -1 from 5.1.0, so a want without (or with an
    // unknown) bundleName gives getUid 0 on the older releases.
    int unresolved_app_uid() const { return api_version >= 18 ? -1 : 0; }
    // PendingWantManager::GetWantSender refuses START_SERVICE_EXTENSION from a
    // caller that is neither system app nor SA, and PendingWantRecord::
    // SenderInner runs it (PendingWantStartServiceExtension), from 5.0.0; 4.1
    // creates it and its trigger falls to `default:` (no-op success).
    bool has_service_extension_agents() const { return api_version >= 12; }
    // PendingWantManager::GetWantSender for non-system, non-SA callers:
    // 5.0.0 removes appCloneIndex from the last want only (every type);
    // 5.1.0 and 6.0 also drop wants of other bundles (not for common events),
    // 5.1.0 with an iterator slip that leaves the want after a dropped one
    // unchecked; 4.1 touches nothing.
    bool strips_last_want_clone_index_only() const { return api_version >= 12 && api_version < 18; }
    bool drops_other_bundle_wants() const { return api_version >= 18; }
    bool drop_loop_skips_after_erase() const { return api_version >= 18 && api_version < 20; }
    // AbilityManagerService::CancelWantSender passes "is the record's bundle
    // a system app" up to 5.0.0, IsSystemAppCall() from 5.1.0 (47de711698).
    bool cancel_asks_the_creator_bundle() const { return api_version < 18; }
    // PendingWantManager::SendWantSender → CheckPermission (a start from the
    // background needs focus, START_ABILITIES_FROM_BACKGROUND or an SA): from
    // 5.1.0; 4.1 and 5.0.0 go straight to SenderInner.
    bool checks_trigger_caller_foreground() const { return api_version >= 18; }
    // PendingWantRecord::SenderInner up to 4.1: a common event that was
    // published successfully sets sendFinish = false, so no completion.
    bool completes_published_common_event() const { return api_version >= 12; }
    // ALLOW_CANCEL_FLAG (10) arrives in 5.1.0: WantAgentHelper::
    // FlagsTransformer, want_agent_constant.h and PendingWantRecord::
    // BuildSendWant (which then keeps the want's flags, as for CONSTANT).
    // Up to 5.0.0 10 is an unknown value and is dropped.
    bool knows_allow_cancel_flag() const { return api_version >= 18; }
    // JsWantAgent::GetWantAgentParam reads userId, PendingWant::GetAbility
    // and AbilityManagerService::GetWantSenderByUserId use it: 6.1 on
    // (24abece263, 2025-09); up to 6.0 the key is not looked at.
    bool reads_want_agent_user_id() const { return api_version >= 23; }
    // PendingWantRecord::BuildSendWant: appCloneIndex is added (when absent)
    // from 5.0.0; CONSTANT stops the trigger params only on master
    // (7b15afcc12, 2026-08, in no release up to 6.1).
    bool send_sets_app_clone_index() const { return api_version >= 12; }
    bool constant_blocks_trigger_params() const { return api_version >= 24; }

    // distributed_mission_manager.cpp UvWorkOnCallback (BuildCallbackResult
    // on master): the continueStateChange info has srcDeviceId and
    // bundleName in 4.1, gains continueType and srcBundleName in 5.0.0, and
    // targetAppIds only on master (04fbc40f20, 2026-04; not in 6.0 or 6.1).
    bool continue_state_info_has_type_and_source() const { return api_version >= 12; }
    bool continue_state_info_has_target_app_ids() const { return api_version >= 24; }

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
