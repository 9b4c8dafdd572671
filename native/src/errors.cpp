#include "ohbridge/errors.h"

namespace ohbridge {

const char* want_agent_error_message(std::int32_t code) {
    switch (code) {
        case js::PERMISSION_DENIED:
            return "The application does not have permission to call the interface.";
        case js::NOT_SYSTEM_APP:
            return "The application is not system-app, can not use system-api.";
        case js::PARAM_INVALID:
            return "Invalid input parameter.";
        case js::SERVICE_BUSY:
            return "Service busy. There are concurrent tasks. Try again later.";
        case js::SERVICE_TIMEOUT:
            return "Service timeout.";
        case js::NOT_ABILITY_CONTEXT:
            return "The context is not ability context.";
        case js::INVALID_WANTAGENT:
            return "Invalid wantAgent object.";
        case js::WANTAGENT_NOT_EXIST:
            return "The wantAgent object does not exist.";
        case js::WANTAGENT_CANCELED:
            return "The WantAgent has been canceled.";
        default:
            return "";
    }
}

namespace {

// OpenHarmony-3.2-Release DMS_MISSION_MANAGER_ERROR_CODE_MAP.
std::int32_t dmm_js_code_3_2(std::int32_t native_code) {
    using namespace native;
    switch (native_code) {
        case ERR_OK:
            return 0;
        case DMS_PERMISSION_DENIED:
        case CHECK_PERMISSION_FAILED:
            return js::PERMISSION_DENIED;
        case ERR_NULL_OBJECT:
        case INVALID_PARAMETERS_ERR:
        case ERR_INVALID_VALUE:
            return js::PARAM_INVALID;
        case NO_MISSION_INFO_FOR_MISSION_ID:
            return js::NO_MISSION_INFO_LEGACY;
        case CONTINUE_REMOTE_UNINSTALLED_UNSUPPORT_FREEINSTALL:
            return js::REMOTE_UNINSTALLED_NO_FREEINSTALL;
        case CONTINUE_REMOTE_UNINSTALLED_SUPPORT_FREEINSTALL:
            return js::REMOTE_UNINSTALLED_FREEINSTALL;
        case OPERATION_DEVICE_NOT_INITIATOR_OR_TARGET:
            return js::NOT_INITIATOR_OR_TARGET_LEGACY;
        case CONTINUE_ALREADY_IN_PROGRESS:
            return js::CONTINUE_IN_PROGRESS_LEGACY;
        case MISSION_FOR_CONTINUING_IS_NOT_ALIVE:
            return js::MISSION_NOT_ALIVE_LEGACY;
        default:  // REGISTER_REMOTE_MISSION_LISTENER_FAIL and ERR_NOT_SYSTEM_APP included
            return js::SYSTEM_WORK_ABNORMALLY;
    }
}

}  // namespace

std::int32_t dmm_js_code(std::int32_t native_code, const ApiProfile& profile) {
    using namespace native;
    if (profile.dmm_uses_code_map_of_3_2()) return dmm_js_code_3_2(native_code);
    // The ErrorCodeReturn switch of 4.0 and later.
    switch (native_code) {
        case ERR_OK:
            return 0;
        case CHECK_PERMISSION_FAILED:
        case DMS_PERMISSION_DENIED:
            return js::PERMISSION_DENIED;
        case ERR_NOT_SYSTEM_APP:
            return profile.dmm_maps_not_system_app() ? js::NOT_SYSTEM_APP : js::SYSTEM_WORK_ABNORMALLY;
        case ERR_INVALID_VALUE:
        case INVALID_PARAMETERS_ERR:
        case REGISTER_REMOTE_MISSION_LISTENER_FAIL:
            return js::PARAM_INVALID;
        case CONTINUE_REMOTE_UNINSTALLED_UNSUPPORT_FREEINSTALL:
            return js::REMOTE_UNINSTALLED_NO_FREEINSTALL;
        case CONTINUE_REMOTE_UNINSTALLED_SUPPORT_FREEINSTALL:
            return js::REMOTE_UNINSTALLED_FREEINSTALL;
        case NO_MISSION_INFO_FOR_MISSION_ID:
            return profile.raw_dms_codes() ? NO_MISSION_INFO_FOR_MISSION_ID : js::NO_MISSION_INFO_LEGACY;
        case OPERATION_DEVICE_NOT_INITIATOR_OR_TARGET:
            return profile.raw_dms_codes() ? OPERATION_DEVICE_NOT_INITIATOR_OR_TARGET
                                           : js::NOT_INITIATOR_OR_TARGET_LEGACY;
        case CONTINUE_ALREADY_IN_PROGRESS:
            return profile.raw_dms_codes() ? CONTINUE_ALREADY_IN_PROGRESS : js::CONTINUE_IN_PROGRESS_LEGACY;
        case MISSION_FOR_CONTINUING_IS_NOT_ALIVE:
            return profile.raw_dms_codes() ? MISSION_FOR_CONTINUING_IS_NOT_ALIVE : js::MISSION_NOT_ALIVE_LEGACY;
        default:
            return js::SYSTEM_WORK_ABNORMALLY;
    }
}

std::string dmm_error_message_for(std::int32_t js_code, const ApiProfile& profile) {
    if (profile.dmm_uses_code_map_of_3_2()) {
        // DMS_MISSION_MANAGER_ERROR_INFO_MAP: two texts differ from later ones.
        switch (js_code) {
            case js::REMOTE_UNINSTALLED_FREEINSTALL:
                return "the application is not installed on the remote end but installation-free is supported, "
                       "try again with freeInstall flag.";
            case js::NOT_INITIATOR_OR_TARGET_LEGACY:
                return "the operation device must be the device where the application to be continued is located "
                       "or the target device to be continued.";
            case js::NOT_SYSTEM_APP:
                return "the system ability work abnormally.";
            default:
                break;
        }
    }
    if (!profile.raw_dms_codes()) {
        switch (js_code) {
            case js::MISSION_NOT_ALIVE_LEGACY:  // MISSION_FOR_CONTINUING_IS_NOT_ALIVE = 16300507 there
                return "the mission for continuing is not alive, try again after restart this mission.";
            case js::NOT_SYSTEM_APP:  // no case for it before 5.0.0: the default text
                return "the system ability work abnormally.";
            default:
                break;
        }
    }
    return dmm_error_message(js_code);
}

std::int32_t ability_js_code(std::int32_t native_code, const ApiProfile& profile) {
    using namespace native;
    switch (native_code) {
        case ERR_OK:
            return 0;
        case CHECK_PERMISSION_FAILED:
            return js::PERMISSION_DENIED;
        case MISSION_NOT_FOUND:
            return js::NO_MISSION_ID;
        case ERR_NOT_SYSTEM_APP:
            return profile.ability_map_has_dms_codes() ? js::NOT_SYSTEM_APP : js::INNER;
        case DMS_PERMISSION_DENIED:
            return profile.ability_map_has_dms_codes() ? js::PERMISSION_DENIED : js::INNER;
        case INVALID_PARAMETERS_ERR:
            return profile.ability_map_has_dms_codes() ? js::PARAM_INVALID : js::INNER;
        default:  // ERR_INVALID_VALUE, ERR_NULL_OBJECT, INNER_ERR, MOVE_MISSION_FAILED, -1, ...
            return js::INNER;
    }
}

std::string ability_error_message(std::int32_t js_code, const ApiProfile& profile, const std::string& permission) {
    bool v3_2 = profile.api_version <= 9;
    switch (js_code) {
        case js::PERMISSION_DENIED:
            return std::string("The application does not have permission to call the interface.") +
                   (permission.empty() ? "" : " permission:" + permission);
        case js::NO_MISSION_ID:
            return v3_2 ? "The specified mission id does not exist." : "The specified mission does not exist.";
        case js::INNER:
            return v3_2 ? "Inner Error." : "Internal error.";
        default:
            return want_agent_error_message(js_code);  // the shared ability-runtime texts
    }
}

std::string dmm_error_message(std::int32_t js_code) {
    switch (js_code) {
        case js::PERMISSION_DENIED:
            return "permission denied";
        case js::NOT_SYSTEM_APP:
            return "The app is not system-app.";
        case js::PARAM_INVALID:
            return "parameter check failed.";
        case native::NO_MISSION_INFO_FOR_MISSION_ID:
        // Before 5.0 the same condition carried 16300502; the message table was
        // keyed by the code constant, so it had the same text. [I]
        case js::NO_MISSION_INFO_LEGACY:
            return "failed to get the missionInfo of the specified missionId.";
        case js::REMOTE_UNINSTALLED_NO_FREEINSTALL:
            return "the application is not installed on the remote end and installation-free is not supported.";
        case js::REMOTE_UNINSTALLED_FREEINSTALL:
            return "The application is not installed on the remote end and installation-free is supported. "
                   "Try again with the freeInstall flag.";
        case native::OPERATION_DEVICE_NOT_INITIATOR_OR_TARGET:
        case js::NOT_INITIATOR_OR_TARGET_LEGACY:  // [I] as above
            return "The operation device must be the device where the application to be continued is currently "
                   "located or the target device.";
        case js::CONTINUE_IN_PROGRESS_LEGACY:
        case native::CONTINUE_ALREADY_IN_PROGRESS:
            return "the local continuation task is already in progress.";
        case native::MISSION_FOR_CONTINUING_IS_NOT_ALIVE:
            return "the mission for continuing is not alive, try again after restart this mission.";
        case js::MISSION_NOT_ALIVE_LEGACY:
            // On master 16300507 is keyed to the bundle-name text, which is what
            // the table says for this code whatever produced it.
            return "Failed to get the missionInfo of the specified bundle name.";
        case js::REMOTE_HOTSPOT_ENABLED:
            return "bind error due to the remote device hotspot enable, try again after disable the remote device "
                   "hotspot.";
        case js::REMOTE_BUSY_LINK:
            return "the remote device has been linked with other devices, try again when the remote device is idle.";
        default:
            return "the system ability work abnormally.";
    }
}

}  // namespace ohbridge
