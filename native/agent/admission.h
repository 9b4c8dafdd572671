// Who may hold a connection to the agent.  Connections that have not said a
// valid hello are counted apart from authenticated ones: strangers can fill
// only their own slots, and a full table of strangers makes room for a new
// connection by dropping the oldest stranger, so the owner (who holds the
// token and says hello at once) always gets in.  Each stranger also has a
// total deadline for its hello (Session), however slowly it drips bytes.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>

namespace ohbridge::agent {

class Admission {
public:
    Admission(std::size_t max_clients, std::size_t max_strangers)
        : max_clients_(max_clients), max_strangers_(max_strangers) {}

    // A new connection, not yet authenticated.  If the strangers' slots are
    // full the oldest stranger is shut down (its session then ends).
    void arrive(int fd);
    // Its hello was accepted: false (and it stays a stranger) if every
    // authenticated slot is taken.
    bool authenticate(int fd);
    // Its session ended: call before closing fd, so that no shutdown can
    // reach a descriptor number the system has reused.
    void leave(int fd, bool authenticated);

    std::size_t clients() const;
    std::size_t strangers() const;

private:
    const std::size_t max_clients_;
    const std::size_t max_strangers_;
    mutable std::mutex mu_;
    std::list<int> strangers_;  // oldest first
    std::size_t clients_ = 0;
};

}  // namespace ohbridge::agent
