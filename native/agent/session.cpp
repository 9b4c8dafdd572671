#include "session.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "ohbridge/errors.h"

namespace ohbridge::agent {

namespace {

// Constant-time comparison: the time a wrong token takes to refuse must not
// tell how much of it was right.
bool same_token(const std::string& given, const std::string& expected) {
    if (expected.empty()) return false;
    unsigned char diff = given.size() == expected.size() ? 0 : 1;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
        diff |= static_cast<unsigned char>(g ^ static_cast<unsigned char>(expected[i]));
    }
    return diff == 0;
}

std::string str_of(const msgpack::object& o) {
    if (o.type != msgpack::type::STR) throw std::invalid_argument("expected a string");
    return std::string(o.via.str.ptr, o.via.str.size);
}

const msgpack::object* param(const msgpack::object& params, std::uint32_t i) {
    if (params.type != msgpack::type::ARRAY || i >= params.via.array.size) return nullptr;
    return &params.via.array.ptr[i];
}

void pack_str(Packer& pk, const std::string& s) {
    pk.pack_str(static_cast<std::uint32_t>(s.size()));
    pk.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
}

}  // namespace

RemoteFunctionRef::~RemoteFunctionRef() {
    if (deferred_) return;  // the client tracks no function for a settlement
    if (auto s = session_.lock()) s->queue_drop(id_);
}

bool RemoteFunctionRef::same_function(const FunctionRef& other) const {
    auto* o = tag_cast<const RemoteFunctionRef>(&other);
    if (o == nullptr) return false;
    return o->id_ == id_ && o->deferred_ == deferred_ && !o->session_.owner_before(session_) &&
           !session_.owner_before(o->session_);
}

void RpcSink::deliver(std::vector<ScheduledCall>& batch, const std::atomic<bool>& abandon) {
    std::vector<std::shared_ptr<Session>> touched;
    for (auto& call : batch) {
        if (abandon.load()) break;
        auto* ref = tag_cast<RemoteFunctionRef>(call.fn.get());
        if (ref == nullptr) continue;
        auto session = ref->session().lock();
        // A call for a client that has left is dropped, as a JS callback of a
        // dead process would be.
        if (!session || !session->alive()) continue;
        session->send_call(*ref, call.args);
        if (touched.empty() || touched.back() != session) touched.push_back(session);
    }
    batch.clear();  // destroys refs: queues their drops
    for (auto& s : touched) s->flush_drops();
}

Session::Session(int in_fd, int out_fd, Service& service, SessionOptions options)
    : in_fd_(in_fd), out_fd_(out_fd), root_(service), service_(&service), options_(std::move(options)) {
    authenticated_ = options_.token.empty();
}

Session::~Session() = default;

void Session::forget_registrations() {
    try {
        root_.forget_caller([this](const FunctionRef& f) {
            auto* ref = tag_cast<const RemoteFunctionRef>(&f);
            return ref != nullptr && ref->session().lock().get() == this;
        });
    } catch (const std::exception&) {
        // The service is stopping: its own close lets everything go.
    }
}

void Session::write(const msgpack::sbuffer& buf) {
    if (!alive_.load()) return;
    std::lock_guard<std::mutex> lock(write_mu_);
    const char* p = buf.data();
    std::size_t left = buf.size();
    while (left > 0) {
        ssize_t n = ::send(out_fd_, p, left, MSG_NOSIGNAL);
        if (n < 0 && errno == ENOTSOCK) n = ::write(out_fd_, p, left);  // stdio
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            alive_.store(false);
            // Wake the reader so the session ends now, not at the next read.
            ::shutdown(in_fd_, SHUT_RDWR);
            return;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

std::uint64_t Session::handle_id(const HandlePtr& h) {
    std::lock_guard<std::mutex> lock(handle_mu_);
    auto it = handle_ids_.find(h.get());
    std::uint64_t id;
    if (it != handle_ids_.end()) {
        id = it->second;
        handles_[id].second += 1;
    } else {
        id = next_handle_++;
        handle_ids_[h.get()] = id;
        handles_[id] = {h, 1};
    }
    return id;
}

void Session::release_handles(const msgpack::object& params) {
    if (params.type != msgpack::type::ARRAY) return;
    std::vector<HandlePtr> dead;  // destroyed outside the lock
    {
        std::lock_guard<std::mutex> lock(handle_mu_);
        for (std::uint32_t i = 0; i < params.via.array.size; ++i) {
            const auto& o = params.via.array.ptr[i];
            if (o.type != msgpack::type::POSITIVE_INTEGER) continue;
            auto it = handles_.find(o.via.u64);
            if (it == handles_.end()) continue;
            if (--it->second.second == 0) {
                handle_ids_.erase(it->second.first.get());
                dead.push_back(std::move(it->second.first));
                handles_.erase(it);
            }
        }
    }
}

Value Session::decode(const msgpack::object& o) {
    DecodeContext ctx;
    std::weak_ptr<Session> self = weak_from_this();
    ctx.function = [self](std::uint64_t id) {
        return Value(FunctionPtr(std::make_shared<RemoteFunctionRef>(self, id, false)));
    };
    ctx.handle = [this](std::uint64_t id) {
        std::lock_guard<std::mutex> lock(handle_mu_);
        auto it = handles_.find(id);
        // A released or foreign id is an object the core does not know, as
        // a JS object that is not a WantAgent would be.
        if (it == handles_.end()) return Value(Foreign{"object"});
        return Value(it->second.first);
    };
    return from_msgpack(o, ctx);
}

void Session::send_call(const RemoteFunctionRef& fn, const std::vector<Value>& args) {
    msgpack::sbuffer buf;
    Packer pk(&buf);
    HandleIdFn hid = [this](const HandlePtr& h) { return handle_id(h); };
    pk.pack_array(3);
    pk.pack(2);
    if (fn.deferred()) {
        pack_str(pk, "settled");
        pk.pack_array(3);
        pk.pack_uint64(fn.id());
        pack_value(pk, args.size() > 0 ? args[0] : Value(), hid);
        pack_value(pk, args.size() > 1 ? args[1] : Value(), hid);
    } else {
        pack_str(pk, "callback");
        pk.pack_array(2);
        pk.pack_uint64(fn.id());
        pk.pack_array(static_cast<std::uint32_t>(args.size()));
        for (const auto& a : args) pack_value(pk, a, hid);
    }
    write(buf);
}

void Session::queue_drop(std::uint64_t fid) {
    std::lock_guard<std::mutex> lock(drop_mu_);
    drops_.push_back(fid);
}

void Session::flush_drops() {
    std::vector<std::uint64_t> ids;
    {
        std::lock_guard<std::mutex> lock(drop_mu_);
        ids.swap(drops_);
    }
    if (ids.empty()) return;
    msgpack::sbuffer buf;
    Packer pk(&buf);
    pk.pack_array(3);
    pk.pack(2);
    pack_str(pk, "drop");
    pk.pack_array(static_cast<std::uint32_t>(ids.size()));
    for (auto id : ids) pk.pack_uint64(id);
    write(buf);
}

void Session::respond_ok(std::uint32_t msgid, const std::function<void(Packer&)>& result) {
    msgpack::sbuffer buf;
    Packer pk(&buf);
    pk.pack_array(4);
    pk.pack(1);
    pk.pack_uint32(msgid);
    pk.pack_nil();
    result(pk);
    write(buf);
}

void Session::respond_error(std::uint32_t msgid, const std::string& kind, std::int64_t code,
                            const std::string& message) {
    msgpack::sbuffer buf;
    Packer pk(&buf);
    pk.pack_array(4);
    pk.pack(1);
    pk.pack_uint32(msgid);
    pk.pack_array(3);
    pack_str(pk, kind);
    pk.pack_int64(code);
    pack_str(pk, message);
    pk.pack_nil();
    write(buf);
}

void Session::handle(const msgpack::object& msg) {
    if (msg.type != msgpack::type::ARRAY || msg.via.array.size < 3) throw std::invalid_argument("not an RPC message");
    const auto* a = msg.via.array.ptr;
    if (a[0].type != msgpack::type::POSITIVE_INTEGER) throw std::invalid_argument("bad message type");
    if (a[0].via.u64 == 0 && msg.via.array.size == 4) {
        if (a[1].type != msgpack::type::POSITIVE_INTEGER || a[1].via.u64 > 0xffffffffu) {
            throw std::invalid_argument("bad message id");
        }
        handle_request(static_cast<std::uint32_t>(a[1].via.u64), str_of(a[2]), a[3]);
    } else if (a[0].via.u64 == 2 && msg.via.array.size == 3) {
        if (!authenticated_) throw std::invalid_argument("notification before hello");
        if (str_of(a[1]) == "release") release_handles(a[2]);
        // Unknown notifications are ignored: a newer client may send more.
    } else {
        throw std::invalid_argument("not an RPC request or notification");
    }
}

void Session::handle_request(std::uint32_t msgid, const std::string& method, const msgpack::object& params) {
    if (method == "hello") {
        const msgpack::object* t = param(params, 0);
        std::string token = t != nullptr && t->type == msgpack::type::STR ? str_of(*t) : "";
        if (!options_.token.empty() && !same_token(token, options_.token)) {
            respond_error(msgid, "Unauthorized", 0, "the session token does not match the one the agent was started with");
            alive_.store(false);
            return;
        }
        if (hello_accepted_) {
            respond_error(msgid, "ValueError", 0, "hello was already said");
            return;
        }
        Admit admitted = options_.admit ? options_.admit() : Admit::Admitted;
        if (admitted == Admit::Full) {
            respond_error(msgid, "Busy", 0, "the agent serves as many clients as --max-clients allows");
            alive_.store(false);
            return;
        }
        if (admitted == Admit::Stopping) {
            respond_error(msgid, "Stopping", 0, "the agent is stopping: its last client left");
            alive_.store(false);
            return;
        }
        authenticated_ = true;
        hello_accepted_ = true;
        respond_ok(msgid, [&](Packer& pk) {
            pk.pack_map(4);
            pack_str(pk, "version");
            pack_str(pk, options_.version);
            pack_str(pk, "backend");
            pack_str(pk, service_->kind());
            pack_str(pk, "pid");
            pk.pack_int64(static_cast<std::int64_t>(::getpid()));
            pack_str(pk, "protocol");
            pk.pack(1);
        });
        return;
    }
    if (!authenticated_) {
        respond_error(msgid, "Unauthorized", 0, "say hello with the session token first");
        alive_.store(false);
        return;
    }
    HandleIdFn hid = [this](const HandlePtr& h) { return handle_id(h); };
    try {
        if (method == "invoke") {
            const msgpack::object* m = param(params, 0);
            const msgpack::object* args = param(params, 1);
            if (m == nullptr || args == nullptr || args->type != msgpack::type::ARRAY) {
                throw std::invalid_argument("invoke takes [method, args]");
            }
            std::vector<Value> values;
            values.reserve(args->via.array.size);
            for (std::uint32_t i = 0; i < args->via.array.size; ++i) values.push_back(decode(args->via.array.ptr[i]));
            Outcome out = service_->invoke(str_of(*m), values);
            values.clear();
            switch (out.kind) {
                case Outcome::Kind::Resolved:
                    respond_ok(msgid, [&](Packer& pk) {
                        pk.pack_array(2);
                        pk.pack(0);
                        pack_value(pk, out.value, hid);
                    });
                    break;
                case Outcome::Kind::Rejected:
                    respond_ok(msgid, [&](Packer& pk) {
                        pk.pack_array(2);
                        pk.pack(1);
                        pk.pack_array(2);
                        pk.pack_int64(out.code);
                        pack_str(pk, out.message);
                    });
                    break;
                case Outcome::Kind::Pending: {
                    std::uint64_t did = next_deferred_++;
                    // Respond first: the settlement notification must not
                    // overtake the response that names its id... the client
                    // copes with either order, but this is the usual one.
                    respond_ok(msgid, [&](Packer& pk) {
                        pk.pack_array(2);
                        pk.pack(2);
                        pk.pack_uint64(did);
                    });
                    out.deferred->then(std::make_shared<RemoteFunctionRef>(weak_from_this(), did, true));
                    break;
                }
                case Outcome::Kind::ViaCallback:
                    respond_ok(msgid, [&](Packer& pk) {
                        pk.pack_array(2);
                        pk.pack(3);
                        pk.pack_nil();
                    });
                    break;
            }
        } else if (method == "flush") {
            const msgpack::object* t = param(params, 0);
            // Out of int64 range is out of flush's range too: -1, its 401.
            std::int64_t ms = 10000;
            if (t != nullptr && t->type == msgpack::type::POSITIVE_INTEGER) {
                ms = t->via.u64 <= static_cast<std::uint64_t>(Dispatcher::kMaxFlushMs) ? static_cast<std::int64_t>(t->via.u64) : -1;
            } else if (t != nullptr && t->type == msgpack::type::NEGATIVE_INTEGER) {
                ms = -1;
            }
            bool ok = service_->flush(ms);
            respond_ok(msgid, [&](Packer& pk) { pk.pack(ok); });
        } else if (method == "control") {
            const msgpack::object* n = param(params, 0);
            const msgpack::object* a = param(params, 1);
            const msgpack::object* k = param(params, 2);
            if (n == nullptr) throw std::invalid_argument("control takes [name, args, kwargs]");
            Value args = a != nullptr ? decode(*a) : Value(Array{});
            Value kwargs = k != nullptr ? decode(*k) : Value(Object{});
            Value result = service_->control(str_of(*n), args.is_array() ? args.as_array() : Array{},
                                            kwargs.is_plain_object() ? kwargs.as_object() : Object{});
            respond_ok(msgid, [&](Packer& pk) { pack_value(pk, result, hid); });
        } else if (method == "world.select") {
            // Which device of the agent's simulated world this session calls
            // from, by name or networkId; answers that device's networkId.
            const msgpack::object* n = param(params, 0);
            if (n == nullptr || n->type != msgpack::type::STR) throw std::invalid_argument("world.select takes [device]");
            Service& chosen = root_.view(str_of(*n));
            service_ = &chosen;
            Value id = chosen.control("local_device_id", Array{}, Object{});
            respond_ok(msgid, [&](Packer& pk) { pack_value(pk, id, hid); });
        } else if (method == "ping") {
            respond_ok(msgid, [&](Packer& pk) { pk.pack(true); });
        } else if (method == "leave") {
            // Before the answer: whoever the client tells next sees them gone.
            forget_registrations();
            bool stopping = options_.leaving ? options_.leaving() : false;
            respond_ok(msgid, [&](Packer& pk) {
                pk.pack_map(1);
                pack_str(pk, "stopping");
                pk.pack(stopping);
            });
            alive_.store(false);
        } else if (method == "shutdown") {
            shutdown_requested_ = true;
            respond_ok(msgid, [&](Packer& pk) { pk.pack(true); });
            alive_.store(false);
        } else {
            respond_error(msgid, "NoSuchMethod", 0, "no such method: " + method);
        }
    } catch (const BusinessError& e) {
        respond_error(msgid, "BusinessError", e.code(), e.message());
    } catch (const KeyError& e) {
        respond_error(msgid, "KeyError", 0, e.what());
    } catch (const std::invalid_argument& e) {
        respond_error(msgid, "ValueError", 0, e.what());
    } catch (const std::exception& e) {
        respond_error(msgid, "RuntimeError", 0, e.what());
    }
    flush_drops();
}

// Before the hello is accepted the peer may send one small message, bounded
// in bytes and depth as it is read (hello_budget), within a total deadline.
// Returns true once it was an accepted hello.
bool Session::read_hello() {
    reader_ = std::make_unique<WireReader>(hello_budget());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.handshake_timeout_ms);
    msgpack::object_handle oh;
    while (!reader_->next(oh)) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{in_fd_, POLLIN, 0};
        int r = ::poll(&p, 1, static_cast<int>(left.count()));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        long n = reader_->read_from(in_fd_);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
    }
    handle(oh.get());
    if (!authenticated_ || !alive_.load()) return false;
    // What the peer sent past the hello is the start of the session.
    auto session = std::make_unique<WireReader>(session_budget());
    session->feed(reader_->nonparsed_buffer(), reader_->nonparsed_size());
    reader_ = std::move(session);
    return true;
}

// After it, limits apply as each object header is read (session_budget).
void Session::serve() {
    msgpack::object_handle oh;
    for (;;) {
        while (alive_.load() && reader_->next(oh)) handle(oh.get());
        if (!alive_.load()) return;
        long n = reader_->read_from(in_fd_);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
    }
}

bool Session::run() {
    try {
        if (authenticated_) {
            reader_ = std::make_unique<WireReader>(session_budget());  // stdio: no token to check
            serve();
        } else if (read_hello()) {
            serve();
        }
    } catch (const std::exception&) {
        // Malformed or oversized input: drop the connection, keep the agent.
    }
    alive_.store(false);
    // A client that left said so (leave did this); one that vanished did not.
    forget_registrations();
    // Release the client's handles now: nobody can name them any more.
    std::unordered_map<std::uint64_t, std::pair<HandlePtr, std::uint64_t>> handles;
    {
        std::lock_guard<std::mutex> lock(handle_mu_);
        handles.swap(handles_);
        handle_ids_.clear();
    }
    return shutdown_requested_;
}

}  // namespace ohbridge::agent
