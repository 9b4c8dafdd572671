// The simulated "super device": several networked devices, one of which is
// the local device the API is called from.  All state lives behind one mutex;
// every module call takes it, so the world is consistent at each step.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "ohbridge/profile.h"
#include "ohbridge/want.h"

namespace ohbridge::stub {

namespace permission {
inline const char* const MANAGE_MISSIONS = "ohos.permission.MANAGE_MISSIONS";
inline const char* const DISTRIBUTED_DATASYNC = "ohos.permission.DISTRIBUTED_DATASYNC";
inline const char* const START_ABILITIES_FROM_BACKGROUND = "ohos.permission.START_ABILITIES_FROM_BACKGROUND";
}  // namespace permission

// Who is calling the API on the local device: the app (or agent) whose
// process the JS module runs in.  The defaults describe what the on-device
// agent is: a system-privileged caller holding the mission permissions, so
// that the stub and the agent backend answer alike.
struct CallerIdentity {
    std::string bundle_name = "com.example.myapplication";
    std::int32_t uid = 20010042;
    bool system_app = true;
    bool system_ability = false;  // an SA (native service) caller
    bool foreground = true;       // focused or foregrounding
    bool has_context = true;      // an application context exists
    bool ability_context = true;  // the context is a UIAbility/extension context
    std::int32_t user_id = 100;
    std::set<std::string> permissions{permission::MANAGE_MISSIONS, permission::DISTRIBUTED_DATASYNC};

    bool has_permission(const std::string& p) const { return permissions.count(p) != 0; }
};

struct AbilityInfo {
    std::string name;
    std::string module_name = "entry";
    bool continuable = false;
};

struct BundleInfo {
    std::string name;
    std::int32_t uid = -1;
    std::vector<AbilityInfo> abilities;
    bool free_install = false;  // may be installed on demand by continuation

    const AbilityInfo* find_ability(const std::string& ability) const {
        for (const auto& a : abilities) {
            if (a.name == ability) return &a;
        }
        return nullptr;
    }
};

// What a trigger or an explicit start did, for tests to observe.
struct StartRecord {
    std::string device_id;  // where it was started
    Want want;
    std::int32_t caller_uid = -1;
    std::int32_t result = 0;  // 0 on success
    std::string via;          // "wantAgent", "aa start", ...
};

struct CommonEventRecord {
    Want want;
    std::int32_t code = 0;
    std::string permission;
    std::int32_t publisher_uid = -1;
};

struct SimDevice {
    std::string network_id;
    std::string name;
    std::string device_type = "phone";
    bool online = true;
    std::map<std::string, BundleInfo> bundles;

    std::int32_t uid_of(const std::string& bundle) const {
        auto it = bundles.find(bundle);
        return it == bundles.end() ? -1 : it->second.uid;
    }
};

// One-shot failures injected by tests: the next call of `method` fails the
// way a broken IPC link or a busy service makes it fail on a device.
class FaultInjector {
public:
    void fail_next(const std::string& method, std::int32_t code) { faults_[method].push_back(code); }
    // The code to fail with, or 0.
    std::int32_t take(const std::string& method) {
        auto it = faults_.find(method);
        if (it == faults_.end() || it->second.empty()) return 0;
        std::int32_t c = it->second.front();
        it->second.pop_front();
        return c;
    }
    void clear() { faults_.clear(); }

private:
    std::map<std::string, std::deque<std::int32_t>> faults_;
};

class World {
public:
    World();

    std::mutex mu;  // guards everything below
    ApiProfile profile;
    CallerIdentity caller;
    std::map<std::string, SimDevice> devices;
    std::string local_id;
    FaultInjector faults;
    std::vector<StartRecord> started;
    std::vector<CommonEventRecord> common_events;

    SimDevice& local() { return devices.at(local_id); }
    SimDevice* find_device(const std::string& network_id) {
        auto it = devices.find(network_id);
        return it == devices.end() ? nullptr : &it->second;
    }
    // Start an ability on `device_id` ("" = local).  Returns 0 or a native
    // error; records the attempt either way.
    std::int32_t start_ability(const std::string& device_id, const Want& want, std::int32_t caller_uid,
                               const std::string& via);
};

// A world with one local device carrying the caller's bundle and a few
// system bundles: what connect("stub") starts from.
std::shared_ptr<World> make_default_world();

}  // namespace ohbridge::stub
