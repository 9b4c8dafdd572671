// The app lifecycle on the simulated local device (ohbridge/app_backend.h).
#pragma once

#include <memory>

#include "ohbridge/app_backend.h"
#include "ohbridge/stub/world.h"

namespace ohbridge::stub {

class StubAppBackend : public AppBackend {
public:
    explicit StubAppBackend(std::shared_ptr<World> world) : world_(std::move(world)) {}
    std::int32_t start_ability(const Want& want) override;
    std::int32_t force_stop(const std::string& bundle_name) override;
    std::int32_t foreground(MissionInfo& out, bool& found) override;

private:
    std::shared_ptr<World> world_;
};

}  // namespace ohbridge::stub
