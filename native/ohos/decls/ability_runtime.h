// The ability_runtime declarations OhosBackend uses: missions, the listeners and their stubs,
// AbilityManagerClient, and WantAgent (the AMS side and the helper).
// Part of ohos_inner_api_decls.h (include that header, not this one).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "decls/ability_base.h"
#include "release/ohos_release_select.h"

namespace OHOS {

namespace AAFwk {

// mission_info.h
enum ContinueState {
    CONTINUESTATE_UNKNOWN = -1,
    CONTINUESTATE_ACTIVE = 0,
    CONTINUESTATE_INACTIVE = 1,
    CONTINUESTATE_MAX
};
struct MissionInfo : public Parcelable {
    bool ReadFromParcel(Parcel& parcel);
    virtual bool Marshalling(Parcel& parcel) const override;
    static MissionInfo* Unmarshalling(Parcel& parcel);

    ContinueState continueState = ContinueState::CONTINUESTATE_ACTIVE;
    int32_t id = -1;
    int32_t runningState = -1;
    bool lockedState = false;
    bool continuable = false;
    bool unclearable = false;
    int32_t abilityState = -1;
    std::string time;
    std::string label;
    std::string iconPath;
    Want want;
};

}  // namespace AAFwk

// mission_snapshot.h: the system libraries are built with SUPPORT_SCREEN, so
// AMS fills the 184-byte form; ohos_backend.cpp refuses to build without it.
namespace Media {
#ifdef SUPPORT_SCREEN
class PixelMap;
#endif
}  // namespace Media
namespace AAFwk {
struct MissionSnapshot : public Parcelable {
    AppExecFwk::ElementName topAbility;
#ifdef SUPPORT_SCREEN
    std::shared_ptr<OHOS::Media::PixelMap> snapshot;
#endif
    bool isPrivate = false;

    bool ReadFromParcel(Parcel& parcel);
    virtual bool Marshalling(Parcel& parcel) const override;
    static MissionSnapshot* Unmarshalling(Parcel& parcel);
};

#if OHBRIDGE_OHOS_RELEASE_HAS_CONTINUE_MISSION_INFO
// dms_continueInfo.h (from 5.0)
struct ContinueMissionInfo {
    std::string dstDeviceId;
    std::string srcDeviceId;
    std::string bundleName;
    std::string srcBundleName;
    std::string continueType;
    AAFwk::WantParams wantParams;
};
#endif

// remote_mission_listener_interface.h / remote_mission_listener_stub.h
class IRemoteMissionListener : public OHOS::IRemoteBroker {
public:
    DECLARE_INTERFACE_DESCRIPTOR(u"ohos.aafwk.RemoteMissionListener");
    virtual void NotifyMissionsChanged(const std::string& deviceId) = 0;
    virtual void NotifySnapshot(const std::string& deviceId, int32_t missionId) = 0;
    virtual void NotifyNetDisconnect(const std::string& deviceId, int32_t state) = 0;
    enum { NOTIFY_MISSION_CHANGED = 0, NOTIFY_SNAPSHOT = 1, NOTIFY_NET_DISCONNECT = 2 };
};
class RemoteMissionListenerStub : public IRemoteStub<IRemoteMissionListener> {
public:
    RemoteMissionListenerStub();
    virtual ~RemoteMissionListenerStub();
    virtual int OnRemoteRequest(uint32_t code, MessageParcel& data, MessageParcel& reply,
                                MessageOption& option) override;
};

// remote_on_listener_interface.h / remote_on_listener_stub.h: OnCallback
// takes OnCallbackInfo from 7.0 (master), five values in 5.0-6.0, three in 4.1.
#if OHBRIDGE_OHOS_RELEASE_ON_CALLBACK_INFO
struct OnCallbackInfo {
    uint32_t continueState = 0;
    std::string srcDeviceId;
    std::string bundleName;
    std::string continueType;
    std::string srcBundleName;
    std::vector<std::string> appIdentifiers;
};
#endif
class IRemoteOnListener : public OHOS::IRemoteBroker {
public:
    DECLARE_INTERFACE_DESCRIPTOR(u"ohos.aafwk.RemoteOnListener");
#if OHBRIDGE_OHOS_RELEASE_ON_CALLBACK_INFO
    virtual void OnCallback(const OnCallbackInfo& info) = 0;
#elif OHBRIDGE_OHOS_RELEASE_ON_CALLBACK_ARGS == 5
    virtual void OnCallback(const uint32_t ContinueState, const std::string& srcDeviceId,
                            const std::string& bundleName, const std::string& continueType,
                            const std::string& srcBundleName) = 0;
#else
    virtual void OnCallback(const uint32_t ContinueState, const std::string& srcDeviceId,
                            const std::string& bundleName) = 0;
#endif
    enum { ON_CALLBACK = 0 };
};
class RemoteOnListenerStub : public IRemoteStub<IRemoteOnListener> {
public:
    RemoteOnListenerStub();
    virtual ~RemoteOnListenerStub();
    virtual int OnRemoteRequest(uint32_t code, MessageParcel& data, MessageParcel& reply,
                                MessageOption& option) override;
};

// ability_manager_client.h
class AbilityManagerClient {
public:
    virtual ~AbilityManagerClient();
    static std::shared_ptr<AbilityManagerClient> GetInstance();
    ErrCode LockMissionForCleanup(int32_t missionId);
    ErrCode UnlockMissionForCleanup(int32_t missionId);
    ErrCode ContinueMission(const std::string& srcDeviceId, const std::string& dstDeviceId, int32_t missionId,
                            sptr<IRemoteObject> callback, AAFwk::WantParams& wantParams);
#if OHBRIDGE_OHOS_RELEASE_HAS_CONTINUE_MISSION_INFO
    ErrCode ContinueMission(AAFwk::ContinueMissionInfo continueMissionInfo, const sptr<IRemoteObject>& callback);
#else
    ErrCode ContinueMission(const std::string& srcDeviceId, const std::string& dstDeviceId,
                            const std::string& bundleName, sptr<IRemoteObject> callback,
                            AAFwk::WantParams& wantParams);
#endif
    ErrCode RegisterMissionListener(const std::string& deviceId, sptr<IRemoteMissionListener> listener);
    ErrCode RegisterOnListener(const std::string& type, sptr<IRemoteOnListener> listener);
    ErrCode RegisterOffListener(const std::string& type, sptr<IRemoteOnListener> listener);
    ErrCode UnRegisterMissionListener(const std::string& deviceId, sptr<IRemoteMissionListener> listener);
    ErrCode GetMissionInfos(const std::string& deviceId, int32_t numMax, std::vector<MissionInfo>& missionInfos);
    ErrCode GetMissionInfo(const std::string& deviceId, int32_t missionId, MissionInfo& missionInfo);
    ErrCode GetMissionSnapshot(const std::string& deviceId, int32_t missionId, MissionSnapshot& snapshot,
                               bool isLowResolution = false);
    ErrCode CleanMission(int32_t missionId);
    ErrCode CleanAllMissions();
    ErrCode MoveMissionToFront(int32_t missionId);
    ErrCode StartSyncRemoteMissions(const std::string& devId, bool fixConflict, int64_t tag);
    ErrCode StopSyncRemoteMissions(const std::string& devId);
    // The app lifecycle (aa start / aa force-stop / the top ability).  -1 is
    // DEFAULT_INVAL_VALUE (ability_manager_interface.h).
#if OHBRIDGE_OHOS_RELEASE_START_ABILITY_FULL_TOKEN_ID
    ErrCode StartAbility(const Want& want, int requestCode = -1, int32_t userId = -1,
                         uint64_t specifiedFullTokenId = 0);
#else
    ErrCode StartAbility(const Want& want, int requestCode = -1, int32_t userId = -1);
#endif
#if OHBRIDGE_OHOS_RELEASE_KILL_PROCESS_ARGS == 4
    ErrCode KillProcess(const std::string& bundleName, bool clearPageStack = false, int32_t appIndex = 0,
                        const std::string& reason = "Abilityms::KillProcess");
#elif OHBRIDGE_OHOS_RELEASE_KILL_PROCESS_ARGS == 3
    ErrCode KillProcess(const std::string& bundleName, bool clearPageStack = false, int32_t appIndex = 0);
#else
    ErrCode KillProcess(const std::string& bundleName);
#endif
    AppExecFwk::ElementName GetTopAbility(bool isNeedLocalDeviceId = true);
};

// -- WantAgent: the AMS side (want_sender_info.h, wants_info.h, want_sender_interface.h,
//    want_receiver_interface.h, want_receiver_stub.h, want_agent_client.h) --------------------

struct WantsInfo : public Parcelable {
    Want want;
    std::string resolvedTypes;

    bool ReadFromParcel(Parcel& parcel);
    virtual bool Marshalling(Parcel& parcel) const override;
    static WantsInfo* Unmarshalling(Parcel& parcel);
};
struct WantSenderInfo : public Parcelable {
#if OHBRIDGE_OHOS_RELEASE_WANT_SENDER_INFO_APP_INDEX
    int32_t type;
    int32_t requestCode;
    uint32_t flags;
    int32_t userId = -1;
    int32_t appIndex;
    std::string bundleName;
    std::string resultWho;
    std::vector<WantsInfo> allWants;
#elif OHBRIDGE_OHOS_RELEASE_WANT_SENDER_INFO_V5
    int32_t type;
    int32_t requestCode;
    uint32_t flags;
    int32_t userId;
    std::string bundleName;
    std::string resultWho;
    std::vector<WantsInfo> allWants;
#else
    int32_t type;
    std::string bundleName;
    std::string resultWho;
    int32_t requestCode;
    std::vector<WantsInfo> allWants;
    uint32_t flags;
    int32_t userId;
#endif

    bool ReadFromParcel(Parcel& parcel);
    virtual bool Marshalling(Parcel& parcel) const override;
    static WantSenderInfo* Unmarshalling(Parcel& parcel);
};
class IWantSender : public OHOS::IRemoteBroker {
public:
    DECLARE_INTERFACE_DESCRIPTOR(u"ohos.aafwk.WantSender");
};
class IWantReceiver : public OHOS::IRemoteBroker {
public:
    DECLARE_INTERFACE_DESCRIPTOR(u"ohos.aafwk.WantReceiver");
    virtual void Send(const int32_t resultCode) = 0;
    virtual void PerformReceive(const Want& want, int resultCode, const std::string& data, const WantParams& extras,
                                bool serialized, bool sticky, int sendingUser) = 0;
};
class WantReceiverStub : public IRemoteStub<IWantReceiver> {
public:
    WantReceiverStub();
    virtual ~WantReceiverStub();
    virtual int OnRemoteRequest(uint32_t code, MessageParcel& data, MessageParcel& reply,
                                MessageOption& option) override;
};
class WantAgentClient {
public:
    static WantAgentClient& GetInstance();
#if OHBRIDGE_OHOS_RELEASE_GET_WANT_SENDER_UID
    ErrCode GetWantSender(const WantSenderInfo& wantSenderInfo, const sptr<IRemoteObject>& callerToken,
                          sptr<IWantSender>& wantSender, int32_t uid = -1);
#else
    ErrCode GetWantSender(const WantSenderInfo& wantSenderInfo, const sptr<IRemoteObject>& callerToken,
                          sptr<IWantSender>& wantSender);
#endif
};

}  // namespace AAFwk

namespace AbilityRuntime::WantAgent {

// pending_want.h, want_agent.h
class PendingWant final : public std::enable_shared_from_this<PendingWant>, public Parcelable {
public:
    PendingWant() {}
    explicit PendingWant(const sptr<AAFwk::IWantSender>& target);
    virtual ~PendingWant() = default;
    bool Marshalling(Parcel& parcel) const override;
};
class WantAgent final : public std::enable_shared_from_this<WantAgent>, public Parcelable {
public:
    WantAgent() {}
    virtual ~WantAgent() = default;
    explicit WantAgent(const std::shared_ptr<PendingWant>& pendingWant);
    std::shared_ptr<PendingWant> GetPendingWant();
    bool Marshalling(Parcel& parcel) const override;
};

// want_agent_constant.h (of the class, the operation types)
class WantAgentConstant final {
public:
    enum class OperationType {
        UNKNOWN_TYPE,
        START_ABILITY,
        START_ABILITIES,
        START_SERVICE,
        SEND_COMMON_EVENT,
        START_FOREGROUND_SERVICE,
#if OHBRIDGE_OHOS_RELEASE_START_SERVICE_EXTENSION
        START_SERVICE_EXTENSION
#endif
    };

private:
    WantAgentConstant() {}
    virtual ~WantAgentConstant() = default;
};

// completed_callback.h, completed_dispatcher.h
class CompletedCallback {
public:
    virtual ~CompletedCallback() = default;
    virtual void OnSendFinished(const AAFwk::Want& want, int resultCode, const std::string& resultData,
                                const AAFwk::WantParams& resultExtras) = 0;
};
class CompletedDispatcher : public AAFwk::WantReceiverStub {
public:
    CompletedDispatcher();
    void Send(const int32_t resultCode) override;
    void PerformReceive(const AAFwk::Want& want, int resultCode, const std::string& data,
                        const AAFwk::WantParams& extras, bool serialized, bool sticky, int sendingUser) override;
};

// trigger_info.h
class TriggerInfo final : public std::enable_shared_from_this<TriggerInfo> {
public:
    TriggerInfo();
    virtual ~TriggerInfo() = default;
    TriggerInfo(const std::string& permission, const std::shared_ptr<AAFwk::WantParams>& extraInfo,
                const std::shared_ptr<AAFwk::Want>& want, int resultCode);
    explicit TriggerInfo(const TriggerInfo& paramInfo);
};

// want_agent_helper.h
#if OHBRIDGE_OHOS_RELEASE_CANCEL_FLAGS
static const int FLAG_INVLID = 0;
#endif
class WantAgentHelper final : public std::enable_shared_from_this<WantAgentHelper> {
public:
#if OHBRIDGE_OHOS_RELEASE_TRIGGER_CALLER_TOKEN
    static ErrCode TriggerWantAgent(std::shared_ptr<WantAgent> agent, const std::shared_ptr<CompletedCallback>& callback,
                                    const TriggerInfo& paramsInfo, sptr<CompletedDispatcher>& data,
                                    sptr<IRemoteObject> callerToken);
#else
    static ErrCode TriggerWantAgent(std::shared_ptr<WantAgent> agent, const std::shared_ptr<CompletedCallback>& callback,
                                    const TriggerInfo& paramsInfo);
#endif
#if OHBRIDGE_OHOS_RELEASE_CANCEL_FLAGS
    static ErrCode Cancel(const std::shared_ptr<WantAgent> agent, uint32_t flags = FLAG_INVLID);
#else
    static ErrCode Cancel(const std::shared_ptr<WantAgent>& agent);
#endif
    static ErrCode IsEquals(const std::shared_ptr<WantAgent>& agent, const std::shared_ptr<WantAgent>& otherAgent);
    static ErrCode GetBundleName(const std::shared_ptr<WantAgent>& agent, std::string& bundleName);
    static ErrCode GetUid(const std::shared_ptr<WantAgent>& agent, int32_t& uid);
    static ErrCode GetType(const std::shared_ptr<WantAgent>& agent, int32_t& operType);
    static ErrCode GetWant(const std::shared_ptr<WantAgent>& agent, std::shared_ptr<AAFwk::Want>& want);

private:
    WantAgentHelper();
    virtual ~WantAgentHelper() = default;
};

}  // namespace AbilityRuntime::WantAgent

}  // namespace OHOS
