#include "ohbridge/mission.h"

#include "ohbridge/mission_backend.h"

namespace ohbridge {

Value MissionInfo::to_value() const {
    Value v(Object{});
    v.set("missionId", static_cast<std::int64_t>(id));
    v.set("runningState", static_cast<std::int64_t>(running_state));
    v.set("lockedState", locked_state);
    v.set("continuable", continuable);
    v.set("timestamp", time);
    v.set("want", want.to_value());
    v.set("label", label);
    v.set("iconPath", icon_path);
    v.set("abilityState", static_cast<std::int64_t>(ability_state));
    v.set("unclearable", unclearable);
    return v;
}

Value MissionSnapshot::to_value(bool low_resolution) const {
    Value ability(Object{});
    ability.set("deviceId", device_id);
    ability.set("bundleName", bundle_name);
    ability.set("abilityName", ability_name);
    ability.set("moduleName", module_name);
    // The low-resolution snapshot is the same picture scaled down. [I: scale]
    int scale = low_resolution ? 2 : 1;
    Value pixels(Object{});
    pixels.set("width", static_cast<std::int64_t>(snapshot.width / scale));
    pixels.set("height", static_cast<std::int64_t>(snapshot.height / scale));
    pixels.set("tag", snapshot.tag);
    Value v(Object{});
    v.set("ability", std::move(ability));
    v.set("snapshot", std::move(pixels));
    return v;
}

Value ContinueStateEvent::to_value(const ApiProfile& profile) const {
    Value info(Object{});
    info.set("srcDeviceId", src_device_id);
    info.set("bundleName", bundle_name);
    if (profile.continue_state_info_has_type_and_source()) {
        info.set("continueType", continue_type);
        info.set("srcBundleName", src_bundle_name);
    }
    if (profile.continue_state_info_has_target_app_ids()) {
        Array ids;  // "Always set appIds property, even if empty"
        for (const auto& id : target_app_ids) ids.emplace_back(id);
        info.set("targetAppIds", Value(std::move(ids)));
    }
    Value v(Object{});
    v.set("state", static_cast<std::int64_t>(state));
    v.set("info", std::move(info));
    return v;
}

}  // namespace ohbridge
