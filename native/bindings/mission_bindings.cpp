// World controls for the mission model: devices, bundles, missions,
// snapshots, continuations and the simulated clock.  Every control that
// takes the world mutex releases the GIL first: a listener callback running
// on the dispatcher thread may be waiting for the GIL while it holds nothing,
// but a thread holding the GIL must never wait for the world.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <optional>
#include <thread>

#include "convert.h"
#include "gil_call.h"
#include "ohbridge/stub/stub_backend.h"
#include "py_callbacks.h"

namespace pyb = pybind11;
using namespace ohbridge;
using ohbridge::stub::StubBackend;
using ohbridge::stub::World;

namespace {

// Run fn(world) under the world lock with the GIL released, then run what
// the devices do "soon after".
template <typename Fn>
auto in_world(StubBackend& self, Fn&& fn) {
    return py::call_without_gil([&] {
        std::lock_guard<std::mutex> lock(self.world().mu);
        struct AfterCall {
            World& w;
            ~AfterCall() { w.run_after_call(); }
        } after{self.world()};
        return fn(self.world());
    });
}

// Also releases the callables the world dropped meanwhile (a removed
// device's listeners, finished continuations), now that the GIL is back.
template <typename Fn>
auto with_world(StubBackend& self, Fn&& fn) {
    struct Release {
        ~Release() { py::release_dropped_references(); }
    } release_after;
    return in_world(self, std::forward<Fn>(fn));
}

stub::SimDevice& device_or_raise(World& w, const StubBackend& view, const std::string& id) {
    stub::SimDevice* d = w.find_device(id.empty() ? view.local_id() : id);
    if (d == nullptr) throw pyb::key_error("no such device: " + id);
    return *d;
}

struct MissionRow {
    MissionInfo info;
    bool alive;
};

pyb::dict mission_dict(const MissionRow& r) {
    pyb::dict d = py::to_python(r.info.to_value());
    d["continueState"] = static_cast<int>(r.info.continue_state);
    d["alive"] = r.alive;
    return d;
}

struct DeviceRow {
    std::string id, name, type;
    bool online, local, continue_switch, qos_continue, trusted;
    std::int32_t foreground_user;
    std::string dms_version;
    std::vector<std::string> bundles;
};

struct DeviceSettings {
    std::optional<bool> continue_switch, qos_continue, trusted, online;
    std::optional<std::int32_t> foreground_user;
    std::optional<std::string> name, dms_version;
};

DeviceSettings parse_device_settings(const pyb::dict& kw) {
    DeviceSettings s;
    for (auto item : kw) {
        auto key = item.first.cast<std::string>();
        if (key == "continue_switch") s.continue_switch = item.second.cast<bool>();
        else if (key == "qos_continue") s.qos_continue = item.second.cast<bool>();
        else if (key == "trusted") s.trusted = item.second.cast<bool>();
        else if (key == "online") s.online = item.second.cast<bool>();
        else if (key == "foreground_user") s.foreground_user = item.second.cast<std::int32_t>();
        else if (key == "name") s.name = item.second.cast<std::string>();
        else if (key == "dms_version") s.dms_version = item.second.cast<std::string>();
        else throw pyb::key_error("unknown device setting: " + key);
    }
    return s;
}

struct MissionSettings {
    std::optional<int> continue_state;
    std::optional<bool> alive, continuable, locked, unclearable;
    std::optional<std::string> label;
};

MissionSettings parse_mission_settings(const pyb::dict& kw) {
    MissionSettings s;
    for (auto item : kw) {
        auto key = item.first.cast<std::string>();
        if (key == "continue_state") s.continue_state = item.second.cast<int>();
        else if (key == "alive") s.alive = item.second.cast<bool>();
        else if (key == "continuable") s.continuable = item.second.cast<bool>();
        else if (key == "locked") s.locked = item.second.cast<bool>();
        else if (key == "unclearable") s.unclearable = item.second.cast<bool>();
        else if (key == "label") s.label = item.second.cast<std::string>();
        else throw pyb::key_error("unknown mission setting: " + key);
    }
    return s;
}

}  // namespace

void bind_mission_controls(pyb::class_<StubBackend, std::shared_ptr<StubBackend>>& cls) {
    cls.def(
           "reset_world",
           [](StubBackend& self, const std::string& local_id, const std::string& local_name) {
               with_world(self, [&](World& w) {
                   w.reset(local_id, local_name);
                   self.retarget(local_id);
               });
           },
           pyb::arg("local_id"), pyb::arg("local_name") = "Local Device")
        .def(
            "add_device",
            [](StubBackend& self, const std::string& id, const std::string& name, const std::string& type,
               bool online) {
                with_world(self, [&](World& w) {
                    if (w.find_device(id) != nullptr) throw std::invalid_argument("device exists: " + id);
                    stub::SimDevice d;
                    d.network_id = id;
                    d.name = name;
                    d.device_type = type;
                    d.online = online;
                    w.devices[id] = std::move(d);
                });
            },
            pyb::arg("network_id"), pyb::arg("name") = "", pyb::arg("device_type") = "phone",
            pyb::arg("online") = true)
        .def("remove_device",
             [](StubBackend& self, const std::string& id) {
                 with_world(self, [&](World& w) {
                     device_or_raise(w, self, id);
                     if (id == self.local_id()) throw std::invalid_argument("the local device cannot be removed");
                     w.remove_device(id);
                 });
             })
        .def("set_online",
             [](StubBackend& self, const std::string& id, bool online) {
                 with_world(self, [&](World& w) {
                     device_or_raise(w, self, id);
                     w.set_online(id, online);
                 });
             })
        .def("set_device",
             [](StubBackend& self, const std::string& id, const pyb::kwargs& kw) {
                 DeviceSettings s = parse_device_settings(kw);
                 with_world(self, [&](World& w) {
                     stub::SimDevice& d = device_or_raise(w, self, id);
                     if (s.continue_switch) d.continue_switch = *s.continue_switch;
                     if (s.qos_continue) d.set_qos_continue(*s.qos_continue);
                     if (s.dms_version) d.dms_version = *s.dms_version;
                     if (s.trusted) d.trusted = *s.trusted;
                     if (s.foreground_user) d.foreground_user = *s.foreground_user;
                     if (s.name) d.name = *s.name;
                     if (s.online) w.set_online(d.network_id, *s.online);
                 });
             })
        .def("devices",
             [](StubBackend& self) {
                 std::vector<DeviceRow> rows = with_world(self, [&](World& w) {
                     std::vector<DeviceRow> out;
                     for (const auto& kv : w.devices) {
                         const auto& d = kv.second;
                         DeviceRow r{d.network_id, d.name,          d.device_type, d.online,
                                     kv.first == self.local_id(), d.continue_switch, d.dms_uses_qos(), d.trusted,
                                     d.foreground_user, d.dms_version, {}};
                         for (const auto& b : d.bundles) r.bundles.push_back(b.first);
                         out.push_back(std::move(r));
                     }
                     return out;
                 });
                 pyb::list out;
                 for (const auto& r : rows) {
                     pyb::dict d;
                     d["network_id"] = r.id;
                     d["name"] = r.name;
                     d["device_type"] = r.type;
                     d["online"] = r.online;
                     d["local"] = r.local;
                     d["continue_switch"] = r.continue_switch;
                     d["qos_continue"] = r.qos_continue;
                     d["dms_version"] = r.dms_version;
                     d["trusted"] = r.trusted;
                     d["foreground_user"] = r.foreground_user;
                     d["bundles"] = r.bundles;
                     out.append(d);
                 }
                 return out;
             })
        .def(
            "uninstall_bundle",
            [](StubBackend& self, const std::string& name, const std::string& device) {
                with_world(self, [&](World& w) { w.uninstall_bundle(device_or_raise(w, self, device), name); });
            },
            pyb::arg("name"), pyb::arg("device") = "")
        .def(
            "start_ability",
            [](StubBackend& self, const std::string& device, const std::string& bundle, const std::string& ability,
               const std::string& module, const std::string& label, pyb::object parameters, std::int32_t flags) {
                Value params = parameters.is_none() ? Value(Object{}) : py::from_python(parameters);
                return with_world(self, [&](World& w) {
                    return w.launch_for_test(device_or_raise(w, self, device), bundle, ability, module, label, params,
                                             flags);
                });
            },
            pyb::arg("device"), pyb::arg("bundle_name"), pyb::arg("ability_name"), pyb::arg("module_name") = "entry",
            pyb::arg("label") = "", pyb::arg("parameters") = pyb::none(), pyb::arg("flags") = 0,
            "Start an ability on a device; returns the id of its mission.")
        .def(
            "missions",
            [](StubBackend& self, const std::string& device) {
                std::vector<MissionRow> rows = with_world(self, [&](World& w) {
                    std::vector<MissionRow> out;
                    for (const auto& m : device_or_raise(w, self, device).missions) out.push_back({m.info, m.alive});
                    return out;
                });
                pyb::list out;
                for (const auto& r : rows) out.append(mission_dict(r));
                return out;
            },
            pyb::arg("device") = "")
        .def(
            "set_mission",
            [](StubBackend& self, const std::string& device, std::int32_t id, const pyb::kwargs& kw) {
                MissionSettings s = parse_mission_settings(kw);
                with_world(self, [&](World& w) {
                    stub::SimDevice& d = device_or_raise(w, self, device);
                    stub::SimMission* m = d.find_mission(id);
                    if (m == nullptr) throw pyb::key_error("no mission " + std::to_string(id) + " on " + device);
                    if (s.continue_state) m->info.continue_state = static_cast<ContinueState>(*s.continue_state);
                    if (s.alive) m->alive = *s.alive;
                    if (s.continuable) m->info.continuable = *s.continuable;
                    if (s.locked) m->info.locked_state = *s.locked;
                    if (s.unclearable) m->info.unclearable = *s.unclearable;
                    if (s.label) m->info.label = *s.label;
                    w.missions_changed(d.network_id);
                });
            },
            pyb::arg("device"), pyb::arg("mission_id"))
        .def(
            "close_mission",
            [](StubBackend& self, const std::string& device, std::int32_t id) {
                return with_world(self, [&](World& w) { return w.remove_mission(device_or_raise(w, self, device), id); });
            },
            pyb::arg("device"), pyb::arg("mission_id"))
        .def(
            "update_snapshot",
            [](StubBackend& self, const std::string& device, std::int32_t id, const std::string& tag) {
                with_world(self, [&](World& w) {
                    stub::SimDevice& d = device_or_raise(w, self, device);
                    if (d.find_mission(id) == nullptr) {
                        throw pyb::key_error("no mission " + std::to_string(id) + " on " + device);
                    }
                    w.update_snapshot(d, id, tag.empty() ? "snapshot" : tag);
                });
            },
            pyb::arg("device"), pyb::arg("mission_id"), pyb::arg("tag") = "")
        .def(
            "emit_snapshot_events",
            [](StubBackend& self, const std::string& device, std::int32_t id, std::int64_t count,
               std::int64_t interval_us) {
                // For benchmarks: `count` snapshot updates from this native
                // thread, with the steady-clock time (CLOCK_MONOTONIC, as
                // time.monotonic_ns) just before each one is posted.
                return py::call_without_gil([&] {
                std::vector<std::int64_t> stamps;
                stamps.reserve(static_cast<std::size_t>(count));
                auto next = std::chrono::steady_clock::now();
                for (std::int64_t i = 0; i < count; ++i) {
                    if (interval_us > 0) {
                        // Sleep, not spin: a spinning emitter would take a core
                        // from the dispatcher and measure the scheduler.
                        next += std::chrono::microseconds(interval_us);
                        std::this_thread::sleep_until(next);
                    }
                    std::lock_guard<std::mutex> lock(self.world().mu);
                    World& w = self.world();
                    stub::SimDevice* d = w.find_device(device);
                    if (d == nullptr || d->find_mission(id) == nullptr) break;
                    stamps.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                         std::chrono::steady_clock::now().time_since_epoch())
                                         .count());
                    w.update_snapshot(*d, id, "bench");
                }
                return stamps;
                });
            },
            pyb::arg("device"), pyb::arg("mission_id"), pyb::arg("count"), pyb::arg("interval_us") = 0)
        .def(
            "broadcast_continue_state",
            [](StubBackend& self, const std::string& src, const std::string& bundle, int state,
               const std::string& continue_type, const std::string& src_bundle,
               const std::vector<std::string>& target_app_ids) {
                with_world(self, [&](World& w) {
                    ContinueStateEvent e;
                    e.state = state;
                    e.src_device_id = src;
                    e.bundle_name = bundle;
                    e.continue_type = continue_type;
                    e.src_bundle_name = src_bundle.empty() ? bundle : src_bundle;
                    e.target_app_ids = target_app_ids;
                    w.broadcast_continue_state(e);
                });
            },
            pyb::arg("src_device"), pyb::arg("bundle_name"), pyb::arg("state"), pyb::arg("continue_type") = "",
            pyb::arg("src_bundle_name") = "", pyb::arg("target_app_ids") = std::vector<std::string>{})
        .def_property(
            "auto_continue", [](StubBackend& self) { return with_world(self, [](World& w) { return w.auto_continue; }); },
            [](StubBackend& self, bool v) { with_world(self, [&](World& w) { w.auto_continue = v; }); })
        .def(
            "complete_continuations",
            [](StubBackend& self, std::optional<std::int32_t> result_code) {
                return with_world(self, [&](World& w) {
                    return w.complete_continuations(result_code ? &*result_code : nullptr);
                });
            },
            pyb::arg("result_code") = pyb::none())
        .def("advance_clock",
             [](StubBackend& self, std::int64_t ms) { with_world(self, [&](World& w) { w.advance_clock(ms); }); })
        .def_property_readonly("clock_ms",
                               [](StubBackend& self) { return with_world(self, [](World& w) { return w.clock_ms; }); })
        .def("continuations",
             [](StubBackend& self) {
                 auto tasks = with_world(self, [](World& w) {
                     std::vector<std::tuple<std::uint64_t, std::string, std::string, std::int32_t, std::string, bool,
                                            bool, std::int64_t>>
                         out;
                     for (const auto& t : w.continuations) {
                         out.emplace_back(t.id, t.src, t.dst, t.mission_id, t.bundle_name, t.qos, t.by_bundle,
                                          t.started_ms);
                     }
                     return out;
                 });
                 pyb::list out;
                 for (const auto& t : tasks) {
                     pyb::dict d;
                     d["id"] = std::get<0>(t);
                     d["src"] = std::get<1>(t);
                     d["dst"] = std::get<2>(t);
                     d["mission_id"] = std::get<3>(t);
                     d["bundle_name"] = std::get<4>(t);
                     d["qos"] = std::get<5>(t);
                     d["by_bundle"] = std::get<6>(t);
                     d["started_ms"] = std::get<7>(t);
                     out.append(d);
                 }
                 return out;
             })
        .def_property_readonly(
            "mission_listener_count",
            [](StubBackend& self) {
                return with_world(self, [&](World&) { return World::mission_listener_count(self.local()); });
            })
        .def_property_readonly("continue_state_listener_count",
                               [](StubBackend& self) {
                                   return with_world(self,
                                                     [&](World&) { return World::continue_state_listener_count(self.local()); });
                               })
        .def("registered_listener_ids",
             [](StubBackend& self) {
                 return with_world(self, [&](World&) { return self.dmm_module().registered_device_ids(); });
             })
        .def("listened_devices",
             [](StubBackend& self) {
                 auto rows = with_world(self, [&](World&) {
                     std::vector<std::tuple<std::string, std::size_t, bool>> out;
                     for (const auto& kv : self.local().services.dms.listen_device_map) {
                         out.emplace_back(kv.first, kv.second.listeners.size(), kv.second.called);
                     }
                     return out;
                 });
                 pyb::dict out;
                 for (const auto& r : rows) {
                     pyb::dict d;
                     d["listeners"] = std::get<1>(r);
                     d["synced_once"] = std::get<2>(r);
                     out[pyb::str(std::get<0>(r))] = d;
                 }
                 return out;
             })
        .def("synced_devices", [](StubBackend& self) {
            return with_world(self, [&](World&) {
                std::vector<std::string> out;
                for (const auto& kv : self.local().services.dms.mission_cache) out.push_back(kv.first);
                return out;
            });
        });
}
