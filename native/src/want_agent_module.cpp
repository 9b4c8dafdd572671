#include "ohbridge/want_agent_module.h"

#include "ohbridge/errors.h"

namespace ohbridge {

namespace {

const char* const kTooFew = "Parameter error. Too few parameters.";
const char* const kInfoInvalid = "Parameter error! Info must be a WantAgentInfo.";
const char* const kTriggerInfoInvalid = "Get trigger info error. TriggerInfo must be a TriggerInfo.";
const char* const kNotSystemApp = "The application is not system-app, can not use system-api.";

[[noreturn]] void throw_param(const char* message) { throw BusinessError(js::PARAM_INVALID, message); }

bool argc_in(std::size_t argc, std::size_t a, std::size_t b) { return argc == a || argc == b; }

// The optional AsyncCallback at `index`: the NAPI layer takes the callback
// form only when that argument is a function.
FunctionPtr callback_at(const std::vector<Value>& args, std::size_t index) {
    if (args.size() > index && args[index].is_function()) return args[index].as_function();
    return nullptr;
}

// Reads an optional int32 field: absent -> keep default; present but not a
// number -> fail.
bool read_int32(const Value& obj, const char* key, std::int32_t& out) {
    if (!obj.has(key)) return true;
    const Value& v = obj.get(key);
    if (!v.is_number()) return false;
    out = v.to_int32();
    return true;
}

bool read_flags(const Value& obj, const char* key, std::vector<std::int32_t>& out) {
    const Value& v = obj.get(key);
    if (!v.is_array()) return false;
    for (const auto& e : v.as_array()) {
        if (!e.is_number()) return false;
        out.push_back(e.to_int32());
    }
    return true;
}

}  // namespace

const std::vector<std::string>& WantAgentModule::methods() {
    static const std::vector<std::string> names{"getWantAgent", "trigger",         "triggerAsync",
                                                "cancel",       "getBundleName",   "getUid",
                                                "getOperationType", "getWant",      "equal"};
    return names;
}

Outcome WantAgentModule::call(const std::string& method, const std::vector<Value>& args) {
    if (method == "getWantAgent") return get_want_agent(args);
    if (method == "trigger") return trigger(args);
    if (method == "triggerAsync") return trigger_async(args);
    if (method == "cancel") return cancel(args);
    if (method == "getBundleName") return get_bundle_name(args);
    if (method == "getUid") return get_uid(args);
    if (method == "getOperationType") return get_operation_type(args);
    if (method == "getWant") return get_want(args);
    if (method == "equal") return equal(args);
    throw std::invalid_argument("wantAgent has no export named " + method);
}

Outcome WantAgentModule::finish(const std::vector<Value>& args, std::size_t callback_index, Outcome outcome) {
    // The app.ability module is built with ENABLE_ERRCODE: success calls
    // callback(null, value).
    return settle(dispatcher_, callback_at(args, callback_index), std::move(outcome), Value::null());
}

WantAgentInfo WantAgentModule::parse_want_agent_info(const Value& info, const ApiProfile& profile) {
    // GetWantAgentParam, in its order.
    if (!info.is_object()) throw_param(kInfoInvalid);
    WantAgentInfo out;
    const Value& wants = info.get("wants");
    if (!wants.is_array()) throw_param(kInfoInvalid);
    for (const auto& w : wants.as_array()) {
        auto want = unwrap_want(w);
        if (!want) throw_param(kInfoInvalid);
        out.wants.push_back(std::move(*want));
    }
    // actionType (the legacy name) wins over operationType.
    if (info.has("actionType")) {
        if (!read_int32(info, "actionType", out.operation_type)) throw_param(kInfoInvalid);
    } else if (!read_int32(info, "operationType", out.operation_type)) {
        throw_param(kInfoInvalid);
    }
    const Value& request_code = info.get("requestCode");
    if (!info.has("requestCode") || !request_code.is_number()) throw_param(kInfoInvalid);
    out.request_code = request_code.to_int32();
    // JS checks userId only from 6.1 (24abece263); before, the key is not
    // looked at, so a bad value throws nothing.  A number is still carried
    // for the OhosBackend, which hands it to the inner API; the stub drops
    // it where the release's NAPI would.
    if (!read_int32(info, "userId", out.user_id) && profile.reads_want_agent_user_id()) {
        throw_param(kInfoInvalid);
    }
    if (info.has("actionFlags")) {
        if (!read_flags(info, "actionFlags", out.flags)) throw_param(kInfoInvalid);
    } else if (info.has("wantAgentFlags")) {
        if (!read_flags(info, "wantAgentFlags", out.flags)) throw_param(kInfoInvalid);
    }
    const char* extra_key = info.has("extraInfos") ? "extraInfos" : (info.has("extraInfo") ? "extraInfo" : nullptr);
    if (extra_key != nullptr) {
        auto params = unwrap_want_params(info.get(extra_key));
        if (!params) throw_param(kInfoInvalid);
        out.extra_info = std::move(*params);
    }
    return out;
}

TriggerInfo WantAgentModule::parse_trigger_info(const Value& v) {
    // GetTriggerInfo.  A second "Parameter error!" throw follows a failure on
    // a device; the first exception wins, so this message is what JS sees.
    if (!v.is_object()) throw_param(kTriggerInfoInvalid);
    TriggerInfo out;
    const Value& code = v.get("code");
    if (!v.has("code") || !code.is_number()) throw_param(kTriggerInfoInvalid);
    out.code = code.to_int32();
    if (v.has("want")) {
        const Value& want = v.get("want");
        if (!want.is_object()) throw_param(kTriggerInfoInvalid);
        out.want = unwrap_want(want);
    }
    if (v.has("permission")) {
        const Value& p = v.get("permission");
        if (!p.is_string()) throw_param(kTriggerInfoInvalid);
        out.permission = p.as_string();
    }
    const char* extra_key = v.has("extraInfos") ? "extraInfos" : (v.has("extraInfo") ? "extraInfo" : nullptr);
    if (extra_key != nullptr) {
        auto params = unwrap_want_params(v.get(extra_key));
        if (!params) throw_param(kTriggerInfoInvalid);
        out.extra_info = std::move(*params);
    }
    out.has_start_options = v.has("startOptions");
    return out;
}

const WantAgentHandle& WantAgentModule::unwrap(const Value& v, const char* not_object, const char* not_agent) const {
    if (!v.is_object()) throw_param(not_object);
    if (!v.is_handle() || !backend_.owns(v.as_handle())) throw_param(not_agent);
    return static_cast<const WantAgentHandle&>(*v.as_handle());
}

Value WantAgentModule::complete_data(const HandlePtr& agent, const Want& want, std::int32_t final_code,
                                     const std::string& final_data) const {
    Value data(Object{});
    if (!profile_.legacy_api9()) data.set("info", agent);
    data.set("wantAgent", agent);  // the legacy duplicate of info
    data.set("want", want.to_value());
    data.set("finalCode", static_cast<std::int64_t>(final_code));
    data.set("finalData", final_data);
    data.set("extraInfo", Value(Object{}));
    return data;
}

Outcome WantAgentModule::get_want_agent(const std::vector<Value>& args) {
    if (!argc_in(args.size(), 1, 2)) throw_param(kTooFew);
    WantAgentInfo info = parse_want_agent_info(args[0], profile_);
    std::shared_ptr<WantAgentHandle> handle;
    std::int32_t code = backend_.get_want_agent(info, handle);
    Outcome o = code != 0 ? Outcome::rejected(code, want_agent_error_message(code))
                          : Outcome::resolved(Value(HandlePtr(handle)));
    return finish(args, 1, std::move(o));
}

Outcome WantAgentModule::trigger(const std::vector<Value>& args) {
    // The callback is effectively mandatory: argc must be 3.
    if (args.size() != 3) throw_param(profile_.legacy_api9() ? "Invalid input parameter." : kTooFew);
    const WantAgentHandle& agent = unwrap(args[0], "Wrong argument type. Agent must be a WantAgent.",
                                          "Parse pWantAgent failed. Agent must be a WantAgent.");
    TriggerInfo info = parse_trigger_info(args[1]);
    if (info.has_start_options && !backend_.caller_is_system_app()) {
        throw BusinessError(js::NOT_SYSTEM_APP, kNotSystemApp);
    }
    if (agent.local()) throw_param("Agent can not be local.");
    FunctionPtr callback = callback_at(args, 2);
    HandlePtr handle = args[0].as_handle();
    TriggerCompletion done;
    if (callback) {
        Dispatcher& dispatcher = dispatcher_;
        done = [this, &dispatcher, callback, handle](const Want& want, std::int32_t final_code,
                                                     const std::string& final_data) {
            // OnSendFinishedUvAfterWorkCallback, ENABLE_ERRCODE branch:
            // callback(undefined, CompleteData).
            dispatcher.post(callback, {Value::undefined(), complete_data(handle, want, final_code, final_data)});
        };
    }
    // The send result is ignored: trigger returns null synchronously.
    backend_.trigger(agent, info, std::move(done));
    return Outcome::resolved(Value::null());
}

Outcome WantAgentModule::trigger_async(const std::vector<Value>& args) {
    if (args.size() < 3) throw_param(kTooFew);
    const WantAgentHandle& agent = unwrap(args[0], "Wrong argument type. Agent must be a WantAgent.",
                                          "Parse pWantAgent failed. Agent must be a WantAgent.");
    // The context argument stands for the caller's own context: the stub
    // decides what kind it is from the simulated caller.
    if (args[2].is_null() || args[2].is_undefined()) {
        throw_param("Parse param context failed, must not be nullptr.");
    }
    if (!backend_.caller_has_stage_context()) {
        throw_param("Parse param context failed, must be a context of stageMode.");
    }
    if (!backend_.caller_has_ability_context()) {
        throw BusinessError(js::NOT_ABILITY_CONTEXT, want_agent_error_message(js::NOT_ABILITY_CONTEXT));
    }
    TriggerInfo info = parse_trigger_info(args[1]);
    if (!backend_.caller_is_system_app()) throw BusinessError(js::NOT_SYSTEM_APP, kNotSystemApp);
    Want want;
    std::int32_t final_code = 0;
    std::int32_t code = backend_.trigger_sync(agent, info, want, final_code);
    if (code != 0) return Outcome::rejected(code, want_agent_error_message(code));
    Value data = complete_data(args[0].as_handle(), want, final_code, "");
    return Outcome::resolved(std::move(data));
}

Outcome WantAgentModule::cancel(const std::vector<Value>& args) {
    if (!argc_in(args.size(), 1, 2)) throw_param(kTooFew);
    const WantAgentHandle& agent = unwrap(args[0], "Wrong argument type. Agent must be a WantAgent.",
                                          "Parse pWantAgent error. Agent must be a WantAgent.");
    if (agent.local()) return finish(args, 1, Outcome::resolved());
    std::int32_t code = backend_.cancel(agent);
    Outcome o = code != 0 ? Outcome::rejected(code, want_agent_error_message(code)) : Outcome::resolved();
    return finish(args, 1, std::move(o));
}

Outcome WantAgentModule::get_bundle_name(const std::vector<Value>& args) {
    if (!argc_in(args.size(), 1, 2)) throw_param(kTooFew);
    const WantAgentHandle& agent = unwrap(args[0], "Wrong argument type. Agent must be a WantAgent.",
                                          "Parse pWantAgent failed. Agent must be a WantAgent.");
    std::string name;
    std::int32_t code = backend_.get_bundle_name(agent, name);
    Outcome o = code != 0 ? Outcome::rejected(code, want_agent_error_message(code)) : Outcome::resolved(name);
    return finish(args, 1, std::move(o));
}

Outcome WantAgentModule::get_uid(const std::vector<Value>& args) {
    if (!argc_in(args.size(), 1, 2)) throw_param(kTooFew);
    const WantAgentHandle& agent = unwrap(args[0], "Wrong argument type. Agent must be a WantAgent.",
                                          "Parse pWantAgent error. Agent must be a WantAgent.");
    std::int32_t uid = -1;
    std::int32_t code = backend_.get_uid(agent, uid);
    Outcome o = code != 0 ? Outcome::rejected(code, want_agent_error_message(code)) : Outcome::resolved(uid);
    return finish(args, 1, std::move(o));
}

Outcome WantAgentModule::get_operation_type(const std::vector<Value>& args) {
    if (!argc_in(args.size(), 1, 2)) throw_param(kTooFew);
    const WantAgentHandle& agent = unwrap(args[0], "Parameter error! Agent must be a WantAgent.",
                                          "Parse wantAgent failed! Agent must be a WantAgent.");
    std::int32_t type = 0;
    std::int32_t code = backend_.get_operation_type(agent, type);
    Outcome o = code != 0 ? Outcome::rejected(code, want_agent_error_message(code)) : Outcome::resolved(type);
    return finish(args, 1, std::move(o));
}

Outcome WantAgentModule::get_want(const std::vector<Value>& args) {
    if (!argc_in(args.size(), 1, 2)) throw_param(kTooFew);
    // The system-app check comes before the type checks here.
    if (!backend_.caller_is_system_app()) throw BusinessError(js::NOT_SYSTEM_APP, kNotSystemApp);
    const WantAgentHandle& agent = unwrap(args[0], "Parameter error! Agent must be a WantAgent!",
                                          "Parse wantAgent failed! Agent must be a WantAgent!");
    Want want;
    std::int32_t code = backend_.get_want(agent, want);
    Outcome o = code != 0 ? Outcome::rejected(code, want_agent_error_message(code))
                          : Outcome::resolved(want.to_value());
    return finish(args, 1, std::move(o));
}

Outcome WantAgentModule::equal(const std::vector<Value>& args) {
    if (!argc_in(args.size(), 2, 3)) throw_param(kTooFew);
    const WantAgentHandle& first = unwrap(args[0], "Wrong argument type. Agent must be a WantAgent.",
                                          "Parse pWantAgentFirst failed. Agent must be a WantAgent.");
    const WantAgentHandle& second = unwrap(args[1], "Wrong argument type. OtherAgent must be a WantAgent.",
                                           "Parse pWantAgentSceond failed. OtherAgent must be a WantAgent.");
    bool same = false;
    std::int32_t code = 0;
    if (first.local() != second.local()) {
        same = false;  // local vs non-local never compare equal
    } else {
        code = backend_.equal(first, second, same);
    }
    Outcome o = code != 0 ? Outcome::rejected(code, want_agent_error_message(code)) : Outcome::resolved(same);
    return finish(args, 2, std::move(o));
}

}  // namespace ohbridge
