#include "ohbridge/stub/pending_want_manager.h"

#include <algorithm>
#include <atomic>
#include <functional>

#include "ohbridge/errors.h"

namespace ohbridge::stub {

namespace {

std::size_t mix(std::size_t seed, std::size_t h) {
    return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

// Want::PARAM_APP_CLONE_INDEX_KEY.
const char* const kAppCloneIndex = "ohos.extra.param.key.appCloneIndex";

// A fault injected as -1 stands for "the IPC to AMS failed"; each API then
// fails with the code its client maps an IPC failure to.
constexpr std::int32_t kIpcFailure = -1;

std::int32_t injected(SimDevice& local, const char* method, std::int32_t ipc_code) {
    std::int32_t f = local.services.faults.take(method);
    if (f == 0) return 0;
    return f == kIpcFailure ? ipc_code : f;
}

void remove_clone_index(Want& want) {
    if (!want.parameters.has(kAppCloneIndex)) return;
    auto& obj = want.parameters.as_object();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (it->first == kAppCloneIndex) {
            obj.erase(it);
            return;
        }
    }
}

// PendingWantManager::GetWantSender, for a caller that is neither a system
// app nor an SA: what each release does to the wants before they are keyed.
void filter_third_party_wants(const ApiProfile& profile, std::int32_t type, const std::string& creator,
                              std::vector<Want>& wants) {
    if (profile.strips_last_want_clone_index_only()) {
        if (!wants.empty()) remove_clone_index(wants.back());
        return;
    }
    if (!profile.drops_other_bundle_wants() || static_cast<OperationType>(type) == OperationType::SEND_COMMON_EVENT) {
        return;
    }
    for (std::size_t i = 0; i < wants.size();) {
        if (wants[i].bundle_name != creator) {
            wants.erase(wants.begin() + static_cast<std::ptrdiff_t>(i));
            // 5.1.0: `info.allWants.erase(it)` and then the loop's `++it`,
            // so the want that moved into this slot is passed over.
            if (profile.drop_loop_skips_after_erase()) ++i;
        } else {
            remove_clone_index(wants[i]);
            ++i;
        }
    }
}

bool is_start_type(std::int32_t type) {
    auto t = static_cast<OperationType>(type);
    return t == OperationType::START_ABILITY || t == OperationType::START_ABILITIES ||
           t == OperationType::START_SERVICE || t == OperationType::START_FOREGROUND_SERVICE;
}

}  // namespace

// ---------------------------------------------------------------------------
// PendingWantKey / PendingWantManager

bool PendingWantKey::matches(const PendingWantKey& o) const {
    // CheckPendingWantRecordByKey; flags and allWants are deliberately absent.
    return app_index == o.app_index && bundle_name == o.bundle_name && type == o.type &&
           request_who == o.request_who && request_code == o.request_code &&
           request_resolved_type == o.request_resolved_type && user_id == o.user_id &&
           request_want.is_equals(o.request_want);
}

std::size_t PendingWantKey::match_hash() const {
    std::hash<std::string> hs;
    std::size_t h = hs(bundle_name);
    h = mix(h, static_cast<std::size_t>(type));
    h = mix(h, hs(request_who));
    h = mix(h, static_cast<std::size_t>(static_cast<std::uint32_t>(request_code)));
    h = mix(h, hs(request_resolved_type));
    h = mix(h, static_cast<std::size_t>(static_cast<std::uint32_t>(user_id)));
    h = mix(h, static_cast<std::size_t>(app_index));
    return mix(h, request_want.hash());
}

std::uint64_t PendingWantManager::next_id() {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
}

std::shared_ptr<PendingWantRecord> PendingWantManager::find_by_key(const PendingWantKey& key) const {
    auto range = by_key_.equal_range(key.match_hash());
    // The real scan returns the first match in map order; at most one live
    // record can match a key, because a match is always reused or replaced.
    for (auto it = range.first; it != range.second; ++it) {
        if (it->second->key.matches(key)) return it->second;
    }
    return nullptr;
}

std::shared_ptr<PendingWantRecord> PendingWantManager::get_want_sender(PendingWantKey key, std::int32_t app_uid,
                                                                         std::int32_t caller_uid,
                                                                         bool creator_system_app) {
    const bool need_create = (key.flags & pending_flags::NO_CREATE) == 0;
    const bool need_cancel = (key.flags & pending_flags::CANCEL_CURRENT) != 0;
    const bool need_update = (key.flags & pending_flags::UPDATE_CURRENT) != 0;

    auto ref = find_by_key(key);
    if (ref) {
        if (!need_cancel) {
            if (need_update && !key.all_wants.empty()) {
                // requestWant already IsEquals the new one, so this only
                // refreshes the non-last wants of START_ABILITIES.
                ref->key.request_want = key.all_wants.back();
                ref->key.request_resolved_type = key.all_wants.back().type;
                ref->key.all_wants = key.all_wants;
                ref->caller_uid = caller_uid;
            }
            return ref;  // its stored flags stay as its creator set them
        }
        cancel(ref);
    }
    if (!need_create) {
        // NO_BUILD + CANCEL_PRESENT with a match hands back the record it
        // just canceled.
        return ref;
    }
    auto rec = std::make_shared<PendingWantRecord>();
    rec->key = std::move(key);
    rec->key.code = ++last_code_;
    rec->uid = app_uid;
    rec->caller_uid = caller_uid;
    rec->creator_system_app = creator_system_app;
    by_key_.emplace(rec->key.match_hash(), rec);
    by_code_.emplace(rec->key.code, rec);
    return rec;
}

void PendingWantManager::cancel(const std::shared_ptr<PendingWantRecord>& rec) {
    rec->canceled = true;
    erase(rec);
}

void PendingWantManager::erase(const std::shared_ptr<PendingWantRecord>& rec) {
    auto it = by_code_.find(rec->key.code);
    if (it == by_code_.end() || it->second != rec) return;
    by_code_.erase(it);
    auto range = by_key_.equal_range(rec->key.match_hash());
    for (auto k = range.first; k != range.second; ++k) {
        if (k->second == rec) {
            by_key_.erase(k);
            break;
        }
    }
}

std::shared_ptr<PendingWantRecord> PendingWantManager::find_live(std::int32_t code) const {
    auto it = by_code_.find(code);
    return it == by_code_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<PendingWantRecord>> PendingWantManager::records() const {
    std::vector<std::shared_ptr<PendingWantRecord>> out;
    out.reserve(by_code_.size());
    for (const auto& kv : by_code_) out.push_back(kv.second);
    return out;
}

void PendingWantManager::clear() {
    for (auto& kv : by_code_) kv.second->canceled = true;
    by_code_.clear();
    by_key_.clear();
}

// ---------------------------------------------------------------------------
// StubWantAgentBackend

bool StubWantAgentBackend::owns(const HandlePtr& h) const {
    auto* agent = tag_cast<const StubWantAgent>(h.get());
    return agent != nullptr && agent->owner() == manager().id();
}

PendingWantManager& StubWantAgentBackend::manager() const {
    // Each device's AMS runs its own PendingWantManager: an agent made on
    // one device is no WantAgent to another.
    auto& slot = local().services.pending_wants;
    if (!slot) slot = std::make_shared<PendingWantManager>();
    return *slot;
}

bool StubWantAgentBackend::caller_is_system_app() const { return caller().system_app; }

std::int32_t StubWantAgentBackend::get_want_agent(const WantAgentInfo& info,
                                                  std::shared_ptr<WantAgentHandle>& out) {
    World& w = *world_;
    const CallerIdentity& caller = this->caller();
    // WantAgentHelper::GetWantAgent, client side.
    if (!caller.has_context) return js::PARAM_INVALID;
    if (info.wants.empty()) return js::PARAM_INVALID;
    std::vector<std::int32_t> known = info.flags;
    if (!w.profile.knows_allow_cancel_flag()) {
        known.erase(std::remove(known.begin(), known.end(), static_cast<std::int32_t>(WantAgentFlag::ALLOW_CANCEL)),
                    known.end());
        if (known.empty() && !info.flags.empty()) return js::PARAM_INVALID;  // only unknown values: mask 0
    }
    std::uint32_t flags = transform_flags(known);
    if (flags == 0) return js::PARAM_INVALID;

    PendingWantKey key;
    key.type = info.operation_type;
    key.request_code = info.request_code;
    key.flags = flags;
    key.bundle_name = caller.bundle_name;  // context->GetBundleName()
    const bool has_extra = info.extra_info.is_plain_object() && !info.extra_info.as_object().empty();
    switch (static_cast<OperationType>(info.operation_type)) {
        case OperationType::START_ABILITY: {
            Want want = info.wants.front();
            if (has_extra) want.parameters = info.extra_info;  // replaced entirely, so extraInfo is in the key
            // PendingWant::GetAbility is the only getter that takes userId
            // (6.1 on; up to 6.0 the NAPI never reads it): the want's bundle
            // becomes the sender's.
            if (info.user_id >= 0 && w.profile.reads_want_agent_user_id()) {
                key.bundle_name = want.bundle_name;
                key.user_id = info.user_id;
            }
            key.all_wants = {want};
            break;
        }
        case OperationType::START_ABILITIES:
            for (Want want : info.wants) {
                if (has_extra) want.parameters = info.extra_info;
                key.all_wants.push_back(std::move(want));
            }
            break;
        case OperationType::START_SERVICE:
        case OperationType::START_FOREGROUND_SERVICE:
        case OperationType::START_SERVICE_EXTENSION:
        case OperationType::SEND_COMMON_EVENT:
            key.all_wants = {info.wants.front()};  // extraInfo is ignored for these
            break;
        default:
            return js::PARAM_INVALID;  // UNKNOWN_TYPE, missing (-1) or out of range
    }
    if (std::int32_t f = injected(local(), "wantAgent.getWantAgent", js::INVALID_WANTAGENT)) return f;

    // AbilityManagerService::GetWantSender: appUid is the BMS uid of the last
    // want's bundle, or the release's starting value when there is none.
    const Want& last = key.all_wants.back();
    std::int32_t app_uid = last.bundle_name.empty() ? -1 : local().uid_of(last.bundle_name);
    if (app_uid == -1) app_uid = w.profile.unresolved_app_uid();
    const bool privileged = caller.system_app || caller.system_ability;
    bool refused = false;
    if (key.user_id > 0) {
        // GetWantSenderByUserId (6.1 on): a system app, an SA or a user-0
        // caller gets the want bundle's uid, anyone else its own; then
        // CheckSenderWantInfo(appUid) compares the bundle of that uid.
        const bool by_bundle = caller.system_ability || caller.user_id == 0 || caller.system_app;
        app_uid = by_bundle ? local().uid_of(last.bundle_name) : caller.uid;
        const std::string& owner = by_bundle ? last.bundle_name : caller.bundle_name;
        if (!caller.system_ability && (app_uid == -1 || key.bundle_name != owner)) refused = true;
        if (!by_bundle) key.user_id = caller.user_id;
    } else if (!caller.system_ability && key.bundle_name != caller.bundle_name) {
        refused = true;  // CheckSenderWantInfo(callerUid)
    }
    if (static_cast<OperationType>(key.type) != OperationType::SEND_COMMON_EVENT && caller.uid != app_uid &&
        !privileged) {
        refused = true;
    }
    if (static_cast<OperationType>(key.type) == OperationType::START_SERVICE_EXTENSION && !privileged &&
        w.profile.has_service_extension_agents()) {
        refused = true;
    }
    if (refused) {
        // The client still returns ERR_OK: JS gets a WantAgent with a null target.
        out = std::make_shared<StubWantAgent>(nullptr, manager().id());
        return 0;
    }
    if (!privileged) filter_third_party_wants(w.profile, key.type, key.bundle_name, key.all_wants);
    key.request_want = key.all_wants.back();
    key.request_resolved_type = key.request_want.type;
    auto rec = manager().get_want_sender(std::move(key), app_uid, caller.uid, caller.system_app);
    out = std::make_shared<StubWantAgent>(rec, manager().id());
    return 0;
}

std::int32_t StubWantAgentBackend::send(const std::shared_ptr<PendingWantRecord>& rec, const TriggerInfo& info,
                                        Want& built, bool& completed) {
    World& w = *world_;
    const CallerIdentity& caller = this->caller();
    const std::uint32_t flags = rec->key.flags;
    completed = false;

    // PendingWantRecord::BuildSendWant: the stored want; trigger element/
    // action/uri/entities/bundle are ignored, only params may flow in.
    built = rec->key.request_want;
    const bool keeps_flags = (flags & pending_flags::IMMUTABLE) != 0 ||
                             (flags & pending_flags::ALLOW_CANCEL) != 0;
    if (!keeps_flags) built.flags |= flags;
    if ((flags & pending_flags::IMMUTABLE) == 0 || !w.profile.constant_blocks_trigger_params()) {
        Value trigger_params(Object{});
        if (info.extra_info) {
            trigger_params = *info.extra_info;  // extraInfo replaces the trigger want's params
        } else if (info.want) {
            trigger_params = info.want->parameters;
        }
        if (trigger_params.is_plain_object()) {
            for (const auto& m : trigger_params.as_object()) {
                if (!built.parameters.has(m.first)) built.parameters.set(m.first, m.second);
            }
        }
    }
    if (w.profile.send_sets_app_clone_index() && !built.parameters.has(kAppCloneIndex)) {
        built.parameters.set(kAppCloneIndex, static_cast<std::int64_t>(rec->key.app_index));
    }

    // PendingWantManager::CheckPermission: starting from the background needs
    // focus, the permission, or an SA caller.  The completion still fires.
    if (w.profile.checks_trigger_caller_foreground() && !rec->canceled && is_start_type(rec->key.type) &&
        !caller.foreground && !caller.system_ability &&
        !caller.has_permission(permission::START_ABILITIES_FROM_BACKGROUND)) {
        completed = true;
        return native::ERR_INVALID_VALUE;
    }
    if (rec->canceled) {
        // The finished receiver gets resultData "canceled"; from 4.1 the JS
        // callback is skipped for it.
        completed = !w.profile.suppresses_canceled_completion();
        return native::ERR_WANTAGENT_CANCELED;
    }
    if (flags & pending_flags::ONE_SHOT) {
        manager().cancel(rec);  // canceled and erased first; this trigger still runs
    }
    std::int32_t result = execute(*rec, built, info);
    // SenderInner up to 4.1: a published common event sets sendFinish = false.
    completed = !(result == 0 && static_cast<OperationType>(rec->key.type) == OperationType::SEND_COMMON_EVENT &&
                  !w.profile.completes_published_common_event());
    return result == 0 ? 0 : native::ERR_INVALID_VALUE;
}

std::int32_t StubWantAgentBackend::execute(PendingWantRecord& rec, const Want& built, const TriggerInfo& info) {
    World& w = *world_;
    switch (static_cast<OperationType>(rec.key.type)) {
        case OperationType::START_ABILITY:
        case OperationType::START_SERVICE:
        case OperationType::START_FOREGROUND_SERVICE:
            return w.start_ability(local_id_, built.device_id, built, rec.uid, "wantAgent");
        case OperationType::START_ABILITIES: {
            std::int32_t result = 0;
            for (std::size_t i = 0; i < rec.key.all_wants.size(); ++i) {
                const Want& want = (i + 1 == rec.key.all_wants.size()) ? built : rec.key.all_wants[i];
                std::int32_t r = w.start_ability(local_id_, want.device_id, want, rec.uid, "wantAgent");
                if (r != 0) result = r;
            }
            return result;
        }
        case OperationType::SEND_COMMON_EVENT:
            World::record(w.common_events, CommonEventRecord{built, info.code, info.permission, rec.caller_uid});
            return 0;
        case OperationType::START_SERVICE_EXTENSION: {
            // Up to 4.1 SenderInner has no case for it: `default:`, success.
            if (!w.profile.has_service_extension_agents()) return 0;
            if (!caller().system_app && !caller().system_ability) return native::ERR_INVALID_VALUE;
            Want want = built;
            want.flags = 0;
            return w.start_ability(local_id_, want.device_id, want, rec.uid, "wantAgent");
        }
        default:
            return 0;
    }
}

std::int32_t StubWantAgentBackend::trigger(const WantAgentHandle& agent, const TriggerInfo& info,
                                           TriggerCompletion done) {
    const auto& target = static_cast<const StubWantAgent&>(agent).target();
    if (!target) return js::INVALID_WANTAGENT;  // checked in the client: no IPC, no callback
    if (injected(local(), "wantAgent.trigger", js::SERVICE_TIMEOUT)) return js::SERVICE_TIMEOUT;
    Want built;
    bool completed = false;
    std::int32_t r = send(target, info, built, completed);
    if (completed && done) {
        done(built, info.code, r == native::ERR_WANTAGENT_CANCELED ? "canceled" : "");
    }
    return r;
}

std::int32_t StubWantAgentBackend::trigger_sync(const WantAgentHandle& agent, const TriggerInfo& info,
                                                Want& want_out, std::int32_t& final_code) {
    const auto& target = static_cast<const StubWantAgent&>(agent).target();
    if (!target) return js::INVALID_WANTAGENT;
    if (std::int32_t f = injected(local(), "wantAgent.triggerAsync", js::SERVICE_TIMEOUT)) return f;
    bool completed = false;
    std::int32_t r = send(target, info, want_out, completed);
    final_code = info.code;
    if (r == native::ERR_WANTAGENT_CANCELED) return js::WANTAGENT_CANCELED;
    if (r != 0) return js::INVALID_WANTAGENT;
    return 0;
}

std::int32_t StubWantAgentBackend::cancel(const WantAgentHandle& agent) {
    const auto& target = static_cast<const StubWantAgent&>(agent).target();
    if (!target) return js::PARAM_INVALID;
    if (std::int32_t f = injected(local(), "wantAgent.cancel", js::SERVICE_BUSY)) return f;
    const CallerIdentity& caller = this->caller();
    // PendingWantManager::CancelWantSender: only a system app or an SA
    // cancels; anyone else gets success and nothing happens.  Up to 5.0.0
    // "system app" is the record's creating bundle, from 5.1.0 the caller
    // (AbilityManagerService::CancelWantSender, 47de711698).
    const bool system_app = world_->profile.cancel_asks_the_creator_bundle() ? target->creator_system_app
                                                                             : caller.system_app;
    if (!system_app && !caller.system_ability) return 0;
    manager().cancel(target);
    return 0;
}

std::int32_t StubWantAgentBackend::get_bundle_name(const WantAgentHandle& agent, std::string& out) {
    const auto& target = static_cast<const StubWantAgent&>(agent).target();
    if (!target) return js::INVALID_WANTAGENT;
    if (std::int32_t f = injected(local(), "wantAgent.getBundleName", js::SERVICE_BUSY)) return f;
    out = manager().is_live(*target) ? target->key.bundle_name : "";
    return 0;
}

std::int32_t StubWantAgentBackend::get_uid(const WantAgentHandle& agent, std::int32_t& out) {
    const auto& target = static_cast<const StubWantAgent&>(agent).target();
    if (!target) return js::INVALID_WANTAGENT;
    if (std::int32_t f = injected(local(), "wantAgent.getUid", js::SERVICE_BUSY)) return f;
    out = manager().is_live(*target) ? target->uid : -1;
    return 0;
}

std::int32_t StubWantAgentBackend::get_operation_type(const WantAgentHandle& agent, std::int32_t& out) {
    const auto& target = static_cast<const StubWantAgent&>(agent).target();
    if (!target) return js::INVALID_WANTAGENT;
    if (std::int32_t f = injected(local(), "wantAgent.getOperationType", js::SERVICE_TIMEOUT)) return f;
    // AMS answers -1 for a gone record; the client clamps it to UNKNOWN_TYPE.
    out = manager().is_live(*target) ? target->key.type : 0;
    return 0;
}

std::int32_t StubWantAgentBackend::get_want(const WantAgentHandle& agent, Want& out) {
    const auto& target = static_cast<const StubWantAgent&>(agent).target();
    if (!target) return js::INVALID_WANTAGENT;
    if (std::int32_t f = injected(local(), "wantAgent.getWant", js::SERVICE_TIMEOUT)) return f;
    if (!manager().is_live(*target)) return js::SERVICE_TIMEOUT;  // AMS errors, the client says "timeout"
    out = target->key.request_want;
    return 0;
}

std::int32_t StubWantAgentBackend::code_of(const WantAgentHandle& agent) const {
    const auto& target = static_cast<const StubWantAgent&>(agent).target();
    return manager().is_live(*target) ? target->key.code : -1;
}

std::int32_t StubWantAgentBackend::equal(const WantAgentHandle& a, const WantAgentHandle& b, bool& out) {
    if (a.hollow() || b.hollow()) return js::INVALID_WANTAGENT;
    if (std::int32_t f = injected(local(), "wantAgent.equal", js::SERVICE_TIMEOUT)) return f;
    // Record identity by code; a gone record answers -1, so two dead agents
    // compare equal.
    out = code_of(a) == code_of(b);
    return 0;
}

}  // namespace ohbridge::stub
