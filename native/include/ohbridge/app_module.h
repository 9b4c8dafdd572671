// The "app" methods of a backend (app.startAbility, app.forceStop,
// app.foreground): the device operations behind `aa start`, `aa force-stop`
// and the focused mission, with the verdicts the aa tool prints for them
// (ability_ability_runtime tools/aa/src/ability_command.cpp: RunAsStartAbility,
// RunAsForceStop, CreateMessageMap).  There is no JS API for these, so a
// failure rejects with the aa tool's error code and message, the same ones the
// shell backend reads from aa's output.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ohbridge/app_backend.h"
#include "ohbridge/call.h"

namespace ohbridge {

// The aa tool's verdict for a native AMS code (AaToolErrorInfo of 5.1.0 and
// later): code 0 when CreateMessageMap has no coded entry for it.
struct AaToolError {
    std::int32_t code = 0;
    std::string message;
};
AaToolError aa_tool_error(std::int32_t native_code, bool starting);

class AppModule {
public:
    explicit AppModule(AppBackend& backend) : backend_(backend) {}
    Outcome call(const std::string& method, const std::vector<Value>& args);
    static const std::vector<std::string>& methods();

private:
    AppBackend& backend_;
};

}  // namespace ohbridge
