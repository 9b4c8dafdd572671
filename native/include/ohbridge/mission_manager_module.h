// The local mission list, at the level of the AbilityManagerClient inner API,
// with the JS conventions of the app.ability modules (js_mission_manager.cpp):
// argument checks throw 401, results arrive as (null, data) or an error made
// by CreateJsErrorByNativeErr(err, PERMISSION_MANAGE_MISSION).  Export names follow the inner API
// (getMissionInfos, cleanMission, lockMissionForCleanup, ...).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ohbridge/call.h"
#include "ohbridge/dispatcher.h"
#include "ohbridge/mission_backend.h"
#include "ohbridge/profile.h"

namespace ohbridge {

class MissionManagerModule {
public:
    // Errors follow `profile`'s INNER_TO_JS_ERROR_CODE_MAP; without one, the
    // newest release's.
    MissionManagerModule(MissionManagerBackend& backend, std::shared_ptr<Dispatcher> dispatcher,
                         const ApiProfile& profile)
        : backend_(backend), dispatcher_(std::move(dispatcher)), profile_(&profile) {}
    MissionManagerModule(MissionManagerBackend& backend, std::shared_ptr<Dispatcher> dispatcher)
        : backend_(backend), dispatcher_(std::move(dispatcher)), profile_(&newest()) {}

    Outcome call(const std::string& method, const std::vector<Value>& args);
    static const std::vector<std::string>& methods();

    // GetJsErrorCodeByNativeError and the message CreateJsErrorByNativeErr
    // gives it, for this module's release.
    std::int32_t js_code(std::int32_t native_code) const;
    std::string message(std::int32_t js_code) const;

private:
    Outcome finish(const std::vector<Value>& args, std::size_t callback_index, std::int32_t native_code,
                   Value value);

    static const ApiProfile& newest() {
        static const ApiProfile p;
        return p;
    }

    MissionManagerBackend& backend_;
    std::shared_ptr<Dispatcher> dispatcher_;
    const ApiProfile* profile_;
};

}  // namespace ohbridge
