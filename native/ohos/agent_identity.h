// Who the agent is when it calls AMS and DMS: a native access token with the
// mission permissions, and a uid of the foreground user.
//
// Why both: the permissions are checked on the caller's token (AccessTokenKit
// verifies MANAGE_MISSIONS / DISTRIBUTED_DATASYNC by token id); and from
// OpenHarmony 5.1 dmsfwk refuses callers outside the foreground user
// (ability_dmsfwk services/dtbschedmgr/src/multi_user_manager.cpp,
// MultiUserManager::IsCallerForeground: the calling uid's account, uid /
// 200000, must be GetForegroundOsAccounts()[0]).  A root agent (uid 0, account
// 0) gets DMS_NOT_FOREGROUND_USER (29360236) from RegisterMissionListener,
// Start/StopSyncRemoteMissions and RegisterOffListener, and AMS resolves its
// user -1 to user 0.  The token can only be set while root (the
// access_token_id driver refuses SET_TOKEN_ID to others), so the order is
// fixed: mint and set the token as uid 0, then leave root for the foreground
// user's uid.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace ohbridge::ohos {

// A step of taking the identity failed; what() names the step and its result.
struct IdentityError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct AgentIdentity {
    std::uint64_t token_id = 0;
    std::int32_t foreground_user = -1;  // OsAccountManager local id
    std::uint32_t uid = 0;              // the uid the agent runs as from then on
};

// OsAccountManager's uid <-> local id rule (account_os_account
// frameworks/common/utils/include/account_constants.h, UID_TRANSFORM_DIVISOR).
constexpr std::uint32_t kUidTransformDivisor = 200000;

// The uid the agent switches to: the same id within the foreground user
// (uid 0 becomes foreground_user * 200000).
std::uint32_t uid_in_user(std::uint32_t uid, std::int32_t user);

// What the process must still do as root once it knows the uid it will run as
// (the agent hands its state directory over to it).  May throw.
using BeforeLeavingRoot = std::function<void(std::uint32_t uid)>;

// Learn the foreground user, mint the native token (for that user's uid from
// 7.0), set it, make the token service reload it, and switch to that uid, in
// that order; each step's result is checked.  Throws IdentityError naming the
// first step that failed.
AgentIdentity take_agent_identity(const BeforeLeavingRoot& before_leaving_root = {});

}  // namespace ohbridge::ohos
