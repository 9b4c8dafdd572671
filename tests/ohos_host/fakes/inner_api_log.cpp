#include "inner_api_log.h"

namespace fakes {

std::string Call::text() const {
    std::string out = api + "(";
    for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
    return out + ")";
}

InnerApiLog& InnerApiLog::get() {
    static InnerApiLog instance;
    return instance;
}

std::int32_t InnerApiLog::record(const std::string& api, std::vector<std::string> args) {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back({api, std::move(args)});
    auto q = queued_.find(api);
    if (q != queued_.end() && !q->second.empty()) {
        std::int32_t code = q->second.front();
        q->second.pop_front();
        return code;
    }
    auto a = always_.find(api);
    return a == always_.end() ? 0 : a->second;
}

void InnerApiLog::script(const std::string& api, std::vector<std::int32_t> codes) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto c : codes) queued_[api].push_back(c);
}

void InnerApiLog::script_always(const std::string& api, std::int32_t code) {
    std::lock_guard<std::mutex> lock(mu_);
    always_[api] = code;
}

std::vector<Call> InnerApiLog::calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
}

std::vector<Call> InnerApiLog::calls(const std::string& api) const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<Call> out;
    for (const auto& c : calls_) {
        if (c.api == api) out.push_back(c);
    }
    return out;
}

std::vector<std::string> InnerApiLog::sequence() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> out;
    for (const auto& c : calls_) out.push_back(c.api);
    return out;
}

void InnerApiLog::clear() {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.clear();
    queued_.clear();
    always_.clear();
}

}  // namespace fakes
