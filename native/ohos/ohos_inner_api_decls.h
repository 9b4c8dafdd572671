// THE OpenHarmony inner-API declarations OhosBackend uses, and only those.
//
// Without OHBRIDGE_OHOS_REAL_HEADERS this header *is* the inner API, as the
// default release (master, OHBRIDGE_OHOS_RELEASE_MASTER) declares it:
//  * namespaces, base classes and access exactly as in the real headers
//    (IInterface is a pure interface, not a RefBase; the listeners and
//    IWantSender derive from IRemoteBroker; ElementName is
//    OHOS::AppExecFwk::ElementName; Array is an Object and an IArray; ...);
//  * every struct the backend reads or fills member for member, in the real
//    order with the real defaults (MissionInfo, MissionSnapshot, Uuid,
//    WantSenderInfo, WantsInfo, ContinueMissionInfo, OnCallbackInfo,
//    NativeTokenInfoParams);
//  * of each class, the members the backend calls, with their real
//    signatures (default arguments included).  Members it does not use are
//    left out; nothing is added that the real class lacks.
// The few declarations that differ between releases are chosen by the same
// release macro as the adapter layer (release/), so the adapter of every
// release compiles here too.
//
// CI compiles ohos_backend.cpp against this header and the drift asserts
// (inner_api_drift.h) against it and against a deliberately altered copy
// (tests/agent/test_ohos_backend_compiles.py).  A build against a real source
// tree (-DOHBRIDGE_OHOS_SOURCE=..., docs/agent.md) includes the real headers
// instead, and the same asserts check them: the two agree exactly when both
// compile.  The host tests' link-seam fakes define what is declared here.
//
// Sources (master unless noted): commonlibrary_c_utils base/include
// (refbase.h, parcel.h, nocopyable.h); communication_ipc
// interfaces/innerkits/ipc_core/include (iremote_object.h, iremote_broker.h,
// ipc_object_stub.h, iremote_stub.h, message_parcel.h, message_option.h);
// ability_base interfaces/inner_api/base/include (base_types.h, base_def.h,
// base_interfaces.h, base_obj.h, *_wrapper.h) and interfaces/kits/native/want/
// include (element_name.h, want.h, want_params.h, array_wrapper.h,
// want_params_wrapper.h); ability_runtime interfaces/inner_api/ability_manager/
// include (ability_manager_client.h, mission_info.h, mission_snapshot.h,
// dms_continueInfo.h, remote_mission_listener_{interface,stub}.h,
// remote_on_listener_{interface,stub}.h, want_sender_info.h, wants_info.h,
// want_sender_interface.h, want_receiver_interface.h) and
// interfaces/inner_api/wantagent/include (want_agent_helper.h,
// want_agent_client.h, want_agent.h, pending_want.h, trigger_info.h,
// completed_callback.h, completed_dispatcher.h), services/abilitymgr/include/
// want_receiver_stub.h; security_access_token interfaces/innerkits
// (nativetoken_kit.h, token_setproc.h, accesstoken_kit.h); account_os_account
// interfaces/innerkits/osaccount/native/include (os_account_manager.h).
#pragma once

#include "release/ohos_release_select.h"

#ifndef OHBRIDGE_OHOS_REAL_HEADERS

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace OHOS {

using ErrCode = int;  // errors.h
constexpr ErrCode ERR_OK = 0;

// -- c_utils ---------------------------------------------------------------------------------

// refbase.h.  The real RefBase counts strong, weak and object references; the
// one count here is enough for sptr's ownership (deleted at the last strong ref).
class RefBase {
public:
    RefBase() = default;
    RefBase(const RefBase&) : strong_(0) {}
    RefBase& operator=(const RefBase&) { return *this; }
    virtual ~RefBase() = default;
    void IncStrongRef(const void* objectId) {
        (void)objectId;
        strong_.fetch_add(1);
    }
    void DecStrongRef(const void* objectId) {
        (void)objectId;
        if (strong_.fetch_sub(1) == 1) delete this;
    }
    int GetSptrRefCount() { return strong_.load(); }

private:
    std::atomic<int> strong_{0};
};

template <typename T>
class sptr {
public:
    sptr() = default;
    sptr(T* other) : refs_(other) { inc(); }  // NOLINT: sptr converts implicitly, as the real one
    sptr(const sptr<T>& other) : refs_(other.refs_) { inc(); }
    sptr(sptr<T>&& other) : refs_(other.refs_) { other.refs_ = nullptr; }
    template <typename O>
    sptr(const sptr<O>& other) : refs_(other.GetRefPtr()) {  // NOLINT: upcasts implicitly, as the real one
        inc();
    }
    ~sptr() { dec(); }
    sptr<T>& operator=(const sptr<T>& other) {
        sptr<T> copy(other);
        std::swap(refs_, copy.refs_);
        return *this;
    }
    sptr<T>& operator=(sptr<T>&& other) {
        std::swap(refs_, other.refs_);
        return *this;
    }
    T* GetRefPtr() const { return refs_; }
    operator T*() const { return refs_; }  // NOLINT: as the real one
    explicit operator bool() const { return refs_ != nullptr; }
    T& operator*() const { return *refs_; }
    T* operator->() const { return refs_; }
    void clear() {
        dec();
        refs_ = nullptr;
    }

private:
    void inc() {
        if (refs_ != nullptr) refs_->IncStrongRef(this);
    }
    void dec() {
        if (refs_ != nullptr) refs_->DecStrongRef(this);
    }
    T* refs_ = nullptr;
};

class Parcel;
// parcel.h
class Parcelable : public virtual RefBase {
public:
    virtual ~Parcelable() = default;
    Parcelable();
    explicit Parcelable(bool asRemote);
    virtual bool Marshalling(Parcel& parcel) const = 0;
};
class Parcel {
public:
    Parcel();
    virtual ~Parcel();
    bool WriteInt32(int32_t value);
    int32_t ReadInt32();
};

// -- ipc ---------------------------------------------------------------------------------

class MessageParcel : public Parcel {  // message_parcel.h
public:
    MessageParcel();
    ~MessageParcel();
    bool WriteInterfaceToken(std::u16string name);
    std::u16string ReadInterfaceToken();
};
class MessageOption {  // message_option.h
public:
    enum {
        TF_SYNC = 0x00,
        TF_ASYNC = 0x01,
        TF_STATUS_CODE = 0x08,
        TF_ACCEPT_FDS = 0x10,
        TF_WAIT_TIME = 0x8,
        TF_ASYNC_WAKEUP_LATER = 0x100000,
        TF_IMAGE = 0x200000,
    };
    MessageOption(int flags = TF_SYNC, int waitTime = TF_WAIT_TIME);
    ~MessageOption() = default;
};

class IRemoteBroker;
// iremote_object.h (of its pure virtuals, those a stub overrides in ipc_object_stub.h)
class IRemoteObject : public virtual Parcelable, public virtual RefBase {
public:
    virtual int32_t GetObjectRefCount() = 0;
    virtual int SendRequest(uint32_t code, MessageParcel& data, MessageParcel& reply, MessageOption& option) = 0;
    virtual sptr<IRemoteBroker> AsInterface();
    bool Marshalling(Parcel& parcel) const override;
    const std::u16string descriptor_;

protected:
    explicit IRemoteObject(std::u16string descriptor = {});
};

// iremote_broker.h
class IRemoteBroker : public virtual RefBase {
public:
    IRemoteBroker() = default;
    virtual ~IRemoteBroker() override = default;
    virtual sptr<IRemoteObject> AsObject() = 0;
};
#define DECLARE_INTERFACE_DESCRIPTOR(DESCRIPTOR)                   \
    static constexpr const char16_t* metaDescriptor_ = DESCRIPTOR; \
    static inline const std::u16string GetDescriptor() { return metaDescriptor_; }

// ipc_object_stub.h
class IPCObjectStub : public IRemoteObject {
public:
    explicit IPCObjectStub(std::u16string descriptor = std::u16string(), bool serialInvokeFlag = false);
    ~IPCObjectStub();
    int32_t GetObjectRefCount() override;
    int SendRequest(uint32_t code, MessageParcel& data, MessageParcel& reply, MessageOption& option) override;
    virtual int OnRemoteRequest(uint32_t code, MessageParcel& data, MessageParcel& reply, MessageOption& option);
};

// iremote_stub.h
template <typename INTERFACE>
class IRemoteStub : public IPCObjectStub, public INTERFACE {
public:
    IRemoteStub(bool serialInvokeFlag = false) : IPCObjectStub(INTERFACE::GetDescriptor(), serialInvokeFlag) {}
    virtual ~IRemoteStub() = default;
    sptr<IRemoteObject> AsObject() override { return this; }
    sptr<IRemoteBroker> AsInterface() override { return this; }
};

namespace AAFwk {

// -- ability_base: the typed boxes WantParams holds ---------------------------------------------

// base_types.h
using Uuid = struct Uuid {
    static constexpr int UUID_SUB5_SIZE = 12;
    unsigned int mData1;
    unsigned short mData2;
    unsigned short mData3;
    unsigned short mData4;
    unsigned char mData5[UUID_SUB5_SIZE];
    static const struct Uuid Empty;
};
using InterfaceID = Uuid;
using ClassID = Uuid;

// base_interfaces.h: INTERFACE(Name, uuid) is `extern const InterfaceID
// g_IID_Name; struct Name : public IInterface`.
extern const InterfaceID g_IID_IInterface;
struct IInterface {
    inline static IInterface* Query(IInterface* object) {
        if (object == nullptr) return nullptr;
        return object->Query(g_IID_IInterface);
    }
    virtual void IncStrongRef(const void* id = nullptr) = 0;
    virtual void DecStrongRef(const void* id = nullptr) = 0;
    virtual IInterface* Query(const InterfaceID& iid) = 0;
    virtual InterfaceID GetInterfaceID(IInterface* object) = 0;
    virtual ~IInterface() {}
};
#define OHBRIDGE_DECL_BOX_INTERFACE(Name)                             \
    extern const InterfaceID g_IID_##Name;                            \
    struct Name : public IInterface {                                 \
        inline static Name* Query(IInterface* object) {               \
            if (object == nullptr) return nullptr;                    \
            return static_cast<Name*>(object->Query(g_IID_##Name));   \
        }
OHBRIDGE_DECL_BOX_INTERFACE(IBoolean)
    virtual ErrCode GetValue(bool& value) = 0;
};
OHBRIDGE_DECL_BOX_INTERFACE(IInteger)
    virtual ErrCode GetValue(int& value) = 0;
};
OHBRIDGE_DECL_BOX_INTERFACE(ILong)
    virtual ErrCode GetValue(long& value) = 0;
};
OHBRIDGE_DECL_BOX_INTERFACE(IDouble)
    virtual ErrCode GetValue(double& value) = 0;
};
OHBRIDGE_DECL_BOX_INTERFACE(IString)
    virtual ErrCode GetString(std::string& str) = 0;
};
OHBRIDGE_DECL_BOX_INTERFACE(IArray)
    virtual ErrCode Get(long index, sptr<IInterface>& value) = 0;
    virtual ErrCode GetLength(long& size) = 0;
    virtual ErrCode GetType(InterfaceID& id) = 0;
    virtual ErrCode Set(long index, IInterface* value) = 0;
};
// base_obj.h
OHBRIDGE_DECL_BOX_INTERFACE(IObject)
    virtual ClassID GetClassID() = 0;
    virtual int GetHashCode() = 0;
    virtual bool Equals(IObject& other) = 0;
    virtual std::string ToString() = 0;
};
struct IWeakReference;
OHBRIDGE_DECL_BOX_INTERFACE(IWeakReferenceSource)
    virtual ErrCode GetWeakReference(sptr<IWeakReference>& weakRef) = 0;
};
class Object : public virtual RefBase, public IObject, public IWeakReferenceSource {
public:
    void IncStrongRef(const void* id = nullptr) override;
    void DecStrongRef(const void* id = nullptr) override;
    IInterface* Query(const InterfaceID& iid) override;
    InterfaceID GetInterfaceID(IInterface* object) override;
    ClassID GetClassID() override;
    int GetHashCode() override;
    bool Equals(IObject& other) override;
    ErrCode GetWeakReference(sptr<IWeakReference>& weakRef) override;
    std::string ToString() override;
};

class WantParams;
// want_params_wrapper.h
OHBRIDGE_DECL_BOX_INTERFACE(IWantParams)
    virtual ErrCode GetValue(WantParams& value) = 0;
};
#undef OHBRIDGE_DECL_BOX_INTERFACE

// want_params.h
class WantParams final : public Parcelable {
public:
    WantParams() = default;
    WantParams(const WantParams& wantParams);
    WantParams(WantParams&& other) noexcept;
    ~WantParams();
    WantParams& operator=(const WantParams& other);
    WantParams& operator=(WantParams&& other) noexcept;
    void SetParam(const std::string& key, IInterface* value);
    const std::map<std::string, sptr<IInterface>>& GetParams() const;
    bool IsEmpty() const;
    bool Marshalling(Parcel& parcel) const override;

private:
    std::map<std::string, sptr<IInterface>> params_;
};

// bool_wrapper.h, int_wrapper.h, long_wrapper.h, double_wrapper.h,
// string_wrapper.h (IINTERFACE_DECL() is base_def.h's four IInterface overrides).
#define OHBRIDGE_DECL_IINTERFACE()                              \
    void IncStrongRef(const void* id = nullptr) override;       \
    void DecStrongRef(const void* id = nullptr) override;       \
    IInterface* Query(const InterfaceID& iid) override;         \
    InterfaceID GetInterfaceID(IInterface* object) override;
#define OHBRIDGE_DECL_BOX(Name, IName, T, Getter, ParamT)       \
    class Name final : public Object, public IName {            \
    public:                                                     \
        inline Name(ParamT value) : value_(value) {}            \
        ~Name() {}                                              \
        OHBRIDGE_DECL_IINTERFACE()                              \
        ErrCode Getter(T& value) override;                      \
        bool Equals(IObject& other) override;                   \
        std::string ToString() override;                        \
        static sptr<IName> Box(ParamT value);                   \
        static T Unbox(IName* object);                          \
                                                                \
    private:                                                    \
        T value_;                                               \
    };
OHBRIDGE_DECL_BOX(Boolean, IBoolean, bool, GetValue, bool)
OHBRIDGE_DECL_BOX(Integer, IInteger, int, GetValue, int)
OHBRIDGE_DECL_BOX(Double, IDouble, double, GetValue, double)
OHBRIDGE_DECL_BOX(String, IString, std::string, GetString, const std::string&)
#undef OHBRIDGE_DECL_BOX
// long_wrapper.h keeps an int64_t and adds Box64/Unbox64.
class Long final : public Object, public ILong {
public:
    Long(long value) : value_(static_cast<int64_t>(value)) {}
    ~Long() {}
    OHBRIDGE_DECL_IINTERFACE()
    ErrCode GetValue(long& value) override;
    bool Equals(IObject& other) override;
    std::string ToString() override;
    static sptr<ILong> Box(long value);
    static sptr<ILong> Box64(int64_t value);
    static long Unbox(ILong* object);
    static int64_t Unbox64(ILong* object);

private:
    int64_t value_;
};
// array_wrapper.h
class Array : public Object, public IArray {
public:
    Array(long size, const InterfaceID& id);
    ~Array() {}
    OHBRIDGE_DECL_IINTERFACE()
    ErrCode Get(long index, sptr<IInterface>& value) override;
    ErrCode GetLength(long& size) override;
    ErrCode GetType(InterfaceID& id) override;
    ErrCode Set(long index, IInterface* value) override;
    bool Equals(IObject& other) override;
    std::string ToString() override;
    static void ForEach(IArray* array, std::function<void(IInterface*)> func);

private:
    std::vector<sptr<IInterface>> values_;
    long size_;
    InterfaceID typeId_;
};
// want_params_wrapper.h
class WantParamWrapper final : public Object, public IWantParams {
public:
    WantParamWrapper(const WantParams& value);
    WantParamWrapper(WantParams&& value);
    ~WantParamWrapper() {}
    OHBRIDGE_DECL_IINTERFACE()
    ErrCode GetValue(WantParams& value) override;
    bool Equals(IObject& other) override;
    std::string ToString() override;
    static sptr<IWantParams> Box(const WantParams& value);
    static sptr<IWantParams> Box(WantParams&& value);
    static WantParams Unbox(IWantParams* object);

private:
    WantParams wantParams_;
};
#undef OHBRIDGE_DECL_IINTERFACE

}  // namespace AAFwk

namespace AppExecFwk {
// element_name.h
class ElementName : public Parcelable {
public:
    ElementName(const std::string& deviceId, const std::string& bundleName, const std::string& abilityName,
                const std::string& moduleName = "");
    ElementName();
    ~ElementName();
    ElementName(const ElementName&) = default;
    ElementName& operator=(const ElementName&) = default;
    std::string GetDeviceID() const { return deviceId_; }
    std::string GetBundleName() const { return bundleName_; }
    std::string GetAbilityName() const { return abilityName_; }
    std::string GetModuleName() const { return moduleName_; }
    bool Marshalling(Parcel& parcel) const override;

private:
    std::string deviceId_;
    std::string bundleName_;
    std::string abilityName_;
    std::string moduleName_;
};
}  // namespace AppExecFwk

namespace AAFwk {

// operation.h
class Operation : public Parcelable {
public:
    std::string GetBundleName() const;
    bool Marshalling(Parcel& parcel) const override;
};

// want.h
class Want final : public Parcelable {
public:
    Want();
    ~Want();
    Want(const Want& want);
    Want& operator=(const Want& want);
    Want& SetFlags(unsigned int flags);
    unsigned int GetFlags() const;
    Want& SetElementName(const std::string& deviceId, const std::string& bundleName, const std::string& abilityName,
                         const std::string& moduleName = "");
    OHOS::AppExecFwk::ElementName GetElement() const;
    std::string GetUriString() const;
    Want& SetUri(const std::string& uri);
    std::string GetAction() const;
    Want& SetAction(const std::string& action);
    const std::vector<std::string>& GetEntities() const;
    Want& AddEntity(const std::string& entity);
    std::string GetType() const;
    Want& SetType(const std::string& type);
    const WantParams& GetParams() const;
    Want& SetParams(const WantParams& wantParams);
    Operation GetOperation() const;
    bool Marshalling(Parcel& parcel) const override;

private:
    WantParams parameters_;
};

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

// account_os_account os_account_manager.h (from 5.0; the agent needs the
// foreground user: see agent_identity.h).  With the real headers,
// agent_identity.cpp includes os_account_manager.h itself: only it calls this,
// and the rest of the backend stays free of the account headers.
namespace AccountSA {
class OsAccountManager {
public:
#if OHBRIDGE_OHOS_RELEASE_FOREGROUND_OS_ACCOUNT_ID
    static ErrCode GetForegroundOsAccountLocalId(int32_t& localId);
#else
    static ErrCode QueryActiveOsAccountIds(std::vector<int32_t>& ids);
#endif
};
}  // namespace AccountSA

namespace Security::AccessToken {
class AccessTokenKit {  // accesstoken_kit.h
public:
    static int32_t ReloadNativeTokenInfo();
};
}  // namespace Security::AccessToken

}  // namespace OHOS

// nativetoken_kit.h / token_setproc.h (C API); `uid` from 7.0 (master).
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
#if OHBRIDGE_OHOS_RELEASE_NATIVE_TOKEN_UID
    int32_t uid;
#endif
} NativeTokenInfoParams;
extern uint64_t GetAccessTokenId(NativeTokenInfoParams* tokenInfo);
uint64_t GetSelfTokenID(void);
int SetSelfTokenID(uint64_t tokenID);
}

#else  // the real headers: inner_api_drift.h checks them against the declarations above
#include "ability_manager_client.h"
#include "accesstoken_kit.h"
#include "array_wrapper.h"
#include "bool_wrapper.h"
#include "completed_callback.h"
#include "completed_dispatcher.h"
#include "double_wrapper.h"
#include "element_name.h"
#include "int_wrapper.h"
#include "iremote_stub.h"
#include "long_wrapper.h"
#include "message_parcel.h"
#include "mission_info.h"
#include "mission_snapshot.h"
#include "nativetoken_kit.h"
#include "pending_want.h"
#include "remote_mission_listener_stub.h"
#include "remote_on_listener_stub.h"
#include "string_wrapper.h"
#include "token_setproc.h"
#include "trigger_info.h"
#include "want.h"
#include "want_agent.h"
#include "want_agent_client.h"
#include "want_agent_helper.h"
#include "want_params_wrapper.h"
#include "want_sender_info.h"
#include "wants_info.h"
#endif
