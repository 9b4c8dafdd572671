// missionManager over the fake AbilityManagerClient (the local mission list).
#include "fake_ams.h"
#include "harness.h"
#include "inner_api_log.h"

using fakes::log;
using host::Agent;
using host::describe;

HOST_CASE(get_mission_infos_reaches_ams_and_returns_its_missions) {
    OHOS::AAFwk::MissionInfo m;
    m.id = 12;
    m.label = "Clock";
    m.continuable = true;
    fakes::set_missions({m});
    Agent agent;
    auto o = agent.call("missionManager.getMissionInfos", {"", 10});
    auto c = log().calls("AbilityManagerClient::GetMissionInfos").at(0);
    EXPECT_EQ(c.args[0], std::string("\"\""));
    EXPECT_EQ(c.args[1], std::string("10"));
    std::string text = describe(o);
    EXPECT(text.rfind("resolved [", 0) == 0);
    EXPECT(text.find("\"missionId\":12") != std::string::npos);
    EXPECT(text.find("\"label\":\"Clock\"") != std::string::npos);
}

HOST_CASE(mission_list_calls_reach_ams_with_the_mission_id) {
    Agent agent;
    agent.call("missionManager.moveMissionToFront", {7});
    agent.call("missionManager.lockMissionForCleanup", {7});
    agent.call("missionManager.unlockMissionForCleanup", {7});
    agent.call("missionManager.cleanMission", {7});
    agent.call("missionManager.cleanAllMissions", {});
    for (const char* api : {"AbilityManagerClient::MoveMissionToFront", "AbilityManagerClient::LockMissionForCleanup",
                            "AbilityManagerClient::UnlockMissionForCleanup", "AbilityManagerClient::CleanMission"}) {
        EXPECT_EQ(log().calls(api).at(0).args.at(0), std::string("7"));
    }
    EXPECT_EQ(log().calls("AbilityManagerClient::CleanAllMissions").size(), 1u);
}

// mission_manager.cpp (GetJsErrorCodeByNativeError): CHECK_PERMISSION_FAILED
// -> 201, ERR_NOT_SYSTEM_APP -> 202, anything unknown -> 16000050.
HOST_CASE(mission_list_codes_map_as_the_napi_layer_maps_them) {
    Agent agent;
    log().script("AbilityManagerClient::GetMissionInfos", {2097177, 2097209, 12345});
    auto first = describe(agent.call("missionManager.getMissionInfos", {"", 10}));
    auto second = describe(agent.call("missionManager.getMissionInfos", {"", 10}));
    auto third = describe(agent.call("missionManager.getMissionInfos", {"", 10}));
    EXPECT(first.rfind("rejected 201 ", 0) == 0);
    EXPECT(second.rfind("rejected 202 ", 0) == 0);
    EXPECT_EQ(third, std::string("rejected 16000050 Internal error."));
}

// getMissionInfo(deviceId, missionId) and getMissionSnapshot: AMS's answer is
// what JS gets (the snapshot's topAbility as its ability; isPrivate is not a
// JS field).
HOST_CASE(get_mission_info_and_snapshot_reach_ams_and_return_its_answer) {
    OHOS::AAFwk::MissionInfo m;
    m.id = 7;
    m.label = "Notes";
    m.want.SetElementName("", "com.example.notes", "MainAbility");
    fakes::set_missions({m});
    Agent agent;
    std::string info = describe(agent.call("missionManager.getMissionInfo", {"", 7}));
    EXPECT(info.find("\"missionId\":7") != std::string::npos);
    EXPECT(info.find("\"bundleName\":\"com.example.notes\"") != std::string::npos);
    auto c = log().calls("AbilityManagerClient::GetMissionInfo").at(0);
    EXPECT_EQ(c.args[1], std::string("7"));
    std::string snap = describe(agent.call("missionManager.getLowResolutionMissionSnapshot", {"remote-1", 7}));
    auto s = log().calls("AbilityManagerClient::GetMissionSnapshot").at(0);
    EXPECT_EQ(s.args[0], std::string("\"remote-1\""));
    EXPECT_EQ(s.args[2], std::string("true"));
    EXPECT(snap.find("\"bundleName\":\"com.example.top\"") != std::string::npos);
    EXPECT(snap.find("\"abilityName\":\"TopAbility\"") != std::string::npos);
}
