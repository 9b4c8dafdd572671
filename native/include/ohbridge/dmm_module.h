// @ohos.distributedMissionManager as its NAPI layer behaves
// (distributed_mission_manager.cpp): synchronous argument checks with their
// exact 401 messages, then the asynchronous part over a
// DistributedMissionBackend, mapped by ErrorCodeReturn.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ohbridge/call.h"
#include "ohbridge/dispatcher.h"
#include "ohbridge/mission_backend.h"
#include "ohbridge/profile.h"

namespace ohbridge {

class NapiMissionListener;
class NapiOnListener;

class DistributedMissionManagerModule {
public:
    DistributedMissionManagerModule(DistributedMissionBackend& backend, std::shared_ptr<Dispatcher> dispatcher,
                                    const ApiProfile& profile);
    ~DistributedMissionManagerModule();

    // `method` is the JS export name.  Throws BusinessError for what JS
    // throws synchronously.  The caller serialises calls (the NAPI layer
    // runs them on the JS thread).
    Outcome call(const std::string& method, const std::vector<Value>& args);

    static const std::vector<std::string>& methods();

    // registration_: deviceIds with a live NAPI listener in this process.
    std::vector<std::string> registered_device_ids() const;

    // A caller sharing this module is gone (an agent's client left or lost
    // its connection): every listener whose callbacks are `owned` dies as
    // its process would (DistributedMissionBackend::*_died); an on-listener
    // keeps the callbacks of the others and dies only when none are left.
    // What the caller unregistered itself is not here any more.
    void forget_caller(const std::function<bool(const FunctionRef&)>& owned);

private:
    Outcome register_mission_listener(const std::vector<Value>& args);
    Outcome unregister_mission_listener(const std::vector<Value>& args);
    Outcome start_sync(const std::vector<Value>& args);
    Outcome stop_sync(const std::vector<Value>& args);
    Outcome continue_mission(const std::vector<Value>& args);
    Outcome continue_by_mission_id(const std::vector<Value>& args);
    Outcome continue_by_bundle(const std::vector<Value>& args);
    Outcome on(const std::vector<Value>& args);
    Outcome off(const std::vector<Value>& args);

    Outcome finish(const FunctionPtr& callback, std::int32_t native_code);

    DistributedMissionBackend& backend_;
    std::shared_ptr<Dispatcher> dispatcher_;
    const ApiProfile& profile_;
    // Process-global in the NAPI module: one listener per deviceId.
    std::map<std::string, std::shared_ptr<NapiMissionListener>> registration_;
    std::map<std::string, std::shared_ptr<NapiOnListener>> registration_of_on_;
};

}  // namespace ohbridge
