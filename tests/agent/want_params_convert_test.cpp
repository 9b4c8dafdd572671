// Host test of native/ohos/want_params_convert.h: the WantParams conversion
// logic, over fakes of the AAFwk boxes.  Built and run by
// tests/agent/test_want_params_convert.py; prints "ok" and exits 0, or names
// the first failed check and exits 1.
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "want_params_convert.h"

using ohbridge::Array;
using ohbridge::Object;
using ohbridge::Value;
using ohbridge::ohos::ParamKind;

namespace {

struct FakeBox;
using FakePtr = std::shared_ptr<FakeBox>;

struct FakeParams {
    std::map<std::string, FakePtr> params;  // sorted keys, as AAFwk::WantParams' std::map
};

struct FakeBox {
    ParamKind kind = ParamKind::Other;
    bool b = false;
    std::int64_t i = 0;
    double d = 0;
    std::string s;
    FakeParams p;
    ParamKind element_kind = ParamKind::Other;
    std::vector<FakePtr> elements;
};

struct FakeApi {
    using Params = FakeParams;
    using Ptr = FakePtr;
    using Raw = FakeBox*;
    static Ptr make(ParamKind k) {
        auto p = std::make_shared<FakeBox>();
        p->kind = k;
        return p;
    }
    static Ptr box_bool(bool v) { auto p = make(ParamKind::Bool); p->b = v; return p; }
    static Ptr box_int(std::int32_t v) { auto p = make(ParamKind::Int); p->i = v; return p; }
    static Ptr box_long(std::int64_t v) { auto p = make(ParamKind::Long); p->i = v; return p; }
    static Ptr box_double(double v) { auto p = make(ParamKind::Double); p->d = v; return p; }
    static Ptr box_string(const std::string& v) { auto p = make(ParamKind::String); p->s = v; return p; }
    static Ptr box_params(const Params& v) { auto p = make(ParamKind::Params); p->p = v; return p; }
    static Ptr make_array(ParamKind k, const std::vector<Ptr>& e) {
        auto p = make(ParamKind::Array);
        p->element_kind = k;
        p->elements = e;
        return p;
    }
    static void set(Params& ps, const std::string& k, const Ptr& v) { ps.params[k] = v; }
    template <class F>
    static void for_each(const Params& ps, F f) {
        for (const auto& kv : ps.params) f(kv.first, kv.second.get());
    }
    static ParamKind kind(Raw r) { return r ? r->kind : ParamKind::Other; }
    static bool get_bool(Raw r) { return r->b; }
    static std::int64_t get_int(Raw r) { return r->i; }
    static double get_double(Raw r) { return r->d; }
    static std::string get_string(Raw r) { return r->s; }
    static Params get_params(Raw r) { return r->p; }
    template <class F>
    static void for_each_element(Raw r, F f) {
        for (const auto& e : r->elements) f(e.get());
    }
};

using Conv = ohbridge::ohos::WantParamsConverter<FakeApi>;

int failures = 0;
void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}

const FakeBox* at(const FakeParams& p, const std::string& k) {
    auto it = p.params.find(k);
    return it == p.params.end() ? nullptr : it->second.get();
}

void test_scalars_to_native() {
    Value v(Object{});
    v.set("b", true);
    v.set("i", 7);
    v.set("one_point_oh", 1.0);
    v.set("neg", static_cast<std::int64_t>(-2147483648LL));
    v.set("big", static_cast<std::int64_t>(1) << 40);
    v.set("half", 0.5);
    v.set("s", "text");
    Conv c;
    FakeParams p = c.to_native(v);
    check(c.dropped == 0, "scalars: nothing dropped");
    check(at(p, "b") && at(p, "b")->kind == ParamKind::Bool && at(p, "b")->b, "bool -> Boolean");
    check(at(p, "i") && at(p, "i")->kind == ParamKind::Int && at(p, "i")->i == 7, "7 -> Integer");
    check(at(p, "one_point_oh") && at(p, "one_point_oh")->kind == ParamKind::Int, "1.0 -> Integer (as NAPI)");
    check(at(p, "neg") && at(p, "neg")->kind == ParamKind::Int && at(p, "neg")->i == -2147483648LL,
          "INT32_MIN -> Integer");
    check(at(p, "big") && at(p, "big")->kind == ParamKind::Double && at(p, "big")->d == 1099511627776.0,
          "an integer beyond int32 -> Double (NAPI never makes Long)");
    check(at(p, "half") && at(p, "half")->kind == ParamKind::Double && at(p, "half")->d == 0.5, "0.5 -> Double");
    check(at(p, "s") && at(p, "s")->kind == ParamKind::String && at(p, "s")->s == "text", "string -> String");
}

void test_arrays_and_nesting_to_native() {
    Value inner(Object{});
    inner.set("k", "v");
    Value v(Object{});
    v.set("ints", Array{1, 2, 3});
    v.set("nums", Array{1, 2.5});
    v.set("strs", Array{"a", "b"});
    v.set("bools", Array{true, false});
    v.set("objs", Array{inner, inner});
    v.set("empty", Array{});
    v.set("nested", inner);
    v.set("mixed", Array{1, "a"});
    v.set("nested_arrays", Array{Array{1}});
    v.set("null", Value::null());
    Conv c;
    FakeParams p = c.to_native(v);
    check(c.dropped == 3, "mixed, nested arrays and null are dropped and counted");
    check(!at(p, "mixed") && !at(p, "nested_arrays") && !at(p, "null"), "dropped keys are absent");
    auto arr = [&](const char* k, ParamKind ek, std::size_t n) {
        const FakeBox* b = at(p, k);
        return b && b->kind == ParamKind::Array && b->element_kind == ek && b->elements.size() == n;
    };
    check(arr("ints", ParamKind::Int, 3), "int array -> Integer[]");
    check(arr("nums", ParamKind::Double, 2) && at(p, "nums")->elements[0]->d == 1.0,
          "a number array with a non-integer -> Double[], all elements");
    check(arr("strs", ParamKind::String, 2), "string array -> String[]");
    check(arr("bools", ParamKind::Bool, 2), "bool array -> Boolean[]");
    check(arr("objs", ParamKind::Params, 2) && at(p, "objs")->elements[1]->p.params.count("k") == 1,
          "object array -> WantParams[]");
    check(arr("empty", ParamKind::String, 0), "empty array -> empty String[]");
    check(at(p, "nested") && at(p, "nested")->kind == ParamKind::Params &&
              at(at(p, "nested")->p, "k")->s == "v",
          "object -> nested WantParams");
}

void test_from_native() {
    FakeParams inner;
    inner.params["x"] = FakeApi::box_long(static_cast<std::int64_t>(1) << 40);
    FakeParams p;
    p.params["b"] = FakeApi::box_bool(true);
    p.params["i"] = FakeApi::box_int(-5);
    p.params["d"] = FakeApi::box_double(2.0);
    p.params["s"] = FakeApi::box_string("hi");
    p.params["w"] = FakeApi::box_params(inner);
    p.params["a"] = FakeApi::make_array(ParamKind::Int, {FakeApi::box_int(1), FakeApi::box_int(2)});
    p.params["other"] = FakeApi::make(ParamKind::Other);  // e.g. a Float or an FD
    p.params["bad_array"] = FakeApi::make_array(ParamKind::Other, {FakeApi::make(ParamKind::Other)});
    Conv c;
    Value v = c.from_native(p);
    check(c.dropped == 2, "unknown boxes (and arrays of them) are dropped and counted");
    check(!v.has("other") && !v.has("bad_array"), "dropped keys are absent");
    check(v.get("b").is_bool() && v.get("b").as_bool(), "Boolean -> bool");
    check(v.get("i").is_int() && v.get("i").as_int() == -5, "Integer -> Int");
    check(v.get("d").type() == Value::Type::Double && v.get("d").as_double() == 2.0, "Double stays Double");
    check(v.get("s").is_string() && v.get("s").as_string() == "hi", "String -> string");
    check(v.get("w").get("x").is_int() && v.get("w").get("x").as_int() == (static_cast<std::int64_t>(1) << 40),
          "nested WantParams with a Long -> object with Int");
    check(v.get("a").is_array() && v.get("a").as_array().size() == 2 && v.get("a").as_array()[1].as_int() == 2,
          "Integer[] -> array");
}

void test_round_trip() {
    Value inner(Object{});
    inner.set("deep", Array{"x", "y"});
    Value v(Object{});
    v.set("a", 1);
    v.set("b", 1.5);
    v.set("c", false);
    v.set("d", "s");
    v.set("e", inner);
    v.set("f", Array{inner});
    Conv c;
    Value back = c.from_native(c.to_native(v));
    check(c.dropped == 0, "round trip drops nothing");
    check(back.deep_equals(v), "round trip preserves representable params");
}

void test_depth_limit() {
    Value v(Object{});
    for (int i = 0; i < Conv::kMaxDepth + 5; ++i) {
        Value outer(Object{});
        outer.set("n", v);
        v = outer;
    }
    Conv c;
    c.to_native(v);
    check(c.dropped == 1, "nesting beyond kMaxDepth is dropped once, not recursed");
}

}  // namespace

int main() {
    test_scalars_to_native();
    test_arrays_and_nesting_to_native();
    test_from_native();
    test_round_trip();
    test_depth_limit();
    if (failures) return 1;
    std::printf("ok\n");
    return 0;
}
