// The app lifecycle (app.startAbility / app.forceStop / app.foreground) over
// the fake AbilityManagerClient: what reaches AMS, and the aa tool's verdict for
// its answer (ability_ability_runtime tools/aa/src/ability_command.cpp
// RunAsStartAbility, RunAsForceStop, CreateMessageMap).
#include "fake_ams.h"
#include "harness.h"
#include "inner_api_log.h"

using fakes::log;
using host::Agent;
using host::describe;

namespace {
ohbridge::Value want_of(const char* bundle, const char* ability) {
    ohbridge::Value w(ohbridge::Object{});
    w.set("bundleName", bundle);
    w.set("abilityName", ability);
    w.set("moduleName", "entry");
    return w;
}
}  // namespace

// RunAsStartAbility: AbilityManagerClient::StartAbility(want) with the default
// requestCode and userId (DEFAULT_INVAL_VALUE: the caller's user).
HOST_CASE(start_ability_reaches_ams_with_the_element) {
    Agent agent;
    std::string o = describe(agent.call("app.startAbility", {want_of("com.example.clock", "MainAbility")}));
    EXPECT(o.rfind("resolved ", 0) == 0);
    EXPECT(o.find("\"queued\":false") != std::string::npos);
    auto c = log().calls("AbilityManagerClient::StartAbility").at(0);
    EXPECT(c.args.at(0).find("com.example.clock") != std::string::npos);
    EXPECT(c.args.at(0).find("MainAbility") != std::string::npos);
    EXPECT_EQ(c.args.at(1), std::string("-1"));
    EXPECT_EQ(c.args.at(2), std::string("-1"));
}

// RESOLVE_ABILITY_ERR (2097152) is 10104001; START_ABILITY_WAITING (2097159)
// is a start AMS queued, not a failure; INNER_ERR becomes INNER_ERR_START
// (10108101); a code CreateMessageMap has no coded entry for is passed raw.
HOST_CASE(start_ability_answers_as_the_aa_tool_reports_them) {
    Agent agent;
    log().script("AbilityManagerClient::StartAbility", {2097152, 2097159, 2097167, 12345});
    auto w = want_of("com.example.absent", "EntryAbility");
    EXPECT_EQ(describe(agent.call("app.startAbility", {w})),
              std::string("rejected 10104001 The specified ability does not exist"));
    EXPECT(describe(agent.call("app.startAbility", {w})).find("\"queued\":true") != std::string::npos);
    EXPECT(describe(agent.call("app.startAbility", {w})).rfind("rejected 10108101 ", 0) == 0);
    EXPECT_EQ(describe(agent.call("app.startAbility", {w})), std::string("rejected 12345 error: failed to start ability."));
}

// RunAsForceStop: AbilityManagerClient::KillProcess(bundleName) with the
// defaults; GET_BUNDLE_INFO_FAILED (2097183) is 10104002, KILL_PROCESS_FAILED
// (2097174) 10106401, KILL_PROCESS_KEEP_ALIVE (2097184) 10106402.
HOST_CASE(force_stop_reaches_ams_and_answers_as_aa_does) {
    Agent agent;
    EXPECT_EQ(describe(agent.call("app.forceStop", {"com.example.clock"})), std::string("resolved null"));
    auto c = log().calls("AbilityManagerClient::KillProcess").at(0);
    EXPECT_EQ(c.args.at(0), std::string("\"com.example.clock\""));
#if OHBRIDGE_OHOS_RELEASE_KILL_PROCESS_ARGS >= 3
    EXPECT_EQ(c.args.at(1), std::string("false"));  // clearPageStack: aa's default
    EXPECT_EQ(c.args.at(2), std::string("0"));      // appIndex: the main app, not a clone
#endif
    log().script("AbilityManagerClient::KillProcess", {2097183, 2097174, 2097184});
    EXPECT_EQ(describe(agent.call("app.forceStop", {"com.example.absent"})),
              std::string("rejected 10104002 Failed to retrieve specified package information."));
    EXPECT_EQ(describe(agent.call("app.forceStop", {"x"})), std::string("rejected 10106401 kill process failed"));
    EXPECT_EQ(describe(agent.call("app.forceStop", {"x"})),
              std::string("rejected 10106402 Persistent processes cannot be terminated."));
}

// The focused mission: GetTopAbility's element, found in the mission list;
// an empty element (the launcher) is no mission.
HOST_CASE(foreground_is_the_mission_of_the_top_ability) {
    Agent agent;
    EXPECT_EQ(describe(agent.call("app.foreground", {})), std::string("resolved null"));
    OHOS::AAFwk::MissionInfo clock, notes;
    clock.id = 4;
    clock.want.SetElementName("", "com.example.clock", "MainAbility");
    notes.id = 9;
    notes.runningState = 0;
    notes.want.SetElementName("", "com.example.notes", "NoteAbility");
    fakes::set_missions({clock, notes});
    fakes::set_top_ability(OHOS::AppExecFwk::ElementName("", "com.example.notes", "NoteAbility"));
    std::string o = describe(agent.call("app.foreground", {}));
    EXPECT(o.find("\"missionId\":9") != std::string::npos);
    EXPECT(o.find("\"bundleName\":\"com.example.notes\"") != std::string::npos);
    EXPECT_EQ(log().calls("AbilityManagerClient::GetTopAbility").at(0).args.at(0), std::string("false"));
}
