// OhosBackend: the core's backend interfaces over OpenHarmony's inner APIs
// (AbilityManagerClient, WantAgentHelper), and the agent Service around it.
//
// Every inner-API name used here is declared in ohos_inner_api_decls.h; the
// calls whose shape differs between releases are made through
// release/release_adapter.h.  The NAPI-equivalent modules (validation, 401
// messages, error mapping) are the same code the stub runs, so only the
// system underneath changes.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <type_traits>

#include "ohbridge/app_module.h"
#include "ohbridge/dmm_module.h"
#include "ohbridge/mission_backend.h"
#include "ohbridge/mission_manager_module.h"
#include "ohbridge/profile.h"
#include "ohbridge/want_agent_backend.h"
#include "ohbridge/want_agent_module.h"
#include "agent_identity.h"
#include "mission_continue_stub.h"
#include "ohos_inner_api_decls.h"
#include "release/release_adapter.h"
#include "want_params_convert.h"
#include "../agent/service.h"

namespace ohbridge::ohos {

namespace AA = OHOS::AAFwk;
namespace WA = OHOS::AbilityRuntime::WantAgent;

// mission_snapshot.h: MissionSnapshot has a PixelMap member only with
// SUPPORT_SCREEN (184 bytes, 168 without, LP64).  The system libraries that
// fill it (libability_manager) are built with SUPPORT_GRAPHICS and
// SUPPORT_SCREEN; an agent built without would let GetMissionSnapshot write
// past its struct.
#if !defined(SUPPORT_SCREEN) || !defined(SUPPORT_GRAPHICS)
#error "OhosBackend must be built with SUPPORT_GRAPHICS and SUPPORT_SCREEN, as the system libraries are"
#endif

namespace {

// Taken once per process, before the first inner-API call (agent_identity.h);
// a failure reaches main() as IdentityError, naming the step.
const AgentIdentity& agent_identity(const BeforeLeavingRoot& before_leaving_root) {
    static const AgentIdentity identity = take_agent_identity(before_leaving_root);
    return identity;
}

// The wrapper API WantParamsConverter is written against (want_params_convert.h),
// over the AAFwk boxes: one inner-API call a member.
struct OhosParamsApi {
    using Params = AA::WantParams;
    using Ptr = OHOS::sptr<AA::IInterface>;
    using Raw = AA::IInterface*;
    static Ptr box_bool(bool v) { return AA::Boolean::Box(v); }
    static Ptr box_int(std::int32_t v) { return AA::Integer::Box(v); }
    static Ptr box_double(double v) { return AA::Double::Box(v); }
    static Ptr box_string(const std::string& v) { return AA::String::Box(v); }
    static Ptr box_params(const Params& v) { return AA::WantParamWrapper::Box(v); }
    static Ptr make_array(ParamKind kind, const std::vector<Ptr>& elements) {
        const AA::InterfaceID& id = kind == ParamKind::Bool     ? AA::g_IID_IBoolean
                                    : kind == ParamKind::Int    ? AA::g_IID_IInteger
                                    : kind == ParamKind::Double ? AA::g_IID_IDouble
                                    : kind == ParamKind::Params ? AA::g_IID_IWantParams
                                                                : AA::g_IID_IString;
        // Array is an Object and an IArray, both IInterfaces: it is held as its IArray.
        OHOS::sptr<AA::IArray> array(new AA::Array(static_cast<long>(elements.size()), id));
        for (std::size_t i = 0; i < elements.size(); ++i) array->Set(static_cast<long>(i), elements[i].GetRefPtr());
        return array;
    }
    static void set(Params& params, const std::string& key, const Ptr& value) {
        params.SetParam(key, value.GetRefPtr());
    }
    template <class F>
    static void for_each(const Params& params, F f) {
        for (const auto& kv : params.GetParams()) f(kv.first, kv.second.GetRefPtr());
    }
    static ParamKind kind(Raw r) {
        if (r == nullptr) return ParamKind::Other;
        if (AA::IBoolean::Query(r)) return ParamKind::Bool;
        if (AA::IInteger::Query(r)) return ParamKind::Int;
        if (AA::ILong::Query(r)) return ParamKind::Long;
        if (AA::IDouble::Query(r)) return ParamKind::Double;
        if (AA::IString::Query(r)) return ParamKind::String;
        if (AA::IWantParams::Query(r)) return ParamKind::Params;
        if (AA::IArray::Query(r)) return ParamKind::Array;
        return ParamKind::Other;
    }
    static bool get_bool(Raw r) { return AA::Boolean::Unbox(AA::IBoolean::Query(r)); }
    static std::int64_t get_int(Raw r) {
        if (auto* i = AA::IInteger::Query(r)) return AA::Integer::Unbox(i);
        return AA::Long::Unbox(AA::ILong::Query(r));
    }
    static double get_double(Raw r) { return AA::Double::Unbox(AA::IDouble::Query(r)); }
    static std::string get_string(Raw r) { return AA::String::Unbox(AA::IString::Query(r)); }
    static Params get_params(Raw r) { return AA::WantParamWrapper::Unbox(AA::IWantParams::Query(r)); }
    template <class F>
    static void for_each_element(Raw r, F f) {
        AA::Array::ForEach(AA::IArray::Query(r), [&f](AA::IInterface* e) { f(e); });
    }
};

AA::WantParams params_to_aa(const WantParams& p) { return WantParamsConverter<OhosParamsApi>().to_native(p); }
WantParams params_from_aa(const AA::WantParams& p) { return WantParamsConverter<OhosParamsApi>().from_native(p); }

Want from_aa(const AA::Want& w) {
    Want out;
    OHOS::AppExecFwk::ElementName e = w.GetElement();
    out.device_id = e.GetDeviceID();
    out.bundle_name = e.GetBundleName();
    out.ability_name = e.GetAbilityName();
    out.module_name = e.GetModuleName();
    out.action = w.GetAction();
    out.entities = w.GetEntities();
    out.type = w.GetType();
    out.uri = w.GetUriString();
    out.flags = w.GetFlags();
    out.parameters = params_from_aa(w.GetParams());
    return out;
}

std::shared_ptr<AA::Want> to_aa(const Want& w) {
    auto out = std::make_shared<AA::Want>();
    out->SetElementName(w.device_id, w.bundle_name, w.ability_name, w.module_name);
    out->SetAction(w.action);
    for (const auto& e : w.entities) out->AddEntity(e);
    out->SetType(w.type);
    out->SetUri(w.uri);
    out->SetFlags(w.flags);
    out->SetParams(params_to_aa(w.parameters));
    return out;
}

MissionInfo from_aa(const AA::MissionInfo& m) {
    MissionInfo out;
    out.id = m.id;
    out.running_state = m.runningState;
    out.locked_state = m.lockedState;
    out.continuable = m.continuable;
    out.unclearable = m.unclearable;
    out.ability_state = m.abilityState;
    out.time = m.time;
    out.label = m.label;
    out.icon_path = m.iconPath;
    out.want = from_aa(m.want);
    return out;
}

std::shared_ptr<AA::AbilityManagerClient> ams() { return AA::AbilityManagerClient::GetInstance(); }

// -- missions -------------------------------------------------------------------------

class MissionManagerOverAms : public MissionManagerBackend {
public:
    std::int32_t get_mission_infos(const std::string& device_id, std::int32_t num_max,
                                   std::vector<MissionInfo>& out) override {
        std::vector<AA::MissionInfo> infos;
        std::int32_t rc = ams()->GetMissionInfos(device_id, num_max, infos);
        for (const auto& m : infos) out.push_back(from_aa(m));
        return rc;
    }
    std::int32_t get_mission_info(const std::string& device_id, std::int32_t id, MissionInfo& out) override {
        AA::MissionInfo info;
        std::int32_t rc = ams()->GetMissionInfo(device_id, id, info);
        if (rc == OHOS::ERR_OK) out = from_aa(info);
        return rc;
    }
    std::int32_t get_mission_snapshot(const std::string& device_id, std::int32_t id, MissionSnapshot& out,
                                      bool low_resolution) override {
        AA::MissionSnapshot snap;
        std::int32_t rc = ams()->GetMissionSnapshot(device_id, id, snap, low_resolution);
        if (rc == OHOS::ERR_OK) {
            out.device_id = snap.topAbility.GetDeviceID();
            out.bundle_name = snap.topAbility.GetBundleName();
            out.ability_name = snap.topAbility.GetAbilityName();
            out.is_private = snap.isPrivate;
        }
        return rc;
    }
    std::int32_t move_mission_to_front(std::int32_t id) override { return ams()->MoveMissionToFront(id); }
    std::int32_t clean_mission(std::int32_t id) override { return ams()->CleanMission(id); }
    std::int32_t clean_all_missions() override { return ams()->CleanAllMissions(); }
    std::int32_t lock_mission_for_cleanup(std::int32_t id) override { return ams()->LockMissionForCleanup(id); }
    std::int32_t unlock_mission_for_cleanup(std::int32_t id) override { return ams()->UnlockMissionForCleanup(id); }
};

// -- the app lifecycle ----------------------------------------------------------------------

// What `aa start` / `aa force-stop` call (ability_ability_runtime tools/aa/src/
// ability_command.cpp RunAsStartAbility, RunAsForceStop), and the focused
// mission: AbilityManagerService::GetTopAbility gives the element of the
// focused ability (empty for the launcher, or for a caller that may not use
// system APIs: the agent's native token may), whose mission the list holds.
class AppOverAms : public AppBackend {
public:
    std::int32_t start_ability(const Want& want) override { return ams()->StartAbility(*to_aa(want)); }
    std::int32_t force_stop(const std::string& bundle_name) override { return ams()->KillProcess(bundle_name); }
    std::int32_t foreground(MissionInfo& out, bool& found) override {
        found = false;
        OHOS::AppExecFwk::ElementName top = ams()->GetTopAbility(false);
        if (top.GetBundleName().empty()) return 0;
        std::vector<AA::MissionInfo> infos;
        std::int32_t rc = ams()->GetMissionInfos("", kMissionsToSearch, infos);
        if (rc != OHOS::ERR_OK) return rc;
        for (const auto& m : infos) {
            OHOS::AppExecFwk::ElementName e = m.want.GetElement();
            if (e.GetBundleName() == top.GetBundleName() && e.GetAbilityName() == top.GetAbilityName()) {
                out = from_aa(m);
                found = true;
                break;
            }
        }
        return 0;
    }

private:
    // The focused mission is among the most recent; more than a phone shows.
    static constexpr std::int32_t kMissionsToSearch = 64;
};

// -- distributed missions -----------------------------------------------------------------

class ListenerAdapter : public AA::RemoteMissionListenerStub {
public:
    explicit ListenerAdapter(std::shared_ptr<RemoteMissionListener> l) : listener_(std::move(l)) {}
    void NotifyMissionsChanged(const std::string& d) override { listener_->notify_missions_changed(d); }
    void NotifySnapshot(const std::string& d, int32_t id) override { listener_->notify_snapshot(d, id); }
    void NotifyNetDisconnect(const std::string& d, int32_t s) override { listener_->notify_net_disconnect(d, s); }
    const std::shared_ptr<RemoteMissionListener>& listener() const { return listener_; }

private:
    std::shared_ptr<RemoteMissionListener> listener_;
};

OHOS::sptr<OHOS::IRemoteObject> continuation_stub(const std::shared_ptr<ContinuationCallback>& cb) {
    return new ContinuationResultStub([cb](int32_t result) {
        if (cb) cb->on_continue_done(result);
    });
}

class OnListenerAdapter : public release::ContinueStateListenerStub {
public:
    explicit OnListenerAdapter(std::shared_ptr<ContinueStateListener> l) : listener_(std::move(l)) {}
    void on_continue_state(const ContinueStateEvent& ev) override { listener_->on_continue_state(ev); }
    const std::shared_ptr<ContinueStateListener>& listener() const { return listener_; }

private:
    std::shared_ptr<ContinueStateListener> listener_;
};

class DistributedOverAms : public DistributedMissionBackend {
public:
    // RegisterMissionExecuteCB keeps one listener object per deviceId and
    // hands that same object to AMS on every register and on the unregister;
    // so does this: one adapter per (device, listener), kept while DMS may
    // hold it.  A refused first registration drops its adapter; a refused
    // re-registration keeps it (DMS still has it from before).
    std::int32_t register_mission_listener(const std::string& device_id,
                                           const std::shared_ptr<RemoteMissionListener>& listener) override {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = find_registration(device_id, listener);
        bool fresh = it == adapters_.end();
        if (fresh) {
            adapters_.push_back({device_id, OHOS::sptr<AA::IRemoteMissionListener>(new ListenerAdapter(listener)), false});
            it = std::prev(adapters_.end());
        }
        std::int32_t rc = ams()->RegisterMissionListener(device_id, it->adapter);
        if (rc != OHOS::ERR_OK && fresh) adapters_.erase(it);
        return rc;
    }
    // UnRegisterMissionExecuteCB: an unknown registration is
    // INVALID_PARAMETERS_ERR without asking AMS (whose proxy writes
    // listener->AsObject(): a null listener would crash the agent); a refused
    // unregister keeps the adapter, so a retry passes the same object.
    std::int32_t unregister_mission_listener(const std::string& device_id,
                                             const std::shared_ptr<RemoteMissionListener>& listener) override {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = find_registration(device_id, listener);
        if (it == adapters_.end()) return native::INVALID_PARAMETERS_ERR;
        std::int32_t rc = ams()->UnRegisterMissionListener(device_id, it->adapter);
        if (rc == OHOS::ERR_OK) adapters_.erase(it);
        return rc;
    }
    // DMS sets the entry's `called` on the first start that succeeds while a
    // listener is registered for the device; the agent keeps the same flag
    // beside its listener, for the death path below.
    std::int32_t start_sync_remote_missions(const std::string& d, bool fix, std::int64_t tag) override {
        std::int32_t rc = ams()->StartSyncRemoteMissions(d, fix, tag);
        if (rc == OHOS::ERR_OK) {
            std::lock_guard<std::mutex> lock(mu_);
            for (auto& r : adapters_) {
                if (r.device_id == d) r.synced = true;
            }
        }
        return rc;
    }
    std::int32_t stop_sync_remote_missions(const std::string& d) override { return ams()->StopSyncRemoteMissions(d); }
    // The client the agent registered for is gone, the agent is not: DMS's
    // death recipient never fires.  So the agent does what it would
    // (DistributedSchedMissionManager::OnMissionListenerDied): the real
    // unregister, which erases the entry once it is empty, and, if the entry
    // had been synced, the StopSyncRemoteMissions the death path makes.  The
    // agent cannot see other processes' listeners in that entry: their sync
    // stops too, as it would at any caller's stopSyncRemoteMissions.  The
    // adapter goes even if AMS refuses (an offline device's entry is already
    // gone): nobody will retry.
    void mission_listener_died(const std::string& device_id,
                               const std::shared_ptr<RemoteMissionListener>& listener) override {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = find_registration(device_id, listener);
        if (it == adapters_.end()) return;
        Registration gone = *it;
        adapters_.erase(it);
        (void)ams()->UnRegisterMissionListener(device_id, gone.adapter);
        if (gone.synced) (void)ams()->StopSyncRemoteMissions(device_id);
    }
    std::int32_t continue_mission(const std::string& src, const std::string& dst, std::int32_t mission_id,
                                  const std::shared_ptr<ContinuationCallback>& callback,
                                  const WantParams& want_params) override {
        AA::WantParams params = params_to_aa(want_params);
        return ams()->ContinueMission(src, dst, mission_id, continuation_stub(callback), params);
    }
    std::int32_t continue_mission_by_bundle(const ContinueMissionInfo& info,
                                            const std::shared_ptr<ContinuationCallback>& callback) override {
        return release::continue_mission_by_bundle(info, params_to_aa(info.want_params), continuation_stub(callback));
    }
    // on('continueStateChange'): DmsSaClient::AddListener's AMS call, directly.
    // As in the NAPI layer, AMS's result (201/202 included) never reaches JS;
    // one stub per listener object (DMS refuses the same object twice anyway).
    // [Unlike DmsSaClient, no re-registration when the DMS SA restarts.]
    std::int32_t add_continue_state_listener(const std::string& type,
                                             const std::shared_ptr<ContinueStateListener>& listener) override {
        std::lock_guard<std::mutex> lock(mu_);
        for (const auto& e : on_adapters_) {
            if (e.first == type && static_cast<OnListenerAdapter*>(e.second.GetRefPtr())->listener() == listener) {
                return 0;
            }
        }
        OHOS::sptr<AA::IRemoteOnListener> stub(new OnListenerAdapter(listener));
        on_adapters_.push_back({type, stub});
        (void)ams()->RegisterOnListener(type, stub);
        return 0;
    }
    // DelListener: DMS removes the object from every type; so do we.
    std::int32_t del_continue_state_listener(const std::string&,
                                             const std::shared_ptr<ContinueStateListener>& listener) override {
        std::lock_guard<std::mutex> lock(mu_);
        for (auto it = on_adapters_.begin(); it != on_adapters_.end();) {
            if (static_cast<OnListenerAdapter*>(it->second.GetRefPtr())->listener() == listener) {
                (void)ams()->RegisterOffListener(it->first, it->second);
                it = on_adapters_.erase(it);
            } else {
                ++it;
            }
        }
        return 0;
    }

private:
    struct Registration {
        std::string device_id;
        OHOS::sptr<AA::IRemoteMissionListener> adapter;
        bool synced;  // DMS's `called` for this entry, as far as the agent saw
    };
    using Registrations = std::vector<Registration>;
    Registrations::iterator find_registration(const std::string& device_id,
                                              const std::shared_ptr<RemoteMissionListener>& listener) {
        for (auto it = adapters_.begin(); it != adapters_.end(); ++it) {
            auto* a = static_cast<ListenerAdapter*>(it->adapter.GetRefPtr());
            if (it->device_id == device_id && a->listener() == listener) return it;
        }
        return adapters_.end();
    }
    std::mutex mu_;
    Registrations adapters_;
    std::vector<std::pair<std::string, OHOS::sptr<AA::IRemoteOnListener>>> on_adapters_;
};

// -- WantAgent ------------------------------------------------------------------------------

// A JS WantAgent's native object: WantAgent(PendingWant(target)), as
// SetOnNapiGetWantAgentCallback wraps it; hollow when AMS gave a null target.
class OhosWantAgent : public WantAgentHandle {
public:
    OhosWantAgent(std::shared_ptr<WA::WantAgent> a, bool null_target) : agent(std::move(a)), hollow_(null_target) {}
    bool hollow() const override { return hollow_; }
    const void* type_tag() const override { return type_tag_of<OhosWantAgent>(); }
    std::shared_ptr<WA::WantAgent> agent;

private:
    bool hollow_;
};

const OhosWantAgent& ours(const WantAgentHandle& h) { return static_cast<const OhosWantAgent&>(h); }

class Completion : public WA::CompletedCallback {
public:
    explicit Completion(TriggerCompletion done) : done_(std::move(done)) {}
    void OnSendFinished(const AA::Want& want, int code, const std::string& data, const AA::WantParams&) override {
        if (done_) done_(from_aa(want), code, data);
    }

private:
    TriggerCompletion done_;
};

class WantAgentOverHelper : public WantAgentBackend {
public:
    explicit WantAgentOverHelper(std::int32_t foreground_user) : foreground_user_(foreground_user) {}
    bool owns(const HandlePtr& h) const override { return tag_cast<const OhosWantAgent>(h.get()) != nullptr; }
    // The agent holds a native token (agent_identity.h): the system-caller
    // paths apply; it has no ability context.
    bool caller_is_system_app() const override { return true; }
    bool caller_has_stage_context() const override { return true; }
    bool caller_has_ability_context() const override { return false; }

    // WantAgentHelper::GetWantAgent's own checks first (want_agent_helper.cpp:
    // no wants, a flag mask of 0, an unknown operation type are
    // ERR_ABILITY_RUNTIME_EXTERNAL_INVALID_PARAMETER, 401), then
    // WantAgentClient::GetWantSender, whose code rejects as
    // SetOnNapiGetWantAgentCallback rejects it.  ERR_OK with a null sender (AMS
    // refused the caller) resolves, as there, a WantAgent around a null target:
    // hollow, and what is asked of it later fails.  userId -1 means the
    // caller's user to AMS; for the agent that is the foreground user, passed
    // explicitly.
    std::int32_t get_want_agent(const WantAgentInfo& info, std::shared_ptr<WantAgentHandle>& out) override {
        std::uint32_t flags = transform_flags(info.flags);
        // The operation types GetWantAgent's switch knows; START_SERVICE_EXTENSION from 5.x.
        const auto last_type = OHBRIDGE_OHOS_RELEASE_START_SERVICE_EXTENSION ? OperationType::START_SERVICE_EXTENSION
                                                                              : OperationType::START_FOREGROUND_SERVICE;
        bool known_type = info.operation_type >= static_cast<std::int32_t>(OperationType::START_ABILITY) &&
                          info.operation_type <= static_cast<std::int32_t>(last_type);
        if (info.wants.empty() || flags == 0 || !known_type) return js::PARAM_INVALID;
        std::vector<std::shared_ptr<AA::Want>> wants;
        for (const auto& w : info.wants) wants.push_back(to_aa(w));
        std::int32_t user = info.user_id < 0 ? foreground_user_ : info.user_id;
        AA::WantSenderInfo sender_info = release::want_sender_info(info.operation_type, info.request_code, flags, user,
                                                                   wants, params_to_aa(info.extra_info));
        OHOS::sptr<AA::IWantSender> target;
        std::int32_t rc = release::get_want_sender(sender_info, target);
        if (rc != OHOS::ERR_OK) return rc;
        auto agent = std::make_shared<WA::WantAgent>(std::make_shared<WA::PendingWant>(target));
        out = std::make_shared<OhosWantAgent>(agent, target == nullptr);
        return 0;
    }
    std::int32_t trigger(const WantAgentHandle& h, const TriggerInfo& info, TriggerCompletion done) override {
        WA::TriggerInfo params(info.permission,
                               info.extra_info ? std::make_shared<AA::WantParams>(params_to_aa(*info.extra_info))
                                               : nullptr,
                               info.want ? to_aa(*info.want) : nullptr, info.code);
        return release::trigger_want_agent(ours(h).agent, std::make_shared<Completion>(std::move(done)), params);
    }
    std::int32_t trigger_sync(const WantAgentHandle& h, const TriggerInfo& info, Want& want_out,
                              std::int32_t& final_code) override {
        std::mutex mu;
        std::condition_variable cv;
        bool finished = false;
        std::int32_t rc = trigger(h, info, [&](const Want& w, std::int32_t code, const std::string&) {
            std::lock_guard<std::mutex> lock(mu);
            want_out = w;
            final_code = code;
            finished = true;
            cv.notify_all();
        });
        if (rc != 0) return rc;
        std::unique_lock<std::mutex> lock(mu);
        cv.wait_for(lock, std::chrono::seconds(10), [&] { return finished; });
        return finished ? 0 : 2097167;
    }
    std::int32_t cancel(const WantAgentHandle& h) override { return release::cancel_want_agent(ours(h).agent); }
    std::int32_t get_bundle_name(const WantAgentHandle& h, std::string& out) override {
        return WA::WantAgentHelper::GetBundleName(ours(h).agent, out);
    }
    std::int32_t get_uid(const WantAgentHandle& h, std::int32_t& out) override {
        return WA::WantAgentHelper::GetUid(ours(h).agent, out);
    }
    std::int32_t get_operation_type(const WantAgentHandle& h, std::int32_t& out) override {
        return WA::WantAgentHelper::GetType(ours(h).agent, out);
    }
    std::int32_t get_want(const WantAgentHandle& h, Want& out) override {
        // OnNapiGetWant hands GetWant a Want to fill: WantAgentClient::
        // GetPendingRequestWant refuses a null one (INVALID_PARAMETERS_ERR).
        auto w = std::make_shared<AA::Want>();
        std::int32_t rc = WA::WantAgentHelper::GetWant(ours(h).agent, w);
        if (rc == 0 && w) out = from_aa(*w);
        return rc;
    }
    // HandleAsyncTaskResult (ENABLE_ERRCODE, as @ohos.app.ability.wantAgent is
    // built): ERR_OK is true, ERR_NOT_OK (-1, PendingWant::IsEquals' NOTEQ) is
    // false, any other code rejects (a hollow agent: 401, a dead target: its code).
    std::int32_t equal(const WantAgentHandle& a, const WantAgentHandle& b, bool& out) override {
        constexpr OHOS::ErrCode kNotEqual = -1;
        OHOS::ErrCode rc = WA::WantAgentHelper::IsEquals(ours(a).agent, ours(b).agent);
        if (rc != OHOS::ERR_OK && rc != kNotEqual) return rc;
        out = rc == OHOS::ERR_OK;
        return 0;
    }

private:
    std::int32_t foreground_user_;
};

// -- the agent Service -------------------------------------------------------------------------

class OhosService : public agent::Service {
public:
    OhosService(std::shared_ptr<CallbackSink> sink, const BeforeLeavingRoot& before_leaving_root)
        : identity_(agent_identity(before_leaving_root)),
          dispatcher_(std::make_shared<Dispatcher>(std::move(sink))),
          want_agent_(identity_.foreground_user),
          want_agent_module_(want_agent_, *dispatcher_, profile_),
          dmm_module_(dms_, dispatcher_, profile_),
          mission_module_(missions_, dispatcher_),
          app_module_(app_) {}
    ~OhosService() override { close(); }
    const char* kind() const override { return "ohos"; }
    Outcome invoke(const std::string& method, const std::vector<Value>& args) override {
        std::lock_guard<std::mutex> lock(mu_);  // the modules are not thread-safe, as a JS engine is single-threaded
        auto dot = method.find('.');
        if (dot == std::string::npos) throw std::invalid_argument("method must be <module>.<export>: " + method);
        std::string module = method.substr(0, dot), name = method.substr(dot + 1);
        if (module == "wantAgent") return want_agent_module_.call(name, args);
        if (module == "distributedMissionManager") return dmm_module_.call(name, args);
        if (module == "missionManager") return mission_module_.call(name, args);
        if (module == "app") return app_module_.call(name, args);
        throw std::invalid_argument("unknown module: " + module);
    }
    bool flush(std::int64_t timeout_ms) override { return dispatcher_->flush(timeout_ms); }
    Value control(const std::string& name, const Array&, const Object&) override {
        throw std::invalid_argument("world controls exist only on the stub agent (--stub): " + name);
    }
    void close() override { dispatcher_->stop(false); }
    void forget_caller(const std::function<bool(const FunctionRef&)>& owned) override {
        std::lock_guard<std::mutex> lock(mu_);
        dmm_module_.forget_caller(owned);
    }

private:
    AgentIdentity identity_;  // first: taken before any member touches an inner API
    std::mutex mu_;
    ApiProfile profile_;
    std::shared_ptr<Dispatcher> dispatcher_;
    WantAgentOverHelper want_agent_;
    DistributedOverAms dms_;
    MissionManagerOverAms missions_;
    WantAgentModule want_agent_module_;
    DistributedMissionManagerModule dmm_module_;
    MissionManagerModule mission_module_;
    AppOverAms app_;
    AppModule app_module_;
};

}  // namespace

}  // namespace ohbridge::ohos

namespace ohbridge::agent {
std::unique_ptr<Service> make_ohos_service(std::shared_ptr<CallbackSink> sink,
                                           const std::function<void(std::uint32_t uid)>& before_leaving_root) {
    return std::make_unique<ohos::OhosService>(std::move(sink), before_leaving_root);
}
}  // namespace ohbridge::agent

#ifdef OHBRIDGE_OHOS_DRIFT_CHECKS
// Built against a real source tree: every inner API used above must be the one
// ohos_inner_api_decls.h declares for this release.
#include "inner_api_drift.h"
#endif
