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

std::int32_t dmm_js_code(std::int32_t native_code, const ApiProfile& profile) {
    using namespace native;
    switch (native_code) {
        case ERR_OK:
            return 0;
        case CHECK_PERMISSION_FAILED:
        case DMS_PERMISSION_DENIED:
            return js::PERMISSION_DENIED;
        case ERR_NOT_SYSTEM_APP:
            return js::NOT_SYSTEM_APP;
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
