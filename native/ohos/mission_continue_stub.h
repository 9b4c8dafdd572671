// The continuation callback ContinueMission hands to DMS, as an inner API
// would declare it.  There is none: AbilityRuntime's MissionContinueStub and
// IMissionContinue are private to its JS module
// (frameworks/js/napi/mission_manager/mission_continue_{interface,stub}.h),
// so ohbridge declares the same remote interface itself.  What makes it the
// same is what dmsfwk sends: DSchedContinue::NotifyContinuationCallbackResult
// (services/dtbschedmgr/src/continue/dsched_continue.cpp, 5.1 and later) and
// DSchedContinuation::NotifyMissionCenterResult (distributed_sched_continuation.cpp,
// every release) write the interface token u"ohos.DistributedSchedule.IMissionCallback"
// and one Int32 (the result), and send request code 4
// (NOTIFY_MISSION_CALLBACK_RESULT / NOTIFY_MISSION_CENTER_RESULT).
#pragma once

#include <cstdint>
#include <functional>
#include <utility>

#include "ohos_inner_api_decls.h"

namespace ohbridge::ohos {

class IContinuationResult : public OHOS::IRemoteBroker {
public:
    DECLARE_INTERFACE_DESCRIPTOR(u"ohos.DistributedSchedule.IMissionCallback");
    static constexpr uint32_t kNotifyContinuationResult = 4;
    virtual void OnContinueDone(int32_t result) = 0;
};

// Reads what DMS sends and calls `done` with the result; like the JS module's
// stub, a wrong token is ERR_INVALID_STATE and an unknown code goes to the
// default IPCObjectStub handling (mission_continue_stub.cpp).
class ContinuationResultStub : public OHOS::IRemoteStub<IContinuationResult> {
public:
    explicit ContinuationResultStub(std::function<void(int32_t)> done) : done_(std::move(done)) {}
    void OnContinueDone(int32_t result) override {
        if (done_) done_(result);
    }
    int OnRemoteRequest(uint32_t code, OHOS::MessageParcel& data, OHOS::MessageParcel& reply,
                        OHOS::MessageOption& option) override {
        if (data.ReadInterfaceToken() != GetDescriptor()) return kErrInvalidState;
        if (code != kNotifyContinuationResult) return OHOS::IPCObjectStub::OnRemoteRequest(code, data, reply, option);
        OnContinueDone(data.ReadInt32());
        return 0;  // NO_ERROR
    }

private:
    // ipc_types.h ERR_INVALID_STATE, what mission_continue_stub.cpp returns.
    static constexpr int kErrInvalidState = 10;
    std::function<void(int32_t)> done_;
};

}  // namespace ohbridge::ohos
