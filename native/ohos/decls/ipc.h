// The c_utils and ipc declarations OhosBackend uses (refbase.h, parcel.h, message_parcel.h,
// message_option.h, iremote_object.h, iremote_broker.h, ipc_object_stub.h, iremote_stub.h).
// Part of ohos_inner_api_decls.h (include that header, not this one).
#pragma once

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


}  // namespace OHOS
