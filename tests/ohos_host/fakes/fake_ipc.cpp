// c_utils / ipc_core as the decls header declares them: Parcelable, Parcel,
// MessageParcel, MessageOption, IRemoteObject, IPCObjectStub, and the
// listener / receiver stubs.  A Parcel's Int32s and a MessageParcel's
// interface token live in a side table keyed by the parcel (the header gives
// them no members), dropped by the declared destructors.
#include <atomic>
#include <deque>
#include <map>
#include <mutex>

#include "fake_ipc.h"
#include "ohos_inner_api_decls.h"

namespace fakes {
namespace {
struct ParcelData {
    std::deque<int32_t> ints;
    std::u16string token;
};
std::mutex g_mu;
std::map<const void*, ParcelData> g_parcels;
std::atomic<int> g_mission_stubs{0}, g_on_stubs{0}, g_ipc_stubs{0};
}  // namespace

int live_mission_listener_stubs() { return g_mission_stubs.load(); }
int live_on_listener_stubs() { return g_on_stubs.load(); }
int live_ipc_stubs() { return g_ipc_stubs.load(); }

}  // namespace fakes

namespace OHOS {

Parcelable::Parcelable() = default;
Parcelable::Parcelable(bool) {}

Parcel::Parcel() {
    std::lock_guard<std::mutex> lock(fakes::g_mu);
    fakes::g_parcels[this] = fakes::ParcelData();
}
Parcel::~Parcel() {
    std::lock_guard<std::mutex> lock(fakes::g_mu);
    fakes::g_parcels.erase(this);
}
bool Parcel::WriteInt32(int32_t value) {
    std::lock_guard<std::mutex> lock(fakes::g_mu);
    fakes::g_parcels[this].ints.push_back(value);
    return true;
}
int32_t Parcel::ReadInt32() {
    std::lock_guard<std::mutex> lock(fakes::g_mu);
    auto& d = fakes::g_parcels[this].ints;
    if (d.empty()) return 0;  // as Parcel::ReadInt32 past the end
    int32_t v = d.front();
    d.pop_front();
    return v;
}

MessageParcel::MessageParcel() = default;
MessageParcel::~MessageParcel() = default;
bool MessageParcel::WriteInterfaceToken(std::u16string name) {
    std::lock_guard<std::mutex> lock(fakes::g_mu);
    fakes::g_parcels[this].token = std::move(name);
    return true;
}
std::u16string MessageParcel::ReadInterfaceToken() {
    std::lock_guard<std::mutex> lock(fakes::g_mu);
    return fakes::g_parcels[this].token;
}

MessageOption::MessageOption(int, int) {}

IRemoteObject::IRemoteObject(std::u16string descriptor) : descriptor_(std::move(descriptor)) {}
sptr<IRemoteBroker> IRemoteObject::AsInterface() { return nullptr; }
bool IRemoteObject::Marshalling(Parcel&) const { return true; }

IPCObjectStub::IPCObjectStub(std::u16string descriptor, bool) : IRemoteObject(std::move(descriptor)) {
    ++fakes::g_ipc_stubs;
}
IPCObjectStub::~IPCObjectStub() { --fakes::g_ipc_stubs; }
int32_t IPCObjectStub::GetObjectRefCount() { return GetSptrRefCount(); }
// In-process, a request to a stub is its OnRemoteRequest (what the IPC
// thread does on a device).
int IPCObjectStub::SendRequest(uint32_t code, MessageParcel& data, MessageParcel& reply, MessageOption& option) {
    return OnRemoteRequest(code, data, reply, option);
}
// ipc_types.h IPC_STUB_UNKNOW_TRANS_ERR: what the default handler answers for
// a code nobody handles.
int IPCObjectStub::OnRemoteRequest(uint32_t, MessageParcel&, MessageParcel&, MessageOption&) { return 305; }

namespace AAFwk {
RemoteMissionListenerStub::RemoteMissionListenerStub() { ++fakes::g_mission_stubs; }
RemoteMissionListenerStub::~RemoteMissionListenerStub() { --fakes::g_mission_stubs; }
int RemoteMissionListenerStub::OnRemoteRequest(uint32_t code, MessageParcel& data, MessageParcel& reply,
                                               MessageOption& option) {
    return IPCObjectStub::OnRemoteRequest(code, data, reply, option);
}
RemoteOnListenerStub::RemoteOnListenerStub() { ++fakes::g_on_stubs; }
RemoteOnListenerStub::~RemoteOnListenerStub() { --fakes::g_on_stubs; }
int RemoteOnListenerStub::OnRemoteRequest(uint32_t code, MessageParcel& data, MessageParcel& reply,
                                          MessageOption& option) {
    return IPCObjectStub::OnRemoteRequest(code, data, reply, option);
}
WantReceiverStub::WantReceiverStub() = default;
WantReceiverStub::~WantReceiverStub() = default;
int WantReceiverStub::OnRemoteRequest(uint32_t code, MessageParcel& data, MessageParcel& reply,
                                      MessageOption& option) {
    return IPCObjectStub::OnRemoteRequest(code, data, reply, option);
}
}  // namespace AAFwk

}  // namespace OHOS
