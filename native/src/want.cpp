#include "ohbridge/want.h"

#include <cmath>
#include <functional>

namespace ohbridge {

namespace {

std::size_t mix(std::size_t seed, std::size_t h) {
    return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

// A JS number that is integral and safely representable is what the NAPI
// WantParams helpers store as Integer/Long; everything else is Double.
Value normalize_number(const Value& v) {
    if (v.is_int()) return v;
    double d = v.as_double();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) <= 9007199254740991.0) {
        return Value(static_cast<std::int64_t>(d));
    }
    return v;
}

std::optional<Value> unwrap_param_value(const Value& v, int depth) {
    if (depth > 64) return std::nullopt;  // a cycle cannot occur, but a pathological depth can
    switch (v.type()) {
        case Value::Type::Bool:
        case Value::Type::String:
        case Value::Type::Null:
            return v;
        case Value::Type::Int:
        case Value::Type::Double:
            return normalize_number(v);
        case Value::Type::Array: {
            Array out;
            out.reserve(v.as_array().size());
            for (const auto& e : v.as_array()) {
                auto c = unwrap_param_value(e, depth + 1);
                if (!c) return std::nullopt;
                out.push_back(std::move(*c));
            }
            return Value(std::move(out));
        }
        case Value::Type::Object: {
            Object out;
            out.reserve(v.as_object().size());
            for (const auto& m : v.as_object()) {
                // JS drops undefined-valued keys when it serialises params.
                if (m.second.is_undefined()) continue;
                auto c = unwrap_param_value(m.second, depth + 1);
                if (!c) return std::nullopt;
                out.emplace_back(m.first, std::move(*c));
            }
            return Value(std::move(out));
        }
        default:
            return std::nullopt;
    }
}

void read_string(const Value& obj, const char* key, std::string& out) {
    const Value& v = obj.get(key);
    if (v.is_string()) out = v.as_string();
}

}  // namespace

bool Want::is_equals(const Want& o) const {
    return ability_name == o.ability_name && action == o.action && bundle_name == o.bundle_name &&
           device_id == o.device_id && module_name == o.module_name && entities == o.entities &&
           flags == o.flags && uri == o.uri && type == o.type && parameters.deep_equals(o.parameters);
}

std::size_t Want::hash() const {
    std::hash<std::string> hs;
    std::size_t h = hs(bundle_name);
    h = mix(h, hs(ability_name));
    h = mix(h, hs(action));
    h = mix(h, hs(device_id));
    h = mix(h, hs(module_name));
    h = mix(h, hs(uri));
    h = mix(h, hs(type));
    h = mix(h, flags);
    for (const auto& e : entities) h = mix(h, hs(e));
    return mix(h, parameters.deep_hash());
}

Value Want::to_value() const {
    Value v(Object{});
    v.set("deviceId", device_id);
    v.set("bundleName", bundle_name);
    v.set("abilityName", ability_name);
    v.set("moduleName", module_name);
    v.set("uri", uri);
    v.set("type", type);
    v.set("flags", static_cast<std::int64_t>(flags));
    v.set("action", action);
    Array ents;
    for (const auto& e : entities) ents.emplace_back(e);
    v.set("entities", Value(std::move(ents)));
    v.set("parameters", parameters);
    return v;
}

std::optional<WantParams> unwrap_want_params(const Value& v) {
    if (!v.is_plain_object()) return std::nullopt;
    return unwrap_param_value(v, 0);
}

std::optional<Want> unwrap_want(const Value& v) {
    if (!v.is_object()) return std::nullopt;
    Want w;
    read_string(v, "deviceId", w.device_id);
    read_string(v, "bundleName", w.bundle_name);
    read_string(v, "abilityName", w.ability_name);
    read_string(v, "moduleName", w.module_name);
    read_string(v, "action", w.action);
    read_string(v, "type", w.type);
    read_string(v, "uri", w.uri);
    const Value& flags = v.get("flags");
    if (flags.is_number()) w.flags = static_cast<std::uint32_t>(flags.to_int32());
    const Value& entities = v.get("entities");
    if (entities.is_array()) {
        for (const auto& e : entities.as_array()) {
            if (e.is_string()) w.entities.push_back(e.as_string());
        }
    }
    const Value& params = v.get("parameters");
    if (params.is_plain_object()) {
        if (auto p = unwrap_want_params(params)) w.parameters = std::move(*p);
    }
    return w;
}

std::uint32_t transform_flags(const std::vector<std::int32_t>& flags) {
    if (flags.empty()) return pending_flags::UPDATE_CURRENT;
    std::uint32_t mask = 0;
    for (auto f : flags) {
        switch (static_cast<WantAgentFlag>(f)) {
            case WantAgentFlag::ONE_TIME:
                mask |= pending_flags::ONE_SHOT;
                break;
            case WantAgentFlag::NO_BUILD:
                mask |= pending_flags::NO_CREATE;
                break;
            case WantAgentFlag::CANCEL_PRESENT:
                mask |= pending_flags::CANCEL_CURRENT;
                break;
            case WantAgentFlag::UPDATE_PRESENT:
            case WantAgentFlag::REPLACE_ELEMENT:
            case WantAgentFlag::REPLACE_ACTION:
            case WantAgentFlag::REPLACE_URI:
            case WantAgentFlag::REPLACE_ENTITIES:
            case WantAgentFlag::REPLACE_BUNDLE:
                mask |= pending_flags::UPDATE_CURRENT;
                break;
            case WantAgentFlag::CONSTANT:
                mask |= pending_flags::IMMUTABLE;
                break;
            case WantAgentFlag::ALLOW_CANCEL:
                mask |= pending_flags::ALLOW_CANCEL;
                break;
            default:
                break;  // unknown values are dropped
        }
    }
    return mask;
}

}  // namespace ohbridge
