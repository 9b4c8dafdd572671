// The @ohos.app.ability.wantAgent module as its NAPI layer behaves
// (napi_want_agent.cpp, napi_common_want_agent.cpp): the synchronous argument
// checks with their exact 401 messages, then the asynchronous part over a
// WantAgentBackend.  (js_want_agent.cpp)
#pragma once

#include <string>
#include <vector>

#include "ohbridge/call.h"
#include "ohbridge/dispatcher.h"
#include "ohbridge/profile.h"
#include "ohbridge/want_agent_backend.h"

namespace ohbridge {

class WantAgentModule {
public:
    WantAgentModule(WantAgentBackend& backend, Dispatcher& dispatcher, const ApiProfile& profile)
        : backend_(backend), dispatcher_(dispatcher), profile_(profile) {}

    // `method` is the JS export name ("getWantAgent", "trigger", ...).  Throws
    // BusinessError for what JS throws synchronously.
    Outcome call(const std::string& method, const std::vector<Value>& args);

    static const std::vector<std::string>& methods();

    // The NAPI-level parsers, exposed for tests and for other front ends.
    static WantAgentInfo parse_want_agent_info(const Value& v, const ApiProfile& profile);  // throws 401
    static TriggerInfo parse_trigger_info(const Value& v);        // throws 401

private:
    Outcome get_want_agent(const std::vector<Value>& args);
    Outcome trigger(const std::vector<Value>& args);
    Outcome trigger_async(const std::vector<Value>& args);
    Outcome cancel(const std::vector<Value>& args);
    Outcome get_bundle_name(const std::vector<Value>& args);
    Outcome get_uid(const std::vector<Value>& args);
    Outcome get_operation_type(const std::vector<Value>& args);
    Outcome get_want(const std::vector<Value>& args);
    Outcome equal(const std::vector<Value>& args);

    const WantAgentHandle& unwrap(const Value& v, const char* not_object, const char* not_agent) const;
    Outcome finish(const std::vector<Value>& args, std::size_t callback_index, Outcome outcome);
    Value complete_data(const HandlePtr& agent, const Want& want, std::int32_t final_code,
                        const std::string& final_data) const;

    WantAgentBackend& backend_;
    Dispatcher& dispatcher_;
    const ApiProfile& profile_;
};

}  // namespace ohbridge
