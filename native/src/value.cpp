#include "ohbridge/value.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>

namespace ohbridge {

namespace {
const Value kUndefined;

std::size_t mix(std::size_t seed, std::size_t h) {
    return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}
}  // namespace

std::int32_t Value::to_int32() const {
    if (type() == Type::Int) {
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(as_int()));
    }
    double d = as_double();
    if (!std::isfinite(d)) return 0;
    double t = std::trunc(d);
    double m = std::fmod(t, 4294967296.0);
    if (m < 0) m += 4294967296.0;
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(m));
}

std::int64_t Value::to_int64() const {
    if (type() == Type::Int) return as_int();
    double d = as_double();
    if (!std::isfinite(d)) return 0;
    if (d >= 9223372036854775807.0) return std::numeric_limits<std::int64_t>::max();
    if (d <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(d);
}

bool Value::has(const std::string& key) const {
    if (type() != Type::Object) return false;
    for (const auto& m : as_object()) {
        if (m.first == key) return true;
    }
    return false;
}

const Value& Value::get(const std::string& key) const {
    if (type() != Type::Object) return kUndefined;
    for (const auto& m : as_object()) {
        if (m.first == key) return m.second;
    }
    return kUndefined;
}

Value& Value::set(const std::string& key, Value v) {
    if (type() != Type::Object) data_ = ohbridge::Object{};
    auto& obj = as_object();
    for (auto& m : obj) {
        if (m.first == key) {
            m.second = std::move(v);
            return m.second;
        }
    }
    obj.emplace_back(key, std::move(v));
    return obj.back().second;
}

bool Value::deep_equals(const Value& other) const {
    if (type() != other.type()) return false;
    switch (type()) {
        case Type::Undefined:
        case Type::Null:
            return true;
        case Type::Bool:
            return as_bool() == other.as_bool();
        case Type::Int:
            return as_int() == other.as_int();
        case Type::Double:
            return std::get<double>(data_) == std::get<double>(other.data_);
        case Type::String:
            return as_string() == other.as_string();
        case Type::Array: {
            const auto& a = as_array();
            const auto& b = other.as_array();
            if (a.size() != b.size()) return false;
            for (std::size_t i = 0; i < a.size(); ++i) {
                if (!a[i].deep_equals(b[i])) return false;
            }
            return true;
        }
        case Type::Object: {
            const auto& a = as_object();
            const auto& b = other.as_object();
            if (a.size() != b.size()) return false;
            for (const auto& m : a) {
                if (!other.has(m.first)) return false;
                if (!m.second.deep_equals(other.get(m.first))) return false;
            }
            return true;
        }
        case Type::Function:
            return as_function()->same_function(*other.as_function());
        case Type::Handle:
            return as_handle() == other.as_handle();
        case Type::Foreign:
            return false;
    }
    return false;
}

std::size_t Value::deep_hash() const {
    std::size_t h = static_cast<std::size_t>(type()) * 1000003u;
    switch (type()) {
        case Type::Undefined:
        case Type::Null:
        case Type::Foreign:
        case Type::Function:
            return h;
        case Type::Bool:
            return mix(h, as_bool() ? 1 : 2);
        case Type::Int:
            return mix(h, std::hash<std::int64_t>{}(as_int()));
        case Type::Double:
            return mix(h, std::hash<double>{}(std::get<double>(data_)));
        case Type::String:
            return mix(h, std::hash<std::string>{}(as_string()));
        case Type::Array:
            for (const auto& v : as_array()) h = mix(h, v.deep_hash());
            return h;
        case Type::Object: {
            // Order-independent: equal objects may list their keys in any order.
            std::size_t acc = 0;
            for (const auto& m : as_object()) {
                acc += mix(std::hash<std::string>{}(m.first), m.second.deep_hash());
            }
            return mix(h, acc);
        }
        case Type::Handle:
            return mix(h, std::hash<const void*>{}(as_handle().get()));
    }
    return h;
}

std::string Value::debug_string() const {
    switch (type()) {
        case Type::Undefined:
            return "undefined";
        case Type::Null:
            return "null";
        case Type::Bool:
            return as_bool() ? "true" : "false";
        case Type::Int:
            return std::to_string(as_int());
        case Type::Double: {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.17g", std::get<double>(data_));
            return buf;
        }
        case Type::String:
            return "\"" + as_string() + "\"";
        case Type::Array: {
            std::string s = "[";
            bool first = true;
            for (const auto& v : as_array()) {
                if (!first) s += ",";
                first = false;
                s += v.debug_string();
            }
            return s + "]";
        }
        case Type::Object: {
            std::string s = "{";
            bool first = true;
            for (const auto& m : as_object()) {
                if (!first) s += ",";
                first = false;
                s += "\"" + m.first + "\":" + m.second.debug_string();
            }
            return s + "}";
        }
        case Type::Function:
            return "[Function]";
        case Type::Handle:
            return std::string("[") + as_handle()->kind() + "]";
        case Type::Foreign:
            return "[object " + as_foreign().type_name + "]";
    }
    return "?";
}

}  // namespace ohbridge
