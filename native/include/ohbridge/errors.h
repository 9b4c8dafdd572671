// Error codes and runtime messages of the two JS modules, and the native
// (inner API) codes they are mapped from.  Sources (ability_ability_runtime,
// ability_dmsfwk): ability_manager_errors.h, dtbschedmgr_log.h,
// ability_runtime_error_util.cpp, ability_business_error.cpp
// (INNER_TO_JS_ERROR_CODE_MAP), distributed_mission_manager.cpp
// (ErrorCodeReturn / ErrorMessageReturn).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "ohbridge/profile.h"

namespace ohbridge {

// A JS BusinessError: what a promise rejects with or a sync call throws.
class BusinessError : public std::runtime_error {
public:
    BusinessError(std::int32_t code, std::string message)
        : std::runtime_error(message), code_(code), message_(std::move(message)) {}
    std::int32_t code() const { return code_; }
    const std::string& message() const { return message_; }

private:
    std::int32_t code_;
    std::string message_;
};

// JS-visible codes.
namespace js {
constexpr std::int32_t PERMISSION_DENIED = 201;
constexpr std::int32_t NOT_SYSTEM_APP = 202;
constexpr std::int32_t PARAM_INVALID = 401;
// @ohos.app.ability.wantAgent
constexpr std::int32_t SERVICE_BUSY = 16000007;
constexpr std::int32_t SERVICE_TIMEOUT = 16000015;
constexpr std::int32_t NOT_ABILITY_CONTEXT = 16000020;
constexpr std::int32_t INVALID_WANTAGENT = 16000151;
constexpr std::int32_t WANTAGENT_NOT_EXIST = 16000152;
constexpr std::int32_t WANTAGENT_CANCELED = 16000153;
// @ohos.distributedMissionManager
constexpr std::int32_t SYSTEM_WORK_ABNORMALLY = 16300501;
constexpr std::int32_t NO_MISSION_INFO_LEGACY = 16300502;
constexpr std::int32_t REMOTE_UNINSTALLED_NO_FREEINSTALL = 16300503;
constexpr std::int32_t REMOTE_UNINSTALLED_FREEINSTALL = 16300504;
constexpr std::int32_t NOT_INITIATOR_OR_TARGET_LEGACY = 16300505;
constexpr std::int32_t CONTINUE_IN_PROGRESS_LEGACY = 16300506;
constexpr std::int32_t MISSION_NOT_ALIVE_LEGACY = 16300507;  // also "bundle name" on master (never produced)
constexpr std::int32_t REMOTE_HOTSPOT_ENABLED = 16300508;
constexpr std::int32_t REMOTE_BUSY_LINK = 16300509;
// The ability-runtime modules (missionManager): ability_business_error.h.
constexpr std::int32_t INNER = 16000050;
constexpr std::int32_t NO_MISSION_ID = 16300001;
}  // namespace js

// Native codes (inner API results).
namespace native {
constexpr std::int32_t ERR_OK = 0;
constexpr std::int32_t ERR_FLATTEN_OBJECT = 3;  // commonlibrary_c_utils errors.h
constexpr std::int32_t ERR_NULL_OBJECT = 7;
constexpr std::int32_t ERR_INVALID_VALUE = 22;
// ability_manager_errors.h: AAFWK_SERVICE_ERR_OFFSET (2097152) + position.
constexpr std::int32_t RESOLVE_ABILITY_ERR = 2097152;
constexpr std::int32_t START_ABILITY_WAITING = 2097159;
constexpr std::int32_t REMOVE_MISSION_FAILED = 2097166;
constexpr std::int32_t INNER_ERR = 2097167;
constexpr std::int32_t MOVE_MISSION_FAILED = 2097173;
constexpr std::int32_t MISSION_NOT_FOUND = 2097182;
constexpr std::int32_t CHECK_PERMISSION_FAILED = 2097177;
constexpr std::int32_t REGISTER_REMOTE_MISSION_LISTENER_FAIL = 2097191;
constexpr std::int32_t ERR_NOT_SYSTEM_APP = 2097209;
constexpr std::int32_t ERR_WANTAGENT_CANCELED = 2097335;
constexpr std::int32_t INVALID_PARAMETERS_ERR = 29360128;
constexpr std::int32_t INVALID_REMOTE_PARAMETERS_ERR = 29360131;
constexpr std::int32_t NOTIFYCOMPLETECONTINUATION_FAILED = 29360152;
constexpr std::int32_t CONTINUE_ABILITY_TIMEOUT_ERR = 29360153;
constexpr std::int32_t DMS_PERMISSION_DENIED = 29360157;
constexpr std::int32_t GET_REMOTE_DMS_FAIL = 29360174;
constexpr std::int32_t CONTINUE_REMOTE_UNINSTALLED_SUPPORT_FREEINSTALL = 29360202;
constexpr std::int32_t CONTINUE_REMOTE_UNINSTALLED_UNSUPPORT_FREEINSTALL = 29360203;
constexpr std::int32_t NO_MISSION_INFO_FOR_MISSION_ID = 29360221;
constexpr std::int32_t OPERATION_DEVICE_NOT_INITIATOR_OR_TARGET = 29360222;
constexpr std::int32_t CONTINUE_ALREADY_IN_PROGRESS = 29360223;
constexpr std::int32_t MISSION_FOR_CONTINUING_IS_NOT_ALIVE = 29360224;
constexpr std::int32_t MISSION_NOT_FOCUSED = 29360234;
constexpr std::int32_t DMS_NOT_FOREGROUND_USER = 29360236;
}  // namespace native

// ability_runtime_error_util.cpp ERROR_MSG_MAP (the runtime strings, which
// differ from the doc titles).  Unknown codes give "".
const char* want_agent_error_message(std::int32_t code);

// distributed_mission_manager.cpp ErrorCodeReturn: native -> JS code.  The
// 2936022x codes are passed through raw from API 12 (5.0); before that the
// same conditions had the values 16300502/16300505/16300506/16300507 on both
// sides, so JS saw the documented codes.
std::int32_t dmm_js_code(std::int32_t native_code, const ApiProfile& profile);

// distributed_mission_manager.cpp ErrorMessageReturn, keyed by the JS code:
// the table of 5.0.0 and later.
std::string dmm_error_message(std::int32_t js_code);
// The same for a release: 3.2 had DMS_MISSION_MANAGER_ERROR_INFO_MAP with
// other texts; up to 4.1 16300507 meant "mission not alive", from 5.0.0 it
// is ERR_GET_MISSION_INFO_OF_BUNDLE_NAME.
std::string dmm_error_message_for(std::int32_t js_code, const ApiProfile& profile);

inline BusinessError dmm_error(std::int32_t native_code, const ApiProfile& profile) {
    std::int32_t js = dmm_js_code(native_code, profile);
    return BusinessError(js, dmm_error_message_for(js, profile));
}

// GetJsErrorCodeByNativeError (ability_business_error.cpp): the inner code
// through INNER_TO_JS_ERROR_CODE_MAP of the release; a code it does not list
// is 16000050.  The missionManager module maps every AMS result this way.
std::int32_t ability_js_code(std::int32_t native_code, const ApiProfile& profile);
// CreateJsErrorByNativeErr(env, err, PERMISSION_MANAGE_MISSION): the text of
// the JS code, and for 201 the permission after " permission:".
std::string ability_error_message(std::int32_t js_code, const ApiProfile& profile, const std::string& permission);

inline BusinessError want_agent_error(std::int32_t js_code) {
    return BusinessError(js_code, want_agent_error_message(js_code));
}

}  // namespace ohbridge
