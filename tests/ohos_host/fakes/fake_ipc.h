// The IPC objects the fakes simulate: parcels hold what is written to them,
// and the stubs the backend derives from count their live instances, so a
// test sees a listener object die when nothing holds it any more.
#pragma once

#include <cstdint>
#include <string>

namespace fakes {

// Live RemoteMissionListenerStub / RemoteOnListenerStub / other IPCObjectStub
// instances (the backend's listener adapters and continuation callbacks).
int live_mission_listener_stubs();
int live_on_listener_stubs();
int live_ipc_stubs();

}  // namespace fakes
