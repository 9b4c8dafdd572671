// Starting and stopping apps on the simulated local device, as AMS does it
// for `aa start` / `aa force-stop` (ability_ability_runtime, read in
// OpenHarmony-v6.0-Release):
//  * AbilityManagerService::StartAbility resolves the element through BMS
//    (RESOLVE_ABILITY_ERR when the bundle or ability is not installed), then
//    MissionListManager::StartAbility reuses the ability's mission (singleton
//    launch) or creates one; either way it comes to the front and has focus.
//  * AbilityManagerService::KillProcess asks BMS for the bundle first
//    (GET_BUNDLE_INFO_FAILED when it is not installed), then AppMgr kills its
//    processes.  Each dying ability goes through
//    MissionListManager::HandleAbilityDiedByDefault: its mission leaves the
//    live list, and MissionInfoMgr keeps the record with runningState -1
//    (getMissionInfos still lists it); if it had focus, the launcher comes up.
#include "ohbridge/stub/app_lifecycle.h"

#include "ohbridge/errors.h"

namespace ohbridge::stub {

namespace {
// ability_manager_errors.h: AAFWK_SERVICE_ERR_OFFSET + 31.
constexpr std::int32_t GET_BUNDLE_INFO_FAILED = 2097183;
// MissionInfo.runningState of a mission whose ability died.
constexpr std::int32_t kNotRunning = -1;
}  // namespace

std::int32_t StubAppBackend::start_ability(const Want& want) {
    SimDevice& dev = local();
    if (std::int32_t f = dev.services.faults.take("app.startAbility")) return f;
    Want on_this_device = want;
    on_this_device.device_id.clear();  // aa start -d is not modelled: the local device
    return world_->start_ability(dev.network_id, dev.network_id, on_this_device, dev.services.caller.uid,
                                 "app.startAbility");
}

std::int32_t StubAppBackend::force_stop(const std::string& bundle_name) {
    World& w = *world_;
    SimDevice& dev = local();
    if (std::int32_t f = dev.services.faults.take("app.forceStop")) return f;
    if (dev.bundles.find(bundle_name) == dev.bundles.end()) return GET_BUNDLE_INFO_FAILED;
    bool changed = false;
    for (auto& m : dev.missions) {
        if (m.info.want.bundle_name != bundle_name || !m.alive) continue;
        m.alive = false;
        m.info.running_state = kNotRunning;
        changed = true;
    }
    if (changed) w.missions_changed(dev.network_id);
    return 0;
}

std::int32_t StubAppBackend::foreground(MissionInfo& out, bool& found) {
    SimDevice& dev = local();
    if (std::int32_t f = dev.services.faults.take("app.foreground")) return f;
    // The front mission has focus while its ability lives (launch_mission
    // puts each start in front).  Once it died, the launcher came up
    // (HandleAbilityDiedByDefault: DelayedStartLauncher), which has no mission
    // in the list: nothing until the next start or move to front.
    const auto& missions = dev.missions;
    found = !missions.empty() && missions.front().alive && missions.front().info.running_state != kNotRunning;
    if (found) out = missions.front().info;
    return 0;
}

}  // namespace ohbridge::stub
