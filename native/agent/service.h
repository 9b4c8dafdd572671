// What the agent serves: one backend (the stub world on Linux, OhosBackend on
// a device) behind the calls the RPC layer needs.  The RPC server never knows
// which one it has, so the agent and the in-process stub share every rule.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "ohbridge/call.h"
#include "ohbridge/dispatcher.h"
#include "ohbridge/value.h"

namespace ohbridge::agent {

// A lookup that found nothing: Python sees a KeyError, as from the
// in-process controls.
struct KeyError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Service {
public:
    virtual ~Service() = default;
    // "stub" or "ohos".
    virtual const char* kind() const = 0;
    // "<module>.<export>", as StubBackend::invoke.  Throws BusinessError for
    // what JS throws synchronously.
    virtual Outcome invoke(const std::string& method, const std::vector<Value>& args) = 0;
    // Wait until every callback posted so far has been handed to the sink.
    virtual bool flush(std::int64_t timeout_ms) = 0;
    // World controls (stub only): the calls of ohbridge.backends.stub.StubControl.
    virtual Value control(const std::string& name, const Array& args, const Object& kwargs) = 0;
    virtual void close() = 0;
    // A client is gone (left, disconnected, crashed): what it registered
    // through any view, known by its callbacks (`owned`), dies as DMS's
    // death recipients remove a dead process's listeners.  Others' stay.
    virtual void forget_caller(const std::function<bool(const FunctionRef&)>& owned) = 0;
    // The view of the device `name_or_id` (its name or networkId) of a
    // simulated world; it lives as long as this service.  A real device is
    // the only device it serves.
    virtual Service& view(const std::string& name_or_id) {
        throw std::invalid_argument("this agent serves one real device; there is no simulated device " +
                                    name_or_id + " to select");
    }
};

// The stub world, with `sink` receiving its dispatcher's calls.
std::unique_ptr<Service> make_stub_service(std::shared_ptr<CallbackSink> sink, int api_version);

#ifdef OHBRIDGE_WITH_OHOS
// OhosBackend.  Taking the agent's identity leaves root for a uid of the
// foreground user; `before_leaving_root(uid)` runs as root just before, for
// what must be handed over to that uid.  Throws on a failed identity step.
std::unique_ptr<Service> make_ohos_service(std::shared_ptr<CallbackSink> sink,
                                           const std::function<void(std::uint32_t uid)>& before_leaving_root = {});
#endif

}  // namespace ohbridge::agent
