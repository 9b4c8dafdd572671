// The simulated "super device": several networked devices, each running its
// own AMS and DMS.  A backend view is (world, local device): the API is
// called on that device.  All state lives behind one mutex; every module call
// takes it, so the world is consistent at each step.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "ohbridge/mission.h"
#include "ohbridge/mission_backend.h"
#include "ohbridge/profile.h"
#include "ohbridge/want.h"

namespace ohbridge::stub {

class PendingWantManager;

namespace permission {
inline const char* const MANAGE_MISSIONS = "ohos.permission.MANAGE_MISSIONS";
inline const char* const DISTRIBUTED_DATASYNC = "ohos.permission.DISTRIBUTED_DATASYNC";
inline const char* const START_ABILITIES_FROM_BACKGROUND = "ohos.permission.START_ABILITIES_FROM_BACKGROUND";
}  // namespace permission

// Who is calling the API on the local device: the app (or agent) whose
// process the JS module runs in.  The defaults describe what the on-device
// agent is: a system-privileged caller holding the mission permissions, so
// that the stub and the agent backend answer alike.
struct CallerIdentity {
    std::string bundle_name = "com.example.myapplication";
    std::int32_t uid = 20010042;
    bool system_app = true;
    bool system_ability = false;  // an SA (native service) caller
    bool foreground = true;       // focused or foregrounding
    bool has_context = true;      // an application context exists
    bool ability_context = true;  // the context is a UIAbility/extension context
    std::int32_t user_id = 100;
    std::set<std::string> permissions{permission::MANAGE_MISSIONS, permission::DISTRIBUTED_DATASYNC};

    bool has_permission(const std::string& p) const { return permissions.count(p) != 0; }
};

struct AbilityInfo {
    std::string name;
    std::string module_name = "entry";
    bool continuable = false;
};

struct BundleInfo {
    std::string name;
    std::int32_t uid = -1;
    std::vector<AbilityInfo> abilities;
    bool free_install = false;  // may be installed on demand by continuation

    const AbilityInfo* find_ability(const std::string& ability) const {
        for (const auto& a : abilities) {
            if (a.name == ability) return &a;
        }
        return nullptr;
    }
};

// What a trigger or an explicit start did, for tests to observe.
struct StartRecord {
    std::string device_id;  // where it was started
    Want want;
    std::int32_t caller_uid = -1;
    std::int32_t result = 0;  // 0 on success
    std::string via;          // "wantAgent", "aa start", ...
};

struct CommonEventRecord {
    Want want;
    std::int32_t code = 0;
    std::string permission;
    std::int32_t publisher_uid = -1;
};

// A mission in a device's own mission list (AMS MissionListManager).
struct SimMission {
    MissionInfo info;
    bool alive = true;  // the ability's process exists (MISSION_FOR_CONTINUING_IS_NOT_ALIVE)
};

// One continuation DMS has accepted and not finished.
struct ContinuationTask {
    std::uint64_t id = 0;
    std::string src;
    std::string dst;
    std::int32_t mission_id = -1;  // -1 on the bundle-name path until resolved
    std::string bundle_name;
    bool qos = false;          // DSchedContinueManager (true) or the legacy DistributedSchedContinuation
    bool by_bundle = false;    // continueMission(ContinueMissionInfo)
    bool free_install = false;
    WantParams want_params = Value(Object{});
    std::shared_ptr<ContinuationCallback> callback;
    std::int64_t started_ms = 0;
};

// One device's distributed scheduler (DMS) state that the API reaches:
// DistributedSchedMissionManager's listenDeviceMap_ and caches, and
// DMSContinueRecvMgr's registered on-listeners.  Every device runs its own.
struct DmsState {
    struct ListenedDevice {
        std::vector<std::shared_ptr<RemoteMissionListener>> listeners;
        // Set by the first successful startSyncRemoteMissions; nothing but
        // erasing the entry (the last unregister, the device going offline)
        // resets it: stopSyncRemoteMissions leaves it set.
        bool called = false;
    };
    std::map<std::string, ListenedDevice> listen_device_map;
    // RebornMissionCache: remote device -> its synced missions (at most 20).
    std::map<std::string, std::vector<MissionInfo>> mission_cache;
    std::map<std::string, std::map<std::int32_t, MissionSnapshot>> snapshot_cache;
    std::map<std::string, std::vector<std::shared_ptr<ContinueStateListener>>> on_listeners;
};

// One-shot failures injected by tests: the next call of `method` fails the
// way a broken IPC link or a busy service makes it fail on a device.
class FaultInjector {
public:
    void fail_next(const std::string& method, std::int32_t code) { faults_[method].push_back(code); }
    // The code to fail with, or 0.
    std::int32_t take(const std::string& method) {
        auto it = faults_.find(method);
        if (it == faults_.end() || it->second.empty()) return 0;
        std::int32_t c = it->second.front();
        it->second.pop_front();
        return c;
    }
    void clear() { faults_.clear(); }

private:
    std::map<std::string, std::deque<std::int32_t>> faults_;
};

// The services each device runs for the apps on it, and who the app under
// test is there.  AMS (its PendingWantManager), DMS and the caller's token
// are per device on a real super device: one device's listeners, synced
// caches and WantAgents are not another's.
struct DeviceServices {
    CallerIdentity caller;
    DmsState dms;
    FaultInjector faults;
    // AMS PendingWantManager; created on first use (pending_want_manager.cpp).
    std::shared_ptr<PendingWantManager> pending_wants;
};

struct SimDevice {
    std::string network_id;
    std::string name;
    std::string device_type = "phone";
    bool online = true;
    std::map<std::string, BundleInfo> bundles;
    // Most recent first: missions.front() is the focused one.
    std::vector<SimMission> missions;
    std::map<std::int32_t, MissionSnapshot> snapshots;
    std::int32_t next_mission_id = 1;
    // Settings > continue switch (DMS refuses to continue away when off).
    bool continue_switch = true;
    std::int32_t foreground_user = 100;
    // The version this device's DMS publishes ("major.minor.feature"; empty:
    // none published).  A local DMS of 5.0.0+ continues to it over the QoS
    // path (DSchedContinueManager) unless the version is known and lower than
    // 5.0.0 (DistributedSchedStub::IsUsingQos, QOS_THRESHOLD_VERSION = 5):
    // the default is a 4.1 peer, whose errors all come back synchronously.
    std::string dms_version = "4.1.0";
    bool dms_uses_qos() const { return !dms_version_lower_than(5, 0, 0); }
    // The older boolean setting: a 5.0.0 peer or a 4.1 one.
    void set_qos_continue(bool on) { dms_version = on ? "5.0.0" : "4.1.0"; }
    // DmsVersionManager::IsRemoteDmsVersionLower: false when the version
    // cannot be read or parsed.
    bool dms_version_lower_than(unsigned major, unsigned minor, unsigned feature) const;
    // Access control lets this device's missions be synced by the local one.
    bool trusted = true;
    DeviceServices services;

    std::int32_t uid_of(const std::string& bundle) const {
        auto it = bundles.find(bundle);
        return it == bundles.end() ? -1 : it->second.uid;
    }
    SimMission* find_mission(std::int32_t id) {
        for (auto& m : missions) {
            if (m.info.id == id) return &m;
        }
        return nullptr;
    }
};

class World {
public:
    World();

    std::mutex mu;  // guards everything below
    ApiProfile profile;
    std::map<std::string, SimDevice> devices;
    // The device connect("stub") views when no name is given.
    std::string default_local_id;
    // What tests observe: the most recent kObservationLimit entries, so a
    // world driven for hours (a device-farm soak) does not grow without bound.
    static constexpr std::size_t kObservationLimit = 10000;
    std::deque<StartRecord> started;
    std::deque<CommonEventRecord> common_events;
    template <typename Log, typename Entry>
    static void record(Log& log, Entry entry) {
        log.push_back(std::move(entry));
        if (log.size() > kObservationLimit) log.pop_front();
    }
    // Continuations in progress, between two devices' DMS (each side keeps
    // its half in DSchedContinueManager / DistributedSchedContinuation; one
    // record here serves both).
    std::vector<ContinuationTask> continuations;
    std::uint64_t next_task_id = 1;
    // Simulated time, in ms.  Only continuation timeouts read it; it moves
    // when a test calls advance_clock, never by itself.
    std::int64_t clock_ms = 0;
    std::int64_t launch_sequence = 0;  // keeps mission timestamps unique and deterministic
    // true: an accepted continuation finishes right after the call that
    // started it (its onContinueDone is queued behind the call's own
    // result).  false: it stays in progress until complete_continuations or
    // a timeout through advance_clock.
    bool auto_continue = true;
    // Work that a device does "soon after" a call (pushing snapshots after a
    // sync starts, finishing auto continuations): run once the call's own
    // result has been posted, so callbacks arrive in device order.
    std::vector<std::function<void()>> after_call;
    void run_after_call();

    SimDevice* find_device(const std::string& network_id) {
        auto it = devices.find(network_id);
        return it == devices.end() ? nullptr : &it->second;
    }
    // The networkId of the device called `name_or_id` (its networkId, or
    // its name when one device has it); throws std::invalid_argument
    // listing the devices otherwise.
    std::string resolve_device(const std::string& name_or_id) const;
    // The device a view calls from; throws std::runtime_error when a
    // reset or a removal took it out of the world.
    SimDevice& local_of(const std::string& network_id);
    // Whether `from` reaches `to` over the network: both online
    // (DtbschedmgrDeviceInfoStorage lists only online peers).
    bool reachable(const std::string& from, const std::string& to) const;
    // A test starts an ability on `device` (as `aa start` would): its mission
    // comes to the front, optionally relabelled.  Returns the mission id;
    // throws std::invalid_argument when it cannot start.  One implementation
    // for every front end's world controls (Python bindings, agent RPC).
    // `flags` are the Want's (a mission shows the Want it was last started with).
    std::int32_t launch_for_test(SimDevice& device, const std::string& bundle, const std::string& ability,
                                 const std::string& module, const std::string& label, const Value& parameters,
                                 std::int32_t flags = 0);
    // Start an ability on `device_id` ("" = `from`, the calling device).
    // Returns 0 or a native error; records the attempt either way.
    std::int32_t start_ability(const std::string& from, const std::string& device_id, const Want& want,
                               std::int32_t caller_uid, const std::string& via);

    // ---- the mission model (world_missions.cpp) ----
    // Start `want` on a device as a mission: an existing mission of the same
    // ability comes to the front (singleton launch), otherwise a new one is
    // created.  Refreshes the snapshot and notifies syncing peers.
    SimMission& launch_mission(SimDevice& dev, const Want& want, const std::string& label = "");
    // Remove a mission from its device; false if there was none.
    bool remove_mission(SimDevice& dev, std::int32_t mission_id);
    // Store a new snapshot of a mission (what the window manager does on
    // every frame change that matters).
    void update_snapshot(SimDevice& dev, std::int32_t mission_id, const std::string& tag);
    // A device's mission list changed: every device syncing from it gets
    // the new list and notifies its listeners (NotifyMissionsChangedToRemote
    // -> NotifyMissionsChangedFromRemote on each).
    void missions_changed(const std::string& device_id);
    // Refill `observer`'s synced cache of a device from that device's list;
    // false if `observer` does not sync it.
    bool refresh_mission_cache(SimDevice& observer, const std::string& device_id);
    void snapshot_changed(const std::string& device_id, std::int32_t mission_id);
    // One observer's half of snapshot_changed.
    void snapshot_changed_for(SimDevice& observer, const std::string& device_id, std::int32_t mission_id);
    void set_online(const std::string& device_id, bool online);
    void remove_device(const std::string& device_id);
    void uninstall_bundle(SimDevice& dev, const std::string& bundle);
    // A nearby device broadcast a continuable mission's focus change: every
    // other device's DMSContinueRecvMgr hears it.
    void broadcast_continue_state(const ContinueStateEvent& event);
    // DistributedSchedMissionManager::OnMissionListenerDied on `device`: the
    // process that registered `listeners` is gone.
    void listeners_died(SimDevice& device, const std::vector<const void*>& listeners);

    // Continuations.  `forced` overrides the natural result; returns how
    // many finished.
    std::size_t complete_continuations(const std::int32_t* forced);
    void finish_continuation(std::uint64_t task_id, const std::int32_t* forced);
    void advance_clock(std::int64_t ms);

    static std::size_t mission_listener_count(const SimDevice& device);
    static std::size_t continue_state_listener_count(const SimDevice& device);
    // Bring the world back to one device with nothing synced; it becomes
    // the default local device.
    void reset(const std::string& local_id, const std::string& local_name);
};

// What connect("stub") starts from: the local device carrying the caller's
// bundle and a few system bundles, and two online peers with a few bundles
// and missions each.
std::shared_ptr<World> make_default_world();

}  // namespace ohbridge::stub
