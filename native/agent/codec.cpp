#include "codec.h"

#include <cmath>
#include <limits>

namespace ohbridge::agent {

namespace {

std::uint64_t read_u64(const char* p, std::uint32_t size) {
    if (size != 8) return std::numeric_limits<std::uint64_t>::max();
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

}  // namespace

msgpack::unpack_limit wire_limits() {
    // 1M elements per container, 64 MB per string: far above any API
    // argument, far below what would exhaust a phone's memory.
    return msgpack::unpack_limit(1u << 20, 1u << 20, 64u << 20, 64u << 20, 1u << 20, kMaxDepth + 8);
}

Value from_msgpack(const msgpack::object& o, const DecodeContext& ctx, std::size_t depth) {
    if (depth > kMaxDepth) return Value(Foreign{"object"});
    switch (o.type) {
        case msgpack::type::NIL:
            return Value::null();
        case msgpack::type::BOOLEAN:
            return Value(o.via.boolean);
        case msgpack::type::POSITIVE_INTEGER:
            if (o.via.u64 > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return Value(static_cast<double>(o.via.u64));  // a JS number cannot hold it exactly either
            }
            return Value(static_cast<std::int64_t>(o.via.u64));
        case msgpack::type::NEGATIVE_INTEGER:
            return Value(static_cast<std::int64_t>(o.via.i64));
        case msgpack::type::FLOAT32:
        case msgpack::type::FLOAT64:
            return Value(o.via.f64);
        case msgpack::type::STR:
            return Value(std::string(o.via.str.ptr, o.via.str.size));
        case msgpack::type::BIN:
            return Value(Foreign{"bytes"});
        case msgpack::type::ARRAY: {
            Array out;
            out.reserve(o.via.array.size);
            for (std::uint32_t i = 0; i < o.via.array.size; ++i) {
                out.push_back(from_msgpack(o.via.array.ptr[i], ctx, depth + 1));
            }
            return Value(std::move(out));
        }
        case msgpack::type::MAP: {
            Object out;
            out.reserve(o.via.map.size);
            for (std::uint32_t i = 0; i < o.via.map.size; ++i) {
                const auto& kv = o.via.map.ptr[i];
                // JS property keys are strings: a map keyed otherwise is not a
                // plain object the API could have been given (as convert.cpp).
                if (kv.key.type != msgpack::type::STR) return Value(Foreign{"dict"});
                out.emplace_back(std::string(kv.key.via.str.ptr, kv.key.via.str.size),
                                 from_msgpack(kv.val, ctx, depth + 1));
            }
            return Value(std::move(out));
        }
        case msgpack::type::EXT: {
            const char* body = o.via.ext.data();
            std::uint32_t size = o.via.ext.size;
            switch (o.via.ext.type()) {
                case kExtUndefined:
                    return Value::undefined();
                case kExtFunction:
                    if (ctx.function) return ctx.function(read_u64(body, size));
                    return Value(Foreign{"function"});
                case kExtHandle:
                    if (ctx.handle) return ctx.handle(read_u64(body, size));
                    return Value(Foreign{"object"});
                case kExtForeign:
                    return Value(Foreign{std::string(body, size)});
                default:
                    return Value(Foreign{"object"});
            }
        }
    }
    return Value::undefined();
}

void pack_ext_u64(Packer& pk, ExtType type, std::uint64_t id) {
    char b[8];
    for (int i = 7; i >= 0; --i) {
        b[i] = static_cast<char>(id & 0xff);
        id >>= 8;
    }
    pk.pack_ext(8, type);
    pk.pack_ext_body(b, 8);
}

void pack_value(Packer& pk, const Value& v, const HandleIdFn& handle_id, std::size_t depth) {
    if (depth > kMaxDepth) {
        pk.pack_nil();
        return;
    }
    switch (v.type()) {
        case Value::Type::Undefined:
            pk.pack_ext(0, kExtUndefined);
            return;
        case Value::Type::Null:
        case Value::Type::Function:  // never sent back: the caller owns its functions
            pk.pack_nil();
            return;
        case Value::Type::Bool:
            if (v.as_bool()) pk.pack_true(); else pk.pack_false();
            return;
        case Value::Type::Int:
            pk.pack_int64(v.as_int());
            return;
        case Value::Type::Double:
            pk.pack_double(v.as_double());
            return;
        case Value::Type::String:
            pk.pack_str(static_cast<std::uint32_t>(v.as_string().size()));
            pk.pack_str_body(v.as_string().data(), static_cast<std::uint32_t>(v.as_string().size()));
            return;
        case Value::Type::Array: {
            const auto& a = v.as_array();
            pk.pack_array(static_cast<std::uint32_t>(a.size()));
            for (const auto& item : a) pack_value(pk, item, handle_id, depth + 1);
            return;
        }
        case Value::Type::Object: {
            const auto& o = v.as_object();
            pk.pack_map(static_cast<std::uint32_t>(o.size()));
            for (const auto& m : o) {
                pk.pack_str(static_cast<std::uint32_t>(m.first.size()));
                pk.pack_str_body(m.first.data(), static_cast<std::uint32_t>(m.first.size()));
                pack_value(pk, m.second, handle_id, depth + 1);
            }
            return;
        }
        case Value::Type::Handle:
            if (handle_id) {
                pack_ext_u64(pk, kExtHandle, handle_id(v.as_handle()));
            } else {
                pk.pack_nil();
            }
            return;
        case Value::Type::Foreign: {
            const auto& name = v.as_foreign().type_name;
            pk.pack_ext(static_cast<std::uint32_t>(name.size()), kExtForeign);
            pk.pack_ext_body(name.data(), static_cast<std::uint32_t>(name.size()));
            return;
        }
    }
    pk.pack_nil();
}

}  // namespace ohbridge::agent
