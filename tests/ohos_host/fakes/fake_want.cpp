// Want, ElementName, WantParams and the typed boxes, as the decls header
// declares them.  The header gives these value classes no data members, so
// the fakes cannot hold a Want's fields in it: setters are recorded (by the
// object's name, see fake_ams.h) and getters give empty values.  The boxes
// live on the heap behind sptr, so they keep their value in a side table.
#include <map>
#include <mutex>

#include "fake_ams.h"
#include "inner_api_log.h"
#include "ohos_inner_api_decls.h"

namespace fakes {
namespace {

struct BoxState {
    std::mutex mu;
    std::map<const void*, bool> bools;
    std::map<const void*, long> longs;
    std::map<const void*, double> doubles;
    std::map<const void*, std::string> strings;
};
BoxState& boxes() {
    static BoxState s;
    return s;
}

}  // namespace
}  // namespace fakes

namespace OHOS::AAFwk {

using fakes::arg;
using fakes::boxes;
using fakes::log;
using fakes::object_name;

const InterfaceID g_IID_IBoolean{0x1, 0, 0, 0, {0}};
const InterfaceID g_IID_IInteger{0x2, 0, 0, 0, {0}};
const InterfaceID g_IID_IDouble{0x3, 0, 0, 0, {0}};
const InterfaceID g_IID_IString{0x4, 0, 0, 0, {0}};
const InterfaceID g_IID_IWantParams{0x5, 0, 0, 0, {0}};

namespace {
// The concrete boxes the fake Box functions make.
struct BooleanBox : IBoolean {};
struct IntegerBox : IInteger {};
struct LongBox : ILong {};
struct DoubleBox : IDouble {};
struct StringBox : IString {};
struct ParamsBox : IWantParams {};
}  // namespace

IBoolean* IBoolean::Query(IInterface* o) { return dynamic_cast<IBoolean*>(o); }
IInteger* IInteger::Query(IInterface* o) { return dynamic_cast<IInteger*>(o); }
ILong* ILong::Query(IInterface* o) { return dynamic_cast<ILong*>(o); }
IDouble* IDouble::Query(IInterface* o) { return dynamic_cast<IDouble*>(o); }
IString* IString::Query(IInterface* o) { return dynamic_cast<IString*>(o); }
IArray* IArray::Query(IInterface* o) { return dynamic_cast<IArray*>(o); }
IWantParams* IWantParams::Query(IInterface* o) { return dynamic_cast<IWantParams*>(o); }

sptr<IBoolean> Boolean::Box(bool value) {
    auto* b = new BooleanBox;
    log().record("Boolean::Box", {arg(value)});
    std::lock_guard<std::mutex> lock(boxes().mu);
    boxes().bools[b] = value;
    return b;
}
bool Boolean::Unbox(IBoolean* o) {
    std::lock_guard<std::mutex> lock(boxes().mu);
    return boxes().bools[o];
}
sptr<IInteger> Integer::Box(int value) {
    auto* b = new IntegerBox;
    log().record("Integer::Box", {arg(value)});
    std::lock_guard<std::mutex> lock(boxes().mu);
    boxes().longs[b] = value;
    return b;
}
int Integer::Unbox(IInteger* o) {
    std::lock_guard<std::mutex> lock(boxes().mu);
    return static_cast<int>(boxes().longs[o]);
}
sptr<ILong> Long::Box(long value) {
    auto* b = new LongBox;
    log().record("Long::Box", {arg(value)});
    std::lock_guard<std::mutex> lock(boxes().mu);
    boxes().longs[b] = value;
    return b;
}
long Long::Unbox(ILong* o) {
    std::lock_guard<std::mutex> lock(boxes().mu);
    return boxes().longs[o];
}
sptr<IDouble> Double::Box(double value) {
    auto* b = new DoubleBox;
    log().record("Double::Box", {arg(value)});
    std::lock_guard<std::mutex> lock(boxes().mu);
    boxes().doubles[b] = value;
    return b;
}
double Double::Unbox(IDouble* o) {
    std::lock_guard<std::mutex> lock(boxes().mu);
    return boxes().doubles[o];
}
sptr<IString> String::Box(const std::string& value) {
    auto* b = new StringBox;
    log().record("String::Box", {arg(value)});
    std::lock_guard<std::mutex> lock(boxes().mu);
    boxes().strings[b] = value;
    return b;
}
std::string String::Unbox(IString* o) {
    std::lock_guard<std::mutex> lock(boxes().mu);
    return boxes().strings[o];
}
sptr<IWantParams> WantParamWrapper::Box(const WantParams&) {
    log().record("WantParamWrapper::Box");
    return new ParamsBox;
}
WantParams WantParamWrapper::Unbox(IWantParams*) { return WantParams(); }

Array::Array(long size, const InterfaceID& id) { log().record("Array", {arg(size), arg(id.data1)}); }
ErrCode Array::Set(long index, IInterface*) { return log().record("Array::Set", {arg(index)}); }
void Array::ForEach(IArray*, std::function<void(IInterface*)>) {}

bool WantParams::IsEmpty() const { return true; }
void WantParams::SetParam(const std::string& key, IInterface* value) {
    log().record("WantParams::SetParam", {arg(key), value ? "box" : "null"});
}
const std::map<std::string, sptr<IInterface>>& WantParams::GetParams() const {
    static const std::map<std::string, sptr<IInterface>> none;
    return none;
}

std::string ElementName::GetDeviceID() const { return ""; }
std::string ElementName::GetBundleName() const { return ""; }
std::string ElementName::GetAbilityName() const { return ""; }
std::string ElementName::GetModuleName() const { return ""; }

Want::Want() {}
ElementName Want::GetElement() const { return ElementName(); }
Want& Want::SetElementName(const std::string& deviceId, const std::string& bundleName, const std::string& abilityName,
                           const std::string& moduleName) {
    log().record("Want::SetElementName",
                 {object_name(this), arg(deviceId), arg(bundleName), arg(abilityName), arg(moduleName)});
    return *this;
}
std::string Want::GetAction() const { return ""; }
Want& Want::SetAction(const std::string& action) {
    log().record("Want::SetAction", {object_name(this), arg(action)});
    return *this;
}
const std::vector<std::string>& Want::GetEntities() const {
    static const std::vector<std::string> none;
    return none;
}
Want& Want::AddEntity(const std::string& entity) {
    log().record("Want::AddEntity", {object_name(this), arg(entity)});
    return *this;
}
std::string Want::GetType() const { return ""; }
Want& Want::SetType(const std::string& type) {
    log().record("Want::SetType", {object_name(this), arg(type)});
    return *this;
}
std::string Want::GetUriString() const { return ""; }
Want& Want::SetUri(const std::string& uri) {
    log().record("Want::SetUri", {object_name(this), arg(uri)});
    return *this;
}
unsigned int Want::GetFlags() const { return 0; }
Want& Want::SetFlags(unsigned int flags) {
    log().record("Want::SetFlags", {object_name(this), arg(flags)});
    return *this;
}
const WantParams& Want::GetParams() const {
    static const WantParams none;
    return none;
}
Want& Want::SetParams(const WantParams&) {
    log().record("Want::SetParams", {object_name(this)});
    return *this;
}

}  // namespace OHOS::AAFwk
