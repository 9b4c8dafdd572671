// The app lifecycle on the simulated local device (ohbridge/app_backend.h).
#pragma once

#include <memory>

#include "ohbridge/app_backend.h"
#include "ohbridge/stub/world.h"

namespace ohbridge::stub {

class StubAppBackend : public AppBackend {
public:
    // The AMS of `local_id`: the device `aa start` / `aa force-stop` run on.
    StubAppBackend(std::shared_ptr<World> world, std::string local_id)
        : world_(std::move(world)), local_id_(std::move(local_id)) {}
    std::int32_t start_ability(const Want& want) override;
    std::int32_t force_stop(const std::string& bundle_name) override;
    std::int32_t foreground(MissionInfo& out, bool& found) override;
    // Serve another device of the world (StubBackend::retarget).
    void retarget(const std::string& id) { local_id_ = id; }

private:
    // Call with the world lock held.
    SimDevice& local() const { return world_->local_of(local_id_); }

    std::shared_ptr<World> world_;
    std::string local_id_;
};

}  // namespace ohbridge::stub
