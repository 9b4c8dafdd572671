// A client of a shared agent goes (Service::forget_caller): the agent, which
// lives on, does for that client's listeners what DMS's death recipients do
// for a dead process's (ability_dmsfwk
// services/dtbschedmgr/src/mission/distributed_sched_mission_manager.cpp,
// DistributedSchedMissionManager::OnMissionListenerDied: the listener leaves
// its entry, an emptied entry is erased and, if it had been synced
// (`called`), StopSyncRemoteMissions(devId, false) follows;
// mission/notification/dms_continue_recv_manager.cpp,
// DMSContinueRecvMgr::NotifyDied: as RegisterOffListener).  Here that is the
// real UnRegisterMissionListener, StopSyncRemoteMissions for a synced entry,
// and RegisterOffListener.
#include "fake_ams.h"
#include "fake_ipc.h"
#include "harness.h"
#include "inner_api_log.h"

using fakes::log;
using host::Agent;
using host::device;
using host::js;

namespace {

const char* const kUnregister = "AbilityManagerClient::UnRegisterMissionListener";
const char* const kStopSync = "AbilityManagerClient::StopSyncRemoteMissions";

// A client's mission callbacks, named after it.
ohbridge::Value callbacks_of(const std::string& client) {
    return ohbridge::make_object({{"notifyMissionsChanged", js(client + ".notifyMissionsChanged")},
                                  {"notifySnapshot", js(client + ".notifySnapshot")},
                                  {"notifyNetDisconnect", js(client + ".notifyNetDisconnect")}});
}

// Every function of the host cases is a JsFunction.
std::function<bool(const ohbridge::FunctionRef&)> owned_by(const std::string& client) {
    return [client](const ohbridge::FunctionRef& f) {
        return static_cast<const host::JsFunction&>(f).name.rfind(client + ".", 0) == 0;
    };
}

ohbridge::Value sync_param(const std::string& id) {
    return ohbridge::make_object({{"deviceId", id}, {"fixConflict", false}, {"tag", 0}});
}

}  // namespace

HOST_CASE(caller_gone_unregisters_its_listener_as_on_mission_listener_died) {
    Agent agent;
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), callbacks_of("A")});
    std::string registered = log().calls("AbilityManagerClient::RegisterMissionListener").at(0).args.at(1);
    agent.service->forget_caller(owned_by("A"));
    auto calls = log().calls(kUnregister);
    EXPECT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].args[0], std::string("\"remote-1\""));
    EXPECT_EQ(calls[0].args[1], registered);
    EXPECT(log().calls(kStopSync).empty());  // never synced: `called` was not set
    EXPECT(fakes::mission_listeners("remote-1").empty());
    EXPECT_EQ(fakes::live_mission_listener_stubs(), 0);
}

HOST_CASE(caller_gone_stops_the_sync_of_a_synced_entry_as_on_mission_listener_died) {
    Agent agent;
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), callbacks_of("A")});
    agent.call("distributedMissionManager.startSyncRemoteMissions", {sync_param("remote-1")});
    // `called` survives an explicit stop: the death path stops again.
    agent.call("distributedMissionManager.stopSyncRemoteMissions", {device("remote-1")});
    agent.service->forget_caller(owned_by("A"));
    EXPECT_EQ(log().calls(kUnregister).size(), 1u);
    auto stops = log().calls(kStopSync);
    EXPECT_EQ(stops.size(), 2u);
    EXPECT_EQ(stops[1].args[0], std::string("\"remote-1\""));
}

HOST_CASE(caller_gone_leaves_the_listeners_of_other_callers) {
    Agent agent;
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), callbacks_of("A")});
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-2"), callbacks_of("B")});
    agent.service->forget_caller(owned_by("A"));
    EXPECT_EQ(log().calls(kUnregister).size(), 1u);
    auto left = fakes::mission_listeners("remote-2");
    EXPECT_EQ(left.size(), 1u);
    left[0]->NotifyMissionsChanged("remote-2");
    auto got = agent.delivered();
    EXPECT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], std::string("B.notifyMissionsChanged(\"remote-2\")"));
}

// RegisterMissionExecuteCB overwrites the device's callbacks: the listener is
// the last registrant's, and goes with that one only.
HOST_CASE(caller_gone_keeps_a_listener_another_caller_registered_again) {
    Agent agent;
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), callbacks_of("A")});
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), callbacks_of("B")});
    agent.service->forget_caller(owned_by("A"));
    EXPECT(log().calls(kUnregister).empty());
    agent.service->forget_caller(owned_by("B"));
    EXPECT_EQ(log().calls(kUnregister).size(), 1u);
}

HOST_CASE(caller_gone_after_its_own_unregister_unregisters_nothing) {
    Agent agent;
    agent.call("distributedMissionManager.registerMissionListener", {device("remote-1"), callbacks_of("A")});
    agent.call("distributedMissionManager.unRegisterMissionListener", {device("remote-1")});
    agent.service->forget_caller(owned_by("A"));
    EXPECT_EQ(log().calls(kUnregister).size(), 1u);
}

// DMSContinueRecvMgr::NotifyDied: the object goes once no client's callback
// is left on it.
HOST_CASE(caller_gone_drops_its_continue_state_callbacks_as_notify_died) {
    Agent agent;
    agent.call("distributedMissionManager.on", {"continueStateChange", js("A.onContinueState")});
    agent.call("distributedMissionManager.on", {"continueStateChange", js("B.onContinueState")});
    agent.service->forget_caller(owned_by("A"));
    EXPECT(log().calls("AbilityManagerClient::RegisterOffListener").empty());
    EXPECT_EQ(fakes::on_listeners("continueStateChange").size(), 1u);
    agent.service->forget_caller(owned_by("B"));
    EXPECT_EQ(log().calls("AbilityManagerClient::RegisterOffListener").size(), 1u);
    EXPECT(fakes::on_listeners("continueStateChange").empty());
    EXPECT_EQ(fakes::live_on_listener_stubs(), 0);
}
