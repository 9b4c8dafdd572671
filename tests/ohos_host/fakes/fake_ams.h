// What the fake AbilityManagerClient holds, as AMS/DMS would: the listener
// objects it accepted (so a test can call them, as DMS does over IPC) and the
// missions it reports.
#pragma once

#include <string>
#include <vector>

#include "ohos_inner_api_decls.h"

namespace fakes {

// The objects RegisterMissionListener accepted for a device and that no
// accepted UnRegisterMissionListener removed.
std::vector<OHOS::AAFwk::IRemoteMissionListener*> mission_listeners(const std::string& device_id);
// The objects RegisterOnListener accepted for a type, minus RegisterOffListener.
std::vector<OHOS::AAFwk::IRemoteOnListener*> on_listeners(const std::string& type);
// The callback object of the last ContinueMission call.
OHOS::IRemoteObject* last_continue_callback();
// What DMS sends that object when the continuation ends
// (DSchedContinue::NotifyContinuationCallbackResult, ability_dmsfwk
// dsched_continue.cpp: token u"ohos.DistributedSchedule.IMissionCallback", one
// Int32, request code 4); returns what the object's SendRequest returned.
int report_continuation_result(std::int32_t result);
// "{key=value,...}" of a WantParams, its values rendered by IObject::ToString.
std::string params_text(const OHOS::AAFwk::WantParams& params);
// "Want{device/bundle/ability ...}" (fake_want.cpp).
std::string want_text(const OHOS::AAFwk::Want& want);
// A stable name ("object#1", ...) for an object the fakes were handed: the
// log records objects by it, so a test can tell one object from another.
std::string object_name(const void* object);
// What GetMissionInfos / GetMissionInfo report (ids and labels).
void set_missions(std::vector<OHOS::AAFwk::MissionInfo> missions);
// A remote device leaves or rejoins the network, as DMS sees it
// (ability_dmsfwk distributed_sched_mission_manager.cpp): going offline,
// DeviceOfflineNotify -> CleanMissionResources drops every listener of that
// device without telling it; while offline, RegisterMissionListener (no uuid)
// and UnRegisterMissionListener (IsDeviceIdValidated) answer
// INVALID_PARAMETERS_ERR (29360128); back online, unregistering a listener DMS
// no longer has is ERR_NONE.
void set_device_online(const std::string& device_id, bool online);
// DMS's NotifyNetDisconnectOffline (the local network went down): every
// listener hears NotifyNetDisconnect(its device, NET_STATE).
void notify_net_disconnect_offline(std::int32_t net_state);
// What GetTopAbility reports (empty: the launcher has focus).
void set_top_ability(const OHOS::AppExecFwk::ElementName& element);
void reset_ams();

}  // namespace fakes
