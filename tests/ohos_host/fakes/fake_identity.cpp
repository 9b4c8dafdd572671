// The token kit (nativetoken_kit.h, token_setproc.h, AccessTokenKit),
// OsAccountManager, and getuid/setuid, over the log.  Every step records the
// uid it ran under, so a test can check the order root -> token -> user uid.
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "fake_identity.h"
#include "inner_api_log.h"
#include "ohos_inner_api_decls.h"

namespace fakes {
namespace {
std::uint64_t g_token = 0x28055231;
std::int32_t g_foreground_user = 100;
std::uint32_t g_uid = 0;  // the agent starts as root on a device
std::uint64_t g_self_token = 0;

std::string as_uid() { return "uid=" + std::to_string(g_uid); }
}  // namespace

void script_token_id(std::uint64_t token) { g_token = token; }
void script_foreground_user(std::int32_t user) { g_foreground_user = user; }
std::int32_t foreground_user() { return g_foreground_user; }
void set_uid(std::uint32_t u) { g_uid = u; }
std::uint32_t uid() { return g_uid; }
std::uint64_t self_token() { return g_self_token; }

}  // namespace fakes

extern "C" uint64_t GetAccessTokenId(NativeTokenInfoParams* p) {
    std::string perms;
    for (int32_t i = 0; i < p->permsNum; ++i) perms += (i ? "," : "") + std::string(p->perms[i]);
    std::vector<std::string> args{fakes::arg(p->processName), fakes::arg(p->aplStr), perms, fakes::as_uid()};
#if OHBRIDGE_OHOS_RELEASE_NATIVE_TOKEN_UID
    args.push_back("params.uid=" + std::to_string(p->uid));
#endif
    fakes::log().record("GetAccessTokenId", args);
    return fakes::g_token;
}

extern "C" uint64_t GetSelfTokenID(void) { return fakes::g_self_token; }

extern "C" int SetSelfTokenID(uint64_t tokenID) {
    int rc = fakes::log().record("SetSelfTokenID", {fakes::arg(tokenID), fakes::as_uid()});
    if (rc == 0) fakes::g_self_token = tokenID;
    return rc;
}

namespace OHOS::Security::AccessToken {
int32_t AccessTokenKit::ReloadNativeTokenInfo() {
    return fakes::log().record("AccessTokenKit::ReloadNativeTokenInfo", {fakes::as_uid()});
}
}  // namespace OHOS::Security::AccessToken

namespace OHOS::AccountSA {
#if OHBRIDGE_OHOS_RELEASE_FOREGROUND_OS_ACCOUNT_ID
ErrCode OsAccountManager::GetForegroundOsAccountLocalId(int32_t& localId) {
    ErrCode rc = fakes::log().record("OsAccountManager::GetForegroundOsAccountLocalId", {fakes::as_uid()});
    if (rc == ERR_OK) localId = fakes::g_foreground_user;
    return rc;
}
#else
ErrCode OsAccountManager::QueryActiveOsAccountIds(std::vector<int32_t>& ids) {
    ErrCode rc = fakes::log().record("OsAccountManager::QueryActiveOsAccountIds", {fakes::as_uid()});
    if (rc == ERR_OK) ids = {fakes::g_foreground_user};
    return rc;
}
#endif
}  // namespace OHOS::AccountSA

extern "C" uid_t getuid() noexcept { return static_cast<uid_t>(fakes::g_uid); }

extern "C" int setuid(uid_t u) noexcept {
    int rc = fakes::log().record("setuid", {std::to_string(u), fakes::as_uid()});
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    fakes::g_uid = static_cast<std::uint32_t>(u);
    return 0;
}
