// Want and the WantAgent value types, with the conversions the NAPI layer
// performs (UnwrapWant / UnwrapWantParams / WrapWant).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ohbridge/value.h"

namespace ohbridge {

// WantParams: a plain object of typed values.  Stored as a Value object.
using WantParams = Value;

struct Want {
    std::string device_id;
    std::string bundle_name;
    std::string ability_name;
    std::string module_name;
    std::string action;
    std::vector<std::string> entities;
    std::string type;
    std::string uri;
    std::uint32_t flags = 0;
    WantParams parameters = Value(Object{});

    // ability_base want.cpp Want::IsEquals: element, action, entities
    // (ordered), flags, uri, type and parameters (deep).
    bool is_equals(const Want& other) const;
    std::size_t hash() const;
    Value to_value() const;
};

// UnwrapWantParams: a plain object whose values are booleans, numbers,
// strings, arrays of those, or nested objects.  Numbers that JS would hold
// as integers become Int (WantParams types 1 and 1.0 alike as Integer);
// other numbers Double.  Returns nullopt when the value cannot be converted.
std::optional<WantParams> unwrap_want_params(const Value& v);

// UnwrapWant: nullopt only when v is not an object; fields of a wrong type
// are ignored, as the NAPI helpers skip them.
std::optional<Want> unwrap_want(const Value& v);

// WantAgentFlags (JS enum) and OperationType.
enum class WantAgentFlag : std::int32_t {
    ONE_TIME = 0,
    NO_BUILD = 1,
    CANCEL_PRESENT = 2,
    UPDATE_PRESENT = 3,
    CONSTANT = 4,
    REPLACE_ELEMENT = 5,
    REPLACE_ACTION = 6,
    REPLACE_URI = 7,
    REPLACE_ENTITIES = 8,
    REPLACE_BUNDLE = 9,
    ALLOW_CANCEL = 10,
};

enum class OperationType : std::int32_t {
    UNKNOWN_TYPE = 0,
    START_ABILITY = 1,
    START_ABILITIES = 2,
    START_SERVICE = 3,
    SEND_COMMON_EVENT = 4,
    START_FOREGROUND_SERVICE = 5,
    START_SERVICE_EXTENSION = 6,
};

// Internal bit flags (want_agent_helper.h / pending_want_manager.h).
namespace pending_flags {
constexpr std::uint32_t ONE_SHOT = 1u << 30;
constexpr std::uint32_t NO_CREATE = 1u << 29;
constexpr std::uint32_t CANCEL_CURRENT = 1u << 28;
constexpr std::uint32_t UPDATE_CURRENT = 1u << 27;
constexpr std::uint32_t IMMUTABLE = 1u << 26;
constexpr std::uint32_t ALLOW_CANCEL = 1u << 20;
}  // namespace pending_flags

struct WantAgentInfo {
    std::vector<Want> wants;
    std::int32_t operation_type = -1;  // -1: absent
    std::int32_t request_code = 0;
    std::vector<std::int32_t> flags;
    std::int32_t user_id = -1;
    WantParams extra_info = Value(Object{});
};

struct TriggerInfo {
    std::int32_t code = 0;
    std::optional<Want> want;
    std::string permission;
    std::optional<WantParams> extra_info;
    bool has_start_options = false;
};

// WantAgentHelper FlagsTransformer: the JS flag list to the bit mask.
// REPLACE_* become UPDATE_CURRENT; unknown values are dropped; an empty list
// means UPDATE_CURRENT.  A list of only unknown values gives 0.
std::uint32_t transform_flags(const std::vector<std::int32_t>& flags);

}  // namespace ohbridge
