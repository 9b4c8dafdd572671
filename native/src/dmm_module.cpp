#include "ohbridge/dmm_module.h"

#include <algorithm>
#include <mutex>

#include "ohbridge/errors.h"
#include "ohbridge/want.h"

namespace ohbridge {

namespace {

const char* const kDeviceInfoKey = "Parameter error. The key of \"MissionDeviceInfo\" must be deviceId";
const char* const kDeviceIdType = "Parameter error. The type of \"deviceId\" must be string";
const char* const kMissionCallback = "Parameter error. The type of \"options\" must be MissionCallback";
const char* const kAsyncCallback = "Parameter error. The type of \"callback\" must be AsynCallback<void>: void";
const char* const kContinueType = "continueStateChange";
// VALUE_BUFFER_SIZE: the id is read into 129 bytes.
constexpr std::size_t kDeviceIdBytes = 128;

[[noreturn]] void throw_param(const std::string& message) { throw BusinessError(js::PARAM_INVALID, message); }

std::string argc_message(const char* counts) {
    return std::string("Parameter error. The type of \"number of parameters\" must be ") + counts;
}

// napi_get_value_string_utf8 into a 129-byte buffer: longer ids are cut at
// 128 bytes, never rejected.  A character is not split. [I: the boundary]
std::string truncated_device_id(const std::string& s) {
    if (s.size() <= kDeviceIdBytes) return s;
    std::size_t n = kDeviceIdBytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

// RegisterMissionWrapDeviceId / GetUnRegisterMissionDeviceId.
std::string mission_device_id(const Value& v) {
    if (!v.is_object() || !v.has("deviceId")) throw_param(kDeviceInfoKey);
    const Value& id = v.get("deviceId");
    if (!id.is_string()) throw_param(kDeviceIdType);
    return truncated_device_id(id.as_string());
}

// ProcessSyncInput / SetSyncRemoteMissionsContext: the MissionParameter
// wording, used by start and stop alike.
std::string sync_device_id(const Value& v) {
    if (!v.is_object()) throw_param("Parameter error. The type of \"parameter\" must be MissionParameter");
    if (!v.has("deviceId")) throw_param("Parameter error. The key of \"parameter\" must be deviceId");
    const Value& id = v.get("deviceId");
    if (!id.is_string()) throw_param(kDeviceIdType);
    return truncated_device_id(id.as_string());
}

Value result_code_object(const char* key, std::int32_t code) {
    Value v(Object{});
    v.set(key, static_cast<std::int64_t>(code));
    return v;
}

}  // namespace

// NAPIRemoteMissionListener: holds the three JS callbacks; a second
// registration for the same deviceId overwrites them.
class NapiMissionListener : public RemoteMissionListener {
public:
    explicit NapiMissionListener(std::weak_ptr<Dispatcher> d) : dispatcher_(std::move(d)) {}

    void set_callbacks(FunctionPtr changed, FunctionPtr snapshot, FunctionPtr disconnect) {
        FunctionPtr old[3];
        {
            std::lock_guard<std::mutex> lock(mu_);
            old[0] = std::exchange(changed_, std::move(changed));
            old[1] = std::exchange(snapshot_, std::move(snapshot));
            old[2] = std::exchange(disconnect_, std::move(disconnect));
        }
        // The old references die here, outside the lock (releasing one may
        // need the front end's interpreter lock).
    }

    // The three callbacks come from one registration, so from one caller.
    bool belongs_to(const std::function<bool(const FunctionRef&)>& owned) {
        std::lock_guard<std::mutex> lock(mu_);
        return changed_ && owned(*changed_);
    }

    void notify_missions_changed(const std::string& device_id) override {
        post(pick(&NapiMissionListener::changed_), {Value(device_id)});
    }
    void notify_snapshot(const std::string& device_id, std::int32_t mission_id) override {
        post(pick(&NapiMissionListener::snapshot_), {Value(device_id), Value(static_cast<std::int64_t>(mission_id))});
    }
    void notify_net_disconnect(const std::string& device_id, std::int32_t state) override {
        post(pick(&NapiMissionListener::disconnect_), {Value(device_id), Value(static_cast<std::int64_t>(state))});
    }

private:
    FunctionPtr pick(FunctionPtr NapiMissionListener::*member) {
        std::lock_guard<std::mutex> lock(mu_);
        return this->*member;
    }
    void post(FunctionPtr fn, std::vector<Value> args) {
        if (!fn) return;
        if (auto d = dispatcher_.lock()) d->post(std::move(fn), std::move(args));
    }

    std::weak_ptr<Dispatcher> dispatcher_;
    std::mutex mu_;
    FunctionPtr changed_, snapshot_, disconnect_;
};

// NAPIRemoteOnListener: the callbacks of on('continueStateChange').
class NapiOnListener : public ContinueStateListener {
public:
    // The profile is copied: DMS may still hold the listener after the
    // module is gone.
    NapiOnListener(std::weak_ptr<Dispatcher> d, const ApiProfile& profile)
        : dispatcher_(std::move(d)), profile_(profile) {}

    // false when a strictly equal callback is already there.
    bool add(const FunctionPtr& fn) {
        std::lock_guard<std::mutex> lock(mu_);
        for (const auto& f : callbacks_) {
            if (f->same_function(*fn)) return false;
        }
        callbacks_.push_back(fn);
        return true;
    }
    void remove(const FunctionPtr& fn) {
        std::vector<FunctionPtr> dropped;
        std::lock_guard<std::mutex> lock(mu_);
        for (auto it = callbacks_.begin(); it != callbacks_.end();) {
            if ((*it)->same_function(*fn)) {
                dropped.push_back(std::move(*it));
                it = callbacks_.erase(it);
            } else {
                ++it;
            }
        }
    }
    // Drops the callbacks `owned` picks; true if that left none.
    bool remove_owned(const std::function<bool(const FunctionRef&)>& owned) {
        std::vector<FunctionPtr> dropped;  // released outside the lock
        std::lock_guard<std::mutex> lock(mu_);
        for (auto it = callbacks_.begin(); it != callbacks_.end();) {
            if (owned(**it)) {
                dropped.push_back(std::move(*it));
                it = callbacks_.erase(it);
            } else {
                ++it;
            }
        }
        return !dropped.empty() && callbacks_.empty();
    }
    void on_continue_state(const ContinueStateEvent& event) override {
        std::vector<FunctionPtr> fns;
        {
            std::lock_guard<std::mutex> lock(mu_);
            fns = callbacks_;
        }
        auto d = dispatcher_.lock();
        if (!d) return;
        Value v = event.to_value(profile_);
        for (auto& f : fns) d->post(f, {v});
    }

private:
    std::weak_ptr<Dispatcher> dispatcher_;
    ApiProfile profile_;
    std::mutex mu_;
    std::vector<FunctionPtr> callbacks_;
};

namespace {

// NAPIMissionContinue for the missionId overload: onContinueDone gets an
// object {resultCode}, not the bare number the docs show.
class NapiMissionContinue : public ContinuationCallback {
public:
    NapiMissionContinue(std::weak_ptr<Dispatcher> d, FunctionPtr done) : dispatcher_(std::move(d)), done_(done) {}
    void on_continue_done(std::int32_t result_code) override {
        // Without options (argc 1) the device would settle the promise a
        // second time; the stub ignores the completion. [I]
        if (!done_) return;
        if (auto d = dispatcher_.lock()) d->post(done_, {result_code_object("resultCode", result_code)});
    }

private:
    std::weak_ptr<Dispatcher> dispatcher_;
    FunctionPtr done_;
};

// The bundle-name overload settles at completion (UvWorkOnContinueDone):
// the promise with the raw result code, the callback with ONE argument
// {code}, even on success.
class NapiBundleContinue : public ContinuationCallback {
public:
    NapiBundleContinue(std::weak_ptr<Dispatcher> d, FunctionPtr callback, std::shared_ptr<Deferred> deferred,
                       const ApiProfile& profile)
        : dispatcher_(std::move(d)), callback_(std::move(callback)), deferred_(std::move(deferred)),
          profile_(profile) {}
    void on_continue_done(std::int32_t result_code) override {
        if (deferred_) {
            if (result_code == 0) {
                deferred_->resolve(Value::undefined());
            } else {
                // The raw code, with the text of that release's ErrorMessageReturn.
                deferred_->reject(result_code, dmm_error_message_for(result_code, profile_));
            }
        } else if (callback_) {
            if (auto d = dispatcher_.lock()) d->post(callback_, {result_code_object("code", result_code)});
        }
    }

private:
    std::weak_ptr<Dispatcher> dispatcher_;
    FunctionPtr callback_;
    std::shared_ptr<Deferred> deferred_;
    ApiProfile profile_;  // a copy: the completion may outlive the module
};

}  // namespace

DistributedMissionManagerModule::DistributedMissionManagerModule(DistributedMissionBackend& backend,
                                                                 std::shared_ptr<Dispatcher> dispatcher,
                                                                 const ApiProfile& profile)
    : backend_(backend), dispatcher_(std::move(dispatcher)), profile_(profile) {}

DistributedMissionManagerModule::~DistributedMissionManagerModule() = default;

const std::vector<std::string>& DistributedMissionManagerModule::methods() {
    static const std::vector<std::string> names{"startSyncRemoteMissions", "stopSyncRemoteMissions",
                                                "registerMissionListener", "unRegisterMissionListener",
                                                "continueMission",         "on",
                                                "off"};
    return names;
}

std::vector<std::string> DistributedMissionManagerModule::registered_device_ids() const {
    std::vector<std::string> out;
    for (const auto& kv : registration_) out.push_back(kv.first);
    return out;
}

void DistributedMissionManagerModule::forget_caller(const std::function<bool(const FunctionRef&)>& owned) {
    for (auto it = registration_.begin(); it != registration_.end();) {
        if (!it->second->belongs_to(owned)) {
            ++it;
            continue;
        }
        std::string device_id = it->first;
        std::shared_ptr<NapiMissionListener> listener = it->second;
        it = registration_.erase(it);
        backend_.mission_listener_died(device_id, listener);
        // Whatever still holds the object (a proxy DMS has not let go of)
        // calls nobody.
        listener->set_callbacks(nullptr, nullptr, nullptr);
    }
    for (auto it = registration_of_on_.begin(); it != registration_of_on_.end();) {
        if (!it->second->remove_owned(owned)) {
            ++it;
            continue;
        }
        backend_.continue_state_listener_died(it->first, it->second);
        it = registration_of_on_.erase(it);
    }
}

Outcome DistributedMissionManagerModule::call(const std::string& method, const std::vector<Value>& args) {
    if (method == "registerMissionListener") return register_mission_listener(args);
    if (method == "unRegisterMissionListener") return unregister_mission_listener(args);
    if (method == "startSyncRemoteMissions") return start_sync(args);
    if (method == "stopSyncRemoteMissions") return stop_sync(args);
    if (method == "continueMission") return continue_mission(args);
    if (method == "on") return on(args);
    if (method == "off") return off(args);
    throw std::invalid_argument("distributedMissionManager has no export named " + method);
}

Outcome DistributedMissionManagerModule::finish(const FunctionPtr& callback, std::int32_t native_code) {
    Outcome o = native_code == 0 ? Outcome::resolved() : Outcome::rejected(dmm_error(native_code, profile_));
    // DMM's async work calls back (undefined, undefined) on success.
    return settle(*dispatcher_, callback, std::move(o), Value::undefined());
}

Outcome DistributedMissionManagerModule::register_mission_listener(const std::vector<Value>& args) {
    if (args.size() != 2 && args.size() != 3) throw_param(argc_message("2 or 3"));
    std::string device_id = mission_device_id(args[0]);
    const Value& options = args[1];
    if (!options.is_object() || !options.has("notifyMissionsChanged") || !options.has("notifySnapshot") ||
        !options.has("notifyNetDisconnect")) {
        throw_param(kMissionCallback);
    }
    for (const char* key : {"notifyMissionsChanged", "notifySnapshot", "notifyNetDisconnect"}) {
        if (!options.get(key).is_function()) {
            throw_param(std::string("Parameter error. The type of \"") + key + "\" must be function");
        }
    }
    FunctionPtr callback;
    if (args.size() == 3) {
        if (!args[2].is_function()) throw_param(kMissionCallback);  // sic: the options message
        callback = args[2].as_function();
    }
    // RegisterMissionExecuteCB: reuse the deviceId's listener and overwrite
    // its callbacks (even if the registration then fails), or make one.
    std::shared_ptr<NapiMissionListener> listener;
    auto it = registration_.find(device_id);
    if (it != registration_.end()) {
        listener = it->second;
    } else {
        listener = std::make_shared<NapiMissionListener>(dispatcher_);
    }
    listener->set_callbacks(options.get("notifyMissionsChanged").as_function(),
                            options.get("notifySnapshot").as_function(),
                            options.get("notifyNetDisconnect").as_function());
    std::int32_t rc = backend_.register_mission_listener(device_id, listener);
    if (rc == 0) registration_[device_id] = listener;
    return finish(callback, rc);
}

Outcome DistributedMissionManagerModule::unregister_mission_listener(const std::vector<Value>& args) {
    if (args.size() != 1 && args.size() != 2) throw_param(argc_message("1 or 2"));
    std::string device_id = mission_device_id(args[0]);
    FunctionPtr callback;
    if (args.size() == 2) {
        if (!args[1].is_function()) throw_param(kAsyncCallback);
        callback = args[1].as_function();
    }
    auto it = registration_.find(device_id);
    // Unknown here: 401 without asking AMS, so no 201/202 either.
    if (it == registration_.end()) return finish(callback, native::INVALID_PARAMETERS_ERR);
    std::shared_ptr<NapiMissionListener> listener = it->second;
    std::int32_t rc = backend_.unregister_mission_listener(device_id, listener);
    if (rc == 0) registration_.erase(device_id);  // a failure (device offline) keeps the entry
    return finish(callback, rc);
}

Outcome DistributedMissionManagerModule::start_sync(const std::vector<Value>& args) {
    if (args.size() != 1 && args.size() != 2) throw_param(argc_message("1 or 2"));
    const Value& p = args[0];
    std::string device_id = sync_device_id(p);
    if (!p.has("fixConflict")) throw_param("Parameter error. The key of \"MissionParameter\" must be fixConflict");
    if (!p.get("fixConflict").is_bool()) throw_param("Parameter error. The type of \"fixConflict\" must be boolean");
    if (!p.has("tag")) throw_param("Parameter error. The key of \"MissionParameter\" must be tag");
    if (!p.get("tag").is_number()) throw_param("Parameter error. The type of \"tag\" must be number");
    bool fix_conflict = p.get("fixConflict").as_bool();
    std::int64_t tag = p.get("tag").to_int64();
    FunctionPtr callback;
    if (args.size() == 2) {
        if (!args[1].is_function()) throw_param(kAsyncCallback);
        callback = args[1].as_function();
    }
    return finish(callback, backend_.start_sync_remote_missions(device_id, fix_conflict, tag));
}

Outcome DistributedMissionManagerModule::stop_sync(const std::vector<Value>& args) {
    if (args.size() != 1 && args.size() != 2) throw_param(argc_message("1 or 2"));
    std::string device_id = sync_device_id(args[0]);
    FunctionPtr callback;
    if (args.size() == 2) {
        if (!args[1].is_function()) throw_param(kAsyncCallback);
        callback = args[1].as_function();
    }
    return finish(callback, backend_.stop_sync_remote_missions(device_id));
}

Outcome DistributedMissionManagerModule::continue_mission(const std::vector<Value>& args) {
    // ContinueAbilityWrap: the bundle-name overload is taken only when its
    // whole shape checks out; anything else gets the missionId checks.
    if (!args.empty()) {
        const Value& a = args[0];
        bool any = a.has("srcDeviceId") || a.has("dstDeviceId") || a.has("bundleName") || a.has("wantParam");
        if (any && a.is_object() && a.get("srcDeviceId").is_string() && a.get("dstDeviceId").is_string() &&
            a.get("bundleName").is_string() && a.get("wantParam").is_object() &&
            unwrap_want_params(a.get("wantParam")).has_value()) {
            return continue_by_bundle(args);
        }
    }
    return continue_by_mission_id(args);
}

Outcome DistributedMissionManagerModule::continue_by_mission_id(const std::vector<Value>& args) {
    bool argc_ok = profile_.legacy_api9() ? (args.size() == 2 || args.size() == 3)
                                          : (args.size() >= 1 && args.size() <= 3);
    if (!argc_ok) throw_param(argc_message(profile_.legacy_api9() ? "2 or 3" : "1 or 2 or 3"));
    const Value& p = args[0];
    if (!p.is_object() ||
        !(p.has("srcDeviceId") || p.has("dstDeviceId") || p.has("missionId") || p.has("wantParam"))) {
        throw_param("Parameter error. The type of \"parameter\" must be ContinueMission");
    }
    if (!p.get("srcDeviceId").is_string()) throw_param("Parameter error. The type of \"srcDeviceId\" must be string");
    if (!p.get("dstDeviceId").is_string()) throw_param("Parameter error. The type of \"dstDeviceId\" must be string");
    if (!p.get("missionId").is_number()) throw_param("Parameter error. The type of \"missionId\" must be number");
    const Value& wp = p.get("wantParam");
    if (!wp.is_object()) throw_param("Parameter error. The type of \"wantParams\" must be object");
    auto params = unwrap_want_params(wp);
    if (!params) throw_param("Parameter error. The type of \"wantParams\" must be array");  // sic
    FunctionPtr done;
    if (args.size() > 1) {
        const Value& options = args[1];
        if (!options.is_object()) throw_param("Parameter error. The type of \"options\" must be ContinueCallback");
        if (!options.has("onContinueDone")) {
            throw_param("Parameter error. The key of \"ContinueCallback\" must be onContinueDone");
        }
        if (!options.get("onContinueDone").is_function()) {
            throw_param("Parameter error. The type of \"onContinueDone\" must be function");
        }
        done = options.get("onContinueDone").as_function();
    }
    FunctionPtr callback;
    if (args.size() == 3) {
        if (!args[2].is_function()) throw_param(kAsyncCallback);
        callback = args[2].as_function();
    }
    auto cb = std::make_shared<NapiMissionContinue>(dispatcher_, done);
    std::int32_t rc = backend_.continue_mission(p.get("srcDeviceId").as_string(), p.get("dstDeviceId").as_string(),
                                                p.get("missionId").to_int32(), cb, *params);
    // Settles at acceptance; onContinueDone comes later on its own.
    return finish(callback, rc);
}

Outcome DistributedMissionManagerModule::continue_by_bundle(const std::vector<Value>& args) {
    const Value& p = args[0];
    ContinueMissionInfo info;
    info.src_device_id = p.get("srcDeviceId").as_string();
    info.dst_device_id = p.get("dstDeviceId").as_string();
    info.bundle_name = p.get("bundleName").as_string();
    info.want_params = *unwrap_want_params(p.get("wantParam"));
    // Optional strings: any other type reads as "".
    if (p.get("srcBundleName").is_string()) info.src_bundle_name = p.get("srcBundleName").as_string();
    if (p.get("continueType").is_string()) info.continue_type = p.get("continueType").as_string();
    // Callback mode only for exactly (info, function); everything else is a
    // promise, extra arguments ignored.
    FunctionPtr callback = (args.size() == 2 && args[1].is_function()) ? args[1].as_function() : nullptr;
    std::shared_ptr<Deferred> deferred;
    if (!callback) deferred = std::make_shared<Deferred>(dispatcher_);
    auto cb = std::make_shared<NapiBundleContinue>(dispatcher_, callback, deferred, profile_);
    std::int32_t rc = backend_.continue_mission_by_bundle(info, cb);
    if (rc != 0) return finish(callback, rc);
    if (callback) return Outcome::via_callback();
    return Outcome::pending(deferred);
}

Outcome DistributedMissionManagerModule::on(const std::vector<Value>& args) {
    if (args.size() != 2) throw_param(argc_message("2"));
    if (!args[0].is_string()) throw_param("Parameter error. The type of \"type\" must be string");
    const std::string& type = args[0].as_string();
    if (type != kContinueType) {
        throw_param("Parameter error. The value of \"type\" must not be continueStateChange");  // sic
    }
    if (!args[1].is_function()) throw_param("Parameter error. The type of \"onCallback\" must be function");
    auto& listener = registration_of_on_[type];
    if (!listener) listener = std::make_shared<NapiOnListener>(dispatcher_, profile_);
    if (!listener->add(args[1].as_function())) return Outcome::resolved();  // strictly equal: ignored
    if (backend_.add_continue_state_listener(type, listener) == native::INNER_ERR) {
        throw BusinessError(js::SYSTEM_WORK_ABNORMALLY, dmm_error_message(js::SYSTEM_WORK_ABNORMALLY));
    }
    return Outcome::resolved();
}

Outcome DistributedMissionManagerModule::off(const std::vector<Value>& args) {
    if (args.size() != 1 && args.size() != 2) throw_param(argc_message("1 or 2"));
    if (!args[0].is_string()) throw_param("Parameter error. The type of \"type\" must be string");
    const std::string& type = args[0].as_string();
    if (type != kContinueType) throw_param("Parameter error. The value of \"type\" must not be continueStateChange");
    if (args.size() == 2 && !args[1].is_function()) {
        throw_param("Parameter error. The type of \"onCallback\" must be function");
    }
    auto it = registration_of_on_.find(type);
    if (it == registration_of_on_.end()) {
        throw BusinessError(js::SYSTEM_WORK_ABNORMALLY, dmm_error_message(js::SYSTEM_WORK_ABNORMALLY));
    }
    if (args.size() == 2) it->second->remove(args[1].as_function());
    // Whatever callbacks remain, the whole listener goes.  off(type) with
    // callbacks left would crash a device; the stub removes all. [I]
    backend_.del_continue_state_listener(type, it->second);
    registration_of_on_.erase(it);
    return Outcome::resolved();
}

}  // namespace ohbridge
