// A JavaScript-shaped dynamic value.
//
// The NAPI layer of OpenHarmony validates arguments by asking JS questions of
// them: "is it an object?", "has it a property named X?", "is X a number?".
// Reproducing its exact 401 messages requires asking the same questions in the
// same order, so every argument coming from Python (or from the RPC wire) is
// first turned into this model and validated here, in one place.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace ohbridge {

// A downcast without RTTI.  OpenHarmony's system libraries are built with
// -fno-rtti (openharmony/build config/BUILDCONFIG.gn, no_rtti), and a class
// deriving from their RefBase/IRemoteObject only links when the agent is too,
// so dynamic_cast is not available where the agent matters most.  A class that
// front ends cast to returns type_tag_of<Itself>() from type_tag(); tag_cast
// then matches the exact class (none of them is derived from further).
template <class T>
const void* type_tag_of() {
    static const char tag = 0;
    return &tag;
}

template <class T, class Base>
T* tag_cast(Base* p) {
    using Plain = std::remove_cv_t<T>;
    return p != nullptr && p->type_tag() == type_tag_of<Plain>() ? static_cast<T*>(p) : nullptr;
}

// A reference to a caller-side function (napi_ref to a JS function).  The core
// only stores and schedules these; the front end that created one knows how to
// call it (a Python callable, an RPC callback id, ...).
class FunctionRef {
public:
    virtual ~FunctionRef() = default;
    virtual const void* type_tag() const { return nullptr; }
    // JS strict equality of the referenced functions.
    virtual bool same_function(const FunctionRef& other) const { return this == &other; }
};
using FunctionPtr = std::shared_ptr<FunctionRef>;

// A native object wrapped in a JS object (napi_wrap): WantAgent and friends.
class HandleObject {
public:
    virtual ~HandleObject() = default;
    virtual const void* type_tag() const { return nullptr; }
    virtual const char* kind() const = 0;
};
using HandlePtr = std::shared_ptr<HandleObject>;

class Value;
using Array = std::vector<Value>;
using Member = std::pair<std::string, Value>;
// Objects keep insertion order, as JS objects do; lookups are linear because
// the objects that cross this API have a handful of keys.
using Object = std::vector<Member>;

// A JS object of a class the core does not know (a Python object of an
// arbitrary type).  It is an object for `typeof`, but has no own properties.
struct Foreign {
    std::string type_name;
};

class Value {
public:
    enum class Type { Undefined, Null, Bool, Int, Double, String, Array, Object, Function, Handle, Foreign };

    Value() = default;
    static Value undefined() { return Value(); }
    static Value null() { Value v; v.data_ = std::nullptr_t{}; return v; }
    Value(bool b) : data_(b) {}
    Value(int v) : data_(static_cast<std::int64_t>(v)) {}
    Value(std::int64_t v) : data_(v) {}
    Value(double v) : data_(v) {}
    Value(const char* s) : data_(std::string(s)) {}
    Value(std::string s) : data_(std::move(s)) {}
    Value(ohbridge::Array a) : data_(std::move(a)) {}
    Value(ohbridge::Object o) : data_(std::move(o)) {}
    Value(FunctionPtr f) : data_(std::move(f)) {}
    Value(HandlePtr h) : data_(std::move(h)) {}
    Value(ohbridge::Foreign f) : data_(std::move(f)) {}

    Type type() const { return static_cast<Type>(data_.index()); }
    bool is_undefined() const { return type() == Type::Undefined; }
    bool is_null() const { return type() == Type::Null; }
    bool is_bool() const { return type() == Type::Bool; }
    bool is_number() const { return type() == Type::Int || type() == Type::Double; }
    bool is_string() const { return type() == Type::String; }
    bool is_array() const { return type() == Type::Array; }
    bool is_function() const { return type() == Type::Function; }
    bool is_handle() const { return type() == Type::Handle; }
    // typeof v === "object" && v !== null, as napi_typeof reports it.
    // Arrays, wrapped natives and foreign objects are objects too.
    bool is_object() const {
        auto t = type();
        return t == Type::Object || t == Type::Array || t == Type::Handle || t == Type::Foreign;
    }
    bool is_plain_object() const { return type() == Type::Object; }

    bool as_bool() const { return std::get<bool>(data_); }
    const std::string& as_string() const { return std::get<std::string>(data_); }
    const ohbridge::Array& as_array() const { return std::get<ohbridge::Array>(data_); }
    ohbridge::Array& as_array() { return std::get<ohbridge::Array>(data_); }
    const ohbridge::Object& as_object() const { return std::get<ohbridge::Object>(data_); }
    ohbridge::Object& as_object() { return std::get<ohbridge::Object>(data_); }
    const FunctionPtr& as_function() const { return std::get<FunctionPtr>(data_); }
    const HandlePtr& as_handle() const { return std::get<HandlePtr>(data_); }
    const ohbridge::Foreign& as_foreign() const { return std::get<ohbridge::Foreign>(data_); }
    bool is_int() const { return type() == Type::Int; }
    std::int64_t as_int() const { return std::get<std::int64_t>(data_); }
    // The number as a JS double.
    double as_double() const {
        return type() == Type::Int ? static_cast<double>(std::get<std::int64_t>(data_)) : std::get<double>(data_);
    }
    // napi_get_value_int32: ECMAScript ToInt32 (modular), non-finite -> 0.
    std::int32_t to_int32() const;
    // napi_get_value_int64: truncation, non-finite -> 0, saturating.
    std::int64_t to_int64() const;

    // napi_has_named_property on an object: only plain objects have own
    // properties here (wrapped natives and foreign objects expose none).
    bool has(const std::string& key) const;
    // napi_get_named_property: undefined when absent.
    const Value& get(const std::string& key) const;
    // Builder helper for plain objects.
    Value& set(const std::string& key, Value v);

    // Deep structural equality (used for WantParams).  Object key order is
    // irrelevant, as in WantParams::operator==; Int and Double are distinct
    // types, as the typed WantParams values are.
    bool deep_equals(const Value& other) const;
    std::size_t deep_hash() const;

    // A short JS-like rendering for messages and debugging.
    std::string debug_string() const;

private:
    std::variant<std::monostate, std::nullptr_t, bool, std::int64_t, double, std::string, ohbridge::Array,
                 ohbridge::Object, FunctionPtr, HandlePtr, ohbridge::Foreign>
        data_;
};

inline Value make_object(std::initializer_list<Member> members) { return Value(Object(members)); }

}  // namespace ohbridge
