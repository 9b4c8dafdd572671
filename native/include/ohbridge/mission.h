// The mission value types shared by the mission modules and their backends:
// MissionInfo (mission_info.h), MissionSnapshot, and the two continuation
// requests.
#pragma once

#include <cstdint>
#include <string>

#include "ohbridge/value.h"
#include "ohbridge/want.h"

namespace ohbridge {

// AbilityConstant.ContinueState, and the inner UNKNOWN.
enum class ContinueState : std::int32_t { UNKNOWN = -1, ACTIVE = 0, INACTIVE = 1 };

struct MissionInfo {
    std::int32_t id = -1;
    std::int32_t running_state = -1;
    bool locked_state = false;
    bool continuable = false;
    bool unclearable = false;
    std::int32_t ability_state = -1;
    std::string time;  // the inner API keeps the timestamp as a string
    std::string label;
    std::string icon_path;
    Want want;
    ContinueState continue_state = ContinueState::ACTIVE;

    // js_mission_info_utils.cpp CreateJsMissionInfo: continueState is not
    // part of the JS shape.
    Value to_value() const;
};

// image.PixelMap stands in as its size and a tag naming the content.
struct PixelMapInfo {
    std::int32_t width = 0;
    std::int32_t height = 0;
    std::string tag;
};

struct MissionSnapshot {
    // ElementName of the top ability.
    std::string device_id;
    std::string bundle_name;
    std::string ability_name;
    std::string module_name;
    PixelMapInfo snapshot;
    bool is_private = false;
    std::uint64_t version = 0;  // bumped on every update; the KV store's change counter

    // js_mission_manager: {ability: ElementName, snapshot: PixelMap}.
    Value to_value(bool low_resolution) const;
};

// continueMission by bundle name (API 10+).
struct ContinueMissionInfo {
    std::string src_device_id;
    std::string dst_device_id;
    std::string bundle_name;
    std::string src_bundle_name;
    std::string continue_type;
    WantParams want_params = Value(Object{});
};

}  // namespace ohbridge
