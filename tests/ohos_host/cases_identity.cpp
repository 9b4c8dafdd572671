// The agent's identity (native/ohos/agent_identity.cpp) over the fake token
// kit, OsAccountManager and setuid: the order of the steps, and a failure of
// any step ends in an error naming it, with no later step run.
#include <stdexcept>

#include "fake_identity.h"
#include "harness.h"
#include "inner_api_log.h"
#include "ohos_inner_api_decls.h"  // the release switch

using fakes::log;

namespace {

// The steps, in the only order that works on a device: the token can be set
// only as root (token_setproc.c SetSelfTokenID: the access_token_id ioctl),
// so the uid changes last; the user comes first, as the 7.0 token names the
// uid it serves (NativeTokenInfoParams::uid).
#if OHBRIDGE_OHOS_RELEASE_FOREGROUND_OS_ACCOUNT_ID
const char* const kForegroundUser = "OsAccountManager::GetForegroundOsAccountLocalId";
#else
const char* const kForegroundUser = "OsAccountManager::QueryActiveOsAccountIds";  // 4.1
#endif
const std::vector<std::string> kSteps = {kForegroundUser, "GetAccessTokenId", "SetSelfTokenID",
                                         "AccessTokenKit::ReloadNativeTokenInfo", "setuid"};

std::string start_failure() {
    try {
        host::Agent agent;
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

std::vector<std::string> identity_steps() {
    std::vector<std::string> out;
    for (const auto& api : log().sequence()) {
        for (const auto& s : kSteps) {
            if (api == s) out.push_back(api);
        }
    }
    return out;
}

bool any_ams_call() {
    for (const auto& api : log().sequence()) {
        if (api.rfind("AbilityManagerClient::", 0) == 0 || api.rfind("WantAgentHelper::", 0) == 0) return true;
    }
    return false;
}

}  // namespace

HOST_CASE(identity_token_is_set_as_root_then_the_agent_becomes_the_foreground_user) {
    host::Agent agent;
    EXPECT(identity_steps() == kSteps);
    auto mint = log().calls("GetAccessTokenId").at(0);
    EXPECT_EQ(mint.args[0], std::string("\"ohbridge_agent\""));
    EXPECT_EQ(mint.args[1], std::string("\"system_core\""));
    EXPECT_EQ(mint.args[2], std::string("ohos.permission.MANAGE_MISSIONS,ohos.permission.DISTRIBUTED_DATASYNC,"
                                        "ohos.permission.START_ABILITIES_FROM_BACKGROUND"));
    EXPECT_EQ(mint.args[3], std::string("uid=0"));
#if OHBRIDGE_OHOS_RELEASE_NATIVE_TOKEN_UID
    EXPECT_EQ(mint.args[4], std::string("params.uid=20000000"));
#endif
    auto set = log().calls("SetSelfTokenID").at(0);
    EXPECT_EQ(set.args[0], std::to_string(0x28055231));
    EXPECT_EQ(set.args[1], std::string("uid=0"));
    EXPECT_EQ(log().calls("AccessTokenKit::ReloadNativeTokenInfo").at(0).args[0], std::string("uid=0"));
    // foreground user 100: uid 0 becomes 100 * 200000 (GetOsAccountLocalIdFromUid divides by 200000)
    EXPECT_EQ(log().calls("setuid").at(0).args[0], std::string("20000000"));
    EXPECT_EQ(fakes::uid(), 20000000u);
}

HOST_CASE(identity_an_agent_already_in_the_foreground_user_keeps_its_uid) {
    fakes::set_uid(20000000);
    host::Agent agent;
    EXPECT(log().calls("setuid").empty());
}

HOST_CASE(identity_get_access_token_id_failure_is_named_and_token_0_never_set) {
    fakes::script_token_id(0);
    std::string what = start_failure();
    EXPECT(what.find("GetAccessTokenId failed") != std::string::npos);
    EXPECT(log().calls("SetSelfTokenID").empty());
    EXPECT(!any_ams_call());
}

HOST_CASE(identity_set_self_token_id_failure_is_named) {
    log().script("SetSelfTokenID", {-1});
    std::string what = start_failure();
    EXPECT(what.find("SetSelfTokenID failed (returned -1)") != std::string::npos);
    EXPECT(log().calls("AccessTokenKit::ReloadNativeTokenInfo").empty());
    EXPECT(log().calls("setuid").empty());
    EXPECT(!any_ams_call());
}

HOST_CASE(identity_reload_native_token_info_failure_is_named) {
    log().script("AccessTokenKit::ReloadNativeTokenInfo", {-2});
    std::string what = start_failure();
    EXPECT(what.find("AccessTokenKit::ReloadNativeTokenInfo failed (returned -2)") != std::string::npos);
    EXPECT(log().calls("setuid").empty());
    EXPECT(!any_ams_call());
}

HOST_CASE(identity_foreground_user_failure_is_named) {
    log().script(kForegroundUser, {12345});
    std::string what = start_failure();
    EXPECT(what.find(std::string(kForegroundUser) + " failed (returned 12345") != std::string::npos);
    EXPECT(log().calls("GetAccessTokenId").empty());
    EXPECT(log().calls("setuid").empty());
    EXPECT(!any_ams_call());
}

HOST_CASE(identity_setuid_failure_is_named) {
    log().script("setuid", {1});  // EPERM
    std::string what = start_failure();
    EXPECT(what.find("setuid(20000000) failed") != std::string::npos);
    EXPECT(!any_ams_call());
}

// The agent's hand-over (its state directory, main.cpp) runs as root with the
// uid it will become, just before setuid; a failed hand-over stops the agent.
HOST_CASE(identity_hand_over_runs_as_root_just_before_setuid) {
    host::Agent agent([](std::uint32_t uid) {
        log().record("hand_over", {std::to_string(uid), "uid=" + std::to_string(fakes::uid())});
    });
    auto seq = log().sequence();
    EXPECT_EQ(seq.at(seq.size() - 2), std::string("hand_over"));
    EXPECT_EQ(seq.at(seq.size() - 1), std::string("setuid"));
    auto h = log().calls("hand_over").at(0);
    EXPECT_EQ(h.args[0], std::string("20000000"));
    EXPECT_EQ(h.args[1], std::string("uid=0"));
}

HOST_CASE(identity_failed_hand_over_stops_the_agent_as_root) {
    std::string what;
    try {
        host::Agent agent([](std::uint32_t) { throw std::runtime_error("chown(/data/local/tmp/ohbridge) failed"); });
    } catch (const std::exception& e) {
        what = e.what();
    }
    EXPECT_EQ(what, std::string("chown(/data/local/tmp/ohbridge) failed"));
    EXPECT(log().calls("setuid").empty());
    EXPECT(!any_ams_call());
}
