#include "ohbridge/mission_manager_module.h"

#include "ohbridge/errors.h"

namespace ohbridge {

namespace {

[[noreturn]] void throw_param(const char* message) { throw BusinessError(js::PARAM_INVALID, message); }

// The messages of js_mission_manager.cpp's argument checks. [I: wording]
void need(const std::vector<Value>& args, std::size_t n) {
    if (args.size() < n) throw_param("Parameter error. Too few parameters.");
}

std::string device_id_at(const std::vector<Value>& args, std::size_t i) {
    if (!args[i].is_string()) throw_param("Parse param deviceId failed, must be a string.");
    return args[i].as_string();
}

std::int32_t int_at(const std::vector<Value>& args, std::size_t i, const char* message) {
    if (!args[i].is_number()) throw_param(message);
    return args[i].to_int32();
}

const char* const kMissionId = "Parse param missionId failed, must be a number.";

}  // namespace

const std::vector<std::string>& MissionManagerModule::methods() {
    static const std::vector<std::string> names{
        "getMissionInfos",     "getMissionInfo",        "getMissionSnapshot",    "getLowResolutionMissionSnapshot",
        "moveMissionToFront",  "cleanMission",          "cleanAllMissions",      "lockMissionForCleanup",
        "unlockMissionForCleanup"};
    return names;
}

std::int32_t MissionManagerModule::js_code(std::int32_t native_code) const {
    return ability_js_code(native_code, *profile_);
}

std::string MissionManagerModule::message(std::int32_t code) const {
    return ability_error_message(code, *profile_, "ohos.permission.MANAGE_MISSIONS");
}

Outcome MissionManagerModule::finish(const std::vector<Value>& args, std::size_t callback_index,
                                     std::int32_t native_code, Value value) {
    FunctionPtr callback =
        args.size() > callback_index && args[callback_index].is_function() ? args[callback_index].as_function()
                                                                           : nullptr;
    Outcome o;
    if (native_code == 0) {
        o = Outcome::resolved(std::move(value));
    } else {
        std::int32_t code = js_code(native_code);
        o = Outcome::rejected(code, message(code));
    }
    // app.ability modules: callback(null, data) on success.
    return settle(*dispatcher_, callback, std::move(o), Value::null());
}

Outcome MissionManagerModule::call(const std::string& method, const std::vector<Value>& args) {
    if (method == "getMissionInfos") {
        need(args, 2);
        std::string device_id = device_id_at(args, 0);
        std::int32_t num_max = int_at(args, 1, "Parse param numMax failed, must be a number.");
        std::vector<MissionInfo> infos;
        std::int32_t rc = backend_.get_mission_infos(device_id, num_max, infos);
        Array out;
        for (const auto& m : infos) out.push_back(m.to_value());
        return finish(args, 2, rc, Value(std::move(out)));
    }
    if (method == "getMissionInfo") {
        need(args, 2);
        std::string device_id = device_id_at(args, 0);
        std::int32_t id = int_at(args, 1, kMissionId);
        MissionInfo info;
        std::int32_t rc = backend_.get_mission_info(device_id, id, info);
        return finish(args, 2, rc, rc == 0 ? info.to_value() : Value());
    }
    if (method == "getMissionSnapshot" || method == "getLowResolutionMissionSnapshot") {
        need(args, 2);
        bool low = method == "getLowResolutionMissionSnapshot";
        std::string device_id = device_id_at(args, 0);
        std::int32_t id = int_at(args, 1, kMissionId);
        MissionSnapshot snap;
        std::int32_t rc = backend_.get_mission_snapshot(device_id, id, snap, low);
        return finish(args, 2, rc, rc == 0 ? snap.to_value(low) : Value());
    }
    if (method == "cleanAllMissions") return finish(args, 0, backend_.clean_all_missions(), Value());
    if (method == "moveMissionToFront" || method == "cleanMission" || method == "lockMissionForCleanup" ||
        method == "unlockMissionForCleanup") {
        need(args, 1);
        std::int32_t id = int_at(args, 0, kMissionId);
        std::int32_t rc;
        if (method == "moveMissionToFront") {
            rc = backend_.move_mission_to_front(id);
        } else if (method == "cleanMission") {
            rc = backend_.clean_mission(id);
        } else if (method == "lockMissionForCleanup") {
            rc = backend_.lock_mission_for_cleanup(id);
        } else {
            rc = backend_.unlock_mission_for_cleanup(id);
        }
        return finish(args, 1, rc, Value());
    }
    throw std::invalid_argument("missionManager has no export named " + method);
}

}  // namespace ohbridge
