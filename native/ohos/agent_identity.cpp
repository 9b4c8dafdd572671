#include "agent_identity.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ohos_inner_api_decls.h"
#include "release/account_adapter.h"
#include "release/release_adapter.h"

#ifdef OHBRIDGE_OHOS_DRIFT_CHECKS
// The one inner API only this file uses, as ohos_inner_api_decls.h declares
// it for the release: the address converts to exactly this pointer type (of
// the overloads, the one named), or this does not compile.
namespace {
template <typename T>
constexpr bool declared_as(T) {
    return true;
}
#if OHBRIDGE_OHOS_RELEASE_FOREGROUND_OS_ACCOUNT_ID
static_assert(declared_as<OHOS::ErrCode (*)(int32_t&)>(
                  &OHOS::AccountSA::OsAccountManager::GetForegroundOsAccountLocalId),
              "OsAccountManager::GetForegroundOsAccountLocalId(int32_t&)");
#else
static_assert(declared_as<OHOS::ErrCode (*)(std::vector<int32_t>&)>(
                  &OHOS::AccountSA::OsAccountManager::QueryActiveOsAccountIds),
              "OsAccountManager::QueryActiveOsAccountIds(std::vector<int32_t>&)");
#endif
}  // namespace
#endif

namespace ohbridge::ohos {

namespace {

// The permissions the mission APIs check (AMS CheckCallingPermission /
// DMS DistributedSchedPermission): MANAGE_MISSIONS for the mission list,
// DISTRIBUTED_DATASYNC for listeners, sync and continuation; the third lets
// a WantAgent trigger start an ability from the background.
const char* const kPermissions[] = {"ohos.permission.MANAGE_MISSIONS", "ohos.permission.DISTRIBUTED_DATASYNC",
                                    "ohos.permission.START_ABILITIES_FROM_BACKGROUND"};

[[noreturn]] void fail(const std::string& step, const std::string& result, const std::string& hint) {
    throw IdentityError("ohbridge-agent: " + step + " failed (" + result + "): " + hint);
}

}  // namespace

std::uint32_t uid_in_user(std::uint32_t uid, std::int32_t user) {
    return static_cast<std::uint32_t>(user) * kUidTransformDivisor + uid % kUidTransformDivisor;
}

AgentIdentity take_agent_identity(const BeforeLeavingRoot& before_leaving_root) {
    AgentIdentity id;
    // First the user, so the token can name the uid it will serve: from 7.0
    // the token kit records NativeTokenInfoParams::uid with the permissions
    // (nativetoken.c BuildSpmData).  The account service checks no permission
    // for this query.
    std::int32_t user = -1;
    OHOS::ErrCode fg = release::foreground_user(user);
    if (fg != OHOS::ERR_OK || user < 0) {
        fail(OHBRIDGE_OHOS_RELEASE_FOREGROUND_OS_ACCOUNT_ID ? "OsAccountManager::GetForegroundOsAccountLocalId"
                                                            : "OsAccountManager::QueryActiveOsAccountIds",
             "returned " + std::to_string(fg) + ", user " + std::to_string(user),
             "no foreground user to act for (is the device past first boot?)");
    }
    id.foreground_user = user;
    const std::uint32_t now = static_cast<std::uint32_t>(::getuid());
    const bool switch_uid = static_cast<std::int32_t>(now / kUidTransformDivisor) != user;
    id.uid = switch_uid ? uid_in_user(now, user) : now;

    // nativetoken.c GetAccessTokenId: INVALID_TOKEN_ID (0) on any failure
    // (nativetoken.json not writable, bad APL, ...).  Setting 0 would strip the
    // process of every permission, so stop here.
    NativeTokenInfoParams params = release::native_token_params(
        const_cast<const char**>(kPermissions), static_cast<int32_t>(sizeof kPermissions / sizeof kPermissions[0]),
        "ohbridge_agent", "system_core", static_cast<int32_t>(id.uid));
    id.token_id = GetAccessTokenId(&params);
    if (id.token_id == 0) {
        fail("GetAccessTokenId", "returned the invalid token id 0",
             "the native token file is writable only by root on a root/eng image");
    }
    // token_setproc.c SetSelfTokenID: 0, or the open/ioctl error.
    int set = SetSelfTokenID(id.token_id);
    if (set != 0) {
        fail("SetSelfTokenID", "returned " + std::to_string(set),
             "the access_token_id driver sets a token for root only");
    }
    // AccessTokenKit::ReloadNativeTokenInfo: RET_SUCCESS (0), else the token
    // service does not know the new token and every permission check fails.
    std::int32_t reload = OHOS::Security::AccessToken::AccessTokenKit::ReloadNativeTokenInfo();
    if (reload != 0) {
        fail("AccessTokenKit::ReloadNativeTokenInfo", "returned " + std::to_string(reload),
             "the access token service did not take the agent's token");
    }
    if (switch_uid) {
        if (before_leaving_root) before_leaving_root(id.uid);
        if (::setuid(static_cast<uid_t>(id.uid)) != 0) {
            fail("setuid(" + std::to_string(id.uid) + ")", std::strerror(errno),
                 "DMS refuses callers outside the foreground user from 5.1");
        }
    }
    return id;
}

}  // namespace ohbridge::ohos
