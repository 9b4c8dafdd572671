// wantAgent over the fake WantAgentHelper: arguments in, results and codes
// out as frameworks/js/napi/wantagent/napi_want_agent.cpp maps them.
#include "fake_ams.h"
#include "fake_want_agent.h"
#include "harness.h"
#include "inner_api_log.h"

using fakes::log;
using host::Agent;
using host::describe;

namespace {

ohbridge::Value info(std::int64_t user_id = -2) {
    auto want = ohbridge::make_object({{"deviceId", ""},
                                       {"bundleName", "com.example.app"},
                                       {"abilityName", "EntryAbility"},
                                       {"action", "action.view"}});
    auto v = ohbridge::make_object({{"wants", ohbridge::Array{want}},
                                    {"operationType", 2},
                                    {"requestCode", 9},
                                    {"wantAgentFlags", ohbridge::Array{ohbridge::Value(3)}}});
    if (user_id != -2) v.set("userId", user_id);
    return v;
}


const char* const kGetWantSender = "WantAgentClient::GetWantSender";

std::string sender_arg(std::size_t i) { return log().calls(kGetWantSender).at(0).args.at(i); }

}  // namespace

// getWantAgent reaches AMS as WantAgentClient::GetWantSender, with the
// WantSenderInfo WantAgentHelper::GetWantAgent builds (want_agent_helper.cpp):
// the first want, its bundle, FlagsTransformer's mask (UPDATE_PRESENT_FLAG ->
// FLAG_UPDATE_CURRENT, 1 << 27), the operation type, and the requestCode.
HOST_CASE(get_want_agent_reaches_ams_with_the_want_sender_info) {
    Agent agent;
    auto o = agent.call("wantAgent.getWantAgent", {info()});
    EXPECT(describe(o).rfind("resolved", 0) == 0);
    EXPECT_EQ(sender_arg(0), std::string("type=2"));
    EXPECT_EQ(sender_arg(1), std::string("requestCode=9"));
    EXPECT_EQ(sender_arg(2), "flags=" + std::to_string(1 << 27));
    EXPECT_EQ(sender_arg(4), std::string("bundleName=\"com.example.app\""));
    EXPECT_EQ(sender_arg(5), std::string("allWants=[Want{/com.example.app/EntryAbility action=action.view} "
                                         "resolvedTypes=]"));
    EXPECT_EQ(sender_arg(6), std::string("callerToken=null"));
}

// userId -1 (absent) means "the caller's user" to AMS; a root caller's is user
// 0, so the agent passes the foreground user explicitly.
HOST_CASE(get_want_agent_without_user_id_asks_for_the_foreground_user) {
    Agent agent;
    agent.call("wantAgent.getWantAgent", {info()});
    EXPECT_EQ(sender_arg(3), std::string("userId=100"));
}

HOST_CASE(get_want_agent_with_a_user_id_passes_it_through) {
    Agent agent;
    agent.call("wantAgent.getWantAgent", {info(101)});
    EXPECT_EQ(sender_arg(3), std::string("userId=101"));
}

// A refused request rejects with its code: WantAgentClient::GetWantSender
// answers 16000151 when the GET_PENDING_WANT_SENDER request fails
// (want_agent_client.cpp), and SetOnNapiGetWantAgentCallback rejects with it.
HOST_CASE(get_want_agent_refused_rejects_with_the_code) {
    Agent agent;
    fakes::script_get_want_sender(16000151, false);
    EXPECT_EQ(describe(agent.call("wantAgent.getWantAgent", {info()})),
              std::string("rejected 16000151 Invalid wantAgent object."));
}

// AMS answering ERR_OK with a null sender (GetWantSender refused the caller:
// AbilityManagerStub::GetWantSenderInner writes nullptr) is, as in the NAPI
// layer, a resolved WantAgent around a null target; what is asked of it
// later fails (WantAgentClient: a null target is 16000151).
HOST_CASE(get_want_agent_null_sender_resolves_a_hollow_agent_that_fails_later) {
    Agent agent;
    fakes::script_get_want_sender(0, false);
    auto o = agent.call("wantAgent.getWantAgent", {info()});
    EXPECT(describe(o).rfind("resolved", 0) == 0);
    EXPECT(o.value.is_handle());
    EXPECT_EQ(fakes::last_pending_want_target(), std::string("null"));
    EXPECT_EQ(describe(agent.call("wantAgent.getBundleName", {o.value})),
              std::string("rejected 16000151 Invalid wantAgent object."));
}

// trigger: TriggerWantAgent gets the agent AMS made and a completion that
// reaches the JS callback with finalCode/finalData.
HOST_CASE(trigger_reaches_the_helper_and_its_completion_reaches_js) {
    Agent agent;
    auto made = agent.call("wantAgent.getWantAgent", {info()});
    ohbridge::Value handle = made.value;
    auto cb = host::js("onTriggered");
    EXPECT_EQ(describe(agent.call("wantAgent.trigger", {handle, ohbridge::make_object({{"code", 5}}), cb})),
              std::string("resolved null"));
    auto t = log().calls("TriggerInfo").at(0);
    EXPECT_EQ(t.args[3], std::string("code=5"));
    EXPECT(log().calls("WantAgentHelper::TriggerWantAgent").at(0).args.at(0) != "null");
    EXPECT(fakes::finish_last_trigger(7, "done"));
    auto got = agent.delivered();
    EXPECT_EQ(got.size(), 1u);
    EXPECT(got[0].find("onTriggered(undefined, ") == 0);
    EXPECT(got[0].find("\"finalCode\":7") != std::string::npos);
}

// cancel / getBundleName / getUid pass the same agent and map the helper's
// code (16000151) to a rejection.
HOST_CASE(agent_queries_reach_the_helper_with_the_agent_and_map_codes) {
    Agent agent;
    ohbridge::Value handle = agent.call("wantAgent.getWantAgent", {info()}).value;
    EXPECT_EQ(describe(agent.call("wantAgent.getBundleName", {handle})), std::string("resolved \"com.example.fake\""));
    EXPECT_EQ(describe(agent.call("wantAgent.getUid", {handle})), std::string("resolved 20010042"));
    log().script("WantAgentHelper::Cancel", {16000151});
    EXPECT_EQ(describe(agent.call("wantAgent.cancel", {handle})),
              std::string("rejected 16000151 Invalid wantAgent object."));
    std::string a = log().calls("WantAgentHelper::GetBundleName").at(0).args.at(0);
    EXPECT_EQ(log().calls("WantAgentHelper::GetUid").at(0).args.at(0), a);
    EXPECT_EQ(log().calls("WantAgentHelper::Cancel").at(0).args.at(0), a);
}

// equal: HandleAsyncTaskResult with ENABLE_ERRCODE (napi_want_agent.cpp):
// ERR_OK -> true, ERR_NOT_OK (-1) -> false, anything else rejects with it.
HOST_CASE(equal_maps_is_equals_as_handle_async_task_result) {
    Agent agent;
    ohbridge::Value a = agent.call("wantAgent.getWantAgent", {info()}).value;
    ohbridge::Value b = agent.call("wantAgent.getWantAgent", {info()}).value;
    log().script("WantAgentHelper::IsEquals", {0, -1, 16000151});
    EXPECT_EQ(describe(agent.call("wantAgent.equal", {a, b})), std::string("resolved true"));
    EXPECT_EQ(describe(agent.call("wantAgent.equal", {a, b})), std::string("resolved false"));
    EXPECT_EQ(describe(agent.call("wantAgent.equal", {a, b})),
              std::string("rejected 16000151 Invalid wantAgent object."));
    auto c = log().calls("WantAgentHelper::IsEquals").at(0);
    EXPECT(c.args.at(0) != c.args.at(1));
}

// getWant: OnNapiGetWant passes GetWant a Want to fill (GetPendingRequestWant
// refuses a null one with INVALID_PARAMETERS_ERR); the want comes back to JS.
HOST_CASE(get_want_hands_the_helper_a_want_to_fill_and_returns_it) {
    Agent agent;
    ohbridge::Value handle = agent.call("wantAgent.getWantAgent", {info()}).value;
    std::string got = describe(agent.call("wantAgent.getWant", {handle}));
    EXPECT(got.rfind("resolved {", 0) == 0);
    EXPECT(got.find("\"bundleName\":\"com.example.app\"") != std::string::npos);
    EXPECT(got.find("\"abilityName\":\"EntryAbility\"") != std::string::npos);
}

// trigger: TriggerInfo(permission, extraInfo, want, code) carries the JS
// TriggerInfo; cancel passes FLAG_INVLID (0), as the NAPI cancel does.
HOST_CASE(trigger_info_and_cancel_flags_reach_the_helper) {
    Agent agent;
    ohbridge::Value handle = agent.call("wantAgent.getWantAgent", {info()}).value;
    auto trigger_info = ohbridge::make_object(
        {{"code", 3},
         {"permission", "ohos.permission.X"},
         {"want", ohbridge::make_object({{"bundleName", "com.example.b"}, {"abilityName", "B"}})},
         {"extraInfo", ohbridge::make_object({{"n", 2}, {"s", "x"}})}});
    agent.call("wantAgent.trigger", {handle, trigger_info, host::js("done")});
    auto t = log().calls("TriggerInfo").at(0);
    EXPECT_EQ(t.args[0], std::string("permission=\"ohos.permission.X\""));
    EXPECT_EQ(t.args[1], std::string("extraInfo={n=2,s=x}"));
    EXPECT_EQ(t.args[2], std::string("want=Want{/com.example.b/B}"));
    EXPECT_EQ(t.args[3], std::string("code=3"));
    agent.call("wantAgent.cancel", {handle});
#if OHBRIDGE_OHOS_RELEASE_CANCEL_FLAGS
    EXPECT_EQ(log().calls("WantAgentHelper::Cancel:flags").at(0).args.at(0), std::string("0"));
#endif
    EXPECT_EQ(log().calls("WantAgentHelper::Cancel").size(), 1u);
}

// The wants AMS receives, as the NAPI path builds them (PendingWant::
// GetAbilities / BuildServicePendingWant): every want for START_ABILITIES,
// each with the extra info as parameters; only the first, without it, for
// START_SERVICE.  Creation checks of WantAgentHelper::GetWantAgent: no wants,
// or an unknown operation type, is 401 before AMS is asked.
HOST_CASE(get_want_agent_sends_the_wants_each_operation_type_sends) {
    Agent agent;
    auto want = [](const char* ability) {
        return ohbridge::make_object({{"bundleName", "com.example.app"}, {"abilityName", ability}});
    };
    auto make = [&](int type) {
        return ohbridge::make_object({{"wants", ohbridge::Array{want("A"), want("B")}},
                                      {"operationType", type},
                                      {"requestCode", 1},
                                      {"extraInfo", ohbridge::make_object({{"k", 1}})}});
    };
    agent.call("wantAgent.getWantAgent", {make(2)});  // START_ABILITIES
    agent.call("wantAgent.getWantAgent", {make(3)});  // START_SERVICE
    auto calls = log().calls(kGetWantSender);
    EXPECT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].args.at(5), std::string("allWants=[Want{/com.example.app/A params=k} resolvedTypes=;"
                                               "Want{/com.example.app/B params=k} resolvedTypes=]"));
    EXPECT_EQ(calls[1].args.at(5), std::string("allWants=[Want{/com.example.app/A} resolvedTypes=]"));
    auto no_wants = ohbridge::make_object({{"wants", ohbridge::Array{}}, {"operationType", 1}, {"requestCode", 1}});
    EXPECT_EQ(describe(agent.call("wantAgent.getWantAgent", {no_wants})),
              std::string("rejected 401 Invalid input parameter."));
    EXPECT_EQ(describe(agent.call("wantAgent.getWantAgent", {make(9)})),
              std::string("rejected 401 Invalid input parameter."));
    EXPECT_EQ(log().calls(kGetWantSender).size(), 2u);
}
