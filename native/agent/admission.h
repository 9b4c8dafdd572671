// Who may hold a connection to the agent, and how long a shared agent lives.
//
// Connections that have not said a valid hello are counted apart from
// authenticated ones: strangers can fill only their own slots, and a full
// table of strangers makes room for a new connection by dropping the oldest
// stranger, so the owner (who holds the token and says hello at once) always
// gets in.  Each stranger also has a total deadline for its hello (Session),
// however slowly it drips bytes.
//
// A shared agent (--idle-exit-ms) serves every host process that can read its
// token file, and its lifetime is a reference count of authenticated clients:
// a client that says `leave` as the last one stops it at once (from then on
// no hello is admitted, so nobody attaches to an agent on its way out); when
// the last client just goes away (a host that died, a link that broke) it
// stops once it has had no client for the idle time.  It also stops when no
// client comes within that time of its start (the host that started it died).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <thread>

namespace ohbridge::agent {

enum class Admit { Admitted, Full, Stopping };

class Admission {
public:
    Admission(std::size_t max_clients, std::size_t max_strangers)
        : max_clients_(max_clients), max_strangers_(max_strangers) {}
    ~Admission();

    // Share the agent: call on_idle (once) when it has had no authenticated
    // client for idle_ms, or when the last one said leave().
    void share(int idle_ms, std::function<void()> on_idle);

    // A new connection, not yet authenticated.  If the strangers' slots are
    // full the oldest stranger is shut down (its session then ends).
    void arrive(int fd);
    // Its hello was accepted: Full (and it stays a stranger) if every
    // authenticated slot is taken, Stopping once a last client said leave().
    Admit authenticate(int fd);
    // An authenticated client says it leaves.  Returns true when the agent
    // stops because of it (a shared agent, and no other client): no hello is
    // admitted any more.
    bool leaving();
    // Its session ended: call before closing fd, so that no shutdown can
    // reach a descriptor number the system has reused.
    void leave(int fd, bool authenticated);

    std::size_t clients() const;
    std::size_t strangers() const;

private:
    void watch();

    const std::size_t max_clients_;
    const std::size_t max_strangers_;
    mutable std::mutex mu_;
    std::condition_variable changed_;
    std::list<int> strangers_;  // oldest first
    std::size_t clients_ = 0;
    bool stopping_ = false;
    bool done_ = false;
    std::chrono::milliseconds idle_{0};
    std::chrono::steady_clock::time_point idle_since_ = std::chrono::steady_clock::now();
    std::function<void()> on_idle_;
    std::thread watcher_;
};

}  // namespace ohbridge::agent
