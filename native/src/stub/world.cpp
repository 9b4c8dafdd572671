#include "ohbridge/stub/world.h"

#include "ohbridge/errors.h"

namespace ohbridge::stub {

namespace {
// ability_manager_errors.h RESOLVE_ABILITY_ERR: no such ability installed.
constexpr std::int32_t RESOLVE_ABILITY_ERR = 2097152 + 1;
}  // namespace

World::World() = default;

std::int32_t World::start_ability(const std::string& device_id, const Want& want, std::int32_t caller_uid,
                                  const std::string& via) {
    std::string target = device_id.empty() ? local_id : device_id;
    StartRecord rec{target, want, caller_uid, 0, via};
    SimDevice* dev = find_device(target);
    if (dev == nullptr || !dev->online) {
        rec.result = native::INVALID_REMOTE_PARAMETERS_ERR;
    } else {
        auto it = dev->bundles.find(want.bundle_name);
        if (it == dev->bundles.end() || it->second.find_ability(want.ability_name) == nullptr) {
            rec.result = RESOLVE_ABILITY_ERR;
        }
    }
    started.push_back(rec);
    return rec.result;
}

std::shared_ptr<World> make_default_world() {
    auto w = std::make_shared<World>();
    SimDevice local;
    local.network_id = "LOCAL0000000000000000000000000000000000000000000000000000000000A";
    local.name = "Local Phone";
    BundleInfo own{w->caller.bundle_name, w->caller.uid, {{"EntryAbility", "entry", true}}, false};
    local.bundles[own.name] = own;
    local.bundles["com.ohos.settings"] = BundleInfo{"com.ohos.settings", 20010021, {{"EntryAbility"}}, false};
    local.bundles["com.ohos.camera"] = BundleInfo{"com.ohos.camera", 20010023, {{"MainAbility"}}, false};
    w->local_id = local.network_id;
    w->devices[local.network_id] = std::move(local);
    return w;
}

}  // namespace ohbridge::stub
