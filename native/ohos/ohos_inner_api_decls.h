// THE OpenHarmony inner-API declarations OhosBackend uses, and only those.
//
// Kept in one place, named as such, so that drift is visible: every inner-API
// name and signature ohos_backend.cpp relies on is written here once.
//
// * CI (no SDK) compiles ohos_backend.cpp against these declarations alone
//   (tests/agent/test_ohos_backend_compiles.py): the backend's own code is
//   kept compiling.
// * A build with the SDK (cmake -DOHBRIDGE_OHOS=ON with
//   cmake/ohos-toolchain.cmake) includes the real headers instead, and the
//   static_asserts at the end of ohos_backend.cpp compare each signature
//   written here with the real one: an SDK that changed one fails to build,
//   naming it.
//
// Sources: ability_ability_runtime interfaces/inner_api (ability_manager_client.h,
// mission_info.h, want_agent_helper.h), ability_base want.h, want_params.h and the
// wrapper headers (bool/int/long/double/string/array/want_params_wrapper.h), security_access_token
// nativetoken_kit.h / token_setproc.h.  [Signatures as of the snapshots in
// shared/spec; versions differ: that is what the asserts are for.]
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#ifndef OHBRIDGE_OHOS_REAL_HEADERS

namespace OHOS {

using ErrCode = int32_t;
constexpr ErrCode ERR_OK = 0;

class RefBase {
public:
    virtual ~RefBase() = default;
};
template <typename T>
class sptr {
public:
    sptr() = default;
    sptr(T* p) : p_(p) {}  // NOLINT: sptr converts implicitly, as the real one
    template <typename U>
    sptr(const sptr<U>& other) : p_(other.GetRefPtr()) {}  // NOLINT: upcasts implicitly, as the real one
    T* operator->() const { return p_; }
    T* GetRefPtr() const { return p_; }
    explicit operator bool() const { return p_ != nullptr; }

private:
    T* p_ = nullptr;
};
class IRemoteObject : public virtual RefBase {};

namespace AAFwk {

// ability_base base_interfaces.h / base_obj.h: the typed boxes WantParams
// holds (INTERFACE(IBoolean, ...) etc. declare Query and g_IID_*).
struct InterfaceID {
    unsigned long data1;
    unsigned short data2;
    unsigned short data3;
    unsigned short data4;
    unsigned char data5[12];
};
extern const InterfaceID g_IID_IBoolean;
extern const InterfaceID g_IID_IInteger;
extern const InterfaceID g_IID_IDouble;
extern const InterfaceID g_IID_IString;
extern const InterfaceID g_IID_IWantParams;
class IInterface : public virtual RefBase {};
class IBoolean : public IInterface {
public:
    static IBoolean* Query(IInterface* object);
};
class IInteger : public IInterface {
public:
    static IInteger* Query(IInterface* object);
};
class ILong : public IInterface {
public:
    static ILong* Query(IInterface* object);
};
class IDouble : public IInterface {
public:
    static IDouble* Query(IInterface* object);
};
class IString : public IInterface {
public:
    static IString* Query(IInterface* object);
};
class IArray : public IInterface {
public:
    static IArray* Query(IInterface* object);
};
class IWantParams : public IInterface {
public:
    static IWantParams* Query(IInterface* object);
};

class WantParams {
public:
    bool IsEmpty() const;
    void SetParam(const std::string& key, IInterface* value);
    const std::map<std::string, sptr<IInterface>>& GetParams() const;
};

// bool_wrapper.h, int_wrapper.h, long_wrapper.h, double_wrapper.h,
// string_wrapper.h, array_wrapper.h, want_params_wrapper.h.
class Boolean {
public:
    static sptr<IBoolean> Box(bool value);
    static bool Unbox(IBoolean* object);
};
class Integer {
public:
    static sptr<IInteger> Box(int value);
    static int Unbox(IInteger* object);
};
class Long {
public:
    static sptr<ILong> Box(long value);
    static long Unbox(ILong* object);
};
class Double {
public:
    static sptr<IDouble> Box(double value);
    static double Unbox(IDouble* object);
};
class String {
public:
    static sptr<IString> Box(const std::string& str);
    static std::string Unbox(IString* object);
};
class Array : public IArray {
public:
    Array(long size, const InterfaceID& id);
    ErrCode Set(long index, IInterface* value);
    static void ForEach(IArray* array, std::function<void(IInterface*)> func);
};
class WantParamWrapper {
public:
    static sptr<IWantParams> Box(const WantParams& value);
    static WantParams Unbox(IWantParams* object);
};

class ElementName {
public:
    std::string GetDeviceID() const;
    std::string GetBundleName() const;
    std::string GetAbilityName() const;
    std::string GetModuleName() const;
};

class Want {
public:
    Want();
    ElementName GetElement() const;
    Want& SetElementName(const std::string& deviceId, const std::string& bundleName, const std::string& abilityName,
                         const std::string& moduleName);
    std::string GetAction() const;
    Want& SetAction(const std::string& action);
    const std::vector<std::string>& GetEntities() const;
    Want& AddEntity(const std::string& entity);
    std::string GetType() const;
    Want& SetType(const std::string& type);
    std::string GetUriString() const;
    Want& SetUri(const std::string& uri);
    unsigned int GetFlags() const;
    Want& SetFlags(unsigned int flags);
    const WantParams& GetParams() const;
    Want& SetParams(const WantParams& wantParams);
};

struct ContinueMissionInfo {
    std::string dstDeviceId;
    std::string srcDeviceId;
    std::string bundleName;
    std::string srcBundleName;
    std::string continueType;
    WantParams wantParams;
};

struct MissionInfo {
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

struct MissionSnapshot {
    ElementName topAbility;
    bool isPrivate = false;
};

class IRemoteMissionListener : public IRemoteObject {
public:
    virtual void NotifyMissionsChanged(const std::string& deviceId) = 0;
    virtual void NotifySnapshot(const std::string& deviceId, int32_t missionId) = 0;
    virtual void NotifyNetDisconnect(const std::string& deviceId, int32_t state) = 0;
};
class RemoteMissionListenerStub : public IRemoteMissionListener {};

// remote_on_listener_interface.h / remote_on_listener_stub.h (the
// OnCallbackInfo form, with appIdentifiers: targetAppIds of the JS event).
struct OnCallbackInfo {
    uint32_t continueState = 0;
    std::string srcDeviceId;
    std::string bundleName;
    std::string continueType;
    std::string srcBundleName;
    std::vector<std::string> appIdentifiers;
};
class IRemoteOnListener : public IRemoteObject {
public:
    virtual void OnCallback(const OnCallbackInfo& info) = 0;
};
class RemoteOnListenerStub : public IRemoteOnListener {};

class AbilityManagerClient {
public:
    static std::shared_ptr<AbilityManagerClient> GetInstance();
    ErrCode GetMissionInfos(const std::string& deviceId, int32_t numMax, std::vector<MissionInfo>& missionInfos);
    ErrCode GetMissionInfo(const std::string& deviceId, int32_t missionId, MissionInfo& missionInfo);
    ErrCode GetMissionSnapshot(const std::string& deviceId, int32_t missionId, MissionSnapshot& snapshot,
                               bool isLowResolution = false);
    ErrCode MoveMissionToFront(int32_t missionId);
    ErrCode CleanMission(int32_t missionId);
    ErrCode CleanAllMissions();
    ErrCode LockMissionForCleanup(int32_t missionId);
    ErrCode UnlockMissionForCleanup(int32_t missionId);
    ErrCode StartSyncRemoteMissions(const std::string& devId, bool fixConflict, int64_t tag);
    ErrCode StopSyncRemoteMissions(const std::string& devId);
    ErrCode RegisterMissionListener(const std::string& deviceId, const sptr<IRemoteMissionListener>& listener);
    ErrCode UnRegisterMissionListener(const std::string& deviceId, const sptr<IRemoteMissionListener>& listener);
    // continueStateChange (what DmsSaClient::AddListener / DelListener call);
    // the "off" counterpart is RegisterOffListener (there is no UnRegisterOffListener).
    ErrCode RegisterOnListener(const std::string& type, sptr<IRemoteOnListener> listener);
    ErrCode RegisterOffListener(const std::string& type, sptr<IRemoteOnListener> listener);
    ErrCode ContinueMission(const std::string& srcDeviceId, const std::string& dstDeviceId, int32_t missionId,
                            const sptr<IRemoteObject>& callback, WantParams& wantParams);
    ErrCode ContinueMission(ContinueMissionInfo continueMissionInfo, const sptr<IRemoteObject>& callback);
};

// The continuation callback DMS calls back (AbilityRuntime's
// JsMissionContinue uses a stub of this interface).
class MissionContinueStub : public IRemoteObject {
public:
    virtual void OnContinueDone(int32_t resultCode) = 0;
};

}  // namespace AAFwk

namespace AbilityRuntime::WantAgent {

class WantAgent {};

struct WantAgentInfo {
    WantAgentInfo(int requestCode, int operationType, std::vector<int32_t> flags,
                  std::vector<std::shared_ptr<AAFwk::Want>> wants, std::shared_ptr<AAFwk::WantParams> extraInfo);
};

class CompletedCallback {
public:
    virtual ~CompletedCallback() = default;
    virtual void OnSendFinished(const AAFwk::Want& want, int resultCode, const std::string& resultData,
                                const AAFwk::WantParams& resultExtras) = 0;
};

struct TriggerInfo {
    TriggerInfo(const std::string& permission, const std::shared_ptr<AAFwk::WantParams>& extraInfo,
                const std::shared_ptr<AAFwk::Want>& want, int resultCode);
};

class WantAgentHelper {
public:
    static ErrCode GetWantAgent(const WantAgentInfo& paramsInfo, int32_t userId, std::shared_ptr<WantAgent>& wantAgent);
    static ErrCode TriggerWantAgent(std::shared_ptr<WantAgent> agent,
                                    const std::shared_ptr<CompletedCallback>& callback, const TriggerInfo& paramsInfo);
    static ErrCode Cancel(const std::shared_ptr<WantAgent> agent, uint32_t flags);
    static ErrCode IsEquals(const std::shared_ptr<WantAgent>& agent, const std::shared_ptr<WantAgent>& otherAgent);
    static ErrCode GetBundleName(const std::shared_ptr<WantAgent>& agent, std::string& bundleName);
    static ErrCode GetUid(const std::shared_ptr<WantAgent>& agent, int32_t& uid);
    static ErrCode GetType(std::shared_ptr<WantAgent> agent, int32_t& operType);
    static ErrCode GetWant(const std::shared_ptr<WantAgent>& agent, std::shared_ptr<AAFwk::Want>& want);
};

}  // namespace AbilityRuntime::WantAgent

// account_os_account os_account_manager.h (from 5.0; the agent needs the
// foreground user: see agent_identity.h).
namespace AccountSA {
class OsAccountManager {
public:
    static ErrCode GetForegroundOsAccountLocalId(int32_t& localId);
};
}  // namespace AccountSA

namespace Security::AccessToken {
class AccessTokenKit {
public:
    static int32_t ReloadNativeTokenInfo();
};
}  // namespace Security::AccessToken

}  // namespace OHOS

// security_access_token nativetoken_kit.h / token_setproc.h (C API).
extern "C" {
typedef struct TokenInfoParams {
    int32_t dcapsNum;
    int32_t permsNum;
    int32_t aclsNum;
    const char** dcaps;
    const char** perms;
    const char** acls;
    const char* processName;
    const char* aplStr;
} NativeTokenInfoParams;
uint64_t GetAccessTokenId(NativeTokenInfoParams* nativeTokenInfoParams);
int SetSelfTokenID(uint64_t tokenID);
}

#else  // the SDK's own headers; the asserts in ohos_backend.cpp check them against the list above
#include "ability_manager_client.h"
#include "mission_info.h"
#include "nativetoken_kit.h"
#include "token_setproc.h"
#include "accesstoken_kit.h"
#include "os_account_manager.h"
#include "want.h"
#include "want_agent_helper.h"
#include "remote_mission_listener_stub.h"
#include "remote_on_listener_stub.h"
#include "bool_wrapper.h"
#include "int_wrapper.h"
#include "long_wrapper.h"
#include "double_wrapper.h"
#include "string_wrapper.h"
#include "array_wrapper.h"
#include "want_params_wrapper.h"
#endif
