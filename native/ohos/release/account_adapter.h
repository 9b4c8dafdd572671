// The account_os_account call whose shape differs between releases, wrapped
// once (the adapter layer's part for agent_identity.cpp alone, so that the
// rest of the backend needs no account headers).
#pragma once

#include <cstdint>
#include <vector>

#include "ohos_inner_api_decls.h"
#ifdef OHBRIDGE_OHOS_REAL_HEADERS
#include "os_account_manager.h"
#endif

namespace ohbridge::ohos::release {

// The foreground user: OsAccountManager::GetForegroundOsAccountLocalId from
// 5.0; in 4.1, which lacks it, the first of QueryActiveOsAccountIds (what
// 4.1's own services take as the current user).  Returns the call's ErrCode.
inline OHOS::ErrCode foreground_user(int32_t& user) {
#if OHBRIDGE_OHOS_RELEASE_FOREGROUND_OS_ACCOUNT_ID
    return OHOS::AccountSA::OsAccountManager::GetForegroundOsAccountLocalId(user);
#else
    std::vector<int32_t> ids;
    OHOS::ErrCode rc = OHOS::AccountSA::OsAccountManager::QueryActiveOsAccountIds(ids);
    if (rc == OHOS::ERR_OK && !ids.empty()) user = ids.front();
    return rc;
#endif
}

}  // namespace ohbridge::ohos::release
