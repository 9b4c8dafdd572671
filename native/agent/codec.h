// msgpack-rpc for the agent: JS-shaped Values on the wire.
//
// msgpack has one nil; JS has undefined and null, and the NAPI layer treats
// them differently (an undefined AsyncCallback means "promise form").  So
// values that msgpack cannot say are ext types, shared with the Python
// client (ohbridge/backends/agent.py, keep both in step):
//   ext 1  undefined                 (empty body)
//   ext 2  a caller-side function    (8-byte big-endian callback id)
//   ext 3  a native handle           (8-byte big-endian handle id)
//   ext 4  a foreign object          (its type name, UTF-8)
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <msgpack.hpp>

#include "ohbridge/value.h"

namespace ohbridge::agent {

enum ExtType : std::int8_t { kExtUndefined = 1, kExtFunction = 2, kExtHandle = 3, kExtForeign = 4 };

// Deeper than any real argument (the Python binding uses the same bound);
// the unpacker refuses deeper input before it reaches the converter.
constexpr std::size_t kMaxDepth = 200;

// What decoding needs from the session: functions and handles by id.
struct DecodeContext {
    std::function<Value(std::uint64_t)> function;
    std::function<Value(std::uint64_t)> handle;
};
// What encoding needs: an id for a handle (registered with the session).
using HandleIdFn = std::function<std::uint64_t(const HandlePtr&)>;

Value from_msgpack(const msgpack::object& o, const DecodeContext& ctx, std::size_t depth = 0);

using Packer = msgpack::packer<msgpack::sbuffer>;
void pack_value(Packer& pk, const Value& v, const HandleIdFn& handle_id, std::size_t depth = 0);
void pack_ext_u64(Packer& pk, ExtType type, std::uint64_t id);

// Limits for the stream unpacker: a hostile or corrupt peer cannot make the
// agent allocate without bound or recurse deeply.
msgpack::unpack_limit wire_limits();

}  // namespace ohbridge::agent
