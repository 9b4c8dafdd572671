#include "wire_reader.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "codec.h"

namespace ohbridge::agent {

namespace {
// Copy strings out of the read buffer: nothing may point into it once it is reused.
bool copy_all(msgpack::type::object_type, std::size_t, void*) { return false; }
constexpr std::size_t kReadChunk = 64 * 1024;
}  // namespace

WireBudget hello_budget() {
    // array, map, str, bin, ext sizes, depth: [0, id, "hello", [token,
    // version]] is two deep; one more lets a call before the hello be
    // answered "Unauthorized" rather than dropped unanswered.
    return {4096, 4096, msgpack::unpack_limit(4, 4, 1024, 0, 0, 3)};
}

WireBudget session_budget() {
    // A 64 MB string (wire_limits) and the message around it.
    return {(64u << 20) + (64u << 10), 64u << 20, wire_limits()};
}

WireReader::WireReader(const WireBudget& budget)
    : parser_t(finalizer_, budget.max_message_bytes < kReadChunk ? budget.max_message_bytes : kReadChunk),
      msgpack::v2::detail::create_object_visitor(copy_all, nullptr, budget.limits),
      budget_(budget),
      zone_(new msgpack::zone),
      finalizer_(*zone_) {
    set_zone(*zone_);
    set_referenced(false);
}

void WireReader::charge(std::size_t bytes) {
    if (bytes > budget_.max_container_bytes - reserved_) {
        throw WireLimitExceeded("a message's containers pass the reservation budget");
    }
    reserved_ += bytes;
}

bool WireReader::start_array(std::uint32_t n) {
    if (n > budget_.limits.array()) throw msgpack::array_size_overflow("array size overflow");
    charge(static_cast<std::size_t>(n) * sizeof(msgpack::object));
    return create_object_visitor::start_array(n);
}

bool WireReader::start_map(std::uint32_t n) {
    if (n > budget_.limits.map()) throw msgpack::map_size_overflow("map size overflow");
    charge(static_cast<std::size_t>(n) * sizeof(msgpack::object_kv));
    return create_object_visitor::start_map(n);
}

long WireReader::read_from(int fd) {
    // message_size(): the current message's bytes, parsed or not (next() has
    // been called until it needed more, so no later message is buffered).
    std::size_t pending = message_size();
    if (pending >= budget_.max_message_bytes) throw WireLimitExceeded("a message passes the size limit");
    std::size_t want = budget_.max_message_bytes - pending;
    if (want > kReadChunk) want = kReadChunk;
    reserve_buffer(want);
    ssize_t n = ::read(fd, buffer(), want);
    if (n > 0) buffer_consumed(static_cast<std::size_t>(n));
    return static_cast<long>(n);
}

void WireReader::feed(const char* data, std::size_t size) {
    while (size > 0) {
        if (message_size() >= budget_.max_message_bytes) throw WireLimitExceeded("a message passes the size limit");
        std::size_t n = size < kReadChunk ? size : kReadChunk;
        reserve_buffer(n);
        std::memcpy(buffer(), data, n);
        buffer_consumed(n);
        data += n;
        size -= n;
    }
}

bool WireReader::next(msgpack::object_handle& result) {
    if (!parser_t::next()) return false;
    // Nothing references the buffer (copy_all), so the zone is all the
    // message owns: hand it over and start the next message on a fresh one.
    msgpack::zone* old = zone_.release();
    zone_.reset(new msgpack::zone);
    set_zone(*zone_);
    finalizer_.set_zone(*zone_);
    result.zone().reset(old);
    result.set(data());
    reset();
    reserved_ = 0;
    return true;
}

}  // namespace ohbridge::agent
