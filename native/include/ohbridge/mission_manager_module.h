// The local mission list, at the level of the AbilityManagerClient inner API
// (spec/semantics.md §4), with the JS conventions of the app.ability modules:
// argument checks throw 401, results arrive as (null, data) or an error
// mapped by GetJsErrorCodeByNativeError.  Export names follow the inner API
// (getMissionInfos, cleanMission, lockMissionForCleanup, ...).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ohbridge/call.h"
#include "ohbridge/dispatcher.h"
#include "ohbridge/mission_backend.h"

namespace ohbridge {

class MissionManagerModule {
public:
    MissionManagerModule(MissionManagerBackend& backend, std::shared_ptr<Dispatcher> dispatcher)
        : backend_(backend), dispatcher_(std::move(dispatcher)) {}

    Outcome call(const std::string& method, const std::vector<Value>& args);
    static const std::vector<std::string>& methods();

    // GetJsErrorCodeByNativeError for the calls here. [I: the table is not in
    // the spec; 201/202/401 as everywhere, every other failure 16000050]
    static std::int32_t js_code(std::int32_t native_code);
    static std::string message(std::int32_t js_code);

private:
    Outcome finish(const std::vector<Value>& args, std::size_t callback_index, std::int32_t native_code,
                   Value value);

    MissionManagerBackend& backend_;
    std::shared_ptr<Dispatcher> dispatcher_;
};

}  // namespace ohbridge
