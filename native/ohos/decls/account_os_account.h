// The account_os_account declaration the agent uses: the foreground user
// (agent_identity.cpp), from os_account_manager.h.
// Part of ohos_inner_api_decls.h (include that header, not this one).  With
// the real headers, agent_identity.cpp includes os_account_manager.h itself:
// only it calls this, and the rest of the backend stays free of the account
// headers.
#pragma once

#include <cstdint>
#include <vector>

#include "decls/ipc.h"  // ErrCode
#include "release/ohos_release_select.h"

namespace OHOS {
namespace AccountSA {
class OsAccountManager {
public:
#if OHBRIDGE_OHOS_RELEASE_FOREGROUND_OS_ACCOUNT_ID
    static ErrCode GetForegroundOsAccountLocalId(int32_t& localId);
#else
    static ErrCode QueryActiveOsAccountIds(std::vector<int32_t>& ids);
#endif
};
}  // namespace AccountSA
}  // namespace OHOS
