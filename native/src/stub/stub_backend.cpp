#include "ohbridge/stub/stub_backend.h"

#include <stdexcept>

namespace ohbridge::stub {

namespace {
std::string resolve_local(World& w, std::string id) {
    std::lock_guard<std::mutex> lock(w.mu);
    if (id.empty()) id = w.default_local_id;
    if (w.find_device(id) == nullptr) throw std::invalid_argument("no simulated device " + id);
    return id;
}
}  // namespace

StubBackend::StubBackend(std::shared_ptr<World> world, std::shared_ptr<CallbackSink> sink, std::string local_id)
    : world_(std::move(world)),
      local_id_(resolve_local(*world_, std::move(local_id))),
      dispatcher_(std::make_shared<Dispatcher>(std::move(sink))),
      want_agent_backend_(world_, local_id_),
      want_agent_module_(want_agent_backend_, *dispatcher_, world_->profile),
      dms_backend_(world_, local_id_),
      dmm_module_(dms_backend_, dispatcher_, world_->profile),
      mission_backend_(world_, local_id_),
      mission_module_(mission_backend_, dispatcher_, world_->profile),
      app_backend_(world_, local_id_),
      app_module_(app_backend_) {}

StubBackend::~StubBackend() { close(false); }

void StubBackend::close(bool drain) {
    if (!closed_.exchange(true)) {
        // The app process goes: the world outlives it (other views), so its
        // DMS listeners die with it, as their death recipients say.
        std::lock_guard<std::mutex> lock(world_->mu);
        dms_backend_.process_died();
    }
    dispatcher_->stop(drain);
}

void StubBackend::retarget(const std::string& id) {
    // Only the world reset does this, under the world lock, before any
    // module holds state of the old device.
    local_id_ = id;
    want_agent_backend_.retarget(id);
    dms_backend_.retarget(id);
    mission_backend_.retarget(id);
    app_backend_.retarget(id);
}

Outcome StubBackend::invoke(const std::string& method, const std::vector<Value>& args) {
    std::unique_lock<std::mutex> lock(world_->mu);
    return dispatch(method, args);
}

bool StubBackend::try_invoke(const std::string& method, const std::vector<Value>& args, Outcome& out) {
    std::unique_lock<std::mutex> lock(world_->mu, std::try_to_lock);
    if (!lock.owns_lock()) return false;
    out = dispatch(method, args);
    return true;
}

void StubBackend::forget_caller(const std::function<bool(const FunctionRef&)>& owned) {
    std::lock_guard<std::mutex> lock(world_->mu);
    if (closed_) return;  // close() already let the whole process die
    dmm_module_.forget_caller(owned);
}

// Called with the world lock held.
Outcome StubBackend::dispatch(const std::string& method, const std::vector<Value>& args) {
    auto dot = method.find('.');
    if (dot == std::string::npos) throw std::invalid_argument("method must be <module>.<export>: " + method);
    if (closed_) throw std::runtime_error("the stub device connection is closed");
    // A view whose device a reset or removal took away says so, once, here.
    world_->local_of(local_id_);
    const char* name = method.c_str() + dot + 1;
    const std::size_t module_len = dot;
    auto is = [&](const char* m) { return method.compare(0, module_len, m) == 0 && m[module_len] == '\0'; };
    if (is("wantAgent")) return want_agent_module_.call(name, args);
    if (is("distributedMissionManager") || is("missionManager") || is("app")) {
        // What the devices do "soon after" runs once the call's own result is
        // posted, also when the call threw synchronously.
        struct AfterCall {
            World& w;
            ~AfterCall() { w.run_after_call(); }
        } after{*world_};
        if (is("missionManager")) return mission_module_.call(name, args);
        if (is("app")) return app_module_.call(name, args);
        return dmm_module_.call(name, args);
    }
    throw std::invalid_argument("unknown module: " + method.substr(0, dot));
}

}  // namespace ohbridge::stub
