// A faithful model of AMS PendingWantManager (pending_want_manager.cpp: GetWantSenderLocked, SendWantSender, CancelWantSender)
// and of the client-side WantAgentHelper steps in front of it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "ohbridge/stub/world.h"
#include "ohbridge/want_agent_backend.h"

namespace ohbridge::stub {

struct PendingWantKey {
    std::string bundle_name;  // the creator (WantSenderInfo.bundleName)
    std::string request_who;  // resultWho: always "" from JS
    std::int32_t request_code = 0;
    std::uint32_t flags = 0;  // NOT part of the match
    std::int32_t user_id = -1;
    std::int32_t type = 0;
    std::int32_t app_index = 0;
    Want request_want;                // the last want
    std::string request_resolved_type;
    std::vector<Want> all_wants;
    std::int32_t code = 0;  // unique id, assigned on creation

    // CheckPendingWantRecordByKey.
    bool matches(const PendingWantKey& other) const;
    // A hash over exactly the matched fields, so that the index finds what
    // the real linear scan would.
    std::size_t match_hash() const;
};

struct PendingWantRecord {
    PendingWantKey key;
    std::int32_t uid = -1;         // BMS uid of the last want's bundle (appUid)
    std::int32_t caller_uid = -1;  // creator, updated by UPDATE_PRESENT
    // Whether the creating bundle is a system app: what cancel asks up to
    // 5.0.0 (AbilityManagerService::CancelWantSender reads the record's
    // bundle from BMS).
    bool creator_system_app = false;
    bool canceled = false;
};

class StubWantAgent : public WantAgentHandle {
public:
    StubWantAgent(std::shared_ptr<PendingWantRecord> target, std::uint64_t owner)
        : target_(std::move(target)), owner_(owner) {}
    const void* type_tag() const override { return type_tag_of<StubWantAgent>(); }
    bool hollow() const override { return target_ == nullptr; }
    const std::shared_ptr<PendingWantRecord>& target() const { return target_; }
    // The manager whose records this agent points into: an agent from one
    // simulated device is not a WantAgent to another.  An id, not an
    // address: a later manager may be allocated where a dead one was.
    std::uint64_t owner() const { return owner_; }

private:
    std::shared_ptr<PendingWantRecord> target_;
    std::uint64_t owner_;
};

class PendingWantManager {
public:
    // GetWantSenderLocked: nullptr means "null sender".
    std::shared_ptr<PendingWantRecord> get_want_sender(PendingWantKey key, std::int32_t app_uid,
                                                        std::int32_t caller_uid, bool creator_system_app);
    // Cancel and erase (MakeWantSenderCanceledLocked + erase).
    void cancel(const std::shared_ptr<PendingWantRecord>& rec);
    // GetPendingWantRecordByCode: the live record with this code, if any.
    std::shared_ptr<PendingWantRecord> find_live(std::int32_t code) const;
    bool is_live(const PendingWantRecord& rec) const {
        auto live = find_live(rec.key.code);
        return live != nullptr && live.get() == &rec;
    }
    std::uint64_t id() const { return id_; }

    std::size_t size() const { return by_code_.size(); }
    // Live records in creation order (aa dump -p lists them).
    std::vector<std::shared_ptr<PendingWantRecord>> records() const;
    void clear();

private:
    void erase(const std::shared_ptr<PendingWantRecord>& rec);
    std::shared_ptr<PendingWantRecord> find_by_key(const PendingWantKey& key) const;

    // The real system scans a linear list; the stub indexes by the hash of
    // the matched fields, so lookup stays flat with 100,000 live records.
    std::unordered_multimap<std::size_t, std::shared_ptr<PendingWantRecord>> by_key_;
    std::map<std::int32_t, std::shared_ptr<PendingWantRecord>> by_code_;
    // PendingRecordIdCreate: pre-increment from 1, never reused.
    std::int32_t last_code_ = 0;
    std::uint64_t id_ = next_id();
    static std::uint64_t next_id();
};

// WantAgentBackend over a World: WantAgentHelper + AbilityManagerService +
// PendingWantManager + PendingWantRecord::SenderInner.
class StubWantAgentBackend : public WantAgentBackend {
public:
    // The AMS of `local_id`: its PendingWantManager, its caller.
    StubWantAgentBackend(std::shared_ptr<World> world, std::string local_id)
        : world_(std::move(world)), local_id_(std::move(local_id)) {}

    bool owns(const HandlePtr& h) const override;
    bool caller_is_system_app() const override;
    bool caller_has_stage_context() const override { return caller().has_context; }
    bool caller_has_ability_context() const override { return caller().ability_context; }
    std::int32_t get_want_agent(const WantAgentInfo& info, std::shared_ptr<WantAgentHandle>& out) override;
    std::int32_t trigger(const WantAgentHandle& agent, const TriggerInfo& info, TriggerCompletion done) override;
    std::int32_t trigger_sync(const WantAgentHandle& agent, const TriggerInfo& info, Want& want_out,
                              std::int32_t& final_code) override;
    std::int32_t cancel(const WantAgentHandle& agent) override;
    std::int32_t get_bundle_name(const WantAgentHandle& agent, std::string& out) override;
    std::int32_t get_uid(const WantAgentHandle& agent, std::int32_t& out) override;
    std::int32_t get_operation_type(const WantAgentHandle& agent, std::int32_t& out) override;
    std::int32_t get_want(const WantAgentHandle& agent, Want& out) override;
    std::int32_t equal(const WantAgentHandle& a, const WantAgentHandle& b, bool& out) override;

    // The local device's manager.  Call with the world lock held.
    PendingWantManager& manager() const;

    void retarget(const std::string& id) { local_id_ = id; }

private:
    SimDevice& local() const { return world_->local_of(local_id_); }
    const CallerIdentity& caller() const { return local().services.caller; }
    // The native send result (0, ERR_INVALID_VALUE, ERR_WANTAGENT_CANCELED);
    // `completed` says whether the finished receiver would be called.
    std::int32_t send(const std::shared_ptr<PendingWantRecord>& rec, const TriggerInfo& info, Want& built,
                      bool& completed);
    std::int32_t execute(PendingWantRecord& rec, const Want& built, const TriggerInfo& info);
    std::int32_t code_of(const WantAgentHandle& agent) const;

    std::shared_ptr<World> world_;
    std::string local_id_;
};

}  // namespace ohbridge::stub
