// ability_base's value classes as the decls header declares them: the typed
// boxes, WantParams, ElementName, Operation, Want.
//
// The header gives Want only its parameters_ member (the real one has the
// others, which the backend never touches directly), so a fake Want keeps its
// element, action, entities, type, uri and flags in a side table keyed by the
// object; its declared copy constructor, assignment and destructor copy and
// drop that entry, so copies behave as values.
#include <map>
#include <mutex>
#include <sstream>

#include "fake_ams.h"
#include "inner_api_log.h"
#include "ohos_inner_api_decls.h"

namespace OHOS::AAFwk {

const Uuid Uuid::Empty{0, 0, 0, 0, {0}};
const InterfaceID g_IID_IInterface{0x00000000, 0x0000, 0x0000, 0x0000, {0x0}};
const InterfaceID g_IID_IObject{0x8321f710, 0xa0c0, 0x4cbe, 0xbfbc, {0x5}};
const InterfaceID g_IID_IWeakReferenceSource{0x26ab1978, 0x1d11, 0x4a4f, 0x826d, {0x6}};
const InterfaceID g_IID_IBoolean{0x4e8d9a2b, 0x2d8e, 0x4c6b, 0x9f0c, {0x1}};
const InterfaceID g_IID_IInteger{0x1e0f0a4c, 0x0b2b, 0x4a3d, 0x8e7f, {0x2}};
const InterfaceID g_IID_ILong{0x6e1b4d2a, 0x3c5e, 0x4f7d, 0x9a1b, {0x3}};
const InterfaceID g_IID_IDouble{0x5a7b1c3d, 0x4e5f, 0x4a6b, 0x8c9d, {0x4}};
const InterfaceID g_IID_IString{0x7c9d2e4f, 0x5a6b, 0x4c7d, 0x9e0f, {0x5}};
const InterfaceID g_IID_IArray{0x9e0f3a5b, 0x6c7d, 0x4e8f, 0xa0b1, {0x6}};
const InterfaceID g_IID_IWantParams{0xa1b2c3d4, 0x7e8f, 0x4a0b, 0xb2c3, {0x7}};

namespace {
bool same_iid(const InterfaceID& a, const InterfaceID& b) {
    return a.mData1 == b.mData1 && a.mData2 == b.mData2 && a.mData3 == b.mData3 && a.mData4 == b.mData4;
}
}  // namespace

// Object: the strong count is RefBase's (sptr<IInterface> and sptr<Object> share it).
void Object::IncStrongRef(const void* id) { RefBase::IncStrongRef(id); }
void Object::DecStrongRef(const void* id) { RefBase::DecStrongRef(id); }
IInterface* Object::Query(const InterfaceID& iid) {
    if (same_iid(iid, g_IID_IObject)) return static_cast<IObject*>(this);
    if (same_iid(iid, g_IID_IWeakReferenceSource)) return static_cast<IWeakReferenceSource*>(this);
    if (same_iid(iid, g_IID_IInterface)) return static_cast<IObject*>(this);
    return nullptr;
}
InterfaceID Object::GetInterfaceID(IInterface*) { return g_IID_IObject; }
ClassID Object::GetClassID() { return Uuid::Empty; }
int Object::GetHashCode() { return static_cast<int>(reinterpret_cast<std::uintptr_t>(this)); }
bool Object::Equals(IObject& other) { return static_cast<IObject*>(this) == &other; }
// IWeakReference is only declared: no weak references here.
ErrCode Object::GetWeakReference(sptr<IWeakReference>&) { return 22; }
std::string Object::ToString() { return "Object"; }

#define OHBRIDGE_FAKE_BOX(Name, IName, T, Getter, ParamT, Render)                          \
    void Name::IncStrongRef(const void* id) { Object::IncStrongRef(id); }                    \
    void Name::DecStrongRef(const void* id) { Object::DecStrongRef(id); }                    \
    IInterface* Name::Query(const InterfaceID& iid) {                                        \
        if (same_iid(iid, g_IID_##IName)) return static_cast<IName*>(this);                 \
        return Object::Query(iid);                                                           \
    }                                                                                        \
    InterfaceID Name::GetInterfaceID(IInterface* object) {                                   \
        return object == static_cast<IName*>(this) ? g_IID_##IName : Object::GetInterfaceID(object); \
    }                                                                                        \
    ErrCode Name::Getter(T& value) {                                                         \
        value = value_;                                                                      \
        return ERR_OK;                                                                       \
    }                                                                                        \
    bool Name::Equals(IObject& other) {                                                      \
        auto* o = dynamic_cast<Name*>(&other);                                               \
        return o != nullptr && o->value_ == value_;                                          \
    }                                                                                        \
    std::string Name::ToString() { return Render; }                                          \
    sptr<IName> Name::Box(ParamT value) {                                                    \
        fakes::log().record(#Name "::Box", {fakes::arg(value)});                             \
        return sptr<IName>(new Name(value));                                                 \
    }                                                                                        \
    T Name::Unbox(IName* object) {                                                           \
        T value{};                                                                           \
        if (object != nullptr) object->Getter(value);                                        \
        return value;                                                                        \
    }
OHBRIDGE_FAKE_BOX(Boolean, IBoolean, bool, GetValue, bool, value_ ? "true" : "false")
OHBRIDGE_FAKE_BOX(Integer, IInteger, int, GetValue, int, std::to_string(value_))
OHBRIDGE_FAKE_BOX(Double, IDouble, double, GetValue, double, std::to_string(value_))
OHBRIDGE_FAKE_BOX(String, IString, std::string, GetString, const std::string&, value_)
#undef OHBRIDGE_FAKE_BOX

void Long::IncStrongRef(const void* id) { Object::IncStrongRef(id); }
void Long::DecStrongRef(const void* id) { Object::DecStrongRef(id); }
IInterface* Long::Query(const InterfaceID& iid) {
    if (same_iid(iid, g_IID_ILong)) return static_cast<ILong*>(this);
    return Object::Query(iid);
}
InterfaceID Long::GetInterfaceID(IInterface* object) {
    return object == static_cast<ILong*>(this) ? g_IID_ILong : Object::GetInterfaceID(object);
}
ErrCode Long::GetValue(long& value) {
    value = static_cast<long>(value_);
    return ERR_OK;
}
bool Long::Equals(IObject& other) {
    auto* o = dynamic_cast<Long*>(&other);
    return o != nullptr && o->value_ == value_;
}
std::string Long::ToString() { return std::to_string(value_); }
sptr<ILong> Long::Box(long value) { return sptr<ILong>(new Long(value)); }
sptr<ILong> Long::Box64(int64_t value) { return sptr<ILong>(new Long(static_cast<long>(value))); }
long Long::Unbox(ILong* object) {
    long v = 0;
    if (object != nullptr) object->GetValue(v);
    return v;
}
int64_t Long::Unbox64(ILong* object) { return Unbox(object); }

Array::Array(long size, const InterfaceID& id) : values_(static_cast<std::size_t>(size)), size_(size), typeId_(id) {}
void Array::IncStrongRef(const void* id) { Object::IncStrongRef(id); }
void Array::DecStrongRef(const void* id) { Object::DecStrongRef(id); }
IInterface* Array::Query(const InterfaceID& iid) {
    if (same_iid(iid, g_IID_IArray)) return static_cast<IArray*>(this);
    return Object::Query(iid);
}
InterfaceID Array::GetInterfaceID(IInterface* object) {
    return object == static_cast<IArray*>(this) ? g_IID_IArray : Object::GetInterfaceID(object);
}
ErrCode Array::Get(long index, sptr<IInterface>& value) {
    if (index < 0 || index >= size_) return 22;  // ERR_INVALID_VALUE
    value = values_[static_cast<std::size_t>(index)];
    return ERR_OK;
}
ErrCode Array::GetLength(long& size) {
    size = size_;
    return ERR_OK;
}
ErrCode Array::GetType(InterfaceID& id) {
    id = typeId_;
    return ERR_OK;
}
ErrCode Array::Set(long index, IInterface* value) {
    if (index < 0 || index >= size_) return 22;
    values_[static_cast<std::size_t>(index)] = value;
    return ERR_OK;
}
bool Array::Equals(IObject& other) { return static_cast<IObject*>(this) == &other; }
std::string Array::ToString() { return "Array"; }
void Array::ForEach(IArray* array, std::function<void(IInterface*)> func) {
    if (array == nullptr) return;
    long size = 0;
    array->GetLength(size);
    for (long i = 0; i < size; ++i) {
        sptr<IInterface> v;
        array->Get(i, v);
        func(v.GetRefPtr());
    }
}

WantParamWrapper::WantParamWrapper(const WantParams& value) : wantParams_(value) {}
WantParamWrapper::WantParamWrapper(WantParams&& value) : wantParams_(std::move(value)) {}
void WantParamWrapper::IncStrongRef(const void* id) { Object::IncStrongRef(id); }
void WantParamWrapper::DecStrongRef(const void* id) { Object::DecStrongRef(id); }
IInterface* WantParamWrapper::Query(const InterfaceID& iid) {
    if (same_iid(iid, g_IID_IWantParams)) return static_cast<IWantParams*>(this);
    return Object::Query(iid);
}
InterfaceID WantParamWrapper::GetInterfaceID(IInterface* object) {
    return object == static_cast<IWantParams*>(this) ? g_IID_IWantParams : Object::GetInterfaceID(object);
}
ErrCode WantParamWrapper::GetValue(WantParams& value) {
    value = wantParams_;
    return ERR_OK;
}
bool WantParamWrapper::Equals(IObject& other) { return static_cast<IObject*>(this) == &other; }
std::string WantParamWrapper::ToString() { return "WantParams"; }
sptr<IWantParams> WantParamWrapper::Box(const WantParams& value) {
    return sptr<IWantParams>(new WantParamWrapper(value));
}
sptr<IWantParams> WantParamWrapper::Box(WantParams&& value) {
    return sptr<IWantParams>(new WantParamWrapper(std::move(value)));
}
WantParams WantParamWrapper::Unbox(IWantParams* object) {
    WantParams v;
    if (object != nullptr) object->GetValue(v);
    return v;
}

WantParams::WantParams(const WantParams& other) : RefBase(), Parcelable(), params_(other.params_) {}
WantParams::WantParams(WantParams&& other) noexcept : RefBase(), Parcelable(), params_(std::move(other.params_)) {}
WantParams& WantParams::operator=(const WantParams& other) {
    params_ = other.params_;
    return *this;
}
WantParams& WantParams::operator=(WantParams&& other) noexcept {
    params_ = std::move(other.params_);
    return *this;
}
void WantParams::SetParam(const std::string& key, IInterface* value) { params_[key] = value; }
const std::map<std::string, sptr<IInterface>>& WantParams::GetParams() const { return params_; }
bool WantParams::IsEmpty() const { return params_.empty(); }
bool WantParams::Marshalling(Parcel&) const { return true; }

}  // namespace OHOS::AAFwk

namespace OHOS::AppExecFwk {
ElementName::ElementName(const std::string& deviceId, const std::string& bundleName, const std::string& abilityName,
                         const std::string& moduleName)
    : deviceId_(deviceId), bundleName_(bundleName), abilityName_(abilityName), moduleName_(moduleName) {}
ElementName::ElementName() = default;
ElementName::~ElementName() = default;
bool ElementName::Marshalling(Parcel&) const { return true; }
}  // namespace OHOS::AppExecFwk

namespace fakes {
namespace {
struct WantFields {
    std::string device_id, bundle_name, ability_name, module_name, action, type, uri;
    std::vector<std::string> entities;
    unsigned int flags = 0;
};
struct WantTable {
    std::mutex mu;
    std::map<const void*, WantFields> wants;
};
WantTable& wants() {
    // Never destroyed: Wants held by other fakes' statics (the missions of
    // fake_ams.cpp) are destroyed at exit in whatever order those were made.
    static WantTable* t = new WantTable;
    return *t;
}
WantFields& fields(const void* w) {
    // callers hold wants().mu
    return wants().wants[w];
}
// Operation has no members in the header: GetOperation hands the bundle name
// to the GetBundleName called on the Operation it returns (the one use:
// want.GetOperation().GetBundleName()).
thread_local std::string g_operation_bundle;
}  // namespace

std::string want_text(const OHOS::AAFwk::Want& w) {
    std::lock_guard<std::mutex> lock(wants().mu);
    const WantFields& f = fields(&w);
    std::string out = "Want{" + f.device_id + "/" + f.bundle_name + "/" + f.ability_name;
    if (!f.module_name.empty()) out += " module=" + f.module_name;
    if (!f.action.empty()) out += " action=" + f.action;
    for (const auto& e : f.entities) out += " entity=" + e;
    if (!f.type.empty()) out += " type=" + f.type;
    if (!f.uri.empty()) out += " uri=" + f.uri;
    if (f.flags) out += " flags=" + std::to_string(f.flags);
    std::string params;
    for (const auto& kv : w.GetParams().GetParams()) params += (params.empty() ? "" : ",") + kv.first;
    if (!params.empty()) out += " params=" + params;
    return out + "}";
}

}  // namespace fakes

namespace OHOS::AAFwk {

using fakes::wants;

std::string Operation::GetBundleName() const { return fakes::g_operation_bundle; }
bool Operation::Marshalling(Parcel&) const { return true; }

Want::Want() {
    std::lock_guard<std::mutex> lock(wants().mu);
    fakes::fields(this) = fakes::WantFields();
}
Want::~Want() {
    std::lock_guard<std::mutex> lock(wants().mu);
    wants().wants.erase(this);
}
Want::Want(const Want& want) : RefBase(), Parcelable(), parameters_(want.parameters_) {
    std::lock_guard<std::mutex> lock(wants().mu);
    fakes::WantFields copy = fakes::fields(&want);
    fakes::fields(this) = copy;
}
Want& Want::operator=(const Want& want) {
    parameters_ = want.parameters_;
    std::lock_guard<std::mutex> lock(wants().mu);
    fakes::WantFields copy = fakes::fields(&want);
    fakes::fields(this) = copy;
    return *this;
}

#define OHBRIDGE_WANT_SET(field, value)                   \
    do {                                                  \
        std::lock_guard<std::mutex> lock(wants().mu);     \
        fakes::fields(this).field = value;                \
    } while (0)
#define OHBRIDGE_WANT_GET(field)                          \
    do {                                                  \
        std::lock_guard<std::mutex> lock(wants().mu);     \
        return fakes::fields(this).field;                 \
    } while (0)

Want& Want::SetFlags(unsigned int flags) {
    OHBRIDGE_WANT_SET(flags, flags);
    return *this;
}
unsigned int Want::GetFlags() const { OHBRIDGE_WANT_GET(flags); }
Want& Want::SetElementName(const std::string& deviceId, const std::string& bundleName, const std::string& abilityName,
                           const std::string& moduleName) {
    std::lock_guard<std::mutex> lock(wants().mu);
    auto& f = fakes::fields(this);
    f.device_id = deviceId;
    f.bundle_name = bundleName;
    f.ability_name = abilityName;
    f.module_name = moduleName;
    return *this;
}
OHOS::AppExecFwk::ElementName Want::GetElement() const {
    std::lock_guard<std::mutex> lock(wants().mu);
    const auto& f = fakes::fields(this);
    return OHOS::AppExecFwk::ElementName(f.device_id, f.bundle_name, f.ability_name, f.module_name);
}
std::string Want::GetUriString() const { OHBRIDGE_WANT_GET(uri); }
Want& Want::SetUri(const std::string& uri) {
    OHBRIDGE_WANT_SET(uri, uri);
    return *this;
}
std::string Want::GetAction() const { OHBRIDGE_WANT_GET(action); }
Want& Want::SetAction(const std::string& action) {
    OHBRIDGE_WANT_SET(action, action);
    return *this;
}
const std::vector<std::string>& Want::GetEntities() const {
    std::lock_guard<std::mutex> lock(wants().mu);
    return fakes::fields(this).entities;  // a map node: stable while the Want lives
}
Want& Want::AddEntity(const std::string& entity) {
    std::lock_guard<std::mutex> lock(wants().mu);
    fakes::fields(this).entities.push_back(entity);
    return *this;
}
std::string Want::GetType() const { OHBRIDGE_WANT_GET(type); }
Want& Want::SetType(const std::string& type) {
    OHBRIDGE_WANT_SET(type, type);
    return *this;
}
const WantParams& Want::GetParams() const { return parameters_; }
Want& Want::SetParams(const WantParams& wantParams) {
    parameters_ = wantParams;
    return *this;
}
Operation Want::GetOperation() const {
    {
        std::lock_guard<std::mutex> lock(wants().mu);
        fakes::g_operation_bundle = fakes::fields(this).bundle_name;
    }
    return Operation();
}
bool Want::Marshalling(Parcel&) const { return true; }
#undef OHBRIDGE_WANT_SET
#undef OHBRIDGE_WANT_GET

bool MissionInfo::ReadFromParcel(Parcel&) { return true; }
bool MissionInfo::Marshalling(Parcel&) const { return true; }
MissionInfo* MissionInfo::Unmarshalling(Parcel&) { return nullptr; }
bool MissionSnapshot::ReadFromParcel(Parcel&) { return true; }
bool MissionSnapshot::Marshalling(Parcel&) const { return true; }
MissionSnapshot* MissionSnapshot::Unmarshalling(Parcel&) { return nullptr; }

}  // namespace OHOS::AAFwk
