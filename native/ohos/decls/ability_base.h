// The ability_base declarations OhosBackend uses: Uuid, the IInterface boxes, Object,
// WantParams and its wrappers, ElementName, Operation, Want.
// Part of ohos_inner_api_decls.h (include that header, not this one).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "decls/ipc.h"

namespace OHOS {

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
    ~WantParams() {}
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


}  // namespace AAFwk

}  // namespace OHOS
