// The stub backend and the controls a test uses to shape its world.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "convert.h"
#include "gil.h"
#include "gil_call.h"
#include "ohbridge/stub/stub_backend.h"
#include "py_callbacks.h"

namespace pyb = pybind11;
using namespace ohbridge;
using ohbridge::stub::StubBackend;

namespace ohbridge::py {
pyb::tuple outcome_to_python(Outcome&& o);
}

namespace {

pyb::dict caller_to_dict(const stub::CallerIdentity& c) {
    pyb::dict d;
    d["bundle_name"] = c.bundle_name;
    d["uid"] = c.uid;
    d["system_app"] = c.system_app;
    d["system_ability"] = c.system_ability;
    d["foreground"] = c.foreground;
    d["has_context"] = c.has_context;
    d["ability_context"] = c.ability_context;
    d["user_id"] = c.user_id;
    d["permissions"] = pyb::cast(std::vector<std::string>(c.permissions.begin(), c.permissions.end()));
    return d;
}

void apply_caller(stub::CallerIdentity& c, const pyb::dict& kw) {
    for (auto item : kw) {
        auto key = item.first.cast<std::string>();
        auto val = item.second;
        if (key == "bundle_name") c.bundle_name = val.cast<std::string>();
        else if (key == "uid") c.uid = val.cast<std::int32_t>();
        else if (key == "system_app") c.system_app = val.cast<bool>();
        else if (key == "system_ability") c.system_ability = val.cast<bool>();
        else if (key == "foreground") c.foreground = val.cast<bool>();
        else if (key == "has_context") c.has_context = val.cast<bool>();
        else if (key == "ability_context") c.ability_context = val.cast<bool>();
        else if (key == "user_id") c.user_id = val.cast<std::int32_t>();
        else if (key == "permissions") {
            c.permissions.clear();
            for (auto p : val) c.permissions.insert(p.cast<std::string>());
        } else {
            throw pyb::key_error("unknown caller setting: " + key);
        }
    }
}

pyb::dict want_dict(const Want& w) { return py::to_python(w.to_value()); }

// With the world lock held: the services of `device` ("" = the view's own).
stub::DeviceServices& device_services(StubBackend& view, const std::string& device) {
    if (device.empty()) return view.local().services;
    stub::SimDevice* d = view.world().find_device(device);
    if (d == nullptr) throw pyb::key_error("no such device: " + device);
    return d->services;
}

}  // namespace

void bind_mission_controls(pyb::class_<StubBackend, std::shared_ptr<StubBackend>>& cls);

namespace {

// A simulated world that several views share.  Views hold the world, so the
// handle and the views may be dropped in any order.
struct WorldHandle {
    std::shared_ptr<stub::World> world;
};

std::shared_ptr<StubBackend> make_view(const std::shared_ptr<stub::World>& world, const std::string& local_id) {
    auto sink = std::make_shared<py::PySink>();
    StubBackend* raw = nullptr;
    {
        py::GilRelease release;  // the constructor takes the world lock
        raw = new StubBackend(world, std::move(sink), local_id);
    }
    return std::shared_ptr<StubBackend>(raw, [](StubBackend* b) {
        // Stopping the dispatcher joins its thread, which may be waiting
        // for the GIL, and closing takes the world lock: release the GIL
        // around the close.
        if (PyGILState_Check()) {
            py::GilRelease release;
            b->close(false);
        } else {
            b->close(false);
        }
        delete b;
    });
}

}  // namespace

void bind_stub(pyb::module_& m) {
    pyb::class_<WorldHandle>(m, "StubWorld", "A simulated world shared by several device views.")
        .def(pyb::init([](int api_version) {
                 auto world = stub::make_default_world();
                 world->profile.api_version = api_version;
                 return WorldHandle{world};
             }),
             pyb::arg("api_version") = 20)
        .def_property_readonly("default_local_id", [](const WorldHandle& h) {
            py::GilRelease release;
            std::lock_guard<std::mutex> lock(h.world->mu);
            return h.world->default_local_id;
        });
    pyb::class_<StubBackend, std::shared_ptr<StubBackend>> cls(m, "StubBackend", "The simulated device, in process.");
    bind_mission_controls(cls);
    cls
        .def(pyb::init([](int api_version) {
                 auto world = stub::make_default_world();
                 world->profile.api_version = api_version;
                 return make_view(world, "");
             }),
             pyb::arg("api_version") = 20)
        .def(pyb::init([](const WorldHandle& world, const std::string& local_id) {
                 return make_view(world.world, local_id);
             }),
             pyb::arg("world"), pyb::arg("local_id") = "",
             "A view of a shared world from one of its devices (`local_id`; empty: the default one).")
        .def(
            "invoke",
            [](StubBackend& self, const std::string& method, const pyb::list& args) {
                std::vector<Value> values;
                values.reserve(args.size());
                for (auto a : args) values.push_back(py::from_python(a));
                Outcome out;
                // The GIL is never held while waiting: take the world lock
                // with it only when the lock is free, else release the GIL
                // and wait.  Saves a GIL hand-off (two context switches
                // under contention) on every uncontended call.
                if (!self.try_invoke(method, values, out)) {
                    out = py::call_without_gil([&] { return self.invoke(method, values); });
                }
                // Destroy argument values (they may hold Python callables)
                // with the GIL held, after converting the result.
                pyb::tuple result = py::outcome_to_python(std::move(out));
                values.clear();
                py::release_dropped_references();
                return result;
            },
            pyb::arg("method"), pyb::arg("args"))
        .def(
            "close",
            [](StubBackend& self, bool drain) {
                py::GilRelease release;
                self.close(drain);
            },
            pyb::arg("drain") = true)
        .def_property_readonly("closed", &StubBackend::closed)
        .def(
            "flush",
            [](StubBackend& self, double timeout) {
                // Casting an out-of-range double (1e30, inf, nan) is undefined:
                // out of range becomes -1, which flush refuses with its 401.
                double ms = timeout * 1000.0;
                std::int64_t timeout_ms = ms >= 0.0 && ms <= static_cast<double>(Dispatcher::kMaxFlushMs)
                                              ? static_cast<std::int64_t>(ms) : -1;
                py::GilRelease release;
                return self.dispatcher().flush(timeout_ms);
            },
            pyb::arg("timeout") = 10.0, "Wait until every callback posted so far has been delivered.")
        .def_property_readonly("callbacks_delivered", [](StubBackend& self) { return self.dispatcher().delivered(); })
        .def_property(
            "api_version",
            [](StubBackend& self) {
                py::GilRelease release;
                std::lock_guard<std::mutex> lock(self.world().mu);
                return self.world().profile.api_version;
            },
            [](StubBackend& self, int v) {
                py::GilRelease release;
                std::lock_guard<std::mutex> lock(self.world().mu);
                self.world().profile.api_version = v;
            })
        .def(
            "get_caller",
            [](StubBackend& self, const std::string& device) {
                stub::CallerIdentity c;
                {
                    py::GilRelease release;
                    std::lock_guard<std::mutex> lock(self.world().mu);
                    c = device_services(self, device).caller;
                }
                return caller_to_dict(c);
            },
            pyb::arg("device") = "")
        .def("set_caller",
             [](StubBackend& self, const pyb::kwargs& given) {
                 // `device`: whose caller (a networkId; absent or "": this view's).
                 pyb::dict kw;
                 std::string device;
                 for (auto item : given) {
                     if (item.first.cast<std::string>() == "device") device = item.second.cast<std::string>();
                     else kw[item.first] = item.second;
                 }
                 stub::CallerIdentity c;
                 {
                     py::GilRelease release;
                     std::lock_guard<std::mutex> lock(self.world().mu);
                     c = device_services(self, device).caller;
                 }
                 apply_caller(c, kw);  // may raise: apply to a copy first
                 py::GilRelease release;
                 std::lock_guard<std::mutex> lock(self.world().mu);
                 device_services(self, device).caller = c;
             })
        .def(
            "fail_next",
            [](StubBackend& self, const std::string& method, std::int32_t code) {
                py::GilRelease release;
                std::lock_guard<std::mutex> lock(self.world().mu);
                self.local().services.faults.fail_next(method, code);
            },
            pyb::arg("method"), pyb::arg("code") = -1)
        .def_property_readonly("local_device_id",
                               [](StubBackend& self) {
                                   py::GilRelease release;
                                   std::lock_guard<std::mutex> lock(self.world().mu);
                                   return self.local_id();
                               })
        .def(
            "install_bundle",
            [](StubBackend& self, const std::string& name, std::int32_t uid, const std::vector<std::string>& abilities,
               const std::string& device, bool free_install, bool continuable) {
                py::GilRelease release;
                std::lock_guard<std::mutex> lock(self.world().mu);
                auto& w = self.world();
                stub::SimDevice* dev = w.find_device(device.empty() ? self.local_id() : device);
                if (dev == nullptr) throw pyb::key_error("no such device: " + device);
                stub::BundleInfo b;
                b.name = name;
                b.uid = uid;
                b.free_install = free_install;
                for (const auto& a : abilities) b.abilities.push_back(stub::AbilityInfo{a, "entry", continuable});
                dev->bundles[name] = b;
            },
            pyb::arg("name"), pyb::arg("uid"), pyb::arg("abilities"), pyb::arg("device") = "",
            pyb::arg("free_install") = false, pyb::arg("continuable") = false)
        .def("bundles",
             [](StubBackend& self) {
                 std::vector<std::pair<std::string, std::int32_t>> out;
                 {
                     py::GilRelease release;
                     std::lock_guard<std::mutex> lock(self.world().mu);
                     for (const auto& kv : self.local().bundles) out.emplace_back(kv.first, kv.second.uid);
                 }
                 pyb::dict d;
                 for (auto& p : out) d[pyb::str(p.first)] = p.second;
                 return d;
             })
        .def("started_abilities",
             [](StubBackend& self) {
                 std::vector<stub::StartRecord> recs;
                 {
                     py::GilRelease release;
                     std::lock_guard<std::mutex> lock(self.world().mu);
                     recs.assign(self.world().started.begin(), self.world().started.end());
                 }
                 pyb::list out;
                 for (const auto& r : recs) {
                     pyb::dict d;
                     d["device_id"] = r.device_id;
                     d["want"] = want_dict(r.want);
                     d["caller_uid"] = r.caller_uid;
                     d["result"] = r.result;
                     d["via"] = r.via;
                     out.append(d);
                 }
                 return out;
             })
        .def("common_events",
             [](StubBackend& self) {
                 std::vector<stub::CommonEventRecord> recs;
                 {
                     py::GilRelease release;
                     std::lock_guard<std::mutex> lock(self.world().mu);
                     recs.assign(self.world().common_events.begin(), self.world().common_events.end());
                 }
                 pyb::list out;
                 for (const auto& r : recs) {
                     pyb::dict d;
                     d["want"] = want_dict(r.want);
                     d["code"] = r.code;
                     d["permission"] = r.permission;
                     d["publisher_uid"] = r.publisher_uid;
                     out.append(d);
                 }
                 return out;
             })
        .def("pending_wants",
             [](StubBackend& self) {
                 std::vector<stub::PendingWantRecord> recs;
                 {
                     py::GilRelease release;
                     std::lock_guard<std::mutex> lock(self.world().mu);
                     for (const auto& r : self.want_agent_backend().manager().records()) recs.push_back(*r);
                 }
                 pyb::list out;
                 for (const auto& r : recs) {
                     pyb::dict d;
                     d["code"] = r.key.code;
                     d["bundle_name"] = r.key.bundle_name;
                     d["type"] = r.key.type;
                     d["flags"] = r.key.flags;
                     d["request_code"] = r.key.request_code;
                     d["user_id"] = r.key.user_id;
                     d["uid"] = r.uid;
                     d["want"] = want_dict(r.key.request_want);
                     out.append(d);
                 }
                 return out;
             })
        .def_property_readonly("pending_want_count", [](StubBackend& self) {
            py::GilRelease release;
            std::lock_guard<std::mutex> lock(self.world().mu);
            return self.want_agent_backend().manager().size();
        });
}
