// AbilityManagerClient, as the decls header declares it, over the log.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <mutex>

#include "fake_ams.h"
#include "fake_identity.h"
#include "inner_api_log.h"

namespace fakes {
namespace {

struct AmsState {
    std::mutex mu;
    std::map<std::string, std::vector<OHOS::sptr<OHOS::AAFwk::IRemoteMissionListener>>> mission_listeners;
    std::map<std::string, std::vector<OHOS::sptr<OHOS::AAFwk::IRemoteOnListener>>> on_listeners;
    OHOS::sptr<OHOS::IRemoteObject> continue_callback;
    std::vector<OHOS::AAFwk::MissionInfo> missions;
    std::map<const void*, int> names;
    std::set<std::string> offline;
    OHOS::AppExecFwk::ElementName top;
};

AmsState& state() {
    static AmsState s;
    return s;
}

template <class T>
void erase_object(std::vector<OHOS::sptr<T>>& v, const T* object) {
    v.erase(std::remove_if(v.begin(), v.end(), [&](const OHOS::sptr<T>& e) { return e.GetRefPtr() == object; }),
            v.end());
}

// MultiUserManager::IsCallerForeground (ability_dmsfwk 5.1+,
// services/dtbschedmgr/src/multi_user_manager.cpp): the calling uid's account
// (GetOsAccountLocalIdFromUid: uid / 200000) must be the foreground one, else
// DistributedSchedService answers DMS_NOT_FOREGROUND_USER.
constexpr OHOS::ErrCode kDmsNotForegroundUser = 29360236;
OHOS::ErrCode dms_foreground_check(OHOS::ErrCode scripted) {
    if (static_cast<std::int32_t>(fakes::uid() / 200000) != fakes::foreground_user()) return kDmsNotForegroundUser;
    return scripted;
}
std::string caller() { return "uid=" + std::to_string(fakes::uid()); }

}  // namespace

std::string object_name(const void* object) {
    if (object == nullptr) return "null";
    AmsState& s = state();
    std::lock_guard<std::mutex> lock(s.mu);
    auto it = s.names.find(object);
    if (it == s.names.end()) it = s.names.emplace(object, static_cast<int>(s.names.size()) + 1).first;
    return "object#" + std::to_string(it->second);
}

std::vector<OHOS::AAFwk::IRemoteMissionListener*> mission_listeners(const std::string& device_id) {
    AmsState& s = state();
    std::lock_guard<std::mutex> lock(s.mu);
    std::vector<OHOS::AAFwk::IRemoteMissionListener*> out;
    for (const auto& l : s.mission_listeners[device_id]) out.push_back(l.GetRefPtr());
    return out;
}

std::vector<OHOS::AAFwk::IRemoteOnListener*> on_listeners(const std::string& type) {
    AmsState& s = state();
    std::lock_guard<std::mutex> lock(s.mu);
    std::vector<OHOS::AAFwk::IRemoteOnListener*> out;
    for (const auto& l : s.on_listeners[type]) out.push_back(l.GetRefPtr());
    return out;
}

OHOS::IRemoteObject* last_continue_callback() {
    std::lock_guard<std::mutex> lock(state().mu);
    return state().continue_callback.GetRefPtr();
}

void set_missions(std::vector<OHOS::AAFwk::MissionInfo> missions) {
    std::lock_guard<std::mutex> lock(state().mu);
    state().missions = std::move(missions);
}

std::string params_text(const OHOS::AAFwk::WantParams& params) {
    std::string out = "{";
    for (const auto& kv : params.GetParams()) {
        auto* object = OHOS::AAFwk::IObject::Query(kv.second.GetRefPtr());
        out += (out.size() > 1 ? "," : "") + kv.first + "=" + (object ? object->ToString() : std::string("?"));
    }
    return out + "}";
}

constexpr OHOS::ErrCode kInvalidParametersErr = 29360128;

void set_device_online(const std::string& device_id, bool online) {
    std::lock_guard<std::mutex> lock(state().mu);
    if (online) {
        state().offline.erase(device_id);
    } else {
        state().offline.insert(device_id);
        state().mission_listeners.erase(device_id);
    }
}

bool device_offline(const std::string& device_id) {
    std::lock_guard<std::mutex> lock(state().mu);
    return state().offline.count(device_id) != 0;
}

void notify_net_disconnect_offline(std::int32_t net_state) {
    std::vector<std::pair<std::string, OHOS::sptr<OHOS::AAFwk::IRemoteMissionListener>>> all;
    {
        std::lock_guard<std::mutex> lock(state().mu);
        for (const auto& kv : state().mission_listeners) {
            for (const auto& l : kv.second) all.emplace_back(kv.first, l);
        }
    }
    for (const auto& e : all) e.second->NotifyNetDisconnect(e.first, net_state);
}

int report_continuation_result(std::int32_t result) {
    OHOS::sptr<OHOS::IRemoteObject> callback;
    {
        std::lock_guard<std::mutex> lock(state().mu);
        callback = state().continue_callback;
    }
    if (!callback) return -1;
    OHOS::MessageParcel data, reply;
    OHOS::MessageOption option(OHOS::MessageOption::TF_ASYNC);
    data.WriteInterfaceToken(u"ohos.DistributedSchedule.IMissionCallback");
    data.WriteInt32(result);
    return callback->SendRequest(4, data, reply, option);
}

void reset_ams() {
    AmsState& s = state();
    std::lock_guard<std::mutex> lock(s.mu);
    s.mission_listeners.clear();
    s.on_listeners.clear();
    s.continue_callback = nullptr;
    s.missions.clear();
    s.offline.clear();
    s.top = OHOS::AppExecFwk::ElementName();
}

void set_top_ability(const OHOS::AppExecFwk::ElementName& element) {
    std::lock_guard<std::mutex> lock(state().mu);
    state().top = element;
}

}  // namespace fakes

namespace OHOS::AAFwk {

using fakes::arg;
using fakes::log;
using fakes::object_name;
using fakes::state;

std::shared_ptr<AbilityManagerClient> AbilityManagerClient::GetInstance() {
    static auto instance = std::make_shared<AbilityManagerClient>();
    return instance;
}

ErrCode AbilityManagerClient::GetMissionInfos(const std::string& deviceId, int32_t numMax,
                                              std::vector<MissionInfo>& missionInfos) {
    ErrCode rc = log().record("AbilityManagerClient::GetMissionInfos", {arg(deviceId), arg(numMax)});
    if (rc != ERR_OK) return rc;
    std::lock_guard<std::mutex> lock(state().mu);
    for (const auto& m : state().missions) {
        if (static_cast<int32_t>(missionInfos.size()) >= numMax) break;
        missionInfos.push_back(m);
    }
    return ERR_OK;
}

ErrCode AbilityManagerClient::GetMissionInfo(const std::string& deviceId, int32_t missionId,
                                             MissionInfo& missionInfo) {
    ErrCode rc = log().record("AbilityManagerClient::GetMissionInfo", {arg(deviceId), arg(missionId)});
    if (rc != ERR_OK) return rc;
    std::lock_guard<std::mutex> lock(state().mu);
    for (const auto& m : state().missions) {
        if (m.id == missionId) missionInfo = m;
    }
    return ERR_OK;
}

ErrCode AbilityManagerClient::GetMissionSnapshot(const std::string& deviceId, int32_t missionId,
                                                 MissionSnapshot& snapshot, bool isLowResolution) {
    ErrCode rc = log().record("AbilityManagerClient::GetMissionSnapshot",
                              {arg(deviceId), arg(missionId), arg(isLowResolution)});
    if (rc == ERR_OK) {
        snapshot.topAbility = AppExecFwk::ElementName(deviceId, "com.example.top", "TopAbility");
        snapshot.isPrivate = true;
    }
    return rc;
}

ErrCode AbilityManagerClient::MoveMissionToFront(int32_t missionId) {
    return log().record("AbilityManagerClient::MoveMissionToFront", {arg(missionId)});
}
ErrCode AbilityManagerClient::CleanMission(int32_t missionId) {
    return log().record("AbilityManagerClient::CleanMission", {arg(missionId)});
}
ErrCode AbilityManagerClient::CleanAllMissions() { return log().record("AbilityManagerClient::CleanAllMissions"); }
ErrCode AbilityManagerClient::LockMissionForCleanup(int32_t missionId) {
    return log().record("AbilityManagerClient::LockMissionForCleanup", {arg(missionId)});
}
ErrCode AbilityManagerClient::UnlockMissionForCleanup(int32_t missionId) {
    return log().record("AbilityManagerClient::UnlockMissionForCleanup", {arg(missionId)});
}

ErrCode AbilityManagerClient::StartSyncRemoteMissions(const std::string& devId, bool fixConflict, int64_t tag) {
    return fakes::dms_foreground_check(log().record("AbilityManagerClient::StartSyncRemoteMissions",
                                                    {arg(devId), arg(fixConflict), arg(tag), fakes::caller()}));
}
ErrCode AbilityManagerClient::StopSyncRemoteMissions(const std::string& devId) {
    return fakes::dms_foreground_check(
        log().record("AbilityManagerClient::StopSyncRemoteMissions", {arg(devId), fakes::caller()}));
}

AbilityManagerClient::~AbilityManagerClient() = default;

ErrCode AbilityManagerClient::RegisterMissionListener(const std::string& deviceId,
                                                      sptr<IRemoteMissionListener> listener) {
    ErrCode rc = fakes::dms_foreground_check(
        log().record("AbilityManagerClient::RegisterMissionListener",
                     {arg(deviceId), object_name(listener.GetRefPtr()), fakes::caller()}));
    if (rc == ERR_OK && fakes::device_offline(deviceId)) rc = fakes::kInvalidParametersErr;
    if (rc == ERR_OK) {
        std::lock_guard<std::mutex> lock(state().mu);
        auto& v = state().mission_listeners[deviceId];
        fakes::erase_object(v, listener.GetRefPtr());  // DMS keeps an object once per device
        v.push_back(listener);
    }
    return rc;
}

ErrCode AbilityManagerClient::UnRegisterMissionListener(const std::string& deviceId,
                                                        sptr<IRemoteMissionListener> listener) {
    ErrCode rc = log().record("AbilityManagerClient::UnRegisterMissionListener",
                              {arg(deviceId), object_name(listener.GetRefPtr())});
    if (!listener) {
        // AbilityManagerProxy::UnRegisterMissionListener writes
        // listener->AsObject() unchecked: the agent dies here on a device.
        std::fprintf(stderr, "FAKE AMS: UnRegisterMissionListener(%s, nullptr): the real proxy dereferences it\n",
                     deviceId.c_str());
        std::fflush(stderr);
        std::abort();
    }
    if (rc == ERR_OK && fakes::device_offline(deviceId)) rc = fakes::kInvalidParametersErr;
    if (rc == ERR_OK) {
        std::lock_guard<std::mutex> lock(state().mu);
        fakes::erase_object(state().mission_listeners[deviceId], listener.GetRefPtr());
    }
    return rc;
}

ErrCode AbilityManagerClient::RegisterOnListener(const std::string& type, sptr<IRemoteOnListener> listener) {
    ErrCode rc = log().record("AbilityManagerClient::RegisterOnListener",
                              {arg(type), object_name(listener.GetRefPtr()), fakes::caller()});
    // MultiUserManager::OnRegisterOnListener: a caller outside the foreground
    // user gets ERR_OK, and its listener is parked in listenerCache_ (it never
    // hears a broadcast while that user is in the background).
    if (rc == ERR_OK && fakes::dms_foreground_check(ERR_OK) == ERR_OK) {
        std::lock_guard<std::mutex> lock(state().mu);
        state().on_listeners[type].push_back(listener);
    }
    return rc;
}

ErrCode AbilityManagerClient::RegisterOffListener(const std::string& type, sptr<IRemoteOnListener> listener) {
    // MultiUserManager::OnRegisterOffListener checks the caller's user too.
    ErrCode rc = fakes::dms_foreground_check(
        log().record("AbilityManagerClient::RegisterOffListener",
                     {arg(type), object_name(listener.GetRefPtr()), fakes::caller()}));
    if (rc == ERR_OK) {
        std::lock_guard<std::mutex> lock(state().mu);
        fakes::erase_object(state().on_listeners[type], listener.GetRefPtr());
    }
    return rc;
}

ErrCode AbilityManagerClient::ContinueMission(const std::string& srcDeviceId, const std::string& dstDeviceId,
                                              int32_t missionId, sptr<IRemoteObject> callback,
                                              WantParams& wantParams) {
    ErrCode rc = log().record("AbilityManagerClient::ContinueMission",
                              {arg(srcDeviceId), arg(dstDeviceId), arg(missionId), object_name(callback.GetRefPtr()),
                               fakes::params_text(wantParams)});
    std::lock_guard<std::mutex> lock(state().mu);
    state().continue_callback = callback;
    return rc;
}

#if !OHBRIDGE_OHOS_RELEASE_HAS_CONTINUE_MISSION_INFO
// 4.1: continuation by bundle name has its own overload, without
// srcBundleName and continueType.
ErrCode AbilityManagerClient::ContinueMission(const std::string& srcDeviceId, const std::string& dstDeviceId,
                                              const std::string& bundleName, sptr<IRemoteObject> callback,
                                              WantParams& wantParams) {
    ErrCode rc = log().record("AbilityManagerClient::ContinueMission(bundleName)",
                              {arg(srcDeviceId), arg(dstDeviceId), arg(bundleName), object_name(callback.GetRefPtr()),
                               fakes::params_text(wantParams)});
    std::lock_guard<std::mutex> lock(state().mu);
    state().continue_callback = callback;
    return rc;
}
#else
ErrCode AbilityManagerClient::ContinueMission(ContinueMissionInfo info, const sptr<IRemoteObject>& callback) {
    ErrCode rc = log().record("AbilityManagerClient::ContinueMission(ContinueMissionInfo)",
                              {arg(info.srcDeviceId), arg(info.dstDeviceId), arg(info.bundleName),
                               arg(info.srcBundleName), arg(info.continueType), object_name(callback.GetRefPtr()),
                               fakes::params_text(info.wantParams)});
    std::lock_guard<std::mutex> lock(state().mu);
    state().continue_callback = callback;
    return rc;
}
#endif

// The app lifecycle: logged with the arguments AMS would receive.
#if OHBRIDGE_OHOS_RELEASE_START_ABILITY_FULL_TOKEN_ID
ErrCode AbilityManagerClient::StartAbility(const Want& want, int requestCode, int32_t userId,
                                           uint64_t specifiedFullTokenId) {
    return log().record("AbilityManagerClient::StartAbility",
                        {fakes::want_text(want), arg(requestCode), arg(userId), arg(specifiedFullTokenId)});
}
#else
ErrCode AbilityManagerClient::StartAbility(const Want& want, int requestCode, int32_t userId) {
    return log().record("AbilityManagerClient::StartAbility", {fakes::want_text(want), arg(requestCode), arg(userId)});
}
#endif
#if OHBRIDGE_OHOS_RELEASE_KILL_PROCESS_ARGS == 4
ErrCode AbilityManagerClient::KillProcess(const std::string& bundleName, bool clearPageStack, int32_t appIndex,
                                          const std::string& reason) {
    return log().record("AbilityManagerClient::KillProcess",
                        {arg(bundleName), arg(clearPageStack), arg(appIndex), arg(reason)});
}
#elif OHBRIDGE_OHOS_RELEASE_KILL_PROCESS_ARGS == 3
ErrCode AbilityManagerClient::KillProcess(const std::string& bundleName, bool clearPageStack, int32_t appIndex) {
    return log().record("AbilityManagerClient::KillProcess", {arg(bundleName), arg(clearPageStack), arg(appIndex)});
}
#else
ErrCode AbilityManagerClient::KillProcess(const std::string& bundleName) {
    return log().record("AbilityManagerClient::KillProcess", {arg(bundleName)});
}
#endif
AppExecFwk::ElementName AbilityManagerClient::GetTopAbility(bool isNeedLocalDeviceId) {
    (void)log().record("AbilityManagerClient::GetTopAbility", {arg(isNeedLocalDeviceId)});
    std::lock_guard<std::mutex> lock(state().mu);
    return state().top;
}

}  // namespace OHOS::AAFwk
