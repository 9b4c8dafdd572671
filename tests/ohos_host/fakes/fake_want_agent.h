// What the fake WantAgentHelper holds: the agents it made and the completion
// callback of the last trigger, so a test can finish a trigger as AMS would.
#pragma once

#include <memory>
#include <string>

#include "ohos_inner_api_decls.h"

namespace fakes {

// GetWantAgent's next results: `code`, and whether it hands out an agent.
void script_get_want_agent(OHOS::ErrCode code, bool gives_agent);
// Calls the last TriggerWantAgent's CompletedCallback, as the WantReceiver does.
bool finish_last_trigger(int result_code, const std::string& result_data);
void reset_want_agent();

}  // namespace fakes
