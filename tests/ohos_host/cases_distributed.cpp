// distributedMissionManager over the fake AbilityManagerClient: each call
// reaches the right inner API with the right arguments, codes map as
// distributed_mission_manager.cpp maps them, and the listener objects live as
// long as AMS/DMS may hold them (ability_ability_runtime
// frameworks/js/napi/mission_manager/distributed_mission_manager.cpp,
// RegisterMissionExecuteCB / UnRegisterMissionExecuteCB).
#include "fake_ams.h"
#include "fake_ipc.h"
#include "harness.h"
#include "inner_api_log.h"

using fakes::log;
using host::Agent;
using host::describe;
using host::device;
using host::mission_callbacks;

namespace {

const char* const kRegister = "AbilityManagerClient::RegisterMissionListener";
const char* const kUnregister = "AbilityManagerClient::UnRegisterMissionListener";
const std::string kResolved = "resolved undefined";
// 29360174 (GET_REMOTE_DMS_FAIL): what DMS answers for a device it cannot reach.
constexpr std::int32_t kRemoteDmsFail = 29360174;

std::string listener_arg(const std::vector<fakes::Call>& calls, std::size_t i) { return calls.at(i).args.at(1); }

}  // namespace

// RegisterMissionExecuteCB: AMS gets the device id and a listener object.
HOST_CASE(register_mission_listener_hands_ams_the_device_and_a_listener) {
    Agent agent;
    EXPECT_EQ(describe(agent.call("distributedMissionManager.registerMissionListener",
                                  {device("remote-1"), mission_callbacks()})),
              kResolved);
    auto calls = log().calls(kRegister);
    EXPECT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].args[0], std::string("\"remote-1\""));
    EXPECT(listener_arg(calls, 0) != "null");
    EXPECT_EQ(fakes::mission_listeners("remote-1").size(), 1u);
}

// The NAPI listener calls the JS callbacks with DMS's arguments.
HOST_CASE(listener_callbacks_from_dms_reach_the_js_functions) {
    Agent agent;
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), mission_callbacks()});
    auto listeners = fakes::mission_listeners("remote-1");
    EXPECT_EQ(listeners.size(), 1u);
    listeners[0]->NotifyMissionsChanged("remote-1");
    listeners[0]->NotifySnapshot("remote-1", 7);
    listeners[0]->NotifyNetDisconnect("remote-1", 3);
    auto got = agent.delivered();
    EXPECT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0], std::string("notifyMissionsChanged(\"remote-1\")"));
    EXPECT_EQ(got[1], std::string("notifySnapshot(\"remote-1\", 7)"));
    EXPECT_EQ(got[2], std::string("notifyNetDisconnect(\"remote-1\", 3)"));
}

// registration_[deviceId] is reused: a second register for the same device
// hands AMS the same object, so DMS never holds two listeners for one device.
HOST_CASE(registering_a_device_again_hands_ams_the_same_object) {
    Agent agent;
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), mission_callbacks()});
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), mission_callbacks()});
    auto calls = log().calls(kRegister);
    EXPECT_EQ(calls.size(), 2u);
    EXPECT_EQ(listener_arg(calls, 1), listener_arg(calls, 0));
    EXPECT_EQ(describe(agent.call("distributedMissionManager.unRegisterMissionListener", {device("remote-1")})),
              kResolved);
    EXPECT_EQ(log().calls(kUnregister).at(0).args.at(1), listener_arg(calls, 0));
    EXPECT(fakes::mission_listeners("remote-1").empty());
    EXPECT_EQ(fakes::live_mission_listener_stubs(), 0);  // nobody holds it: gone
}

// A refused register is not recorded (result != NO_ERROR); the later
// accepted one is what the unregister removes.
HOST_CASE(register_refused_then_accepted_unregisters_the_accepted_object) {
    Agent agent;
    log().script(kRegister, {29360157});  // DMS_PERMISSION_DENIED
    auto refused =
        agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), mission_callbacks()});
    EXPECT_EQ(describe(refused), std::string("rejected 201 permission denied"));
    EXPECT_EQ(fakes::live_mission_listener_stubs(), 0);  // refused and not kept
    EXPECT_EQ(describe(agent.call("distributedMissionManager.registerMissionListener",
                                  {device("remote-1"), mission_callbacks()})),
              kResolved);
    std::string accepted = listener_arg(log().calls(kRegister), 1);
    EXPECT_EQ(describe(agent.call("distributedMissionManager.unRegisterMissionListener", {device("remote-1")})),
              kResolved);
    EXPECT_EQ(log().calls(kUnregister).at(0).args.at(1), accepted);
    EXPECT(fakes::mission_listeners("remote-1").empty());
}

// A refused re-registration (registration_ keeps the deviceId's entry) keeps
// the object DMS already holds: the unregister still removes it.
HOST_CASE(register_again_refused_keeps_the_registered_object) {
    Agent agent;
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), mission_callbacks()});
    std::string registered = listener_arg(log().calls(kRegister), 0);
    log().script(kRegister, {29360128});
    auto refused =
        agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), mission_callbacks()});
    EXPECT_EQ(describe(refused), std::string("rejected 401 parameter check failed."));
    EXPECT_EQ(describe(agent.call("distributedMissionManager.unRegisterMissionListener", {device("remote-1")})),
              kResolved);
    EXPECT_EQ(log().calls(kUnregister).at(0).args.at(1), registered);
    EXPECT(fakes::mission_listeners("remote-1").empty());
}

// continueMission by bundle name: ContinueMissionInfo carries every field
// (4.1: its own overload, without srcBundleName and continueType).
HOST_CASE(continue_mission_by_bundle_name_reaches_ams_with_every_field) {
    Agent agent;
    auto param = ohbridge::make_object({{"srcDeviceId", "local"},
                                        {"dstDeviceId", "remote-1"},
                                        {"bundleName", "com.example.app"},
                                        {"wantParam", ohbridge::make_object({{"k", 1}})},
                                        {"srcBundleName", "com.example.src"},
                                        {"continueType", "edit"}});
    EXPECT_EQ(describe(agent.call("distributedMissionManager.continueMission", {param})), std::string("pending"));
#if OHBRIDGE_OHOS_RELEASE_HAS_CONTINUE_MISSION_INFO
    auto c = log().calls("AbilityManagerClient::ContinueMission(ContinueMissionInfo)").at(0);
    EXPECT_EQ(c.args[3], std::string("\"com.example.src\""));
    EXPECT_EQ(c.args[4], std::string("\"edit\""));
    EXPECT(c.args[5] != "null");
    EXPECT_EQ(c.args[6], std::string("{k=1}"));
#else
    auto c = log().calls("AbilityManagerClient::ContinueMission(bundleName)").at(0);
    EXPECT(c.args[3] != "null");
    EXPECT_EQ(c.args[4], std::string("{k=1}"));
#endif
    EXPECT_EQ(c.args[0], std::string("\"local\""));
    EXPECT_EQ(c.args[1], std::string("\"remote-1\""));
    EXPECT_EQ(c.args[2], std::string("\"com.example.app\""));
}

// An accepted unregister ends the registration: the next one is
// INVALID_PARAMETERS_ERR (401) without asking AMS.
HOST_CASE(unregister_accepted_ends_the_registration) {
    Agent agent;
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), mission_callbacks()});
    agent.call("distributedMissionManager.unRegisterMissionListener", {device("remote-1")});
    auto again = agent.call("distributedMissionManager.unRegisterMissionListener", {device("remote-1")});
    EXPECT_EQ(describe(again), std::string("rejected 401 parameter check failed."));
    EXPECT_EQ(log().calls(kUnregister).size(), 1u);
}

// A device goes offline: DMS drops its listeners (CleanMissionResources) and
// refuses the unregister with INVALID_PARAMETERS_ERR (401 to JS) while the
// device is away.  The registration and its listener object are kept (NAPI
// keeps registration_ on a failure), so the retry once the device is back
// passes AMS the same object, never a null one (AbilityManagerProxy::
// UnRegisterMissionListener writes listener->AsObject() unchecked:
// ability_ability_runtime services/abilitymgr/src/ability_manager_proxy.cpp),
// and only then does the object die.
HOST_CASE(device_offline_keeps_the_listener_until_an_unregister_is_accepted) {
    Agent agent;
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), mission_callbacks()});
    std::string registered = listener_arg(log().calls(kRegister), 0);
    fakes::set_device_online("remote-1", false);
    EXPECT(fakes::mission_listeners("remote-1").empty());
    EXPECT_EQ(fakes::live_mission_listener_stubs(), 1);  // the JS registration still holds it
    auto refused = agent.call("distributedMissionManager.unRegisterMissionListener", {device("remote-1")});
    EXPECT_EQ(describe(refused), std::string("rejected 401 parameter check failed."));
    EXPECT_EQ(fakes::live_mission_listener_stubs(), 1);
    fakes::set_device_online("remote-1", true);
    auto retry = agent.call("distributedMissionManager.unRegisterMissionListener", {device("remote-1")});
    EXPECT_EQ(describe(retry), kResolved);
    auto calls = log().calls(kUnregister);
    EXPECT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].args[1], registered);
    EXPECT_EQ(calls[1].args[1], registered);
    EXPECT_EQ(fakes::live_mission_listener_stubs(), 0);
}

// Registering for a device DMS does not know (offline: no uuid) is
// INVALID_PARAMETERS_ERR; nothing is kept.
HOST_CASE(register_for_an_offline_device_is_refused_and_keeps_nothing) {
    Agent agent;
    fakes::set_device_online("remote-1", false);
    auto refused =
        agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), mission_callbacks()});
    EXPECT_EQ(describe(refused), std::string("rejected 401 parameter check failed."));
    EXPECT_EQ(fakes::live_mission_listener_stubs(), 0);
    auto unregister = agent.call("distributedMissionManager.unRegisterMissionListener", {device("remote-1")});
    EXPECT_EQ(describe(unregister), std::string("rejected 401 parameter check failed."));
    EXPECT(log().calls(kUnregister).empty());
}

// A refused unregister of any other kind keeps the registration the same way.
HOST_CASE(unregister_refused_keeps_the_listener_and_retries_with_the_same_object) {
    Agent agent;
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), mission_callbacks()});
    std::string registered = listener_arg(log().calls(kRegister), 0);
    log().script(kUnregister, {kRemoteDmsFail});
    auto refused = agent.call("distributedMissionManager.unRegisterMissionListener", {device("remote-1")});
    EXPECT_EQ(describe(refused), std::string("rejected 16300501 the system ability work abnormally."));
    EXPECT_EQ(fakes::mission_listeners("remote-1").size(), 1u);
    EXPECT_EQ(fakes::live_mission_listener_stubs(), 1);
    EXPECT_EQ(describe(agent.call("distributedMissionManager.unRegisterMissionListener", {device("remote-1")})),
              kResolved);
    EXPECT_EQ(log().calls(kUnregister).at(1).args.at(1), registered);
    EXPECT_EQ(fakes::live_mission_listener_stubs(), 0);
}

// NotifyNetDisconnectOffline: the local network went down; every listener
// hears NotifyNetDisconnect and JS gets notifyNetDisconnect(deviceId, state).
HOST_CASE(net_disconnect_reaches_js_for_every_registered_device) {
    Agent agent;
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), mission_callbacks()});
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-2"), mission_callbacks()});
    fakes::notify_net_disconnect_offline(3);
    auto got = agent.delivered();
    EXPECT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], std::string("notifyNetDisconnect(\"remote-1\", 3)"));
    EXPECT_EQ(got[1], std::string("notifyNetDisconnect(\"remote-2\", 3)"));
}

// StartSyncRemoteMissions(devId, fixConflict, tag) and StopSyncRemoteMissions(devId).
HOST_CASE(sync_calls_reach_ams_with_their_arguments) {
    Agent agent;
    auto start = agent.call("distributedMissionManager.startSyncRemoteMissions",
                            {ohbridge::make_object({{"deviceId", "remote-1"}, {"fixConflict", true}, {"tag", 42}})});
    EXPECT_EQ(describe(start), kResolved);
    auto stop = agent.call("distributedMissionManager.stopSyncRemoteMissions", {device("remote-1")});
    EXPECT_EQ(describe(stop), kResolved);
    auto s = log().calls("AbilityManagerClient::StartSyncRemoteMissions").at(0);
    EXPECT_EQ(s.args[0], std::string("\"remote-1\""));
    EXPECT_EQ(s.args[1], std::string("true"));
    EXPECT_EQ(s.args[2], std::string("42"));
    EXPECT_EQ(log().calls("AbilityManagerClient::StopSyncRemoteMissions").at(0).args[0],
              std::string("\"remote-1\""));
}

// ErrorCodeReturn: DMS_PERMISSION_DENIED -> 201, INVALID_PARAMETERS_ERR -> 401,
// anything unknown -> 16300501.
HOST_CASE(sync_codes_map_as_the_napi_layer_maps_them) {
    Agent agent;
    const char* const start = "AbilityManagerClient::StartSyncRemoteMissions";
    log().script(start, {29360157, 29360128, 12345});
    auto param = ohbridge::make_object({{"deviceId", "remote-1"}, {"fixConflict", false}, {"tag", 1}});
    EXPECT_EQ(describe(agent.call("distributedMissionManager.startSyncRemoteMissions", {param})),
              std::string("rejected 201 permission denied"));
    EXPECT_EQ(describe(agent.call("distributedMissionManager.startSyncRemoteMissions", {param})),
              std::string("rejected 401 parameter check failed."));
    EXPECT_EQ(describe(agent.call("distributedMissionManager.startSyncRemoteMissions", {param})),
              std::string("rejected 16300501 the system ability work abnormally."));
}

// MultiUserManager::IsCallerForeground (5.1+): register, sync and off run as a
// uid of the foreground user, so DMS does not answer 29360236.
HOST_CASE(dms_calls_run_as_the_foreground_users_uid) {
    Agent agent;
    EXPECT_EQ(describe(agent.call("distributedMissionManager.registerMissionListener",
                                  {device("remote-1"), mission_callbacks()})),
              kResolved);
    auto param = ohbridge::make_object({{"deviceId", "remote-1"}, {"fixConflict", false}, {"tag", 1}});
    EXPECT_EQ(describe(agent.call("distributedMissionManager.startSyncRemoteMissions", {param})), kResolved);
    EXPECT_EQ(describe(agent.call("distributedMissionManager.stopSyncRemoteMissions", {device("remote-1")})),
              kResolved);
    auto on = host::js("onContinueState");
    EXPECT_EQ(describe(agent.call("distributedMissionManager.on", {"continueStateChange", on})),
              std::string("resolved undefined"));
    EXPECT_EQ(fakes::on_listeners("continueStateChange").size(), 1u);
    EXPECT_EQ(describe(agent.call("distributedMissionManager.off", {"continueStateChange", on})),
              std::string("resolved undefined"));
    EXPECT_EQ(log().calls(kRegister).at(0).args.at(2), std::string("uid=20000000"));
    EXPECT_EQ(log().calls("AbilityManagerClient::RegisterOffListener").at(0).args.at(2),
              std::string("uid=20000000"));
}

// on/off('continueStateChange'): DmsSaClient::AddListener / DelListener hand
// DMS one object, and the same object on off.
HOST_CASE(continue_state_listener_on_and_off_pass_the_same_object) {
    Agent agent;
    auto on = host::js("onContinueState");
    agent.call("distributedMissionManager.on", {"continueStateChange", on});
    auto listeners = fakes::on_listeners("continueStateChange");
    EXPECT_EQ(listeners.size(), 1u);
#if OHBRIDGE_OHOS_RELEASE_ON_CALLBACK_INFO
    OHOS::AAFwk::OnCallbackInfo info;
    info.continueState = 1;
    info.srcDeviceId = "remote-1";
    info.bundleName = "com.example.app";
    listeners[0]->OnCallback(info);
#elif OHBRIDGE_OHOS_RELEASE_ON_CALLBACK_ARGS == 5
    listeners[0]->OnCallback(1, "remote-1", "com.example.app", "", "");
#else
    listeners[0]->OnCallback(1, "remote-1", "com.example.app");
#endif
    auto got = agent.delivered();
    EXPECT_EQ(got.size(), 1u);
    EXPECT(got[0].find("onContinueState(") == 0);
    EXPECT(got[0].find("\"remote-1\"") != std::string::npos);
    agent.call("distributedMissionManager.off", {"continueStateChange", on});
    EXPECT_EQ(log().calls("AbilityManagerClient::RegisterOffListener").at(0).args.at(1),
              log().calls("AbilityManagerClient::RegisterOnListener").at(0).args.at(1));
    EXPECT(fakes::on_listeners("continueStateChange").empty());
    EXPECT_EQ(fakes::live_on_listener_stubs(), 0);
}

// ContinueMission(src, dst, missionId, callback, wantParams): the callback
// object reports onContinueDone to JS.
HOST_CASE(continue_mission_reaches_ams_and_reports_done) {
    Agent agent;
    auto param = ohbridge::make_object({{"srcDeviceId", "local"},
                                        {"dstDeviceId", "remote-1"},
                                        {"missionId", 12},
                                        {"wantParam", ohbridge::make_object({})}});
    auto options = ohbridge::make_object({{"onContinueDone", host::js("onContinueDone")}});
    EXPECT_EQ(describe(agent.call("distributedMissionManager.continueMission", {param, options})), kResolved);
    auto c = log().calls("AbilityManagerClient::ContinueMission").at(0);
    EXPECT_EQ(c.args[0], std::string("\"local\""));
    EXPECT_EQ(c.args[1], std::string("\"remote-1\""));
    EXPECT_EQ(c.args[2], std::string("12"));
    EXPECT_EQ(fakes::report_continuation_result(0), 0);
    auto got = agent.delivered();
    EXPECT_EQ(got.size(), 1u);
    EXPECT(got[0].find("onContinueDone(") == 0);
}
