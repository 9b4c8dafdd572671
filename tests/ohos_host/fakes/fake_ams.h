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
// A stable name ("object#1", ...) for an object the fakes were handed: the
// log records objects by it, so a test can tell one object from another.
std::string object_name(const void* object);
// What GetMissionInfos / GetMissionInfo report (ids and labels).
void set_missions(std::vector<OHOS::AAFwk::MissionInfo> missions);
void reset_ams();

}  // namespace fakes
