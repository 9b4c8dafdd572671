// The WantAgent side as the decls header declares it: WantAgentClient,
// PendingWant, WantAgent, TriggerInfo, CompletedDispatcher, WantAgentHelper,
// WantsInfo and WantSenderInfo.  A PendingWant keeps its target in a side
// table (the header gives it no members), as does a WantAgent its PendingWant.
#include <map>
#include <mutex>

#include "fake_ams.h"
#include "fake_want_agent.h"
#include "inner_api_log.h"

namespace fakes {
namespace {

using OHOS::sptr;
namespace AA = OHOS::AAFwk;
namespace WA = OHOS::AbilityRuntime::WantAgent;

// What AMS's PendingWantManager hands out: a remote sender object.
class FakeWantSender : public OHOS::IRemoteStub<AA::IWantSender> {};

struct WantAgentState {
    std::mutex mu;
    OHOS::ErrCode next_code = OHOS::ERR_OK;
    bool gives_sender = true;
    std::map<const void*, sptr<AA::IWantSender>> targets;          // PendingWant -> sender
    std::map<const void*, std::shared_ptr<WA::PendingWant>> pending;  // WantAgent -> PendingWant
    std::shared_ptr<WA::CompletedCallback> last_completion;
    std::string last_target = "none";
};
WantAgentState& state() {
    static WantAgentState s;
    return s;
}

// The sender behind an agent: null for a null agent, a hollow one, or none.
AA::IWantSender* target_of(const std::shared_ptr<WA::WantAgent>& agent) {
    if (!agent) return nullptr;
    std::lock_guard<std::mutex> lock(state().mu);
    auto p = state().pending.find(agent.get());
    if (p == state().pending.end() || !p->second) return nullptr;
    auto t = state().targets.find(p->second.get());
    return t == state().targets.end() ? nullptr : t->second.GetRefPtr();
}

// WantAgentHelper's checks before it asks AMS (want_agent_helper.cpp,
// want_agent_client.cpp): a null agent is 401 (ERR_ABILITY_RUNTIME_EXTERNAL_
// INVALID_PARAMETER), a null target 16000151 (..._INVALID_WANTAGENT).
OHOS::ErrCode checked(const char* api, const std::shared_ptr<WA::WantAgent>& agent) {
    AA::IWantSender* target = target_of(agent);
    OHOS::ErrCode rc = log().record(api, {object_name(target)});
    if (!agent) return 401;
    if (target == nullptr) return 16000151;
    return rc;
}

}  // namespace

void script_get_want_sender(OHOS::ErrCode code, bool gives_sender) {
    std::lock_guard<std::mutex> lock(state().mu);
    state().next_code = code;
    state().gives_sender = gives_sender;
}

bool finish_last_trigger(int result_code, const std::string& result_data) {
    std::shared_ptr<WA::CompletedCallback> cb;
    {
        std::lock_guard<std::mutex> lock(state().mu);
        cb = state().last_completion;
    }
    if (!cb) return false;
    AA::Want want;
    want.SetElementName("", "com.example.app", "EntryAbility");
    cb->OnSendFinished(want, result_code, result_data, AA::WantParams());
    return true;
}

std::string last_pending_want_target() {
    std::lock_guard<std::mutex> lock(state().mu);
    return state().last_target;
}

}  // namespace fakes

namespace OHOS::AAFwk {

using fakes::arg;
using fakes::log;

bool WantsInfo::ReadFromParcel(Parcel&) { return true; }
bool WantsInfo::Marshalling(Parcel&) const { return true; }
WantsInfo* WantsInfo::Unmarshalling(Parcel&) { return nullptr; }
bool WantSenderInfo::ReadFromParcel(Parcel&) { return true; }
bool WantSenderInfo::Marshalling(Parcel&) const { return true; }
WantSenderInfo* WantSenderInfo::Unmarshalling(Parcel&) { return nullptr; }

WantAgentClient& WantAgentClient::GetInstance() {
    static WantAgentClient client;
    return client;
}

namespace {
ErrCode get_want_sender(const WantSenderInfo& info, const sptr<IRemoteObject>& callerToken,
                        sptr<IWantSender>& wantSender, const std::string& uid) {
    std::string wants;
    for (const auto& w : info.allWants) {
        wants += (wants.empty() ? "" : ";") + fakes::want_text(w.want) + " resolvedTypes=" + w.resolvedTypes;
    }
    log().record("WantAgentClient::GetWantSender",
                 {"type=" + arg(info.type), "requestCode=" + arg(info.requestCode), "flags=" + arg(info.flags),
                  "userId=" + arg(info.userId), "bundleName=" + arg(info.bundleName), "allWants=[" + wants + "]",
                  "callerToken=" + fakes::object_name(callerToken.GetRefPtr()), "uid=" + uid});
    auto& s = fakes::state();
    std::lock_guard<std::mutex> lock(s.mu);
    ErrCode code = s.next_code;
    bool gives = s.gives_sender;
    s.next_code = ERR_OK;
    s.gives_sender = true;
    wantSender = (code == ERR_OK && gives) ? sptr<IWantSender>(new fakes::FakeWantSender) : nullptr;
    return code;
}
}  // namespace

#if OHBRIDGE_OHOS_RELEASE_GET_WANT_SENDER_UID
ErrCode WantAgentClient::GetWantSender(const WantSenderInfo& wantSenderInfo, const sptr<IRemoteObject>& callerToken,
                                       sptr<IWantSender>& wantSender, int32_t uid) {
    return get_want_sender(wantSenderInfo, callerToken, wantSender, std::to_string(uid));
}
#else
ErrCode WantAgentClient::GetWantSender(const WantSenderInfo& wantSenderInfo, const sptr<IRemoteObject>& callerToken,
                                       sptr<IWantSender>& wantSender) {
    return get_want_sender(wantSenderInfo, callerToken, wantSender, "none");
}
#endif

}  // namespace OHOS::AAFwk

namespace OHOS::AbilityRuntime::WantAgent {

using fakes::arg;
using fakes::log;
using fakes::object_name;

PendingWant::PendingWant(const sptr<AAFwk::IWantSender>& target) {
    std::lock_guard<std::mutex> lock(fakes::state().mu);
    fakes::state().targets[this] = target;
    fakes::state().last_target = object_name(target.GetRefPtr());
}
bool PendingWant::Marshalling(Parcel&) const { return true; }

WantAgent::WantAgent(const std::shared_ptr<PendingWant>& pendingWant) {
    std::lock_guard<std::mutex> lock(fakes::state().mu);
    fakes::state().pending[this] = pendingWant;
}
std::shared_ptr<PendingWant> WantAgent::GetPendingWant() {
    std::lock_guard<std::mutex> lock(fakes::state().mu);
    auto it = fakes::state().pending.find(this);
    return it == fakes::state().pending.end() ? nullptr : it->second;
}
bool WantAgent::Marshalling(Parcel&) const { return true; }

CompletedDispatcher::CompletedDispatcher() = default;
void CompletedDispatcher::Send(const int32_t) {}
void CompletedDispatcher::PerformReceive(const AAFwk::Want&, int, const std::string&, const AAFwk::WantParams&, bool,
                                         bool, int) {}

TriggerInfo::TriggerInfo() { log().record("TriggerInfo", {}); }
TriggerInfo::TriggerInfo(const std::string& permission, const std::shared_ptr<AAFwk::WantParams>& extraInfo,
                         const std::shared_ptr<AAFwk::Want>& want, int resultCode) {
    log().record("TriggerInfo", {"permission=" + arg(permission),
                                 "extraInfo=" + (extraInfo ? fakes::params_text(*extraInfo) : std::string("null")),
                                 "want=" + (want ? fakes::want_text(*want) : std::string("null")),
                                 "code=" + arg(resultCode)});
}
TriggerInfo::TriggerInfo(const TriggerInfo&) : std::enable_shared_from_this<TriggerInfo>() {}

namespace {
ErrCode trigger(const std::shared_ptr<WantAgent>& agent, const std::shared_ptr<CompletedCallback>& callback,
                const std::string& extra) {
    ErrCode rc = fakes::checked("WantAgentHelper::TriggerWantAgent", agent);
    log().record("WantAgentHelper::TriggerWantAgent:args", {callback ? "callback" : "null", extra});
    std::lock_guard<std::mutex> lock(fakes::state().mu);
    fakes::state().last_completion = callback;
    return rc;
}
}  // namespace

#if OHBRIDGE_OHOS_RELEASE_TRIGGER_CALLER_TOKEN
ErrCode WantAgentHelper::TriggerWantAgent(std::shared_ptr<WantAgent> agent,
                                          const std::shared_ptr<CompletedCallback>& callback,
                                          const TriggerInfo&, sptr<CompletedDispatcher>& data,
                                          sptr<IRemoteObject> callerToken) {
    data = nullptr;
    return trigger(agent, callback, "callerToken=" + object_name(callerToken.GetRefPtr()));
}
#else
ErrCode WantAgentHelper::TriggerWantAgent(std::shared_ptr<WantAgent> agent,
                                          const std::shared_ptr<CompletedCallback>& callback, const TriggerInfo&) {
    return trigger(agent, callback, "");
}
#endif

#if OHBRIDGE_OHOS_RELEASE_CANCEL_FLAGS
ErrCode WantAgentHelper::Cancel(const std::shared_ptr<WantAgent> agent, uint32_t flags) {
    ErrCode rc = fakes::checked("WantAgentHelper::Cancel", agent);
    log().record("WantAgentHelper::Cancel:flags", {arg(flags)});
    return rc;
}
#else
ErrCode WantAgentHelper::Cancel(const std::shared_ptr<WantAgent>& agent) {
    return fakes::checked("WantAgentHelper::Cancel", agent);
}
#endif

ErrCode WantAgentHelper::IsEquals(const std::shared_ptr<WantAgent>& agent,
                                  const std::shared_ptr<WantAgent>& otherAgent) {
    return log().record("WantAgentHelper::IsEquals",
                        {object_name(fakes::target_of(agent)), object_name(fakes::target_of(otherAgent))});
}

ErrCode WantAgentHelper::GetBundleName(const std::shared_ptr<WantAgent>& agent, std::string& bundleName) {
    ErrCode rc = fakes::checked("WantAgentHelper::GetBundleName", agent);
    if (rc == ERR_OK) bundleName = "com.example.fake";
    return rc;
}

ErrCode WantAgentHelper::GetUid(const std::shared_ptr<WantAgent>& agent, int32_t& uid) {
    ErrCode rc = fakes::checked("WantAgentHelper::GetUid", agent);
    if (rc == ERR_OK) uid = 20010042;
    return rc;
}

ErrCode WantAgentHelper::GetType(const std::shared_ptr<WantAgent>& agent, int32_t& operType) {
    ErrCode rc = fakes::checked("WantAgentHelper::GetType", agent);
    if (rc == ERR_OK) operType = 2;
    return rc;
}

ErrCode WantAgentHelper::GetWant(const std::shared_ptr<WantAgent>& agent, std::shared_ptr<AAFwk::Want>& want) {
    ErrCode rc = fakes::checked("WantAgentHelper::GetWant", agent);
    // WantAgentClient::GetPendingRequestWant: CHECK_POINTER_AND_RETURN(want,
    // INVALID_PARAMETERS_ERR) after the target check.
    if (rc == ERR_OK && !want) return 29360128;
    if (rc == ERR_OK) {
        want = std::make_shared<AAFwk::Want>();
        want->SetElementName("", "com.example.app", "EntryAbility");
    }
    return rc;
}

}  // namespace OHOS::AbilityRuntime::WantAgent
