#include "ohbridge/stub/dms.h"

#include <algorithm>

#include "ohbridge/errors.h"

namespace ohbridge::stub {

namespace {

// fail_next(method, code): a fault replaces the whole inner call, as a
// broken IPC link does; -1 (any unknown code) maps to 16300501 in JS.
std::int32_t injected(SimDevice& local, const char* method) { return local.services.faults.take(method); }

bool free_install_requested(const WantParams& p) {
    // want.GetBoolParam("isFreeInstall", false) on the mission want whose
    // params were replaced by wantParam (DistributedSchedStub::
    // ContinueMissionInner, DistributedSchedService::
    // ContinueLocalMissionDealFreeInstall): only a Boolean true counts.
    if (!p.has("isFreeInstall")) return false;
    const Value& v = p.get("isFreeInstall");
    return v.is_bool() && v.as_bool();
}

}  // namespace

// ---------------------------------------------------------------------------
// distributed missions

std::int32_t StubDistributedMissionBackend::ams_gate(const std::string* listener_device_id) const {
    World& w = *world_;
    // CHECK_CALLER_IS_SYSTEM_APP: RegisterMissionListener has it from 4.0,
    // the sync and continue calls only from 5.0.0.
    bool checks_system_app = listener_device_id != nullptr ? w.profile.ams_checks_system_app()
                                                           : w.profile.ams_checks_system_app_for_dms_calls();
    if (checks_system_app && !caller().system_app) return native::ERR_NOT_SYSTEM_APP;
    // Register/unregister only, and before the permission check.
    if (listener_device_id != nullptr && *listener_device_id == local_id_) {
        return native::REGISTER_REMOTE_MISSION_LISTENER_FAIL;
    }
    if (!caller().has_permission(permission::MANAGE_MISSIONS)) return native::CHECK_PERMISSION_FAILED;
    return 0;
}

std::int32_t StubDistributedMissionBackend::dms_stub_device_id_check(const std::string& device_id) const {
    // DistributedSchedStub::RegisterMissionListenerInner, UnRegister..., StartSync..., StopSync...:
    // an empty devId is refused before the service sees it: ERR_FLATTEN_OBJECT in 3.2,
    // INVALID_PARAMETERS_ERR from 4.0.
    if (!device_id.empty()) return 0;
    return world_->profile.legacy_api9() ? native::ERR_FLATTEN_OBJECT : native::INVALID_PARAMETERS_ERR;
}

bool StubDistributedMissionBackend::device_validated(const std::string& device_id) const {
    // IsDeviceIdValidated: the id must be an online peer of this device.
    return !device_id.empty() && world_->reachable(local_id_, device_id);
}

void StubDistributedMissionBackend::process_died() {
    if (own_listeners_.empty()) return;
    if (SimDevice* d = world_->find_device(local_id_)) world_->listeners_died(*d, own_listeners_);
    own_listeners_.clear();
}

void StubDistributedMissionBackend::mission_listener_died(const std::string& /*device_id*/,
                                                          const std::shared_ptr<RemoteMissionListener>& listener) {
    // OnMissionListenerDied looks in every entry, not only the one it was
    // registered for.
    const void* dead = listener.get();
    own_listeners_.erase(std::remove(own_listeners_.begin(), own_listeners_.end(), dead), own_listeners_.end());
    if (SimDevice* d = world_->find_device(local_id_)) world_->listeners_died(*d, {dead});
}

std::int32_t StubDistributedMissionBackend::register_mission_listener(
    const std::string& device_id, const std::shared_ptr<RemoteMissionListener>& listener) {
    World& w = *world_;
    if (std::int32_t f = injected(local(), "distributedMissionManager.registerMissionListener")) return f;
    if (std::int32_t rc = ams_gate(&device_id)) return rc;
    if (std::int32_t rc = dms_stub_device_id_check(device_id)) return rc;
    if (caller().user_id != local().foreground_user) return native::DMS_NOT_FOREGROUND_USER;
    // GetUuidByNetworkId: unknown and offline ids have no uuid.  The 3.2 DMS
    // did not look.
    if (!w.profile.accepts_unknown_listener_device() && !device_validated(device_id)) {
        return native::INVALID_PARAMETERS_ERR;
    }
    if (device_id == local_id_) return native::INVALID_PARAMETERS_ERR;
    auto& entry = dms().listen_device_map[device_id];
    if (std::find(entry.listeners.begin(), entry.listeners.end(), listener) == entry.listeners.end()) {
        entry.listeners.push_back(listener);
        own_listeners_.push_back(listener.get());
    }  // else "listener has already inserted": success
    return 0;
}

std::int32_t StubDistributedMissionBackend::unregister_mission_listener(
    const std::string& device_id, const std::shared_ptr<RemoteMissionListener>& listener) {
    if (std::int32_t f = injected(local(), "distributedMissionManager.unRegisterMissionListener")) return f;
    if (std::int32_t rc = ams_gate(&device_id)) return rc;
    if (std::int32_t rc = dms_stub_device_id_check(device_id)) return rc;
    if (!listener) return native::INVALID_PARAMETERS_ERR;
    if (!device_validated(device_id)) return native::INVALID_PARAMETERS_ERR;
    if (device_id == local_id_) return native::INVALID_PARAMETERS_ERR;
    auto it = dms().listen_device_map.find(device_id);
    if (it == dms().listen_device_map.end()) return 0;
    auto& ls = it->second.listeners;
    ls.erase(std::remove(ls.begin(), ls.end(), listener), ls.end());
    own_listeners_.erase(std::remove(own_listeners_.begin(), own_listeners_.end(), listener.get()),
                         own_listeners_.end());
    // The entry, with its `called` flag, goes with its last listener.
    // Unregistering does not stop a sync.
    if (ls.empty()) dms().listen_device_map.erase(it);
    return 0;
}

std::int32_t StubDistributedMissionBackend::start_sync_remote_missions(const std::string& device_id,
                                                                       bool /*fix_conflict*/,
                                                                       std::int64_t /*tag*/) {
    // fixConflict and tag travel over IPC and are never read.
    World& w = *world_;
    if (std::int32_t f = injected(local(), "distributedMissionManager.startSyncRemoteMissions")) return f;
    if (std::int32_t rc = ams_gate(nullptr)) return rc;
    if (std::int32_t rc = dms_stub_device_id_check(device_id)) return rc;
    if (caller().user_id != local().foreground_user) return native::DMS_NOT_FOREGROUND_USER;
    if (!device_validated(device_id) || device_id == local_id_) return native::INVALID_PARAMETERS_ERR;
    auto entry = dms().listen_device_map.find(device_id);
    if (entry == dms().listen_device_map.end()) return 0;  // no listener: success, nothing happens
    if (entry->second.called) return 0;                      // already synced once: a no-op
    SimDevice& remote = *w.find_device(device_id);
    // StartSyncMissionsFromRemote: the remote's access control.
    if (!remote.trusted) return native::INVALID_PARAMETERS_ERR;
    dms().mission_cache[device_id];  // marks the device as synced; filled below
    dms().snapshot_cache[device_id].clear();
    entry->second.called = true;
    // RebornMissionCache, quietly: no notifyMissionsChanged on a start.
    w.refresh_mission_cache(local(), device_id);
    // InitAllSnapshots: the remote pushes a snapshot of every synced
    // mission soon after, so one notifySnapshot per mission follows the
    // call's own result.
    std::weak_ptr<World> weak = world_;
    std::string id = device_id;
    std::string observer_id = local_id_;
    w.after_call.push_back([weak, id, observer_id] {
        auto world = weak.lock();
        if (!world) return;
        SimDevice* observer = world->find_device(observer_id);
        if (observer == nullptr) return;
        auto cache = observer->services.dms.mission_cache.find(id);
        if (cache == observer->services.dms.mission_cache.end()) return;
        std::vector<std::int32_t> ids;
        for (const auto& m : cache->second) ids.push_back(m.id);
        for (auto mid : ids) world->snapshot_changed_for(*observer, id, mid);
    });
    return 0;
}

std::int32_t StubDistributedMissionBackend::stop_sync_remote_missions(const std::string& device_id) {
    if (std::int32_t f = injected(local(), "distributedMissionManager.stopSyncRemoteMissions")) return f;
    if (std::int32_t rc = ams_gate(nullptr)) return rc;
    if (std::int32_t rc = dms_stub_device_id_check(device_id)) return rc;
    if (caller().user_id != local().foreground_user) return native::DMS_NOT_FOREGROUND_USER;
    // StopSyncRemoteMissions(devId, offline=false, exit=true): the caches go
    // first; the listener's `called` flag stays.
    dms().mission_cache.erase(device_id);
    dms().snapshot_cache.erase(device_id);
    // GetRemoteDms: no proxy for an unknown or offline device. [I: offline]
    if (!device_validated(device_id)) return native::GET_REMOTE_DMS_FAIL;
    return 0;
}

std::uint64_t StubDistributedMissionBackend::add_task(ContinuationTask task) {
    World& w = *world_;
    task.id = w.next_task_id++;
    task.started_ms = w.clock_ms;
    std::uint64_t id = task.id;
    w.continuations.push_back(std::move(task));
    if (w.auto_continue) {
        std::weak_ptr<World> weak = world_;
        w.after_call.push_back([weak, id] {
            if (auto world = weak.lock()) world->finish_continuation(id, nullptr);
        });
    }
    return id;
}

std::int32_t StubDistributedMissionBackend::continue_local_mission(SimDevice& src, SimDevice& dst,
                                                                   std::int32_t mission_id,
                                                                   const WantParams& params, bool free_install,
                                                                   const std::shared_ptr<ContinuationCallback>& cb,
                                                                   const std::string& by_bundle) {
    // DistributedSchedService::ContinueLocalMission on the source, in its
    // order.  The continue switch arrived in 5.0.0.
    World& w = *world_;
    if (w.profile.checks_continue_switch() && !src.continue_switch) return native::DMS_PERMISSION_DENIED;
    for (const auto& t : w.continuations) {
        // IsInContinuationProgress: the legacy tasks only.
        if (!t.qos && t.src == src.network_id && t.mission_id == mission_id) {
            return native::CONTINUE_ALREADY_IN_PROGRESS;
        }
    }
    SimMission* m = src.find_mission(mission_id);
    if (m == nullptr) return native::NO_MISSION_INFO_FOR_MISSION_ID;
    if (m->info.continue_state == ContinueState::INACTIVE) return native::INVALID_PARAMETERS_ERR;
    const std::string& bundle = m->info.want.bundle_name;
    if (dst.bundles.count(bundle) == 0) {
        // CheckRemoteBundleInfoForContinuation, then
        // ContinueLocalMissionDealFreeInstall (which never asks AMS, so a
        // dead mission is not noticed here).
        auto b = src.bundles.find(bundle);
        bool supports = b != src.bundles.end() && b->second.free_install;
        if (!supports) return native::CONTINUE_REMOTE_UNINSTALLED_UNSUPPORT_FREEINSTALL;
        if (!free_install) return native::CONTINUE_REMOTE_UNINSTALLED_SUPPORT_FREEINSTALL;
    } else if (!m->alive) {
        // ContinueAbilityWithTimeout: AMS ContinueAbility ERR_INVALID_VALUE.
        return native::MISSION_FOR_CONTINUING_IS_NOT_ALIVE;
    }
    ContinuationTask t;
    t.src = src.network_id;
    t.dst = dst.network_id;
    t.mission_id = mission_id;
    t.bundle_name = bundle;
    t.by_bundle = !by_bundle.empty();
    t.free_install = free_install;
    t.want_params = params;
    t.callback = cb;
    add_task(std::move(t));
    return 0;
}

bool StubDistributedMissionBackend::takes_qos_path(const std::string& remote_id, bool free_install,
                                                   const std::string& bundle) const {
    // ContinueMissionInner / ContinueMissionOfBundleNameInner (5.0.0+):
    // (!isFreeInstall && IsUsingQos(remote)) ||
    // (isFreeInstall && IsRemoteInstall(remote, bundle)).
    World& w = *world_;
    if (!w.profile.has_qos_continuation()) return false;
    const SimDevice* peer = w.find_device(remote_id);
    if (!free_install) return peer == nullptr || peer->dms_uses_qos();  // no version known: not lower
    return peer != nullptr && peer->bundles.count(bundle) != 0;
}

bool StubDistributedMissionBackend::qos_slot_taken(const std::string& src_id, const std::string& dst_id) const {
    // DSchedContinueManager::CheckContinuationLimit: MAX_CONCURRENT_SOURCE =
    // MAX_CONCURRENT_SINK = 1, counted per direction over every mission.
    World& w = *world_;
    bool pull = dst_id == local_id_;
    if (!pull && src_id != local_id_) return false;  // OPERATION_DEVICE_NOT_INITIATOR_OR_TARGET, answered earlier
    for (const auto& t : w.continuations) {
        if (!t.qos) continue;
        if (pull ? t.dst == local_id_ : t.src == local_id_) return true;
    }
    return false;
}

std::int32_t StubDistributedMissionBackend::accept_qos(ContinuationTask task) {
    // DSchedContinueManager::ContinueMission answered ERR_OK before this:
    // HandleContinueMissionWithBundleName runs on its own handler, and a
    // push or pull over the limit is dropped there without a callback.
    if (qos_slot_taken(task.src, task.dst)) return 0;
    task.qos = true;
    add_task(std::move(task));
    return 0;
}

std::int32_t StubDistributedMissionBackend::continue_mission(const std::string& src_id, const std::string& dst_id,
                                                             std::int32_t mission_id,
                                                             const std::shared_ptr<ContinuationCallback>& callback,
                                                             const WantParams& want_params) {
    World& w = *world_;
    if (std::int32_t f = injected(local(), "distributedMissionManager.continueMission")) return f;
    // AbilityManagerClient checks the ids before AMS sees the call.
    if (src_id.empty() || dst_id.empty()) return native::ERR_INVALID_VALUE;
    if (std::int32_t rc = ams_gate(nullptr)) return rc;
    bool free_install = free_install_requested(want_params);
    bool local_src = src_id == local_id_;
    bool local_dst = dst_id == local_id_;
    const std::string& remote_id = local_src ? dst_id : src_id;
    if (w.profile.continue_looks_up_local_mission()) {
        // DistributedSchedStub::ContinueMissionInner (5.0.0+): the mission is
        // read from the local list whatever the source and target are.
        SimMission* here = local().find_mission(mission_id);
        if (here == nullptr) return native::ERR_NULL_OBJECT;
        if (takes_qos_path(remote_id, free_install, here->info.want.bundle_name)) {
            // DSchedContinueManager::ContinueMission's own checks.
            if (!local_src && !local_dst) return native::OPERATION_DEVICE_NOT_INITIATOR_OR_TARGET;
            const SimDevice* peer = w.find_device(remote_id);
            if (peer == nullptr || !w.reachable(local_id_, remote_id)) return native::INVALID_REMOTE_PARAMETERS_ERR;
            for (const auto& t : w.continuations) {
                if (t.qos && t.src == src_id && t.dst == dst_id && t.mission_id == mission_id) return 0;
            }
            ContinuationTask t;
            t.src = src_id;
            t.dst = dst_id;
            t.mission_id = mission_id;
            t.free_install = free_install;
            t.want_params = want_params;
            t.callback = callback;
            return accept_qos(std::move(t));
        }
    }
    // DistributedSchedService::ContinueMission.
    if (!local_src && !local_dst) return native::OPERATION_DEVICE_NOT_INITIATOR_OR_TARGET;
    SimDevice* peer = w.find_device(remote_id);
    if (peer == nullptr || !w.reachable(local_id_, remote_id)) return native::INVALID_REMOTE_PARAMETERS_ERR;
    if (local_dst && w.profile.checks_continue_switch() && !local().continue_switch) {
        return native::DMS_PERMISSION_DENIED;  // ContinueRemoteMission
    }
    // A remote source answers with its own ContinueLocalMission.
    SimDevice& src = local_src ? local() : *peer;
    SimDevice& dst = local_src ? *peer : local();
    return continue_local_mission(src, dst, mission_id, want_params, free_install, callback, "");
}

std::int32_t StubDistributedMissionBackend::mission_of_bundle(const SimDevice& src, const std::string& bundle,
                                                              std::int32_t& mission_id) const {
    // GetMissionIdByBundleName: the focused mission when it is the bundle's
    // and continuable, else the last continuable one focused.  The model:
    // the most recent continuable mission must be the bundle's.
    for (const auto& m : src.missions) {
        if (!m.info.continuable) continue;
        if (m.info.want.bundle_name != bundle) break;
        mission_id = m.info.id;
        return 0;
    }
    return world_->profile.bundle_lookup_says_not_focused() ? native::MISSION_NOT_FOCUSED
                                                            : native::INVALID_PARAMETERS_ERR;
}

std::int32_t StubDistributedMissionBackend::continue_mission_by_bundle(
    const ContinueMissionInfo& info, const std::shared_ptr<ContinuationCallback>& callback) {
    World& w = *world_;
    if (std::int32_t f = injected(local(), "distributedMissionManager.continueMission")) return f;
    if (info.src_device_id.empty() || info.dst_device_id.empty()) return native::ERR_INVALID_VALUE;
    if (std::int32_t rc = ams_gate(nullptr)) return rc;
    bool local_src = info.src_device_id == local_id_;
    bool local_dst = info.dst_device_id == local_id_;
    const std::string& remote_id = local_src ? info.dst_device_id : info.src_device_id;
    bool free_install = free_install_requested(info.want_params);
    if (!local_src && !local_dst) return native::OPERATION_DEVICE_NOT_INITIATOR_OR_TARGET;
    SimDevice* peer = w.find_device(remote_id);
    bool peer_up = peer != nullptr && w.reachable(local_id_, remote_id);
    if (takes_qos_path(remote_id, free_install, info.bundle_name)) {
        // DSchedContinueManager::ContinueMission(DSchedContinueInfo, ...).
        if (!peer_up) return native::INVALID_REMOTE_PARAMETERS_ERR;
        std::int32_t mission_id = -1;
        if (local_src && mission_of_bundle(local(), info.bundle_name, mission_id) != 0) {
            return native::INVALID_PARAMETERS_ERR;
        }
        if (!local_src && mission_of_bundle(*peer, info.bundle_name, mission_id) != 0) {
            // The pull is accepted; the source's DSchedContinue fails later. [I]
            mission_id = -1;
        }
        for (const auto& t : w.continuations) {
            // continues_.find(info): an identical task is dropped.
            if (t.by_bundle && t.src == info.src_device_id && t.dst == info.dst_device_id &&
                t.bundle_name == info.bundle_name) {
                return 0;
            }
        }
        ContinuationTask t;
        t.src = info.src_device_id;
        t.dst = info.dst_device_id;
        t.mission_id = mission_id;
        t.bundle_name = info.bundle_name;
        t.by_bundle = true;
        t.free_install = free_install;
        t.want_params = info.want_params;
        t.callback = callback;
        return accept_qos(std::move(t));
    }
    // The legacy path: ProcessContinueLocalMission / ProcessContinueRemoteMission.
    if (!peer_up) return native::INVALID_REMOTE_PARAMETERS_ERR;
    SimDevice& src = local_src ? local() : *peer;
    SimDevice& dst = local_src ? *peer : local();
    std::int32_t mission_id = -1;
    if (std::int32_t rc = mission_of_bundle(src, info.bundle_name, mission_id)) return rc;
    return continue_local_mission(src, dst, mission_id, info.want_params, free_install, callback, info.bundle_name);
}

std::int32_t StubDistributedMissionBackend::add_continue_state_listener(
    const std::string& type, const std::shared_ptr<ContinueStateListener>& listener) {
    // Only getting the SA manager or subscribing can fail visibly.
    if (injected(local(), "distributedMissionManager.on") != 0) return native::INNER_ERR;
    // AMS RegisterOnListener's own result (202/201 included) never reaches
    // JS; DMS refuses a second insertion of the same object.
    if (!caller().system_app || !caller().has_permission(permission::MANAGE_MISSIONS)) return 0;
    auto& ls = dms().on_listeners[type];
    if (std::find(ls.begin(), ls.end(), listener) == ls.end()) {
        ls.push_back(listener);
        own_listeners_.push_back(listener.get());
    }
    return 0;
}

std::int32_t StubDistributedMissionBackend::del_continue_state_listener(
    const std::string& /*type*/, const std::shared_ptr<ContinueStateListener>& listener) {
    // DMS removes the object from every type.
    for (auto it = dms().on_listeners.begin(); it != dms().on_listeners.end();) {
        auto& ls = it->second;
        ls.erase(std::remove(ls.begin(), ls.end(), listener), ls.end());
        it = ls.empty() ? dms().on_listeners.erase(it) : std::next(it);
    }
    own_listeners_.erase(std::remove(own_listeners_.begin(), own_listeners_.end(), listener.get()),
                         own_listeners_.end());
    return 0;
}

}  // namespace ohbridge::stub
