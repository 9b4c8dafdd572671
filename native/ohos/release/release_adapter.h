// The inner-API calls whose shape differs between OpenHarmony releases, each
// wrapped once; ohos_backend.cpp calls these and nothing release-specific.
// The release is the build's (release/ohos_release_select.h); what each
// release declares is in ohos_inner_api_decls.h and checked by
// inner_api_drift.h.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ohbridge/mission_backend.h"
#include "ohos_inner_api_decls.h"

namespace ohbridge::ohos::release {

namespace AA = OHOS::AAFwk;
namespace WA = OHOS::AbilityRuntime::WantAgent;

// The flag mask for WantSenderInfo::flags (the core's transform_flags is
// FlagsTransformer of 5.x and later).  4.1's FlagsTransformer has no
// ALLOW_CANCEL_FLAG (it logs "flags is error" and drops it), and 4.1's
// want_agent_helper.h no FLAG_ALLOW_CANCEL (1 << 20).
inline uint32_t want_sender_flags(uint32_t transformed) {
#if OHBRIDGE_OHOS_RELEASE_CANCEL_FLAGS
    return transformed;
#else
    return transformed & ~(1u << 20);
#endif
}

// The WantSenderInfo AMS receives for a native caller, as a JS caller's is
// built (the context path of WantAgentHelper::GetWantAgent: PendingWant::
// GetAbility / GetAbilities / GetCommonEventAsUser / BuildServicePendingWant,
// ability_runtime interfaces/inner_api/wantagent/src/pending_want.cpp, every
// release): the wants (all of them for START_ABILITIES, else the first), each
// with its type as resolvedTypes and, for START_ABILITY(IES) only, the extra
// info as its parameters when not empty; the operation type, flags and
// requestCode.  A native process has no ApplicationContext to name the
// bundle: bundleName comes from the first want, as the context-less
// GetWantAgent(info, userId) takes it.  Value-initialised: WantSenderInfo's
// appIndex (7.0; GetWantAgent copies WantAgentInfo's, 0 unless set) and
// userId (before 7.0) have no default.
constexpr int32_t kStartAbility = static_cast<int32_t>(WA::WantAgentConstant::OperationType::START_ABILITY);
constexpr int32_t kStartAbilities = static_cast<int32_t>(WA::WantAgentConstant::OperationType::START_ABILITIES);
inline AA::WantSenderInfo want_sender_info(int32_t operation_type, int32_t request_code, uint32_t flags,
                                           int32_t user_id, const std::vector<std::shared_ptr<AA::Want>>& wants,
                                           const AA::WantParams& extra_info) {
    AA::WantSenderInfo info = AA::WantSenderInfo();
    const bool with_extra = operation_type == kStartAbility || operation_type == kStartAbilities;
    const std::size_t count = operation_type == kStartAbilities ? wants.size() : std::min<std::size_t>(1, wants.size());
    for (std::size_t i = 0; i < count; ++i) {
        AA::WantsInfo wants_info;
        if (wants[i]) wants_info.want = *wants[i];
        wants_info.resolvedTypes = wants[i] ? wants[i]->GetType() : "";
        if (with_extra && !extra_info.IsEmpty()) wants_info.want.SetParams(extra_info);
        info.allWants.push_back(wants_info);
    }
    if (!wants.empty() && wants.front()) info.bundleName = wants.front()->GetOperation().GetBundleName();
    info.flags = want_sender_flags(flags);
    info.type = operation_type;
    info.userId = user_id;
    info.requestCode = request_code;
    return info;
}

// WantAgentClient::GetWantSender: the one creation call that returns AMS's
// error code (the context-less WantAgentHelper::GetWantAgent swallows it).
// From 5.x it takes a trailing `int32_t uid = -1`, left at its default.
inline OHOS::ErrCode get_want_sender(const AA::WantSenderInfo& info, OHOS::sptr<AA::IWantSender>& target) {
    return AA::WantAgentClient::GetInstance().GetWantSender(info, nullptr, target);
}

// WantAgentHelper::TriggerWantAgent: 3 arguments up to 5.1; from 6.0 also the
// dispatcher it made (an out-parameter) and a caller token.  With no caller
// token the dispatcher keeps `callback` and calls it when AMS reports
// (TriggerWantAgent in want_agent_helper.cpp, 6.0 and master); the NAPI
// trigger passes the same (napi_want_agent.cpp, JsWantAgent::OnTrigger).
inline OHOS::ErrCode trigger_want_agent(const std::shared_ptr<WA::WantAgent>& agent,
                                        const std::shared_ptr<WA::CompletedCallback>& callback,
                                        const WA::TriggerInfo& info) {
#if OHBRIDGE_OHOS_RELEASE_TRIGGER_CALLER_TOKEN
    OHOS::sptr<WA::CompletedDispatcher> dispatcher;
    return WA::WantAgentHelper::TriggerWantAgent(agent, callback, info, dispatcher, nullptr);
#else
    return WA::WantAgentHelper::TriggerWantAgent(agent, callback, info);
#endif
}

// WantAgentHelper::Cancel: Cancel(agent) in 4.1; Cancel(agent, flags =
// FLAG_INVLID) from 5.x, which is what the NAPI cancel passes.
inline OHOS::ErrCode cancel_want_agent(const std::shared_ptr<WA::WantAgent>& agent) {
#if OHBRIDGE_OHOS_RELEASE_CANCEL_FLAGS
    return WA::WantAgentHelper::Cancel(agent, WA::FLAG_INVLID);
#else
    return WA::WantAgentHelper::Cancel(agent);
#endif
}

// AbilityManagerClient::ContinueMission by bundle: ContinueMissionInfo from
// 5.0; 4.1's bundle overload has no srcBundleName and no continueType (its
// NAPI continueMission never read them).
inline OHOS::ErrCode continue_mission_by_bundle(const ContinueMissionInfo& info, const AA::WantParams& want_params,
                                                const OHOS::sptr<OHOS::IRemoteObject>& callback) {
#if OHBRIDGE_OHOS_RELEASE_HAS_CONTINUE_MISSION_INFO
    AA::ContinueMissionInfo aa;
    aa.srcDeviceId = info.src_device_id;
    aa.dstDeviceId = info.dst_device_id;
    aa.bundleName = info.bundle_name;
    aa.srcBundleName = info.src_bundle_name;
    aa.continueType = info.continue_type;
    aa.wantParams = want_params;
    return AA::AbilityManagerClient::GetInstance()->ContinueMission(aa, callback);
#else
    AA::WantParams params = want_params;
    return AA::AbilityManagerClient::GetInstance()->ContinueMission(info.src_device_id, info.dst_device_id,
                                                                    info.bundle_name, callback, params);
#endif
}

// An IRemoteOnListener whose OnCallback, in this release's form, becomes one
// ContinueStateEvent.  The fields a release does not send stay empty:
// continueType and srcBundleName before 5.0, targetAppIds before 7.0.
class ContinueStateListenerStub : public AA::RemoteOnListenerStub {
public:
    virtual void on_continue_state(const ContinueStateEvent& event) = 0;

#if OHBRIDGE_OHOS_RELEASE_ON_CALLBACK_INFO
    void OnCallback(const AA::OnCallbackInfo& info) override {
        ContinueStateEvent ev;
        ev.state = static_cast<std::int32_t>(info.continueState);
        ev.src_device_id = info.srcDeviceId;
        ev.bundle_name = info.bundleName;
        ev.continue_type = info.continueType;
        ev.src_bundle_name = info.srcBundleName;
        ev.target_app_ids = info.appIdentifiers;
        on_continue_state(ev);
    }
#elif OHBRIDGE_OHOS_RELEASE_ON_CALLBACK_ARGS == 5
    void OnCallback(const uint32_t continueState, const std::string& srcDeviceId, const std::string& bundleName,
                    const std::string& continueType, const std::string& srcBundleName) override {
        ContinueStateEvent ev;
        ev.state = static_cast<std::int32_t>(continueState);
        ev.src_device_id = srcDeviceId;
        ev.bundle_name = bundleName;
        ev.continue_type = continueType;
        ev.src_bundle_name = srcBundleName;
        on_continue_state(ev);
    }
#else
    void OnCallback(const uint32_t continueState, const std::string& srcDeviceId,
                    const std::string& bundleName) override {
        ContinueStateEvent ev;
        ev.state = static_cast<std::int32_t>(continueState);
        ev.src_device_id = srcDeviceId;
        ev.bundle_name = bundleName;
        on_continue_state(ev);
    }
#endif
};

// The native token's parameters (nativetoken_kit.h).  `uid` exists from 7.0:
// the uid the token is recorded for (nativetoken.c keeps it in the token's
// node; tokens recorded without one read back as -1); earlier releases have
// no such member and the argument is unused.
inline NativeTokenInfoParams native_token_params(const char** perms, int32_t perms_num, const char* process_name,
                                                 const char* apl, int32_t uid) {
    NativeTokenInfoParams params{};
    params.dcapsNum = 0;
    params.permsNum = perms_num;
    params.aclsNum = 0;
    params.dcaps = nullptr;
    params.perms = perms;
    params.acls = nullptr;
    params.processName = process_name;
    params.aplStr = apl;
#if OHBRIDGE_OHOS_RELEASE_NATIVE_TOKEN_UID
    params.uid = uid;
#else
    (void)uid;
#endif
    return params;
}

}  // namespace ohbridge::ohos::release
