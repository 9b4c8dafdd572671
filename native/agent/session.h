// One RPC connection (msgpack-rpc over a byte stream) and the sink that turns
// the core's scheduled callbacks into notifications on it.
//
// Wire (msgpack-rpc): request [0, msgid, method, params], response
// [1, msgid, error, result], notification [2, method, params].
// Client -> agent requests: hello [token, client_version] (must come first),
// invoke [method, args] -> [kind, payload], flush [timeout_ms] -> bool,
// control [name, args, kwargs], ping [], shutdown [], leave [] -> {stopping}
// (this client goes; a shared agent stops if it was the last one).
// Client -> agent notifications: release [handle ids...].
// Agent -> client notifications: callback [fid, args], settled [did, err,
// data], drop [fids...] (the agent no longer holds those functions).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "admission.h"
#include "codec.h"
#include "wire_reader.h"
#include "ohbridge/dispatcher.h"
#include "service.h"

namespace ohbridge::agent {

class Session;

// A function of the client: calling it sends a notification.  Deferred
// refs stand for a pending promise's settlement instead of a user function.
class RemoteFunctionRef : public FunctionRef {
public:
    RemoteFunctionRef(std::weak_ptr<Session> session, std::uint64_t id, bool deferred)
        : session_(std::move(session)), id_(id), deferred_(deferred) {}
    const void* type_tag() const override { return type_tag_of<RemoteFunctionRef>(); }
    ~RemoteFunctionRef() override;
    bool same_function(const FunctionRef& other) const override;
    const std::weak_ptr<Session>& session() const { return session_; }
    std::uint64_t id() const { return id_; }
    bool deferred() const { return deferred_; }

private:
    std::weak_ptr<Session> session_;
    std::uint64_t id_;
    bool deferred_;
};

// Where the dispatcher's calls go: each RemoteFunctionRef knows its session.
class RpcSink : public CallbackSink {
public:
    void deliver(std::vector<ScheduledCall>& batch, const std::atomic<bool>& abandon) override;
};

struct SessionOptions {
    std::string token;           // empty: no token check (stdio)
    std::string version;
    // The whole hello, from connect to its last byte: a total deadline, so a
    // peer dripping a byte at a time cannot keep its slot.
    int handshake_timeout_ms = 10000;
    // Asked when a hello with the right token arrives: Full if the agent
    // has no room for another authenticated client, Stopping if it is going.
    std::function<Admit()> admit;
    // Asked by `leave`: true when the agent stops because this client left.
    std::function<bool()> leaving;
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(int in_fd, int out_fd, Service& service, SessionOptions options);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Serve until the peer leaves or misbehaves.  Returns true if the peer
    // asked the agent to shut down.
    bool run();

    void send_call(const RemoteFunctionRef& fn, const std::vector<Value>& args);
    void queue_drop(std::uint64_t fid);
    void flush_drops();
    bool alive() const { return alive_.load(); }
    bool authenticated() const { return authenticated_; }

private:
    bool read_hello();
    void serve();
    void handle(const msgpack::object& msg);
    void handle_request(std::uint32_t msgid, const std::string& method, const msgpack::object& params);
    Value decode(const msgpack::object& o);
    std::uint64_t handle_id(const HandlePtr& h);
    void release_handles(const msgpack::object& params);
    void respond_ok(std::uint32_t msgid, const std::function<void(Packer&)>& result);
    void respond_error(std::uint32_t msgid, const std::string& kind, std::int64_t code, const std::string& message);
    void write(const msgpack::sbuffer& buf);
    // What this client registered goes with it (Service::forget_caller).
    void forget_registrations();

    int in_fd_, out_fd_;
    Service& root_;
    // The view this session calls: root_, or a device world.select chose.
    Service* service_;
    SessionOptions options_;
    std::atomic<bool> alive_{true};
    bool authenticated_ = false;
    bool hello_accepted_ = false;
    bool shutdown_requested_ = false;
    std::unique_ptr<WireReader> reader_;

    std::mutex write_mu_;

    std::mutex drop_mu_;
    std::vector<std::uint64_t> drops_;

    // Handles (WantAgents) the client holds, by id; counted per send, since
    // the client makes one proxy per received id and releases each once.
    std::mutex handle_mu_;
    std::unordered_map<std::uint64_t, std::pair<HandlePtr, std::uint64_t>> handles_;
    std::unordered_map<const HandleObject*, std::uint64_t> handle_ids_;
    std::uint64_t next_handle_ = 1;
    std::uint64_t next_deferred_ = 1;
};

}  // namespace ohbridge::agent
