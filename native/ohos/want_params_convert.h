// The one place where the core's WantParams (a Value object) and
// OpenHarmony's AAFwk::WantParams (typed IInterface boxes) are converted, in
// both directions.
//
// The logic is a template over a small wrapper API (`Api`, below), so that it
// compiles and is tested on the host with fakes
// (tests/agent/want_params_convert_test.cpp); ohos_backend.cpp instantiates
// it with OhosParamsApi, whose one-line members call the inner APIs declared
// in ohos_inner_api_decls.h (Boolean/Integer/Long/Double/String::Box/Unbox,
// Array, WantParamWrapper, WantParams::SetParam/GetParams).
//
// Rules (those of the NAPI layer's UnwrapWantParams / WrapWantParams, as far
// as ohbridge's Value model can express them):
//  to the device:
//   * bool -> Boolean; string -> String; object -> nested WantParams
//     (WantParamWrapper);
//   * a number that is an integer in int32 range -> Integer, any other
//     number -> Double (NAPI reads numbers with napi_get_value_int32 and
//     napi_get_value_double and keeps Integer only when both agree; it never
//     makes Long);
//   * an array -> a typed Array: all strings -> String[], all booleans ->
//     Boolean[], all numbers -> Integer[] (or Double[] as soon as one number
//     is not an int32 integer), all objects -> WantParams[]; an empty array
//     -> an empty String[]; an array mixing kinds, or holding arrays, null or
//     anything else, is not representable: the key is dropped and counted;
//   * null/undefined values: the key is dropped (WantParams has no null box
//     the JS side can read back) and counted.
//  from the device:
//   * Boolean -> bool; Integer and Long -> Int; Double -> Double; String ->
//     string; WantParams -> object; Array -> array of those; any other box
//     (Byte, Short, Float, Char, FD, RemoteObject, ...) -> the key is dropped
//     and counted.
//
// Nesting deeper than kMaxDepth is dropped (counted) rather than recursed.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "ohbridge/value.h"

namespace ohbridge::ohos {

// What one box is, as the converter needs to know it.
enum class ParamKind { Bool, Int, Long, Double, String, Params, Array, Other };

// Api must provide (all static):
//   using Params;   // AAFwk::WantParams (default-constructible, copyable)
//   using Ptr;      // an owning pointer to a box (sptr<IInterface>)
//   using Raw;      // a borrowed pointer to a box (IInterface*)
//   Ptr box_bool(bool); Ptr box_int(int32_t); Ptr box_double(double);
//   Ptr box_string(const std::string&); Ptr box_params(const Params&);
//   Ptr make_array(ParamKind element_kind, const std::vector<Ptr>& elements);
//   void set(Params&, const std::string& key, const Ptr&);
//   template <class F> void for_each(const Params&, F f);        // f(const std::string&, Raw)
//   ParamKind kind(Raw);
//   bool get_bool(Raw); int64_t get_int(Raw) (Integer or Long); double get_double(Raw);
//   std::string get_string(Raw); Params get_params(Raw);
//   template <class F> void for_each_element(Raw array, F f);     // f(Raw)
template <class Api>
class WantParamsConverter {
public:
    using Params = typename Api::Params;
    using Ptr = typename Api::Ptr;
    using Raw = typename Api::Raw;
    static constexpr int kMaxDepth = 32;

    // Keys (at any depth) that could not be converted; for logs and tests.
    std::size_t dropped = 0;

    Params to_native(const Value& params) { return to_native(params, 0); }
    Value from_native(const Params& params) { return from_native(params, 0); }

private:
    static bool is_int32(const Value& v) {
        if (v.is_int()) {
            return v.as_int() >= std::numeric_limits<std::int32_t>::min() &&
                   v.as_int() <= std::numeric_limits<std::int32_t>::max();
        }
        double d = v.as_double();
        return d >= std::numeric_limits<std::int32_t>::min() && d <= std::numeric_limits<std::int32_t>::max() &&
               static_cast<double>(static_cast<std::int32_t>(d)) == d;
    }
    static Ptr box_number(const Value& v) {
        if (is_int32(v)) return Api::box_int(static_cast<std::int32_t>(v.as_double()));
        return Api::box_double(v.as_double());
    }

    // nullptr-equivalent (a default Ptr) when the value is not representable.
    Ptr box(const Value& v, int depth, bool& ok) {
        ok = true;
        switch (v.type()) {
            case Value::Type::Bool: return Api::box_bool(v.as_bool());
            case Value::Type::Int:
            case Value::Type::Double: return box_number(v);
            case Value::Type::String: return Api::box_string(v.as_string());
            case Value::Type::Object:
                if (depth >= kMaxDepth) break;
                return Api::box_params(to_native(v, depth + 1));
            case Value::Type::Array: return box_array(v.as_array(), depth, ok);
            default: break;
        }
        ok = false;
        return Ptr();
    }

    Ptr box_array(const Array& a, int depth, bool& ok) {
        ok = true;
        if (a.empty()) return Api::make_array(ParamKind::String, {});
        Value::Type first = a.front().type();
        bool numbers = a.front().is_number();
        bool all_int32 = true;
        for (const auto& e : a) {
            if (numbers ? !e.is_number() : e.type() != first) {
                ok = false;
                return Ptr();
            }
            if (numbers && !is_int32(e)) all_int32 = false;
        }
        std::vector<Ptr> elems;
        elems.reserve(a.size());
        ParamKind kind;
        if (numbers) {
            kind = all_int32 ? ParamKind::Int : ParamKind::Double;
            for (const auto& e : a) {
                elems.push_back(all_int32 ? Api::box_int(static_cast<std::int32_t>(e.as_double()))
                                          : Api::box_double(e.as_double()));
            }
        } else if (first == Value::Type::Bool) {
            kind = ParamKind::Bool;
            for (const auto& e : a) elems.push_back(Api::box_bool(e.as_bool()));
        } else if (first == Value::Type::String) {
            kind = ParamKind::String;
            for (const auto& e : a) elems.push_back(Api::box_string(e.as_string()));
        } else if (first == Value::Type::Object && depth < kMaxDepth) {
            kind = ParamKind::Params;
            for (const auto& e : a) elems.push_back(Api::box_params(to_native(e, depth + 1)));
        } else {
            ok = false;
            return Ptr();
        }
        return Api::make_array(kind, elems);
    }

    Params to_native(const Value& params, int depth) {
        Params out;
        if (!params.is_plain_object()) return out;
        for (const auto& m : params.as_object()) {
            bool ok = false;
            Ptr p = box(m.second, depth, ok);
            if (!ok) {
                ++dropped;
                continue;
            }
            Api::set(out, m.first, p);
        }
        return out;
    }

    // Sets `out` and returns true when the box is convertible.
    bool unbox(Raw r, int depth, Value& out) {
        switch (Api::kind(r)) {
            case ParamKind::Bool: out = Value(Api::get_bool(r)); return true;
            case ParamKind::Int:
            case ParamKind::Long: out = Value(static_cast<std::int64_t>(Api::get_int(r))); return true;
            case ParamKind::Double: out = Value(Api::get_double(r)); return true;
            case ParamKind::String: out = Value(Api::get_string(r)); return true;
            case ParamKind::Params:
                if (depth >= kMaxDepth) return false;
                out = from_native(Api::get_params(r), depth + 1);
                return true;
            case ParamKind::Array: {
                if (depth >= kMaxDepth) return false;
                Array elems;
                bool all = true;
                Api::for_each_element(r, [&](Raw e) {
                    Value v;
                    if (all && unbox(e, depth + 1, v)) {
                        elems.push_back(std::move(v));
                    } else {
                        all = false;
                    }
                });
                if (!all) return false;
                out = Value(std::move(elems));
                return true;
            }
            default: return false;
        }
    }

    Value from_native(const Params& params, int depth) {
        Value out(Object{});
        Api::for_each(params, [&](const std::string& key, Raw r) {
            Value v;
            if (unbox(r, depth, v)) {
                out.set(key, std::move(v));
            } else {
                ++dropped;
            }
        });
        return out;
    }
};

}  // namespace ohbridge::ohos
