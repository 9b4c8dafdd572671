// A small test driver for OhosBackend on link-seam fakes: cases register by
// name; the executable runs one case per process (`driver NAME`, prints "ok")
// or lists them (`driver --list`), so a case that crashes the agent, as the
// real proxy would, fails alone.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "ohbridge/call.h"
#include "ohbridge/dispatcher.h"
#include "ohbridge/value.h"
#include "service.h"

namespace host {

struct CaseFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using CaseFn = void (*)();
std::vector<std::pair<std::string, CaseFn>>& registry();
struct Registrar {
    Registrar(const char* name, CaseFn fn) { registry().emplace_back(name, fn); }
};

#define HOST_CASE(name)                                     \
    static void name();                                     \
    static const host::Registrar registrar_##name(#name, name); \
    static void name()

template <class A, class B>
void expect_eq(const A& a, const B& b, const char* what, const char* file, int line) {
    if (!(a == b)) {
        std::ostringstream out;
        out << file << ":" << line << ": " << what << "\n  got:      " << a << "\n  expected: " << b;
        throw CaseFailure(out.str());
    }
}
#define EXPECT(cond) \
    if (!(cond)) throw host::CaseFailure(std::string(__FILE__) + ":" + std::to_string(__LINE__) + ": " #cond)
#define EXPECT_EQ(a, b) host::expect_eq((a), (b), #a " == " #b, __FILE__, __LINE__)

// A JS function the front end would hold: known by its name.
class JsFunction : public ohbridge::FunctionRef {
public:
    explicit JsFunction(std::string name) : name(std::move(name)) {}
    std::string name;
};
ohbridge::FunctionPtr js(const std::string& name);

// Where the dispatcher delivers: "name(arg, ...)" per call, in order.
class RecordingSink : public ohbridge::CallbackSink {
public:
    void deliver(std::vector<ohbridge::ScheduledCall>& batch, const std::atomic<bool>& abandon) override;
    std::vector<std::string> delivered() const;

private:
    mutable std::mutex mu_;
    std::vector<std::string> delivered_;
};

// OhosService as the agent runs it (make_ohos_service), with its sink.
struct Agent {
    Agent();
    explicit Agent(const std::function<void(std::uint32_t uid)>& before_leaving_root);
    ~Agent();
    ohbridge::Outcome call(const std::string& method, std::vector<ohbridge::Value> args);
    // Every callback posted so far, delivered.
    std::vector<std::string> delivered();
    std::shared_ptr<RecordingSink> sink;
    std::unique_ptr<ohbridge::agent::Service> service;
};

// "resolved <value>" / "rejected <code> <message>" / "pending" / "callback".
std::string describe(const ohbridge::Outcome& o);

// The JS arguments of the mission listener API.
ohbridge::Value device(const std::string& id);
ohbridge::Value mission_callbacks();

}  // namespace host
