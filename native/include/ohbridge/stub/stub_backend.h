// The in-process backend: a World, its dispatcher thread and the JS modules
// over it.  One StubBackend is one connection to the simulated local device.
#pragma once

#include <atomic>
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
    StubBackend(std::shared_ptr<World> world, std::shared_ptr<CallbackSink> sink);
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
    const std::shared_ptr<World>& world_ptr() const { return world_; }
    Dispatcher& dispatcher() { return *dispatcher_; }
    StubWantAgentBackend& want_agent_backend() { return want_agent_backend_; }
    // Call with the world lock held.
    DistributedMissionManagerModule& dmm_module() { return dmm_module_; }
    // Stop the dispatcher; with drain, deliver what is queued first.
    void close(bool drain);
    bool closed() const { return closed_.load(); }

private:
    Outcome dispatch(const std::string& method, const std::vector<Value>& args);
    std::shared_ptr<World> world_;
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
