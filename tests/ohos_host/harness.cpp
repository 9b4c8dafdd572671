#include "harness.h"

#include <cstdio>
#include <cstring>
#include <exception>

#include "inner_api_log.h"

namespace host {

std::vector<std::pair<std::string, CaseFn>>& registry() {
    static std::vector<std::pair<std::string, CaseFn>> cases;
    return cases;
}

ohbridge::FunctionPtr js(const std::string& name) { return std::make_shared<JsFunction>(name); }

void RecordingSink::deliver(std::vector<ohbridge::ScheduledCall>& batch, const std::atomic<bool>&) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& c : batch) {
        std::string text = static_cast<const JsFunction&>(*c.fn).name + "(";
        for (std::size_t i = 0; i < c.args.size(); ++i) text += (i ? ", " : "") + c.args[i].debug_string();
        delivered_.push_back(text + ")");
    }
    batch.clear();
}

std::vector<std::string> RecordingSink::delivered() const {
    std::lock_guard<std::mutex> lock(mu_);
    return delivered_;
}

Agent::Agent() : sink(std::make_shared<RecordingSink>()), service(ohbridge::agent::make_ohos_service(sink)) {}
Agent::Agent(const std::function<void(std::uint32_t uid)>& before_leaving_root)
    : sink(std::make_shared<RecordingSink>()), service(ohbridge::agent::make_ohos_service(sink, before_leaving_root)) {}
Agent::~Agent() { service->close(); }

ohbridge::Outcome Agent::call(const std::string& method, std::vector<ohbridge::Value> args) {
    return service->invoke(method, args);
}

std::vector<std::string> Agent::delivered() {
    if (!service->flush(5000)) throw CaseFailure("the dispatcher did not deliver within 5 s");
    return sink->delivered();
}

std::string describe(const ohbridge::Outcome& o) {
    switch (o.kind) {
        case ohbridge::Outcome::Kind::Resolved:
            return "resolved " + o.value.debug_string();
        case ohbridge::Outcome::Kind::Rejected:
            return "rejected " + std::to_string(o.code) + " " + o.message;
        case ohbridge::Outcome::Kind::Pending:
            return "pending";
        case ohbridge::Outcome::Kind::ViaCallback:
            return "callback";
    }
    return "?";
}

ohbridge::Value device(const std::string& id) { return ohbridge::make_object({{"deviceId", id}}); }

ohbridge::Value mission_callbacks() {
    return ohbridge::make_object({{"notifyMissionsChanged", js("notifyMissionsChanged")},
                                  {"notifySnapshot", js("notifySnapshot")},
                                  {"notifyNetDisconnect", js("notifyNetDisconnect")}});
}

}  // namespace host

int main(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "--list") == 0) {
        for (const auto& c : host::registry()) std::printf("%s\n", c.first.c_str());
        return 0;
    }
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s --list | CASE\n", argv[0]);
        return 2;
    }
    for (const auto& c : host::registry()) {
        if (c.first != argv[1]) continue;
        try {
            c.second();
        } catch (const std::exception& e) {
            std::printf("FAIL %s: %s\ninner-API calls:\n", argv[1], e.what());
            for (const auto& call : fakes::log().calls()) std::printf("  %s\n", call.text().c_str());
            return 1;
        }
        std::printf("ok\n");
        return 0;
    }
    std::fprintf(stderr, "no case named %s\n", argv[1]);
    return 2;
}
