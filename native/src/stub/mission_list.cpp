// The local mission list as AbilityManagerService serves it to the
// missionManager module, and the remote lists it reads from the local DMS's
// synced cache.
#include "ohbridge/errors.h"
#include "ohbridge/stub/dms.h"

namespace ohbridge::stub {

// ---------------------------------------------------------------------------
// the local mission list (AMS).  Each code is the one the named function
// returns (ability_ability_runtime: ability_manager_service.cpp,
// mission_list_manager.cpp, mission_info_mgr.cpp; ability_dmsfwk:
// distributed_sched_mission_manager.cpp, distributed_sched_stub.cpp); the
// module maps it through INNER_TO_JS_ERROR_CODE_MAP.

namespace {
// MissionInfoMgr::GetMissionInfoById for an id it does not hold.
constexpr std::int32_t kMissionInfoMgrNotFound = -1;
// AbilityManagerService::GetRemoteMissionInfo reads this many from DMS.
constexpr std::int32_t kMaxDistributedMissions = 20;
}  // namespace

std::int32_t StubMissionManagerBackend::gate(const char* method) const {
    World& w = *world_;
    if (std::int32_t f = local().services.faults.take(method)) return f;
    // CHECK_CALLER_IS_SYSTEM_APP, then VerifyMissionPermission.
    if (w.profile.ams_checks_system_app() && !local().services.caller.system_app) return native::ERR_NOT_SYSTEM_APP;
    if (!local().services.caller.has_permission(permission::MANAGE_MISSIONS)) return native::CHECK_PERMISSION_FAILED;
    return 0;
}

bool StubMissionManagerBackend::is_remote(const std::string& device_id) const {
    return !device_id.empty() && device_id != local_id_;
}

std::int32_t StubMissionManagerBackend::remote_mission_infos(const std::string& device_id, std::int32_t num_max,
                                                             std::vector<MissionInfo>& out) const {
    // DistributedSchedMissionManager::GetMissionInfos: IsDeviceIdValidated,
    // numMissions > 0, then FetchCachedRemoteMissions (ERR_NULL_OBJECT when
    // nothing was synced from that device).
    World& w = *world_;
    const DmsState& dms = local().services.dms;
    if (!w.reachable(local_id_, device_id) || num_max <= 0) return native::INVALID_PARAMETERS_ERR;
    auto cache = dms.mission_cache.find(device_id);
    if (cache == dms.mission_cache.end()) return native::ERR_NULL_OBJECT;
    for (const auto& m : cache->second) {
        if (static_cast<std::int32_t>(out.size()) == num_max) break;
        out.push_back(m);
    }
    return 0;
}

std::int32_t StubMissionManagerBackend::get_mission_infos(const std::string& device_id, std::int32_t num_max,
                                                          std::vector<MissionInfo>& out) {
    if (std::int32_t rc = gate("missionManager.getMissionInfos")) return rc;
    if (is_remote(device_id)) return remote_mission_infos(device_id, num_max, out);
    // MissionListManager::GetMissionInfos.
    if (num_max < 0) return native::ERR_INVALID_VALUE;
    for (const auto& m : local().missions) {
        if (static_cast<std::int32_t>(out.size()) == num_max) break;
        out.push_back(m.info);
    }
    return 0;
}

std::int32_t StubMissionManagerBackend::get_mission_info(const std::string& device_id, std::int32_t mission_id,
                                                         MissionInfo& out) {
    if (std::int32_t rc = gate("missionManager.getMissionInfo")) return rc;
    if (is_remote(device_id)) {
        // AbilityManagerService::GetRemoteMissionInfo.
        std::vector<MissionInfo> synced;
        if (std::int32_t rc = remote_mission_infos(device_id, kMaxDistributedMissions, synced)) return rc;
        for (const auto& m : synced) {
            if (m.id == mission_id) {
                out = m;
                return 0;
            }
        }
        return native::ERR_INVALID_VALUE;
    }
    SimMission* m = local().find_mission(mission_id);
    if (m == nullptr) return kMissionInfoMgrNotFound;
    out = m->info;
    return 0;
}

std::int32_t StubMissionManagerBackend::get_mission_snapshot(const std::string& device_id,
                                                             std::int32_t mission_id, MissionSnapshot& out,
                                                             bool /*low_resolution*/) {
    World& w = *world_;
    if (std::int32_t rc = gate("missionManager.getMissionSnapshot")) return rc;
    if (is_remote(device_id)) {
        // DistributedSchedStub::GetRemoteMissionSnapshotInfoInner: a negative
        // id is INVALID_PARAMETERS_ERR, every other failure ERR_NULL_OBJECT.
        if (mission_id < 0) return native::INVALID_PARAMETERS_ERR;
        const DmsState& dms = local().services.dms;
        auto cache = dms.snapshot_cache.find(device_id);
        if (!w.reachable(local_id_, device_id) || cache == dms.snapshot_cache.end()) return native::ERR_NULL_OBJECT;
        auto s = cache->second.find(mission_id);
        if (s == cache->second.end()) return native::ERR_NULL_OBJECT;
        out = s->second;
        return 0;
    }
    // MissionListManager::GetMissionSnapshot false -> INNER_ERR.
    auto s = local().snapshots.find(mission_id);
    if (s == local().snapshots.end()) return native::INNER_ERR;
    out = s->second;
    return 0;
}

std::int32_t StubMissionManagerBackend::move_mission_to_front(std::int32_t mission_id) {
    World& w = *world_;
    if (std::int32_t rc = gate("missionManager.moveMissionToFront")) return rc;
    SimMission* m = local().find_mission(mission_id);
    // MoveMissionToFrontInner: no such mission in any list.
    if (m == nullptr) return native::MOVE_MISSION_FAILED;
    Want want = m->info.want;
    w.launch_mission(local(), want);
    return 0;
}

std::int32_t StubMissionManagerBackend::clean_mission(std::int32_t mission_id) {
    World& w = *world_;
    if (std::int32_t rc = gate("missionManager.cleanMission")) return rc;
    // MissionListManager::ClearMission never reads lockedState (only
    // ClearAllMissionsLocked does); for an id it does not know,
    // ClearMissionLocked(id, nullptr) deletes nothing and answers ERR_OK.
    if (mission_id < 0) return native::ERR_INVALID_VALUE;
    SimMission* m = local().find_mission(mission_id);
    if (m == nullptr) return 0;
    if (w.profile.clean_mission_checks_unclearable() && m->info.unclearable) return native::ERR_INVALID_VALUE;
    w.remove_mission(local(), mission_id);
    return 0;
}

std::int32_t StubMissionManagerBackend::clean_all_missions() {
    World& w = *world_;
    if (std::int32_t rc = gate("missionManager.cleanAllMissions")) return rc;
    // ClearAllMissionsLocked skips locked and unclearable missions.
    std::vector<std::int32_t> ids;
    for (const auto& m : local().missions) {
        if (!m.info.locked_state && !m.info.unclearable) ids.push_back(m.info.id);
    }
    for (auto id : ids) w.remove_mission(local(), id);
    return 0;
}

std::int32_t StubMissionManagerBackend::set_locked_state(const char* method, std::int32_t mission_id, bool locked) {
    if (std::int32_t rc = gate(method)) return rc;
    // MissionListManager::SetMissionLockedState.
    if (mission_id < 0) return native::MISSION_NOT_FOUND;
    SimMission* m = local().find_mission(mission_id);
    if (m == nullptr) return native::MISSION_NOT_FOUND;
    m->info.locked_state = locked;
    return 0;
}

std::int32_t StubMissionManagerBackend::lock_mission_for_cleanup(std::int32_t mission_id) {
    return set_locked_state("missionManager.lockMissionForCleanup", mission_id, true);
}

std::int32_t StubMissionManagerBackend::unlock_mission_for_cleanup(std::int32_t mission_id) {
    return set_locked_state("missionManager.unlockMissionForCleanup", mission_id, false);
}

}  // namespace ohbridge::stub
