#include "ohbridge/stub/world.h"

#include <stdexcept>

#include "ohbridge/errors.h"

namespace ohbridge::stub {

World::World() = default;

bool SimDevice::dms_version_lower_than(unsigned major, unsigned minor, unsigned feature) const {
    // ParseDmsVersion: exactly three non-negative decimal numbers.
    unsigned parts[3];
    std::size_t pos = 0;
    for (int i = 0; i < 3; ++i) {
        std::size_t end = dms_version.find('.', pos);
        if ((i < 2) != (end != std::string::npos)) return false;
        std::string part = dms_version.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        if (part.empty() || part.size() > 9 || part.find_first_not_of("0123456789") != std::string::npos) return false;
        parts[i] = static_cast<unsigned>(std::stoul(part));
        pos = end + 1;
    }
    // CompareDmsVersion.
    if (parts[0] != major) return parts[0] < major;
    if (parts[1] != minor) return parts[1] < minor;
    return parts[2] < feature;
}

SimDevice& World::local_of(const std::string& network_id) {
    SimDevice* d = find_device(network_id);
    if (d == nullptr) {
        throw std::runtime_error("the simulated device " + network_id +
                                 " is no longer in the world (a reset_world or remove_device took it)");
    }
    return *d;
}

std::string World::resolve_device(const std::string& name_or_id) const {
    if (devices.count(name_or_id) != 0) return name_or_id;
    std::vector<std::string> named;
    std::string names;
    for (const auto& kv : devices) {
        if (kv.second.name == name_or_id) named.push_back(kv.first);
        names += (names.empty() ? "" : ", ") + ("'" + kv.second.name + "' (" + kv.first + ")");
    }
    if (named.size() == 1) return named.front();
    if (named.empty()) {
        throw std::invalid_argument("no simulated device named '" + name_or_id + "'; the world has: " + names);
    }
    throw std::invalid_argument(std::to_string(named.size()) + " simulated devices are named '" + name_or_id +
                                "': name one by networkId (" + names + ")");
}

bool World::reachable(const std::string& from, const std::string& to) const {
    auto a = devices.find(from);
    auto b = devices.find(to);
    return a != devices.end() && b != devices.end() && a->second.online && b->second.online;
}

std::int32_t World::start_ability(const std::string& from, const std::string& device_id, const Want& want,
                                  std::int32_t caller_uid, const std::string& via) {
    std::string target = device_id.empty() ? from : device_id;
    StartRecord rec{target, want, caller_uid, 0, via};
    SimDevice* dev = find_device(target);
    // A remote start needs the network; a local one does not.
    bool remote = target != from;
    if (dev == nullptr || (remote && !reachable(from, target))) {
        rec.result = native::INVALID_REMOTE_PARAMETERS_ERR;
    } else {
        auto it = dev->bundles.find(want.bundle_name);
        if (it == dev->bundles.end() || it->second.find_ability(want.ability_name) == nullptr) {
            rec.result = native::RESOLVE_ABILITY_ERR;
        }
    }
    record(started, rec);
    if (rec.result == 0) {
        // A started ability lives in a mission, as in AMS.
        Want w = want;
        w.device_id.clear();
        launch_mission(*dev, w);
    }
    return rec.result;
}

std::int32_t World::launch_for_test(SimDevice& d, const std::string& bundle, const std::string& ability,
                                    const std::string& module, const std::string& label, const Value& parameters,
                                    std::int32_t flags) {
    Want want;
    want.bundle_name = bundle;
    want.ability_name = ability;
    want.module_name = module;
    want.flags = flags;
    if (parameters.is_plain_object()) want.parameters = parameters;
    std::int32_t rc = start_ability(d.network_id, d.network_id, want, d.services.caller.uid, "stub.start_ability");
    if (rc != 0) {
        throw std::invalid_argument("cannot start " + bundle + "/" + ability + " on " + d.network_id +
                                    ": not installed");
    }
    if (!label.empty()) {
        d.missions.front().info.label = label;
        missions_changed(d.network_id);
    }
    return d.missions.front().info.id;
}

std::shared_ptr<World> make_default_world() {
    auto w = std::make_shared<World>();
    SimDevice local;
    local.network_id = "LOCAL0000000000000000000000000000000000000000000000000000000000A";
    local.name = "Local Phone";
    const CallerIdentity caller;
    BundleInfo own{caller.bundle_name, caller.uid, {{"EntryAbility", "entry", true}}, false};
    local.bundles[own.name] = own;
    local.bundles["com.ohos.settings"] = BundleInfo{"com.ohos.settings", 20010021, {{"EntryAbility"}}, false};
    local.bundles["com.ohos.camera"] = BundleInfo{"com.ohos.camera", 20010023, {{"MainAbility"}}, false};
    w->default_local_id = local.network_id;
    w->devices[local.network_id] = std::move(local);

    SimDevice tablet;
    tablet.network_id = "PEER1000000000000000000000000000000000000000000000000000000000B";
    tablet.name = "Living Room Tablet";
    tablet.device_type = "tablet";
    tablet.bundles[own.name] = BundleInfo{own.name, 20010042, {{"EntryAbility", "entry", true}}, false};
    tablet.bundles["com.ohos.settings"] = BundleInfo{"com.ohos.settings", 20010021, {{"EntryAbility"}}, false};
    tablet.bundles["com.example.notes"] =
        BundleInfo{"com.example.notes", 20010077, {{"NoteAbility", "entry", true}}, false};
    w->devices[tablet.network_id] = std::move(tablet);

    SimDevice pc;
    pc.network_id = "PEER2000000000000000000000000000000000000000000000000000000000C";
    pc.name = "Study PC";
    pc.device_type = "2in1";
    pc.bundles["com.ohos.settings"] = BundleInfo{"com.ohos.settings", 20010021, {{"EntryAbility"}}, false};
    pc.bundles["com.example.video"] =
        BundleInfo{"com.example.video", 20010088, {{"PlayerAbility", "entry", true}}, true};
    w->devices[pc.network_id] = std::move(pc);

    // A few running missions on each device; the last started is in front.
    auto launch = [&](const std::string& dev, const std::string& bundle, const std::string& ability,
                      const std::string& label) {
        Want want;
        want.bundle_name = bundle;
        want.ability_name = ability;
        want.module_name = "entry";
        w->launch_mission(w->devices.at(dev), want, label);
    };
    launch(w->default_local_id, "com.ohos.settings", "EntryAbility", "Settings");
    launch(w->default_local_id, "com.ohos.camera", "MainAbility", "Camera");
    launch(w->default_local_id, own.name, "EntryAbility", "My Application");
    const std::string tablet_id = "PEER1000000000000000000000000000000000000000000000000000000000B";
    launch(tablet_id, "com.ohos.settings", "EntryAbility", "Settings");
    launch(tablet_id, "com.example.notes", "NoteAbility", "Notes");
    launch("PEER2000000000000000000000000000000000000000000000000000000000C", "com.example.video", "PlayerAbility",
           "Video");
    return w;
}

}  // namespace ohbridge::stub
