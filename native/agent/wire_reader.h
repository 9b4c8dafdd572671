// Reading msgpack-rpc messages from a peer that may be hostile, within a
// budget that holds as the bytes arrive, not once a message is complete.
//
// msgpack-cxx's unpacker checks a string's size only when its whole body is
// buffered, and reserves a container's elements when its header is read (a
// 1M-element header is 24 MB, and nested headers add up: 4 KB of input
// reserved 25.6 GB).  So the reader caps the bytes it buffers for one
// message (each read asks for no more than is left of that cap), and the
// unpacker's visitor charges every container header against a per-message
// allocation budget before the library reserves it.
#pragma once

#include <cstddef>
#include <cstdint>

#include <msgpack.hpp>

namespace ohbridge::agent {

struct WireBudget {
    std::size_t max_message_bytes;    // buffered for one message, as read
    std::size_t max_container_bytes;  // reserved for one message's containers
    msgpack::unpack_limit limits;     // per-header sizes and nesting depth
};

// Before the hello is accepted: one small message ([0, id, "hello", [token,
// version]]), a few strings, two levels deep.
WireBudget hello_budget();
// After it: what any API call needs, far below a phone's memory.
WireBudget session_budget();

struct WireLimitExceeded : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class WireReader : public msgpack::v2::parser<WireReader, msgpack::v2::zone_push_finalizer>,
                   public msgpack::v2::detail::create_object_visitor {
    using parser_t = msgpack::v2::parser<WireReader, msgpack::v2::zone_push_finalizer>;

public:
    explicit WireReader(const WireBudget& budget);

    // The parser reaches the visitor through this (static dispatch), so the
    // checks below run before create_object_visitor's reservations.
    WireReader& visitor() { return *this; }
    // The visitor's init (the parser's context has one too).
    void init() { create_object_visitor::init(); }
    bool start_array(std::uint32_t n);
    bool start_map(std::uint32_t n);

    // Reads once from fd into the buffer, no more than the message budget
    // leaves.  Returns the read's result (0 at end of stream, -1 on error);
    // throws WireLimitExceeded when a message would pass the budget.
    long read_from(int fd);
    // Bytes given before reading from fd: what an earlier reader got past
    // its last message.
    void feed(const char* data, std::size_t size);

    // The next complete message, or false if more bytes are needed.  Throws
    // msgpack's errors on malformed input and WireLimitExceeded.
    bool next(msgpack::object_handle& result);

private:
    void charge(std::size_t bytes);

    WireBudget budget_;
    std::size_t reserved_ = 0;
    msgpack::unique_ptr<msgpack::zone> zone_;
    msgpack::v2::zone_push_finalizer finalizer_;
};

}  // namespace ohbridge::agent
