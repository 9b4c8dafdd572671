// The process identity the fakes simulate: the token kit's results, the
// foreground user, and the uid (getuid/setuid are link seams too: the test
// executable's definitions come before libc's).
#pragma once

#include <cstdint>

namespace fakes {

// What GetAccessTokenId returns (0: the kit's INVALID_TOKEN_ID).
void script_token_id(std::uint64_t token);
void script_foreground_user(std::int32_t user);
std::int32_t foreground_user();
void set_uid(std::uint32_t uid);
std::uint32_t uid();
// The token SetSelfTokenID last set (0 if never called).
std::uint64_t self_token();

}  // namespace fakes
