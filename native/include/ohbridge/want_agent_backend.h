// What the @ohos.app.ability.wantAgent NAPI layer needs from below: the
// WantAgentHelper inner API (which in turn talks to AMS).  The stub implements
// it over a simulated PendingWantManager; the OpenHarmony build implements it
// over the real WantAgentHelper.  Results are JS error codes (0 = success),
// as WantAgentHelper returns them to the NAPI layer.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "ohbridge/value.h"
#include "ohbridge/want.h"

namespace ohbridge {

// The native object a JS WantAgent wraps.
class WantAgentHandle : public HandleObject {
public:
    const char* kind() const override { return "WantAgent"; }
    // A hollow agent wraps a null target: what getWantAgent resolves with when
    // AMS refused (or NO_BUILD found nothing).
    virtual bool hollow() const = 0;
    virtual bool local() const { return false; }
};

// (want, finalCode, finalData) for the trigger completion.
using TriggerCompletion = std::function<void(const Want& want, std::int32_t final_code, const std::string& final_data)>;

class WantAgentBackend {
public:
    virtual ~WantAgentBackend() = default;

    // Does this backend own the handle (the JS "unwrap" succeeding)?
    virtual bool owns(const HandlePtr& h) const = 0;
    virtual bool caller_is_system_app() const = 0;
    // The caller's context for triggerAsync: a stage-mode context at all, and
    // a UIAbility/extension one.
    virtual bool caller_has_stage_context() const = 0;
    virtual bool caller_has_ability_context() const = 0;

    virtual std::int32_t get_want_agent(const WantAgentInfo& info, std::shared_ptr<WantAgentHandle>& out) = 0;
    // trigger(): the completion, if any, is called later from the
    // dispatcher's side; the return value is what the send returned (the JS
    // trigger ignores it).
    virtual std::int32_t trigger(const WantAgentHandle& agent, const TriggerInfo& info, TriggerCompletion done) = 0;
    // triggerAsync(): the send result, mapped to JS, and the completion data.
    virtual std::int32_t trigger_sync(const WantAgentHandle& agent, const TriggerInfo& info, Want& want_out,
                                      std::int32_t& final_code) = 0;
    virtual std::int32_t cancel(const WantAgentHandle& agent) = 0;
    virtual std::int32_t get_bundle_name(const WantAgentHandle& agent, std::string& out) = 0;
    virtual std::int32_t get_uid(const WantAgentHandle& agent, std::int32_t& out) = 0;
    virtual std::int32_t get_operation_type(const WantAgentHandle& agent, std::int32_t& out) = 0;
    virtual std::int32_t get_want(const WantAgentHandle& agent, Want& out) = 0;
    virtual std::int32_t equal(const WantAgentHandle& a, const WantAgentHandle& b, bool& out) = 0;
};

}  // namespace ohbridge
