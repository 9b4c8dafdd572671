// The mission side of the simulated world: mission lists, snapshots, device
// presence, the local DMS's synced caches and its continuations
// (DistributedSchedMissionManager, DSchedContinueManager,
// DistributedSchedContinuation).
#include <algorithm>
#include <limits>
#include <string>

#include "ohbridge/errors.h"
#include "ohbridge/stub/world.h"

namespace ohbridge::stub {

namespace {

// GET_MAX_MISSIONS (mission_constant.h).
constexpr std::size_t kMaxSyncedMissions = 20;
// CONTINUE_TIMEOUT (dsched_continue_manager.h) and CONTINUATION_TIMEOUT
// (distributed_sched_continuation.cpp).
constexpr std::int64_t kQosTimeoutMs = 10000;
constexpr std::int64_t kLegacyTimeoutMs = 20000;
// A fixed epoch keeps timestamps deterministic: 2026-01-01T00:00:00Z in ns,
// the unit AMS's GetCurrentTime uses.
constexpr std::int64_t kEpochNs = 1767225600000000000LL;
// MissionInfo.abilityState is the AbilityRecord's AAFwk::AbilityState
// (ability_runtime interfaces/inner_api/ability_manager/include/ability_state.h,
// copied by MissionInfoMgr::SetMissionAbilityState on each transition):
// the focused mission's ability is FOREGROUND, the one it covers goes BACKGROUND.
constexpr std::int32_t kAbilityStateForeground = 9;
constexpr std::int32_t kAbilityStateBackground = 10;
// Want parameter that says whether the source mission ends after a
// successful continuation (SUPPORT_CONTINUE_SOURCE_EXIT_KEY; default true). [I]
const char* const kSourceExitKey = "ohos.extra.param.key.supportContinueSourceExit";

// MissionInfoConverter: what survives the trip through DstbMissionInfo.
MissionInfo as_remote(const MissionInfo& m) {
    MissionInfo r;
    r.id = m.id;
    r.running_state = m.running_state;
    r.locked_state = m.locked_state;
    r.label = m.label;
    r.icon_path = m.icon_path;
    r.want = m.want;
    r.continuable = m.continuable;
    return r;
}

bool param_true(const WantParams& p, const char* key, bool fallback) {
    if (!p.has(key)) return fallback;
    const Value& v = p.get(key);
    return v.is_bool() ? v.as_bool() : fallback;
}

}  // namespace

void World::run_after_call() {
    // Steps may queue further steps (a finished continuation changes a
    // synced list): drain until quiet.
    while (!after_call.empty()) {
        auto steps = std::move(after_call);
        after_call.clear();
        for (auto& step : steps) step();
    }
}

SimMission& World::launch_mission(SimDevice& dev, const Want& want, const std::string& label) {
    for (auto& m : dev.missions) {
        if (m.info.ability_state == kAbilityStateForeground) m.info.ability_state = kAbilityStateBackground;
    }
    std::string time = std::to_string(kEpochNs + clock_ms * 1000000LL + (++launch_sequence));
    auto it = std::find_if(dev.missions.begin(), dev.missions.end(), [&](const SimMission& m) {
        return m.info.want.bundle_name == want.bundle_name && m.info.want.ability_name == want.ability_name;
    });
    std::int32_t id;
    if (it != dev.missions.end()) {
        SimMission m = std::move(*it);
        dev.missions.erase(it);
        m.info.want = want;
        m.info.time = time;
        m.info.running_state = 0;
        m.info.ability_state = kAbilityStateForeground;
        m.alive = true;
        id = m.info.id;
        dev.missions.insert(dev.missions.begin(), std::move(m));
    } else {
        SimMission m;
        m.info.id = dev.next_mission_id++;
        m.info.running_state = 0;
        m.info.want = want;
        m.info.time = time;
        m.info.label = label.empty() ? want.ability_name : label;
        m.info.icon_path = "$media:icon";
        m.info.ability_state = kAbilityStateForeground;
        auto b = dev.bundles.find(want.bundle_name);
        if (b != dev.bundles.end()) {
            if (const AbilityInfo* a = b->second.find_ability(want.ability_name)) m.info.continuable = a->continuable;
        }
        id = m.info.id;
        dev.missions.insert(dev.missions.begin(), std::move(m));
    }
    missions_changed(dev.network_id);
    update_snapshot(dev, id, want.bundle_name + "/" + want.ability_name);
    return dev.missions.front();
}

bool World::remove_mission(SimDevice& dev, std::int32_t mission_id) {
    auto it = std::find_if(dev.missions.begin(), dev.missions.end(),
                           [&](const SimMission& m) { return m.info.id == mission_id; });
    if (it == dev.missions.end()) return false;
    dev.missions.erase(it);
    dev.snapshots.erase(mission_id);  // a delete does not notify (OnChange ignores deletes)
    missions_changed(dev.network_id);
    return true;
}

void World::update_snapshot(SimDevice& dev, std::int32_t mission_id, const std::string& tag) {
    SimMission* m = dev.find_mission(mission_id);
    if (m == nullptr) return;
    MissionSnapshot& s = dev.snapshots[mission_id];
    s.device_id = dev.network_id;
    s.bundle_name = m->info.want.bundle_name;
    s.ability_name = m->info.want.ability_name;
    s.module_name = m->info.want.module_name;
    s.snapshot = PixelMapInfo{1260, 2720, tag};
    ++s.version;
    snapshot_changed(dev.network_id, mission_id);
}

bool World::refresh_mission_cache(SimDevice& observer, const std::string& device_id) {
    if (device_id == observer.network_id) return false;
    auto& cache_map = observer.services.dms.mission_cache;
    auto cache = cache_map.find(device_id);
    SimDevice* dev = find_device(device_id);
    if (cache == cache_map.end() || dev == nullptr) return false;
    cache->second.clear();
    for (const auto& m : dev->missions) {
        if (cache->second.size() == kMaxSyncedMissions) break;
        cache->second.push_back(as_remote(m.info));
    }
    return true;
}

void World::missions_changed(const std::string& device_id) {
    // NotifyMissionsChangedToRemote: the changed device tells every device
    // in its remoteSyncDeviceSet_, each of which re-caches
    // (RebornMissionCache) and notifies its listeners for it.
    for (auto& kv : devices) {
        SimDevice& observer = kv.second;
        if (!refresh_mission_cache(observer, device_id)) continue;
        auto& map = observer.services.dms.listen_device_map;
        auto entry = map.find(device_id);
        if (entry == map.end()) continue;
        for (const auto& l : entry->second.listeners) l->notify_missions_changed(device_id);
    }
}

void World::snapshot_changed(const std::string& device_id, std::int32_t mission_id) {
    for (auto& kv : devices) snapshot_changed_for(kv.second, device_id, mission_id);
}

void World::snapshot_changed_for(SimDevice& observer, const std::string& device_id, std::int32_t mission_id) {
    DmsState& dms = observer.services.dms;
    auto cache = dms.mission_cache.find(device_id);
    SimDevice* dev = find_device(device_id);
    if (cache == dms.mission_cache.end() || dev == nullptr) return;
    // The remote side only pushes snapshots of the missions it synced.
    bool synced = std::any_of(cache->second.begin(), cache->second.end(),
                              [&](const MissionInfo& m) { return m.id == mission_id; });
    auto snap = dev->snapshots.find(mission_id);
    if (!synced || snap == dev->snapshots.end()) return;
    dms.snapshot_cache[device_id][mission_id] = snap->second;
    auto entry = dms.listen_device_map.find(device_id);
    if (entry == dms.listen_device_map.end()) return;
    for (const auto& l : entry->second.listeners) l->notify_snapshot(device_id, mission_id);
}

namespace {

// DistributedSchedMissionManager::DeviceOfflineNotify on `observer` for
// `gone`, then (5.1.0+: DistributedSchedService::ProcessDeviceOffline)
// NotifyNetDisconnectOffline.  CleanMissionResources erases the device's
// listener entry, with its `called` flag, and its synced cache
// (StopSyncRemoteMissions with offline = true).  The NAPI side keeps its
// registration: the JS callbacks survive, and registering again makes a
// fresh DMS entry.  NotifyNetDisconnectOffline runs on another handler than
// the erase: the listeners of the other devices always hear it, each with
// its own deviceId; whether the offline device's own listener does is a
// race, which the model settles as "erased first".
void device_offline_on(SimDevice& observer, const std::string& gone, bool net_disconnect) {
    DmsState& dms = observer.services.dms;
    dms.listen_device_map.erase(gone);
    dms.mission_cache.erase(gone);
    dms.snapshot_cache.erase(gone);
    if (!net_disconnect) return;
    for (const auto& entry : dms.listen_device_map) {
        for (const auto& l : entry.second.listeners) l->notify_net_disconnect(entry.first, 0);
    }
}

}  // namespace

void World::set_online(const std::string& device_id, bool online) {
    SimDevice* dev = find_device(device_id);
    if (dev == nullptr || dev->online == online) return;
    // Who the device could reach before it left: they lose it, and it
    // loses them (DeviceManager reports each side offline to the other).
    std::vector<std::string> peers;
    for (const auto& kv : devices) {
        if (kv.first != device_id && kv.second.online) peers.push_back(kv.first);
    }
    dev->online = online;
    if (online) return;  // coming back announces nothing to mission listeners
    bool net_disconnect = profile.fires_net_disconnect();
    for (const auto& p : peers) device_offline_on(devices.at(p), device_id, net_disconnect);
    for (const auto& p : peers) device_offline_on(*dev, p, net_disconnect);
}

void World::remove_device(const std::string& device_id) {
    set_online(device_id, false);
    devices.erase(device_id);
}

void World::uninstall_bundle(SimDevice& dev, const std::string& bundle) {
    dev.bundles.erase(bundle);
    bool changed = false;
    for (auto it = dev.missions.begin(); it != dev.missions.end();) {
        if (it->info.want.bundle_name == bundle) {
            dev.snapshots.erase(it->info.id);
            it = dev.missions.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    if (changed) missions_changed(dev.network_id);
}

void World::broadcast_continue_state(const ContinueStateEvent& event) {
    // The broadcast reaches every device in range but its sender; each
    // DMSContinueRecvMgr only handles it while that device's continue switch
    // is on.
    for (auto& kv : devices) {
        SimDevice& d = kv.second;
        if (d.network_id == event.src_device_id || !d.continue_switch) continue;
        auto it = d.services.dms.on_listeners.find("continueStateChange");
        if (it == d.services.dms.on_listeners.end()) continue;
        for (const auto& l : it->second) l->on_continue_state(event);
    }
}

void World::listeners_died(SimDevice& device, const std::vector<const void*>& listeners) {
    auto dead = [&](const void* p) { return std::find(listeners.begin(), listeners.end(), p) != listeners.end(); };
    DmsState& dms = device.services.dms;
    std::vector<std::string> stop;
    for (auto it = dms.listen_device_map.begin(); it != dms.listen_device_map.end();) {
        auto& ls = it->second.listeners;
        ls.erase(std::remove_if(ls.begin(), ls.end(), [&](const auto& l) { return dead(l.get()); }), ls.end());
        if (!ls.empty()) {
            ++it;
            continue;
        }
        // An entry emptied this way stops its sync if it had one
        // (StopSyncRemoteMissions(devId, false): the caches go).
        if (it->second.called) stop.push_back(it->first);
        it = dms.listen_device_map.erase(it);
    }
    for (const auto& id : stop) {
        dms.mission_cache.erase(id);
        dms.snapshot_cache.erase(id);
    }
    // The on-listeners die with their process the same way
    // (DMSContinueRecvMgr's death recipient).
    for (auto it = dms.on_listeners.begin(); it != dms.on_listeners.end();) {
        auto& ls = it->second;
        ls.erase(std::remove_if(ls.begin(), ls.end(), [&](const auto& l) { return dead(l.get()); }), ls.end());
        it = ls.empty() ? dms.on_listeners.erase(it) : std::next(it);
    }
}

void World::finish_continuation(std::uint64_t task_id, const std::int32_t* forced) {
    auto it = std::find_if(continuations.begin(), continuations.end(),
                           [&](const ContinuationTask& t) { return t.id == task_id; });
    if (it == continuations.end()) return;
    ContinuationTask task = std::move(*it);
    continuations.erase(it);

    SimDevice* src = find_device(task.src);
    SimDevice* dst = find_device(task.dst);
    SimMission* mission = nullptr;
    if (src != nullptr) {
        if (task.by_bundle) {
            // The source's GetMissionIdByBundleName: the most recent
            // continuable mission, when it is the bundle's.
            for (auto& m : src->missions) {
                if (!m.info.continuable) continue;
                if (m.info.want.bundle_name == task.bundle_name) mission = &m;
                break;
            }
        } else {
            mission = src->find_mission(task.mission_id);
        }
    }
    std::int32_t rc = 0;
    if (forced != nullptr) {
        rc = *forced;
    } else {
        bool ok = src != nullptr && dst != nullptr && src->online && dst->online && mission != nullptr;
        if (ok && task.qos) {
            // The QoS path checks on the source what the legacy path checked
            // before accepting; any failure ends as 16300501.
            ok = src->continue_switch && mission->info.continue_state == ContinueState::ACTIVE && mission->alive;
        }
        if (ok && dst->bundles.count(mission->info.want.bundle_name) == 0) {
            auto b = src->bundles.find(mission->info.want.bundle_name);
            ok = task.free_install && b != src->bundles.end() && b->second.free_install;
        }
        if (!ok) rc = task.qos ? js::SYSTEM_WORK_ABNORMALLY : native::NOTIFYCOMPLETECONTINUATION_FAILED;
    }
    if (rc == 0 && mission != nullptr && dst != nullptr && src != nullptr) {
        std::string bundle = mission->info.want.bundle_name;
        if (dst->bundles.count(bundle) == 0) {
            auto b = src->bundles.find(bundle);
            if (b != src->bundles.end()) dst->bundles[bundle] = b->second;  // installed on demand
        }
        Want w = mission->info.want;
        w.device_id.clear();
        if (task.want_params.is_plain_object()) {
            for (const auto& kv : task.want_params.as_object()) w.parameters.set(kv.first, kv.second);
        }
        std::string label = mission->info.label;
        std::int32_t src_mission = mission->info.id;
        bool source_exit = param_true(task.want_params, kSourceExitKey, true);
        launch_mission(*dst, w, label);
        if (source_exit) remove_mission(*src, src_mission);
    }
    if (task.callback) task.callback->on_continue_done(rc);
}

std::size_t World::complete_continuations(const std::int32_t* forced) {
    std::vector<std::uint64_t> ids;
    for (const auto& t : continuations) ids.push_back(t.id);
    for (auto id : ids) finish_continuation(id, forced);
    return ids.size();
}

void World::advance_clock(std::int64_t ms) {
    // A step the simulated clock cannot hold (signed overflow: UBSan) is a
    // bad argument, not a wrapped clock.
    if (ms > 0 && ms > std::numeric_limits<std::int64_t>::max() - clock_ms) {
        throw BusinessError(js::PARAM_INVALID, "Parameter error. advance_clock: the clock cannot move " +
                                                   std::to_string(ms) + " ms further.");
    }
    if (ms > 0) clock_ms += ms;
    std::vector<std::pair<std::uint64_t, std::int32_t>> expired;
    for (const auto& t : continuations) {
        std::int64_t limit = t.qos ? kQosTimeoutMs : kLegacyTimeoutMs;
        if (clock_ms - t.started_ms >= limit) {
            // QoS: ConvertToDmsSdkErr turns the timeout into 16300501;
            // legacy: CONTINUE_ABILITY_TIMEOUT_ERR raw.
            expired.emplace_back(t.id, t.qos ? js::SYSTEM_WORK_ABNORMALLY : native::CONTINUE_ABILITY_TIMEOUT_ERR);
        }
    }
    for (auto& e : expired) finish_continuation(e.first, &e.second);
}

std::size_t World::mission_listener_count(const SimDevice& device) {
    std::size_t n = 0;
    for (const auto& e : device.services.dms.listen_device_map) n += e.second.listeners.size();
    return n;
}

std::size_t World::continue_state_listener_count(const SimDevice& device) {
    std::size_t n = 0;
    for (const auto& e : device.services.dms.on_listeners) n += e.second.size();
    return n;
}

void World::reset(const std::string& new_local_id, const std::string& local_name) {
    devices.clear();
    continuations.clear();
    SimDevice local;
    local.network_id = new_local_id;
    local.name = local_name;
    default_local_id = new_local_id;
    devices[new_local_id] = std::move(local);
}

}  // namespace ohbridge::stub
