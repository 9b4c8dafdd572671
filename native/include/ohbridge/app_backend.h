// The app lifecycle a test drives a device with (what `aa start` and
// `aa force-stop` do): AbilityManagerClient::StartAbility(want),
// AbilityManagerClient::KillProcess(bundleName), and the focused mission.
// The stub implements it over the simulated World, the OpenHarmony build over
// AbilityManagerClient.  Results are native AMS codes (0 = success); AppModule
// reports them as the aa tool does.
#pragma once

#include <cstdint>
#include <string>

#include "ohbridge/mission.h"
#include "ohbridge/want.h"

namespace ohbridge {

class AppBackend {
public:
    virtual ~AppBackend() = default;
    virtual std::int32_t start_ability(const Want& want) = 0;
    virtual std::int32_t force_stop(const std::string& bundle_name) = 0;
    // The mission whose ability has focus; `found` false when none does (the
    // launcher, which has no mission of its own, is in front).
    virtual std::int32_t foreground(MissionInfo& out, bool& found) = 0;
};

}  // namespace ohbridge
