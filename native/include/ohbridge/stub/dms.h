// The mission backends over the simulated World: AbilityManagerService's
// gate and mission list, and the local DMS with its synced caches and
// continuations (DistributedSchedMissionManager, DistributedSchedService,
// DSchedContinueManager).
#pragma once

#include <memory>

#include "ohbridge/mission_backend.h"
#include "ohbridge/stub/world.h"

namespace ohbridge::stub {

class StubDistributedMissionBackend : public DistributedMissionBackend {
public:
    // The DMS of `local_id`, the device the API is called on.
    StubDistributedMissionBackend(std::shared_ptr<World> world, std::string local_id)
        : world_(std::move(world)), local_id_(std::move(local_id)) {}

    std::int32_t register_mission_listener(const std::string& device_id,
                                           const std::shared_ptr<RemoteMissionListener>& listener) override;
    std::int32_t unregister_mission_listener(const std::string& device_id,
                                             const std::shared_ptr<RemoteMissionListener>& listener) override;
    std::int32_t start_sync_remote_missions(const std::string& device_id, bool fix_conflict,
                                            std::int64_t tag) override;
    std::int32_t stop_sync_remote_missions(const std::string& device_id) override;
    std::int32_t continue_mission(const std::string& src_device_id, const std::string& dst_device_id,
                                  std::int32_t mission_id, const std::shared_ptr<ContinuationCallback>& callback,
                                  const WantParams& want_params) override;
    std::int32_t continue_mission_by_bundle(const ContinueMissionInfo& info,
                                            const std::shared_ptr<ContinuationCallback>& callback) override;
    std::int32_t add_continue_state_listener(const std::string& type,
                                             const std::shared_ptr<ContinueStateListener>& listener) override;
    std::int32_t del_continue_state_listener(const std::string& type,
                                             const std::shared_ptr<ContinueStateListener>& listener) override;
    // One listener of this process died alone (its caller left a shared
    // agent): the same death recipient as process_died, for that object.
    void mission_listener_died(const std::string& device_id,
                               const std::shared_ptr<RemoteMissionListener>& listener) override;

    // The calling process is gone (the view closed): its listeners die
    // with it (DistributedSchedMissionManager::OnMissionListenerDied).
    // Call with the world lock held.
    void process_died();
    const std::string& local_id() const { return local_id_; }

    void retarget(const std::string& id) { local_id_ = id; }

private:
    SimDevice& local() const { return world_->local_of(local_id_); }
    DmsState& dms() const { return local().services.dms; }
    const CallerIdentity& caller() const { return local().services.caller; }
    // CHECK_CALLER_IS_SYSTEM_APP, [local-id check], VerifyMissionPermission.
    std::int32_t ams_gate(const std::string* listener_device_id) const;
    bool device_validated(const std::string& device_id) const;  // IsDeviceIdValidated
    std::int32_t dms_stub_device_id_check(const std::string& device_id) const;
    // The legacy DistributedSchedService::ContinueLocalMission on `src`;
    // `by_bundle` names the bundle of the bundle-name overload, or is empty.
    std::int32_t continue_local_mission(SimDevice& src, SimDevice& dst, std::int32_t mission_id,
                                        const WantParams& params, bool free_install,
                                        const std::shared_ptr<ContinuationCallback>& cb,
                                        const std::string& by_bundle);
    // Which continuation path ContinueMissionInner takes for this peer.
    bool takes_qos_path(const std::string& remote_id, bool free_install, const std::string& bundle) const;
    bool qos_slot_taken(const std::string& src_id, const std::string& dst_id) const;
    std::int32_t accept_qos(ContinuationTask task);
    std::int32_t mission_of_bundle(const SimDevice& src, const std::string& bundle, std::int32_t& mission_id) const;
    std::uint64_t add_task(ContinuationTask task);

    std::shared_ptr<World> world_;
    std::string local_id_;
    // The listeners this process registered and has not unregistered.
    std::vector<const void*> own_listeners_;
};

class StubMissionManagerBackend : public MissionManagerBackend {
public:
    // The AMS of `local_id`.
    StubMissionManagerBackend(std::shared_ptr<World> world, std::string local_id)
        : world_(std::move(world)), local_id_(std::move(local_id)) {}

    std::int32_t get_mission_infos(const std::string& device_id, std::int32_t num_max,
                                   std::vector<MissionInfo>& out) override;
    std::int32_t get_mission_info(const std::string& device_id, std::int32_t mission_id, MissionInfo& out) override;
    std::int32_t get_mission_snapshot(const std::string& device_id, std::int32_t mission_id, MissionSnapshot& out,
                                      bool low_resolution) override;
    std::int32_t move_mission_to_front(std::int32_t mission_id) override;
    std::int32_t clean_mission(std::int32_t mission_id) override;
    std::int32_t clean_all_missions() override;
    std::int32_t lock_mission_for_cleanup(std::int32_t mission_id) override;
    std::int32_t unlock_mission_for_cleanup(std::int32_t mission_id) override;

    void retarget(const std::string& id) { local_id_ = id; }

private:
    std::int32_t gate(const char* method) const;
    bool is_remote(const std::string& device_id) const;  // CheckIsRemote
    std::int32_t remote_mission_infos(const std::string& device_id, std::int32_t num_max,
                                      std::vector<MissionInfo>& out) const;
    std::int32_t set_locked_state(const char* method, std::int32_t mission_id, bool locked);
    SimDevice& local() const { return world_->local_of(local_id_); }

    std::shared_ptr<World> world_;
    std::string local_id_;
};

}  // namespace ohbridge::stub
