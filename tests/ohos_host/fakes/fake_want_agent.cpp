// WantAgentHelper, WantAgentInfo and TriggerInfo, as the decls header
// declares them, over the log.
#include <mutex>

#include "fake_ams.h"
#include "fake_want_agent.h"
#include "inner_api_log.h"

namespace fakes {
namespace {

struct WantAgentState {
    std::mutex mu;
    OHOS::ErrCode next_code = OHOS::ERR_OK;
    bool gives_agent = true;
    std::shared_ptr<OHOS::AbilityRuntime::WantAgent::CompletedCallback> last_completion;
};

WantAgentState& state() {
    static WantAgentState s;
    return s;
}

std::string flags_text(const std::vector<int32_t>& flags) {
    std::string out = "[";
    for (std::size_t i = 0; i < flags.size(); ++i) out += (i ? "," : "") + std::to_string(flags[i]);
    return out + "]";
}

}  // namespace

void script_get_want_agent(OHOS::ErrCode code, bool gives_agent) {
    std::lock_guard<std::mutex> lock(state().mu);
    state().next_code = code;
    state().gives_agent = gives_agent;
}

bool finish_last_trigger(int result_code, const std::string& result_data) {
    std::shared_ptr<OHOS::AbilityRuntime::WantAgent::CompletedCallback> cb;
    {
        std::lock_guard<std::mutex> lock(state().mu);
        cb = state().last_completion;
    }
    if (!cb) return false;
    cb->OnSendFinished(OHOS::AAFwk::Want(), result_code, result_data, OHOS::AAFwk::WantParams());
    return true;
}

void reset_want_agent() {
    std::lock_guard<std::mutex> lock(state().mu);
    state().next_code = OHOS::ERR_OK;
    state().gives_agent = true;
    state().last_completion.reset();
}

}  // namespace fakes

namespace OHOS::AbilityRuntime::WantAgent {

using fakes::arg;
using fakes::log;
using fakes::object_name;

WantAgentInfo::WantAgentInfo(int requestCode, int operationType, std::vector<int32_t> flags,
                             std::vector<std::shared_ptr<AAFwk::Want>> wants,
                             std::shared_ptr<AAFwk::WantParams> extraInfo) {
    std::string wants_text = "[";
    for (std::size_t i = 0; i < wants.size(); ++i) wants_text += (i ? "," : "") + object_name(wants[i].get());
    log().record("WantAgentInfo", {arg(requestCode), arg(operationType), fakes::flags_text(flags), wants_text + "]",
                                   extraInfo ? "extraInfo" : "null"});
}

TriggerInfo::TriggerInfo(const std::string& permission, const std::shared_ptr<AAFwk::WantParams>& extraInfo,
                         const std::shared_ptr<AAFwk::Want>& want, int resultCode) {
    log().record("TriggerInfo", {arg(permission), extraInfo ? "extraInfo" : "null",
                                 want ? object_name(want.get()) : "null", arg(resultCode)});
}

ErrCode WantAgentHelper::GetWantAgent(const WantAgentInfo&, int32_t userId, std::shared_ptr<WantAgent>& wantAgent) {
    log().record("WantAgentHelper::GetWantAgent", {arg(userId)});
    std::lock_guard<std::mutex> lock(fakes::state().mu);
    if (fakes::state().gives_agent) wantAgent = std::make_shared<WantAgent>();
    ErrCode code = fakes::state().next_code;
    fakes::state().next_code = ERR_OK;
    fakes::state().gives_agent = true;
    return code;
}

ErrCode WantAgentHelper::TriggerWantAgent(std::shared_ptr<WantAgent> agent,
                                          const std::shared_ptr<CompletedCallback>& callback,
                                          const TriggerInfo&) {
    ErrCode rc = log().record("WantAgentHelper::TriggerWantAgent",
                              {object_name(agent.get()), callback ? "callback" : "null"});
    std::lock_guard<std::mutex> lock(fakes::state().mu);
    fakes::state().last_completion = callback;
    return rc;
}

ErrCode WantAgentHelper::Cancel(const std::shared_ptr<WantAgent> agent, uint32_t flags) {
    return log().record("WantAgentHelper::Cancel", {object_name(agent.get()), arg(flags)});
}

ErrCode WantAgentHelper::IsEquals(const std::shared_ptr<WantAgent>& agent,
                                  const std::shared_ptr<WantAgent>& otherAgent) {
    return log().record("WantAgentHelper::IsEquals", {object_name(agent.get()), object_name(otherAgent.get())});
}

ErrCode WantAgentHelper::GetBundleName(const std::shared_ptr<WantAgent>& agent, std::string& bundleName) {
    ErrCode rc = log().record("WantAgentHelper::GetBundleName", {object_name(agent.get())});
    if (rc == ERR_OK) bundleName = "com.example.fake";
    return rc;
}

ErrCode WantAgentHelper::GetUid(const std::shared_ptr<WantAgent>& agent, int32_t& uid) {
    ErrCode rc = log().record("WantAgentHelper::GetUid", {object_name(agent.get())});
    if (rc == ERR_OK) uid = 20010042;
    return rc;
}

ErrCode WantAgentHelper::GetType(std::shared_ptr<WantAgent> agent, int32_t& operType) {
    ErrCode rc = log().record("WantAgentHelper::GetType", {object_name(agent.get())});
    if (rc == ERR_OK) operType = 2;
    return rc;
}

ErrCode WantAgentHelper::GetWant(const std::shared_ptr<WantAgent>& agent, std::shared_ptr<AAFwk::Want>& want) {
    ErrCode rc = log().record("WantAgentHelper::GetWant", {object_name(agent.get())});
    if (rc == ERR_OK) want = std::make_shared<AAFwk::Want>();
    return rc;
}

}  // namespace OHOS::AbilityRuntime::WantAgent
