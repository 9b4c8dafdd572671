// The in-process backend: a view of a World from one of its devices, its
// dispatcher thread and the JS modules over it.  One StubBackend is one app
// process calling the API on that device; several views may share a world.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ohbridge/app_module.h"
#include "ohbridge/call.h"
#include "ohbridge/dispatcher.h"
#include "ohbridge/dmm_module.h"
#include "ohbridge/mission_manager_module.h"
#include "ohbridge/stub/app_lifecycle.h"
#include "ohbridge/stub/dms.h"
#include "ohbridge/stub/pending_want_manager.h"
#include "ohbridge/stub/world.h"
#include "ohbridge/want_agent_module.h"

namespace ohbridge::stub {

class StubBackend {
public:
    // A view from `local_id` (empty: the world's default local device).
    StubBackend(std::shared_ptr<World> world, std::shared_ptr<CallbackSink> sink, std::string local_id = "");
    ~StubBackend();
    StubBackend(const StubBackend&) = delete;
    StubBackend& operator=(const StubBackend&) = delete;

    // `method` is "<module>.<export>", e.g. "wantAgent.getWantAgent".
    Outcome invoke(const std::string& method, const std::vector<Value>& args);
    // invoke() only if the world lock is free right now; false otherwise.
    // Lets a caller holding a scarce resource (the GIL) skip releasing it
    // when it would not have to wait.
    bool try_invoke(const std::string& method, const std::vector<Value>& args, Outcome& out);

    World& world() { return *world_; }
    // The device this view calls from.
    const std::string& local_id() const { return local_id_; }
    // Call with the world lock held; throws when the device has left the world.
    SimDevice& local() { return world_->local_of(local_id_); }
    // A reset_world through this view made `id` the local device: the view
    // follows it (a scenario replaces the world it was opened on).
    void retarget(const std::string& id);
    const std::shared_ptr<World>& world_ptr() const { return world_; }
    Dispatcher& dispatcher() { return *dispatcher_; }
    StubWantAgentBackend& want_agent_backend() { return want_agent_backend_; }
    // Call with the world lock held.
    DistributedMissionManagerModule& dmm_module() { return dmm_module_; }
    // A caller sharing this view is gone: its listeners die
    // (DistributedMissionManagerModule::forget_caller).  Takes the world lock.
    void forget_caller(const std::function<bool(const FunctionRef&)>& owned);
    // Stop the dispatcher; with drain, deliver what is queued first.
    void close(bool drain);
    bool closed() const { return closed_.load(); }

private:
    Outcome dispatch(const std::string& method, const std::vector<Value>& args);
    std::shared_ptr<World> world_;
    std::string local_id_;
    std::shared_ptr<Dispatcher> dispatcher_;
    StubWantAgentBackend want_agent_backend_;
    WantAgentModule want_agent_module_;
    StubDistributedMissionBackend dms_backend_;
    DistributedMissionManagerModule dmm_module_;
    StubMissionManagerBackend mission_backend_;
    MissionManagerModule mission_module_;
    StubAppBackend app_backend_;
    AppModule app_module_;
    // Written by close() without the world lock, read under it by dispatch.
    std::atomic<bool> closed_{false};
};

}  // namespace ohbridge::stub
