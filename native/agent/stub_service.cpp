// The stub world served over RPC, with the world controls a test needs
// (ohbridge.backends.stub.StubControl, reached as "control" requests).
// The controls mirror native/bindings/{stub,mission}_bindings.cpp over
// Values instead of Python objects: keep the two in step.
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "ohbridge/stub/stub_backend.h"
#include "service.h"

namespace ohbridge::agent {

namespace {

using stub::StubBackend;
using stub::World;

const Value& arg(const Array& a, std::size_t i) {
    static const Value undef;
    return i < a.size() ? a[i] : undef;
}
std::string str_arg(const Array& a, std::size_t i, const std::string& dflt = "") {
    const Value& v = arg(a, i);
    if (v.is_undefined() || v.is_null()) return dflt;
    if (!v.is_string()) throw std::invalid_argument("argument " + std::to_string(i) + " must be a string");
    return v.as_string();
}
std::int64_t int_arg(const Array& a, std::size_t i, std::int64_t dflt = 0) {
    const Value& v = arg(a, i);
    if (v.is_undefined() || v.is_null()) return dflt;
    if (!v.is_number()) throw std::invalid_argument("argument " + std::to_string(i) + " must be a number");
    return v.to_int64();
}
bool bool_of(const Value& v, const std::string& what) {
    if (!v.is_bool()) throw std::invalid_argument(what + " must be a bool");
    return v.as_bool();
}
bool bool_arg(const Array& a, std::size_t i, bool dflt = false) {
    const Value& v = arg(a, i);
    if (v.is_undefined() || v.is_null()) return dflt;
    return bool_of(v, "argument " + std::to_string(i));
}
std::int64_t int_of(const Value& v, const std::string& what) {
    if (!v.is_number()) throw std::invalid_argument(what + " must be a number");
    return v.to_int64();
}
std::string str_of(const Value& v, const std::string& what) {
    if (!v.is_string()) throw std::invalid_argument(what + " must be a string");
    return v.as_string();
}
std::vector<std::string> strings_of(const Value& v, const std::string& what) {
    std::vector<std::string> out;
    if (v.is_undefined() || v.is_null()) return out;
    if (!v.is_array()) throw std::invalid_argument(what + " must be a list of strings");
    for (const auto& s : v.as_array()) out.push_back(str_of(s, what));
    return out;
}

stub::SimDevice& device_or_raise(World& w, const StubBackend& view, const std::string& id) {
    stub::SimDevice* d = w.find_device(id.empty() ? view.local_id() : id);
    if (d == nullptr) throw KeyError("no such device: " + id);
    return *d;
}

Value caller_value(const stub::CallerIdentity& c) {
    Value d(Object{});
    d.set("bundle_name", c.bundle_name);
    d.set("uid", static_cast<std::int64_t>(c.uid));
    d.set("system_app", c.system_app);
    d.set("system_ability", c.system_ability);
    d.set("foreground", c.foreground);
    d.set("has_context", c.has_context);
    d.set("ability_context", c.ability_context);
    d.set("user_id", static_cast<std::int64_t>(c.user_id));
    Array perms;
    for (const auto& p : c.permissions) perms.emplace_back(p);
    d.set("permissions", Value(std::move(perms)));
    return d;
}

void apply_caller(stub::CallerIdentity& c, const Object& kw) {
    for (const auto& [key, val] : kw) {
        if (key == "bundle_name") c.bundle_name = str_of(val, key);
        else if (key == "uid") c.uid = static_cast<std::int32_t>(int_of(val, key));
        else if (key == "system_app") c.system_app = bool_of(val, key);
        else if (key == "system_ability") c.system_ability = bool_of(val, key);
        else if (key == "foreground") c.foreground = bool_of(val, key);
        else if (key == "has_context") c.has_context = bool_of(val, key);
        else if (key == "ability_context") c.ability_context = bool_of(val, key);
        else if (key == "user_id") c.user_id = static_cast<std::int32_t>(int_of(val, key));
        else if (key == "permissions") {
            auto perms = strings_of(val, key);
            c.permissions = std::set<std::string>(perms.begin(), perms.end());
        } else {
            throw KeyError("unknown caller setting: " + key);
        }
    }
}

// One view of the world: the API called on one of its devices.
class StubService : public Service {
public:
    StubService(std::shared_ptr<World> world, std::shared_ptr<CallbackSink> sink, const std::string& local_id) {
        backend_ = std::make_unique<StubBackend>(std::move(world), std::move(sink), local_id);
        register_controls();
    }
    ~StubService() override { close(); }

    const char* kind() const override { return "stub"; }
    Outcome invoke(const std::string& method, const std::vector<Value>& args) override {
        return backend_->invoke(method, args);
    }
    bool flush(std::int64_t timeout_ms) override { return backend_->dispatcher().flush(timeout_ms); }
    void close() override {
        if (!backend_->closed()) backend_->close(false);
    }
    void forget_caller(const std::function<bool(const FunctionRef&)>& owned) override {
        backend_->forget_caller(owned);
    }

    Value control(const std::string& name, const Array& args, const Object& kwargs) override {
        auto it = controls_.find(name);
        if (it == controls_.end()) throw std::invalid_argument("no such stub control: " + name);
        return it->second(args, kwargs);
    }

private:
    using Control = std::function<Value(const Array&, const Object&)>;

    // fn(world) under the world lock, then what the devices do "soon after".
    template <typename Fn>
    auto in_world(Fn&& fn) {
        std::lock_guard<std::mutex> lock(backend_->world().mu);
        struct AfterCall {
            World& w;
            ~AfterCall() { w.run_after_call(); }
        } after{backend_->world()};
        return fn(backend_->world());
    }

    void def(const std::string& name, Control fn) { controls_[name] = std::move(fn); }

    void register_controls();

    std::unique_ptr<StubBackend> backend_;
    std::map<std::string, Control> controls_;
};

Value mission_value(const stub::SimMission& m) {
    Value d = m.info.to_value();
    d.set("continueState", static_cast<std::int64_t>(m.info.continue_state));
    d.set("alive", m.alive);
    return d;
}

void StubService::register_controls() {
    def("get_caller", [this](const Array&, const Object&) {
        return in_world([&](World& w) { return caller_value(device_or_raise(w, *backend_, "").services.caller); });
    });
    def("set_caller", [this](const Array&, const Object& given) {
        // `device`: whose caller (a networkId; absent or "": this view's).
        Object kw;
        std::string device;
        for (const auto& [key, val] : given) {
            if (key == "device") device = str_of(val, key);
            else kw.emplace_back(key, val);
        }
        in_world([&](World& w) {
            stub::SimDevice& target = device_or_raise(w, *backend_, device);
            stub::CallerIdentity c = target.services.caller;
            apply_caller(c, kw);  // may throw: apply to a copy first
            target.services.caller = c;
        });
        return Value();
    });
    def("api_version", [this](const Array& a, const Object&) {
        return in_world([&](World& w) -> Value {
            if (!a.empty()) w.profile.api_version = static_cast<int>(int_arg(a, 0));
            return Value(static_cast<std::int64_t>(w.profile.api_version));
        });
    });
    def("local_device_id", [this](const Array&, const Object&) {
        return in_world([this](World&) { return Value(backend_->local_id()); });
    });
    def("fail_next", [this](const Array& a, const Object&) {
        in_world([&](World&) {
            backend_->local().services.faults.fail_next(str_arg(a, 0), static_cast<std::int32_t>(int_arg(a, 1, -1)));
        });
        return Value();
    });
    def("install_bundle", [this](const Array& a, const Object&) {
        stub::BundleInfo b;
        b.name = str_arg(a, 0);
        b.uid = static_cast<std::int32_t>(int_arg(a, 1));
        auto abilities = strings_of(arg(a, 2), "abilities");
        std::string device = str_arg(a, 3);
        b.free_install = bool_arg(a, 4);
        bool continuable = bool_arg(a, 5);
        for (const auto& n : abilities) b.abilities.push_back(stub::AbilityInfo{n, "entry", continuable});
        in_world([&](World& w) { device_or_raise(w, *backend_, device).bundles[b.name] = b; });
        return Value();
    });
    def("bundles", [this](const Array&, const Object&) {
        return in_world([this](World&) {
            Value d(Object{});
            for (const auto& kv : backend_->local().bundles) d.set(kv.first, static_cast<std::int64_t>(kv.second.uid));
            return d;
        });
    });
    def("started_abilities", [this](const Array&, const Object&) {
        return in_world([](World& w) {
            Array out;
            for (const auto& r : w.started) {
                Value d(Object{});
                d.set("device_id", r.device_id);
                d.set("want", r.want.to_value());
                d.set("caller_uid", static_cast<std::int64_t>(r.caller_uid));
                d.set("result", static_cast<std::int64_t>(r.result));
                d.set("via", r.via);
                out.push_back(std::move(d));
            }
            return Value(std::move(out));
        });
    });
    def("common_events", [this](const Array&, const Object&) {
        return in_world([](World& w) {
            Array out;
            for (const auto& r : w.common_events) {
                Value d(Object{});
                d.set("want", r.want.to_value());
                d.set("code", static_cast<std::int64_t>(r.code));
                d.set("permission", r.permission);
                d.set("publisher_uid", static_cast<std::int64_t>(r.publisher_uid));
                out.push_back(std::move(d));
            }
            return Value(std::move(out));
        });
    });
    def("pending_wants", [this](const Array&, const Object&) {
        return in_world([this](World&) {
            Array out;
            for (const auto& r : backend_->want_agent_backend().manager().records()) {
                Value d(Object{});
                d.set("code", static_cast<std::int64_t>(r->key.code));
                d.set("bundle_name", r->key.bundle_name);
                d.set("type", static_cast<std::int64_t>(r->key.type));
                d.set("flags", static_cast<std::int64_t>(r->key.flags));
                d.set("request_code", static_cast<std::int64_t>(r->key.request_code));
                d.set("user_id", static_cast<std::int64_t>(r->key.user_id));
                d.set("uid", static_cast<std::int64_t>(r->uid));
                d.set("want", r->key.request_want.to_value());
                out.push_back(std::move(d));
            }
            return Value(std::move(out));
        });
    });
    def("pending_want_count", [this](const Array&, const Object&) {
        return in_world([this](World&) {
            return Value(static_cast<std::int64_t>(backend_->want_agent_backend().manager().size()));
        });
    });
    def("callbacks_delivered", [this](const Array&, const Object&) {
        return Value(static_cast<std::int64_t>(backend_->dispatcher().delivered()));
    });
    def("reset_world", [this](const Array& a, const Object&) {
        in_world([&](World& w) {
            std::string id = str_arg(a, 0);
            w.reset(id, str_arg(a, 1, "Local Device"));
            backend_->retarget(id);
        });
        return Value();
    });
    def("add_device", [this](const Array& a, const Object&) {
        std::string id = str_arg(a, 0);
        in_world([&](World& w) {
            if (w.find_device(id) != nullptr) throw std::invalid_argument("device exists: " + id);
            stub::SimDevice d;
            d.network_id = id;
            d.name = str_arg(a, 1);
            d.device_type = str_arg(a, 2, "phone");
            d.online = bool_arg(a, 3, true);
            w.devices[id] = std::move(d);
        });
        return Value();
    });
    def("remove_device", [this](const Array& a, const Object&) {
        std::string id = str_arg(a, 0);
        in_world([&](World& w) {
            device_or_raise(w, *backend_, id);
            if (id == backend_->local_id()) throw std::invalid_argument("the local device cannot be removed");
            w.remove_device(id);
        });
        return Value();
    });
    def("set_online", [this](const Array& a, const Object&) {
        std::string id = str_arg(a, 0);
        bool online = bool_arg(a, 1);
        in_world([&](World& w) {
            device_or_raise(w, *backend_, id);
            w.set_online(id, online);
        });
        return Value();
    });
    def("set_device", [this](const Array& a, const Object& kw) {
        std::string id = str_arg(a, 0);
        in_world([&](World& w) {
            stub::SimDevice& d = device_or_raise(w, *backend_, id);
            stub::SimDevice copy = d;  // validate everything before changing anything
            std::optional<bool> online;
            for (const auto& [key, val] : kw) {
                if (key == "continue_switch") copy.continue_switch = bool_of(val, key);
                else if (key == "qos_continue") copy.set_qos_continue(bool_of(val, key));
                else if (key == "dms_version") copy.dms_version = str_of(val, key);
                else if (key == "trusted") copy.trusted = bool_of(val, key);
                else if (key == "online") online = bool_of(val, key);
                else if (key == "foreground_user") copy.foreground_user = static_cast<std::int32_t>(int_of(val, key));
                else if (key == "name") copy.name = str_of(val, key);
                else throw KeyError("unknown device setting: " + key);
            }
            d.continue_switch = copy.continue_switch;
            d.dms_version = copy.dms_version;
            d.trusted = copy.trusted;
            d.foreground_user = copy.foreground_user;
            d.name = copy.name;
            if (online) w.set_online(d.network_id, *online);
        });
        return Value();
    });
    def("devices", [this](const Array&, const Object&) {
        return in_world([this](World& w) {
            Array out;
            for (const auto& kv : w.devices) {
                const auto& d = kv.second;
                Value r(Object{});
                r.set("network_id", d.network_id);
                r.set("name", d.name);
                r.set("device_type", d.device_type);
                r.set("online", d.online);
                r.set("local", kv.first == backend_->local_id());
                r.set("continue_switch", d.continue_switch);
                r.set("qos_continue", d.dms_uses_qos());
                r.set("dms_version", d.dms_version);
                r.set("trusted", d.trusted);
                r.set("foreground_user", static_cast<std::int64_t>(d.foreground_user));
                Array bundles;
                for (const auto& b : d.bundles) bundles.emplace_back(b.first);
                r.set("bundles", Value(std::move(bundles)));
                out.push_back(std::move(r));
            }
            return Value(std::move(out));
        });
    });
    def("uninstall_bundle", [this](const Array& a, const Object&) {
        in_world([&](World& w) { w.uninstall_bundle(device_or_raise(w, *backend_, str_arg(a, 1)), str_arg(a, 0)); });
        return Value();
    });
    def("start_ability", [this](const Array& a, const Object&) {
        std::string device = str_arg(a, 0), bundle = str_arg(a, 1), ability = str_arg(a, 2);
        std::string module = str_arg(a, 3, "entry"), label = str_arg(a, 4);
        const Value& params = arg(a, 5);
        auto want_flags = static_cast<std::int32_t>(int_arg(a, 6));
        return in_world([&](World& w) {
            return Value(static_cast<std::int64_t>(
                w.launch_for_test(device_or_raise(w, *backend_, device), bundle, ability, module, label, params,
                                  want_flags)));
        });
    });
    def("missions", [this](const Array& a, const Object&) {
        return in_world([&](World& w) {
            Array out;
            for (const auto& m : device_or_raise(w, *backend_, str_arg(a, 0)).missions) out.push_back(mission_value(m));
            return Value(std::move(out));
        });
    });
    def("set_mission", [this](const Array& a, const Object& kw) {
        std::string device = str_arg(a, 0);
        auto id = static_cast<std::int32_t>(int_arg(a, 1));
        in_world([&](World& w) {
            stub::SimDevice& d = device_or_raise(w, *backend_, device);
            stub::SimMission* m = d.find_mission(id);
            if (m == nullptr) throw KeyError("no mission " + std::to_string(id) + " on " + device);
            stub::SimMission copy = *m;
            for (const auto& [key, val] : kw) {
                if (key == "continue_state") copy.info.continue_state = static_cast<ContinueState>(int_of(val, key));
                else if (key == "alive") copy.alive = bool_of(val, key);
                else if (key == "continuable") copy.info.continuable = bool_of(val, key);
                else if (key == "locked") copy.info.locked_state = bool_of(val, key);
                else if (key == "unclearable") copy.info.unclearable = bool_of(val, key);
                else if (key == "label") copy.info.label = str_of(val, key);
                else throw KeyError("unknown mission setting: " + key);
            }
            *m = copy;
            w.missions_changed(d.network_id);
        });
        return Value();
    });
    def("close_mission", [this](const Array& a, const Object&) {
        return in_world([&](World& w) {
            return Value(w.remove_mission(device_or_raise(w, *backend_, str_arg(a, 0)), static_cast<std::int32_t>(int_arg(a, 1))));
        });
    });
    def("update_snapshot", [this](const Array& a, const Object&) {
        std::string device = str_arg(a, 0), tag = str_arg(a, 2);
        auto id = static_cast<std::int32_t>(int_arg(a, 1));
        in_world([&](World& w) {
            stub::SimDevice& d = device_or_raise(w, *backend_, device);
            if (d.find_mission(id) == nullptr) throw KeyError("no mission " + std::to_string(id) + " on " + device);
            w.update_snapshot(d, id, tag.empty() ? "snapshot" : tag);
        });
        return Value();
    });
    def("broadcast_continue_state", [this](const Array& a, const Object&) {
        ContinueStateEvent e;
        e.src_device_id = str_arg(a, 0);
        e.bundle_name = str_arg(a, 1);
        e.state = static_cast<std::int32_t>(int_arg(a, 2));
        e.continue_type = str_arg(a, 3);
        std::string src_bundle = str_arg(a, 4);
        e.src_bundle_name = src_bundle.empty() ? e.bundle_name : src_bundle;
        e.target_app_ids = strings_of(arg(a, 5), "target_app_ids");
        in_world([&](World& w) { w.broadcast_continue_state(e); });
        return Value();
    });
    def("auto_continue", [this](const Array& a, const Object&) {
        return in_world([&](World& w) {
            if (!a.empty()) w.auto_continue = bool_arg(a, 0);
            return Value(w.auto_continue);
        });
    });
    def("complete_continuations", [this](const Array& a, const Object&) {
        const Value& code = arg(a, 0);
        std::int32_t forced = code.is_number() ? static_cast<std::int32_t>(code.to_int64()) : 0;
        return in_world([&](World& w) {
            return Value(static_cast<std::int64_t>(w.complete_continuations(code.is_number() ? &forced : nullptr)));
        });
    });
    def("advance_clock", [this](const Array& a, const Object&) {
        in_world([&](World& w) { w.advance_clock(int_arg(a, 0)); });
        return Value();
    });
    def("clock_ms", [this](const Array&, const Object&) {
        return in_world([](World& w) { return Value(w.clock_ms); });
    });
    def("continuations", [this](const Array&, const Object&) {
        return in_world([](World& w) {
            Array out;
            for (const auto& t : w.continuations) {
                Value d(Object{});
                d.set("id", static_cast<std::int64_t>(t.id));
                d.set("src", t.src);
                d.set("dst", t.dst);
                d.set("mission_id", static_cast<std::int64_t>(t.mission_id));
                d.set("bundle_name", t.bundle_name);
                d.set("qos", t.qos);
                d.set("by_bundle", t.by_bundle);
                d.set("started_ms", t.started_ms);
                out.push_back(std::move(d));
            }
            return Value(std::move(out));
        });
    });
    def("mission_listener_count", [this](const Array&, const Object&) {
        return in_world([this](World&) {
            return Value(static_cast<std::int64_t>(World::mission_listener_count(backend_->local())));
        });
    });
    def("continue_state_listener_count", [this](const Array&, const Object&) {
        return in_world([this](World&) {
            return Value(static_cast<std::int64_t>(World::continue_state_listener_count(backend_->local())));
        });
    });
    def("registered_listener_ids", [this](const Array&, const Object&) {
        return in_world([this](World&) {
            Array out;
            for (const auto& id : backend_->dmm_module().registered_device_ids()) out.emplace_back(id);
            return Value(std::move(out));
        });
    });
    def("listened_devices", [this](const Array&, const Object&) {
        return in_world([this](World&) {
            Value out(Object{});
            for (const auto& kv : backend_->local().services.dms.listen_device_map) {
                Value d(Object{});
                d.set("listeners", static_cast<std::int64_t>(kv.second.listeners.size()));
                d.set("synced_once", kv.second.called);
                out.set(kv.first, std::move(d));
            }
            return out;
        });
    });
    def("synced_devices", [this](const Array&, const Object&) {
        return in_world([this](World&) {
            Array out;
            for (const auto& kv : backend_->local().services.dms.mission_cache) out.emplace_back(kv.first);
            return Value(std::move(out));
        });
    });
}

// The agent's one world and its device views.  A session starts on the
// default view and may select another (world.select): every view shares the
// world, as the devices of one super device share the network.
class StubWorldService : public Service {
public:
    StubWorldService(std::shared_ptr<CallbackSink> sink, int api_version) : sink_(std::move(sink)) {
        world_ = stub::make_default_world();
        world_->profile.api_version = api_version;
        default_ = std::make_unique<StubService>(world_, sink_, "");
    }
    ~StubWorldService() override { close(); }

    const char* kind() const override { return "stub"; }
    Outcome invoke(const std::string& method, const std::vector<Value>& args) override {
        return default_->invoke(method, args);
    }
    bool flush(std::int64_t timeout_ms) override { return default_->flush(timeout_ms); }
    Value control(const std::string& name, const Array& args, const Object& kwargs) override {
        return default_->control(name, args, kwargs);
    }
    void close() override {
        std::lock_guard<std::mutex> lock(views_mu_);
        default_->close();
        for (auto& kv : views_) kv.second->close();
    }
    // Every view: a client may have called through any of them.
    void forget_caller(const std::function<bool(const FunctionRef&)>& owned) override {
        std::lock_guard<std::mutex> lock(views_mu_);
        default_->forget_caller(owned);
        for (auto& kv : views_) kv.second->forget_caller(owned);
    }
    Service& view(const std::string& name_or_id) override {
        std::string id;
        {
            std::lock_guard<std::mutex> lock(world_->mu);
            id = world_->resolve_device(name_or_id);  // throws, listing the names
        }
        std::lock_guard<std::mutex> lock(views_mu_);
        auto it = views_.find(id);
        if (it == views_.end()) it = views_.emplace(id, std::make_unique<StubService>(world_, sink_, id)).first;
        return *it->second;
    }

private:
    std::shared_ptr<CallbackSink> sink_;
    std::shared_ptr<World> world_;
    std::unique_ptr<StubService> default_;
    std::mutex views_mu_;
    std::map<std::string, std::unique_ptr<StubService>> views_;
};

}  // namespace

std::unique_ptr<Service> make_stub_service(std::shared_ptr<CallbackSink> sink, int api_version) {
    return std::make_unique<StubWorldService>(std::move(sink), api_version);
}

}  // namespace ohbridge::agent
