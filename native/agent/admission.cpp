#include "admission.h"

#include <sys/socket.h>

#include <algorithm>

namespace ohbridge::agent {

void Admission::arrive(int fd) {
    std::lock_guard<std::mutex> lock(mu_);
    while (!strangers_.empty() && strangers_.size() >= max_strangers_) {
        // Shut down, not closed: its session thread owns the descriptor and
        // closes it after leave().
        ::shutdown(strangers_.front(), SHUT_RDWR);
        strangers_.pop_front();
    }
    strangers_.push_back(fd);
}

bool Admission::authenticate(int fd) {
    std::lock_guard<std::mutex> lock(mu_);
    if (clients_ >= max_clients_) return false;
    strangers_.remove(fd);
    ++clients_;
    return true;
}

void Admission::leave(int fd, bool authenticated) {
    std::lock_guard<std::mutex> lock(mu_);
    if (authenticated) {
        --clients_;
    } else {
        strangers_.remove(fd);
    }
}

std::size_t Admission::clients() const {
    std::lock_guard<std::mutex> lock(mu_);
    return clients_;
}

std::size_t Admission::strangers() const {
    std::lock_guard<std::mutex> lock(mu_);
    return strangers_.size();
}

}  // namespace ohbridge::agent
