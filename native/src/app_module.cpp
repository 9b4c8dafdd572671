#include "ohbridge/app_module.h"

#include <stdexcept>

#include "ohbridge/errors.h"

namespace ohbridge {

namespace {

// ability_manager_errors.h (AAFWK_SERVICE_ERR_OFFSET 2097152 + position), read
// in OpenHarmony-v6.0-Release; the same positions in 5.1.0 and master.
constexpr std::int32_t RESOLVE_APP_ERR = 2097155;
constexpr std::int32_t KILL_PROCESS_FAILED = 2097174;
constexpr std::int32_t GET_BUNDLE_INFO_FAILED = 2097183;
constexpr std::int32_t KILL_PROCESS_KEEP_ALIVE = 2097184;

[[noreturn]] void throw_param(const std::string& message) { throw BusinessError(js::PARAM_INVALID, message); }

Outcome reject(std::int32_t native_code, bool starting) {
    AaToolError e = aa_tool_error(native_code, starting);
    if (e.code != 0) return Outcome::rejected(e.code, e.message);
    // No coded entry: aa prints only its NG line (and the native code in hilog).
    return Outcome::rejected(native_code, starting ? "error: failed to start ability."
                                                   : "error: failed to force stop process.");
}

}  // namespace

AaToolError aa_tool_error(std::int32_t native_code, bool starting) {
    switch (native_code) {
        case native::RESOLVE_ABILITY_ERR:
            return {10104001, "The specified ability does not exist"};
        case RESOLVE_APP_ERR:
            return {10100101, "An error of the Want could not be resolved to app info from BMS"};
        case native::START_ABILITY_WAITING:
            return {10106101, "Another ability is being started. Wait until it finishes starting"};
        case native::CHECK_PERMISSION_FAILED:
            return {10107101, "Permission check failed when launching the ability"};
        case GET_BUNDLE_INFO_FAILED:
            return {10104002, "Failed to retrieve specified package information."};
        case KILL_PROCESS_FAILED:
            return {10106401, "kill process failed"};
        case KILL_PROCESS_KEEP_ALIVE:
            return {10106402, "Persistent processes cannot be terminated."};
        case native::INNER_ERR:
            // RunAsStartAbility turns INNER_ERR into INNER_ERR_START before
            // looking the message up; RunAsForceStop does not ("error: inner err.").
            if (starting) return {10108101, "An internal error occurs while attempting to launch the ability."};
            return {};
        default:
            return {};
    }
}

const std::vector<std::string>& AppModule::methods() {
    static const std::vector<std::string> names{"startAbility", "forceStop", "foreground"};
    return names;
}

Outcome AppModule::call(const std::string& method, const std::vector<Value>& args) {
    if (method == "startAbility") {
        // `aa start` needs an element: -b and -a (MakeWantFromCmd prints its
        // help otherwise); a Want here the same.
        std::optional<Want> want = args.empty() ? std::nullopt : unwrap_want(args[0]);
        if (!want) throw_param("Parameter error. The want must be an object.");
        if (want->bundle_name.empty() || want->ability_name.empty()) {
            throw_param("Parameter error. The want must name a bundleName and an abilityName.");
        }
        std::int32_t rc = backend_.start_ability(*want);
        // START_ABILITY_WAITING: AMS queued the start; it will happen (aa
        // prints the 10106101 block without its NG line).
        if (rc == 0 || rc == native::START_ABILITY_WAITING) {
            Value v(Object{});
            v.set("queued", rc != 0);
            return Outcome::resolved(std::move(v));
        }
        return reject(rc, true);
    }
    if (method == "forceStop") {
        if (args.empty() || !args[0].is_string() || args[0].as_string().empty()) {
            throw_param("Parameter error. The bundleName must be a non-empty string.");
        }
        std::int32_t rc = backend_.force_stop(args[0].as_string());
        if (rc == 0) return Outcome::resolved(Value::null());
        return reject(rc, false);
    }
    if (method == "foreground") {
        MissionInfo info;
        bool found = false;
        std::int32_t rc = backend_.foreground(info, found);
        if (rc != 0) return Outcome::rejected(js::INNER, "Internal error.");
        return Outcome::resolved(found ? info.to_value() : Value::null());
    }
    throw std::invalid_argument("app has no export named " + method);
}

}  // namespace ohbridge
