// The one switch point for OpenHarmony release differences in the inner APIs
// OhosBackend uses.  The build names the release (CMake
// -DOHBRIDGE_OHOS_RELEASE=4.1|5.1|6.0|master, which defines
// OHBRIDGE_OHOS_RELEASE as 401, 501, 600 or 700; master is the 7.0 line and
// the default).  Each difference is one feature macro below, read only by
// ohos_inner_api_decls.h (to declare what that release declares),
// release/release_adapter.h (the calls that differ) and inner_api_drift.h.
//
// Every row was read in the release branches of the repositories named:
// OpenHarmony-v4.1-Release, OpenHarmony-v5.1.0-Release,
// OpenHarmony-v6.0-Release, master (commits in docs/agent.md).
#pragma once

#ifndef OHBRIDGE_OHOS_RELEASE
#define OHBRIDGE_OHOS_RELEASE 700
#endif
#if OHBRIDGE_OHOS_RELEASE != 401 && OHBRIDGE_OHOS_RELEASE != 501 && OHBRIDGE_OHOS_RELEASE != 600 && \
    OHBRIDGE_OHOS_RELEASE != 700
#error "OHBRIDGE_OHOS_RELEASE must be 401 (4.1), 501 (5.1), 600 (6.0) or 700 (master)"
#endif

// ability_runtime ability_manager/include/dms_continueInfo.h and
// AbilityManagerClient::ContinueMission(ContinueMissionInfo, callback):
// from 5.0; 4.1 has ContinueMission(src, dst, bundleName, callback, wantParams)
// (no srcBundleName, no continueType).
#define OHBRIDGE_OHOS_RELEASE_HAS_CONTINUE_MISSION_INFO (OHBRIDGE_OHOS_RELEASE >= 501)
// remote_on_listener_interface.h IRemoteOnListener::OnCallback:
// (state, srcDeviceId, bundleName) in 4.1; + continueType, srcBundleName in
// 5.x-6.0; one OnCallbackInfo (with appIdentifiers, the JS targetAppIds) from 7.0.
#define OHBRIDGE_OHOS_RELEASE_ON_CALLBACK_INFO (OHBRIDGE_OHOS_RELEASE >= 700)
#define OHBRIDGE_OHOS_RELEASE_ON_CALLBACK_ARGS (OHBRIDGE_OHOS_RELEASE >= 501 ? 5 : 3)
// want_sender_info.h WantSenderInfo: members reordered in 5.x; appIndex (and
// userId's default -1) from 7.0.
#define OHBRIDGE_OHOS_RELEASE_WANT_SENDER_INFO_V5 (OHBRIDGE_OHOS_RELEASE >= 501)
#define OHBRIDGE_OHOS_RELEASE_WANT_SENDER_INFO_APP_INDEX (OHBRIDGE_OHOS_RELEASE >= 700)
// (WantAgentInfo gains a userId in 7.0; the backend does not build a
// WantAgentInfo: it fills WantSenderInfo::userId, which every release has.)
// want_agent_client.h WantAgentClient::GetWantSender(..., int32_t uid = -1): from 5.x.
#define OHBRIDGE_OHOS_RELEASE_GET_WANT_SENDER_UID (OHBRIDGE_OHOS_RELEASE >= 501)
// want_agent_helper.h TriggerWantAgent(agent, callback, info, dispatcher&,
// callerToken): from 6.0 (3 arguments before).
#define OHBRIDGE_OHOS_RELEASE_TRIGGER_CALLER_TOKEN (OHBRIDGE_OHOS_RELEASE >= 600)
// want_agent_helper.h Cancel(agent, uint32_t flags = FLAG_INVLID): from 5.x
// (Cancel(const shared_ptr<WantAgent>&) in 4.1).
#define OHBRIDGE_OHOS_RELEASE_CANCEL_FLAGS (OHBRIDGE_OHOS_RELEASE >= 501)
// nativetoken_kit.h NativeTokenInfoParams::uid: from 7.0.
#define OHBRIDGE_OHOS_RELEASE_NATIVE_TOKEN_UID (OHBRIDGE_OHOS_RELEASE >= 700)
// account_os_account os_account_manager.h OsAccountManager::
// GetForegroundOsAccountLocalId(int32_t&): from 5.0; 4.1 has only
// QueryActiveOsAccountIds (its first id is the foreground user).
#define OHBRIDGE_OHOS_RELEASE_FOREGROUND_OS_ACCOUNT_ID (OHBRIDGE_OHOS_RELEASE >= 501)
// want_agent_constant.h OperationType::START_SERVICE_EXTENSION: from 5.x.
#define OHBRIDGE_OHOS_RELEASE_START_SERVICE_EXTENSION (OHBRIDGE_OHOS_RELEASE >= 501)
// ability_manager_client.h AbilityManagerClient::KillProcess: (bundleName) in
// 4.1; + bool clearPageStack = false, int32_t appIndex = 0 from 5.x; + const
// std::string& reason = "Abilityms::KillProcess" from 7.0.
#define OHBRIDGE_OHOS_RELEASE_KILL_PROCESS_ARGS (OHBRIDGE_OHOS_RELEASE >= 700 ? 4 : OHBRIDGE_OHOS_RELEASE >= 501 ? 3 : 1)
// ability_manager_client.h AbilityManagerClient::StartAbility(const Want&, int
// requestCode, int32_t userId): + uint64_t specifiedFullTokenId = 0 from 7.0.
#define OHBRIDGE_OHOS_RELEASE_START_ABILITY_FULL_TOKEN_ID (OHBRIDGE_OHOS_RELEASE >= 700)
