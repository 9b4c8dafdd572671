// The security_access_token declarations OhosBackend uses: AccessTokenKit::ReloadNativeTokenInfo
// and the C token kit (nativetoken_kit.h, token_setproc.h).
// Part of ohos_inner_api_decls.h (include that header, not this one).
#pragma once

#include <cstdint>

#include "release/ohos_release_select.h"

namespace OHOS {
namespace Security::AccessToken {
class AccessTokenKit {  // accesstoken_kit.h
public:
    static int32_t ReloadNativeTokenInfo();
};
}  // namespace Security::AccessToken
}  // namespace OHOS


// nativetoken_kit.h / token_setproc.h (C API); `uid` from 7.0 (master).
extern "C" {
typedef struct TokenInfoParams {
    int32_t dcapsNum;
    int32_t permsNum;
    int32_t aclsNum;
    const char** dcaps;
    const char** perms;
    const char** acls;
    const char* processName;
    const char* aplStr;
#if OHBRIDGE_OHOS_RELEASE_NATIVE_TOKEN_UID
    int32_t uid;
#endif
} NativeTokenInfoParams;
extern uint64_t GetAccessTokenId(NativeTokenInfoParams* tokenInfo);
uint64_t GetSelfTokenID(void);
int SetSelfTokenID(uint64_t tokenID);
}
