// What the fake WantAgent side holds: the senders AMS made, and the
// completion callback of the last trigger, so a test can finish a trigger as
// AMS would.
#pragma once

#include <memory>
#include <string>

#include "ohos_inner_api_decls.h"

namespace fakes {

// WantAgentClient::GetWantSender's next result: `code`, and whether AMS hands
// back a sender (false: a null sender with ERR_OK, as AbilityManagerStub::
// GetWantSenderInner writes when GetWantSender refused).
void script_get_want_sender(OHOS::ErrCode code, bool gives_sender);
// Calls the last TriggerWantAgent's CompletedCallback, as the WantReceiver does.
bool finish_last_trigger(int result_code, const std::string& result_data);
// The sender the last PendingWant was made with ("null" for a hollow one).
std::string last_pending_want_target();

}  // namespace fakes
