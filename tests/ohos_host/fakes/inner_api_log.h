// The record every fake inner API writes, and the script it reads.
//
// Each fake call appends one Call (the inner API's qualified name and its
// arguments rendered as text) and asks the script for its result: a queue of
// return codes per API name, default ERR_OK.  Listener objects the fakes are
// handed are kept, as AMS/DMS keep them, so a test can fire their callbacks.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

namespace fakes {

struct Call {
    std::string api;
    std::vector<std::string> args;
    std::string text() const;  // "api(a, b)"
};

inline std::string arg(const std::string& s) { return '"' + s + '"'; }
inline std::string arg(const char* s) { return s ? arg(std::string(s)) : std::string("null"); }
inline std::string arg(bool b) { return b ? "true" : "false"; }
template <class T>
std::string arg(const T& v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

class InnerApiLog {
public:
    static InnerApiLog& get();

    // Appends the call and returns the scripted result for `api`.
    std::int32_t record(const std::string& api, std::vector<std::string> args = {});
    // The next calls of `api` return these codes, in order; then ERR_OK again.
    void script(const std::string& api, std::vector<std::int32_t> codes);
    // A result the fake returns for every call of `api` until changed.
    void script_always(const std::string& api, std::int32_t code);

    std::vector<Call> calls() const;
    std::vector<Call> calls(const std::string& api) const;
    // The apis in call order, for order checks.
    std::vector<std::string> sequence() const;
    void clear();

private:
    mutable std::mutex mu_;
    std::vector<Call> calls_;
    std::map<std::string, std::deque<std::int32_t>> queued_;
    std::map<std::string, std::int32_t> always_;
};

inline InnerApiLog& log() { return InnerApiLog::get(); }

}  // namespace fakes
