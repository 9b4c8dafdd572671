// What the mission NAPI layers need from below, at the inner-API level:
// AbilityManagerClient's distributed-mission calls (which reach DMS through
// AMS) and its local mission-list calls.  The stub implements both over the
// simulated World; the OpenHarmony build implements them over
// AbilityManagerClient.  Results are native codes (0 = success); the modules
// map them to JS codes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ohbridge/mission.h"
#include "ohbridge/profile.h"
#include "ohbridge/value.h"

namespace ohbridge {

// IRemoteMissionListener: the object DMS calls (one-way IPC on a device).
class RemoteMissionListener {
public:
    virtual ~RemoteMissionListener() = default;
    virtual void notify_missions_changed(const std::string& device_id) = 0;
    virtual void notify_snapshot(const std::string& device_id, std::int32_t mission_id) = 0;
    virtual void notify_net_disconnect(const std::string& device_id, std::int32_t state) = 0;
};

// IMissionContinue callback: DMS reports the end of a continuation once.
class ContinuationCallback {
public:
    virtual ~ContinuationCallback() = default;
    virtual void on_continue_done(std::int32_t result_code) = 0;
};

// The payload of a continueStateChange broadcast (BuildCallbackResult).
struct ContinueStateEvent {
    std::int32_t state = 0;  // ContinueState
    std::string src_device_id;
    std::string bundle_name;
    std::string continue_type;
    std::string src_bundle_name;
    std::vector<std::string> target_app_ids;

    // The JS object as the release's UvWorkOnCallback / BuildCallbackResult
    // builds it: the fields it does not set are absent, not empty.
    Value to_value(const ApiProfile& profile) const;
};

// IRemoteOnListener (DMSContinueRecvMgr).
class ContinueStateListener {
public:
    virtual ~ContinueStateListener() = default;
    virtual void on_continue_state(const ContinueStateEvent& event) = 0;
};

class DistributedMissionBackend {
public:
    virtual ~DistributedMissionBackend() = default;

    virtual std::int32_t register_mission_listener(const std::string& device_id,
                                                   const std::shared_ptr<RemoteMissionListener>& listener) = 0;
    virtual std::int32_t unregister_mission_listener(const std::string& device_id,
                                                     const std::shared_ptr<RemoteMissionListener>& listener) = 0;
    virtual std::int32_t start_sync_remote_missions(const std::string& device_id, bool fix_conflict,
                                                    std::int64_t tag) = 0;
    virtual std::int32_t stop_sync_remote_missions(const std::string& device_id) = 0;
    // AbilityManagerClient::ContinueMission(src, dst, missionId, callback, wantParams).
    virtual std::int32_t continue_mission(const std::string& src_device_id, const std::string& dst_device_id,
                                          std::int32_t mission_id,
                                          const std::shared_ptr<ContinuationCallback>& callback,
                                          const WantParams& want_params) = 0;
    // AbilityManagerClient::ContinueMission(ContinueMissionInfo, callback).
    virtual std::int32_t continue_mission_by_bundle(const ContinueMissionInfo& info,
                                                    const std::shared_ptr<ContinuationCallback>& callback) = 0;
    // DmsSaClient::AddListener / DelListener.  Only the SA-manager step can
    // fail visibly; the AMS result is ignored by the NAPI layer.
    virtual std::int32_t add_continue_state_listener(const std::string& type,
                                                     const std::shared_ptr<ContinueStateListener>& listener) = 0;
    virtual std::int32_t del_continue_state_listener(const std::string& type,
                                                     const std::shared_ptr<ContinueStateListener>& listener) = 0;

    // The caller that registered `listener` for `device_id` is gone and no
    // unregister will come: what DMS's death recipient does with a dead
    // listener (ability_dmsfwk DistributedSchedMissionManager::
    // OnMissionListenerDied): out of every entry, an emptied entry erased,
    // and its sync stopped if it had been started (`called`).  Never fails
    // visibly: nobody is left to hear it.
    virtual void mission_listener_died(const std::string& device_id,
                                       const std::shared_ptr<RemoteMissionListener>& listener) = 0;
    // DMSContinueRecvMgr::NotifyDied removes the object from every type as
    // RegisterOffListener does.
    virtual void continue_state_listener_died(const std::string& type,
                                              const std::shared_ptr<ContinueStateListener>& listener) {
        (void)del_continue_state_listener(type, listener);
    }
};

class MissionManagerBackend {
public:
    virtual ~MissionManagerBackend() = default;

    virtual std::int32_t get_mission_infos(const std::string& device_id, std::int32_t num_max,
                                           std::vector<MissionInfo>& out) = 0;
    virtual std::int32_t get_mission_info(const std::string& device_id, std::int32_t mission_id,
                                          MissionInfo& out) = 0;
    virtual std::int32_t get_mission_snapshot(const std::string& device_id, std::int32_t mission_id,
                                              MissionSnapshot& out, bool low_resolution) = 0;
    virtual std::int32_t move_mission_to_front(std::int32_t mission_id) = 0;
    virtual std::int32_t clean_mission(std::int32_t mission_id) = 0;
    virtual std::int32_t clean_all_missions() = 0;
    virtual std::int32_t lock_mission_for_cleanup(std::int32_t mission_id) = 0;
    virtual std::int32_t unlock_mission_for_cleanup(std::int32_t mission_id) = 0;
};

}  // namespace ohbridge
