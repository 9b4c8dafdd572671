// Drift asserts: every inner API OhosBackend uses, as ohos_inner_api_decls.h
// declares it for the build's release.  Compiled
//  * against the real headers of an OpenHarmony source tree
//    (-DOHBRIDGE_OHOS_SOURCE=..., OHBRIDGE_OHOS_DRIFT_CHECKS): a release whose
//    headers differ from the declarations fails to build, naming the API;
//  * in CI against the declarations themselves (they must hold there), and
//    against deliberately altered copies of them (each alteration must fail):
//    tests/agent/test_ohos_backend_compiles.py.
//
// Each check fails when the signature differs: a function's address must
// convert to exactly the declared pointer type (an overload set picks the one
// overload of that type, or none), constructors must accept the declared
// arguments, struct members must have the declared types, base classes must
// be the declared ones; with the real headers, layouts that a system library
// writes into are checked by size.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "mission_continue_stub.h"
#include "ohos_inner_api_decls.h"

namespace ohbridge::ohos::drift {

namespace AA = OHOS::AAFwk;
namespace WA = OHOS::AbilityRuntime::WantAgent;
using OHOS::ErrCode;
using OHOS::sptr;
using std::string;

// Compiles only when `address` converts to exactly T (function pointers and
// member-function pointers have no conversions between different signatures).
template <typename T>
constexpr bool declared_as(T) {
    return true;
}
#define OHBRIDGE_DRIFT_FN(T, address, what) static_assert(declared_as<T>(address), what)
template <typename Struct, typename T>
using member_of = T Struct::*;
#define OHBRIDGE_DRIFT_MEMBER(Struct, member, T) \
    static_assert(std::is_same_v<decltype(&Struct::member), member_of<Struct, T>>, #Struct "::" #member " is not " #T)

// -- AbilityManagerClient (ability_manager_client.h) ------------------------------------------
using Client = AA::AbilityManagerClient;
OHBRIDGE_DRIFT_FN(std::shared_ptr<Client> (*)(), &Client::GetInstance, "AbilityManagerClient::GetInstance");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&, int32_t, std::vector<AA::MissionInfo>&), &Client::GetMissionInfos,
                  "AbilityManagerClient::GetMissionInfos");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&, int32_t, AA::MissionInfo&), &Client::GetMissionInfo,
                  "AbilityManagerClient::GetMissionInfo");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&, int32_t, AA::MissionSnapshot&, bool),
                  &Client::GetMissionSnapshot, "AbilityManagerClient::GetMissionSnapshot");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(int32_t), &Client::MoveMissionToFront, "AbilityManagerClient::MoveMissionToFront");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(int32_t), &Client::CleanMission, "AbilityManagerClient::CleanMission");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(), &Client::CleanAllMissions, "AbilityManagerClient::CleanAllMissions");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(int32_t), &Client::LockMissionForCleanup,
                  "AbilityManagerClient::LockMissionForCleanup");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(int32_t), &Client::UnlockMissionForCleanup,
                  "AbilityManagerClient::UnlockMissionForCleanup");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&, bool, int64_t), &Client::StartSyncRemoteMissions,
                  "AbilityManagerClient::StartSyncRemoteMissions");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&), &Client::StopSyncRemoteMissions,
                  "AbilityManagerClient::StopSyncRemoteMissions");
#if OHBRIDGE_OHOS_RELEASE_START_ABILITY_FULL_TOKEN_ID
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const AA::Want&, int, int32_t, uint64_t), &Client::StartAbility,
                  "AbilityManagerClient::StartAbility(want, requestCode, userId, specifiedFullTokenId)");
#else
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const AA::Want&, int, int32_t), &Client::StartAbility,
                  "AbilityManagerClient::StartAbility(want, requestCode, userId)");
#endif
#if OHBRIDGE_OHOS_RELEASE_KILL_PROCESS_ARGS == 4
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&, bool, int32_t, const string&), &Client::KillProcess,
                  "AbilityManagerClient::KillProcess(bundleName, clearPageStack, appIndex, reason)");
#elif OHBRIDGE_OHOS_RELEASE_KILL_PROCESS_ARGS == 3
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&, bool, int32_t), &Client::KillProcess,
                  "AbilityManagerClient::KillProcess(bundleName, clearPageStack, appIndex)");
#else
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&), &Client::KillProcess, "AbilityManagerClient::KillProcess(bundleName)");
#endif
OHBRIDGE_DRIFT_FN(OHOS::AppExecFwk::ElementName (Client::*)(bool), &Client::GetTopAbility,
                  "AbilityManagerClient::GetTopAbility(isNeedLocalDeviceId)");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&, sptr<AA::IRemoteMissionListener>),
                  &Client::RegisterMissionListener, "AbilityManagerClient::RegisterMissionListener(deviceId, listener)");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&, sptr<AA::IRemoteMissionListener>),
                  &Client::UnRegisterMissionListener,
                  "AbilityManagerClient::UnRegisterMissionListener(deviceId, listener)");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&, sptr<AA::IRemoteOnListener>), &Client::RegisterOnListener,
                  "AbilityManagerClient::RegisterOnListener");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&, sptr<AA::IRemoteOnListener>), &Client::RegisterOffListener,
                  "AbilityManagerClient::RegisterOffListener");
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&, const string&, int32_t, sptr<OHOS::IRemoteObject>,
                                      AA::WantParams&),
                  &Client::ContinueMission, "AbilityManagerClient::ContinueMission(src, dst, missionId, ...)");
#if OHBRIDGE_OHOS_RELEASE_HAS_CONTINUE_MISSION_INFO
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(AA::ContinueMissionInfo, const sptr<OHOS::IRemoteObject>&),
                  &Client::ContinueMission, "AbilityManagerClient::ContinueMission(ContinueMissionInfo, callback)");
OHBRIDGE_DRIFT_MEMBER(AA::ContinueMissionInfo, dstDeviceId, string);
OHBRIDGE_DRIFT_MEMBER(AA::ContinueMissionInfo, srcDeviceId, string);
OHBRIDGE_DRIFT_MEMBER(AA::ContinueMissionInfo, bundleName, string);
OHBRIDGE_DRIFT_MEMBER(AA::ContinueMissionInfo, srcBundleName, string);
OHBRIDGE_DRIFT_MEMBER(AA::ContinueMissionInfo, continueType, string);
OHBRIDGE_DRIFT_MEMBER(AA::ContinueMissionInfo, wantParams, AA::WantParams);
#else
OHBRIDGE_DRIFT_FN(ErrCode (Client::*)(const string&, const string&, const string&, sptr<OHOS::IRemoteObject>,
                                      AA::WantParams&),
                  &Client::ContinueMission, "AbilityManagerClient::ContinueMission(src, dst, bundleName, ...)");
#endif

// -- missions (mission_info.h, mission_snapshot.h, element_name.h) ---------------------------
OHBRIDGE_DRIFT_MEMBER(AA::MissionInfo, continueState, AA::ContinueState);
OHBRIDGE_DRIFT_MEMBER(AA::MissionInfo, id, int32_t);
OHBRIDGE_DRIFT_MEMBER(AA::MissionInfo, runningState, int32_t);
OHBRIDGE_DRIFT_MEMBER(AA::MissionInfo, lockedState, bool);
OHBRIDGE_DRIFT_MEMBER(AA::MissionInfo, continuable, bool);
OHBRIDGE_DRIFT_MEMBER(AA::MissionInfo, unclearable, bool);
OHBRIDGE_DRIFT_MEMBER(AA::MissionInfo, abilityState, int32_t);
OHBRIDGE_DRIFT_MEMBER(AA::MissionInfo, time, string);
OHBRIDGE_DRIFT_MEMBER(AA::MissionInfo, label, string);
OHBRIDGE_DRIFT_MEMBER(AA::MissionInfo, iconPath, string);
OHBRIDGE_DRIFT_MEMBER(AA::MissionInfo, want, AA::Want);
static_assert(std::is_base_of_v<OHOS::Parcelable, AA::MissionInfo>, "MissionInfo is a Parcelable");
OHBRIDGE_DRIFT_MEMBER(AA::MissionSnapshot, topAbility, OHOS::AppExecFwk::ElementName);
OHBRIDGE_DRIFT_MEMBER(AA::MissionSnapshot, isPrivate, bool);
OHBRIDGE_DRIFT_MEMBER(AA::MissionSnapshot, snapshot, std::shared_ptr<OHOS::Media::PixelMap>);
using Element = OHOS::AppExecFwk::ElementName;
OHBRIDGE_DRIFT_FN(string (Element::*)() const, &Element::GetDeviceID, "ElementName::GetDeviceID");
OHBRIDGE_DRIFT_FN(string (Element::*)() const, &Element::GetBundleName, "ElementName::GetBundleName");
OHBRIDGE_DRIFT_FN(string (Element::*)() const, &Element::GetAbilityName, "ElementName::GetAbilityName");
OHBRIDGE_DRIFT_FN(string (Element::*)() const, &Element::GetModuleName, "ElementName::GetModuleName");

// -- Want (want.h, operation.h) -----------------------------------------------------------------
using AA::Want;
OHBRIDGE_DRIFT_FN(Element (Want::*)() const, &Want::GetElement, "Want::GetElement");
OHBRIDGE_DRIFT_FN(Want& (Want::*)(const string&, const string&, const string&, const string&), &Want::SetElementName,
                  "Want::SetElementName(deviceId, bundleName, abilityName, moduleName)");
OHBRIDGE_DRIFT_FN(string (Want::*)() const, &Want::GetAction, "Want::GetAction");
OHBRIDGE_DRIFT_FN(Want& (Want::*)(const string&), &Want::SetAction, "Want::SetAction");
OHBRIDGE_DRIFT_FN(const std::vector<string>& (Want::*)() const, &Want::GetEntities, "Want::GetEntities");
OHBRIDGE_DRIFT_FN(Want& (Want::*)(const string&), &Want::AddEntity, "Want::AddEntity");
OHBRIDGE_DRIFT_FN(string (Want::*)() const, &Want::GetType, "Want::GetType");
OHBRIDGE_DRIFT_FN(Want& (Want::*)(const string&), &Want::SetType, "Want::SetType");
OHBRIDGE_DRIFT_FN(string (Want::*)() const, &Want::GetUriString, "Want::GetUriString");
OHBRIDGE_DRIFT_FN(Want& (Want::*)(const string&), &Want::SetUri, "Want::SetUri(string)");
OHBRIDGE_DRIFT_FN(unsigned int (Want::*)() const, &Want::GetFlags, "Want::GetFlags");
OHBRIDGE_DRIFT_FN(Want& (Want::*)(unsigned int), &Want::SetFlags, "Want::SetFlags");
OHBRIDGE_DRIFT_FN(const AA::WantParams& (Want::*)() const, &Want::GetParams, "Want::GetParams");
OHBRIDGE_DRIFT_FN(Want& (Want::*)(const AA::WantParams&), &Want::SetParams, "Want::SetParams");
OHBRIDGE_DRIFT_FN(AA::Operation (Want::*)() const, &Want::GetOperation, "Want::GetOperation");

// -- WantParams and its boxes (want_params.h, *_wrapper.h, base_interfaces.h, base_types.h) --------
using ParamsMap = std::map<string, sptr<AA::IInterface>>;
OHBRIDGE_DRIFT_FN(void (AA::WantParams::*)(const string&, AA::IInterface*), &AA::WantParams::SetParam,
                  "WantParams::SetParam");
OHBRIDGE_DRIFT_FN(const ParamsMap& (AA::WantParams::*)() const, &AA::WantParams::GetParams, "WantParams::GetParams");
OHBRIDGE_DRIFT_FN(bool (AA::WantParams::*)() const, &AA::WantParams::IsEmpty, "WantParams::IsEmpty");
OHBRIDGE_DRIFT_FN(sptr<AA::IBoolean> (*)(bool), &AA::Boolean::Box, "Boolean::Box");
OHBRIDGE_DRIFT_FN(bool (*)(AA::IBoolean*), &AA::Boolean::Unbox, "Boolean::Unbox");
OHBRIDGE_DRIFT_FN(sptr<AA::IInteger> (*)(int), &AA::Integer::Box, "Integer::Box");
OHBRIDGE_DRIFT_FN(int (*)(AA::IInteger*), &AA::Integer::Unbox, "Integer::Unbox");
OHBRIDGE_DRIFT_FN(long (*)(AA::ILong*), &AA::Long::Unbox, "Long::Unbox");
OHBRIDGE_DRIFT_FN(sptr<AA::IDouble> (*)(double), &AA::Double::Box, "Double::Box");
OHBRIDGE_DRIFT_FN(double (*)(AA::IDouble*), &AA::Double::Unbox, "Double::Unbox");
OHBRIDGE_DRIFT_FN(sptr<AA::IString> (*)(const string&), &AA::String::Box, "String::Box");
OHBRIDGE_DRIFT_FN(string (*)(AA::IString*), &AA::String::Unbox, "String::Unbox");
OHBRIDGE_DRIFT_FN(sptr<AA::IWantParams> (*)(const AA::WantParams&), &AA::WantParamWrapper::Box,
                  "WantParamWrapper::Box(const WantParams&)");
OHBRIDGE_DRIFT_FN(AA::WantParams (*)(AA::IWantParams*), &AA::WantParamWrapper::Unbox, "WantParamWrapper::Unbox");
OHBRIDGE_DRIFT_FN(void (*)(AA::IArray*, std::function<void(AA::IInterface*)>), &AA::Array::ForEach, "Array::ForEach");
OHBRIDGE_DRIFT_FN(ErrCode (AA::Array::*)(long, AA::IInterface*), &AA::Array::Set, "Array::Set");
static_assert(std::is_constructible_v<AA::Array, long, const AA::InterfaceID&>, "Array(long size, const InterfaceID&)");
static_assert(std::is_base_of_v<AA::Object, AA::Array> && std::is_base_of_v<AA::IArray, AA::Array>,
              "Array is an Object and an IArray");
static_assert(!std::is_base_of_v<OHOS::RefBase, AA::IInterface>, "IInterface is a pure interface, not a RefBase");
static_assert(std::is_base_of_v<OHOS::RefBase, AA::Object>, "Object is a RefBase");
OHBRIDGE_DRIFT_FN(AA::IBoolean* (*)(AA::IInterface*), &AA::IBoolean::Query, "IBoolean::Query");
OHBRIDGE_DRIFT_FN(AA::IInteger* (*)(AA::IInterface*), &AA::IInteger::Query, "IInteger::Query");
OHBRIDGE_DRIFT_FN(AA::ILong* (*)(AA::IInterface*), &AA::ILong::Query, "ILong::Query");
OHBRIDGE_DRIFT_FN(AA::IDouble* (*)(AA::IInterface*), &AA::IDouble::Query, "IDouble::Query");
OHBRIDGE_DRIFT_FN(AA::IString* (*)(AA::IInterface*), &AA::IString::Query, "IString::Query");
OHBRIDGE_DRIFT_FN(AA::IArray* (*)(AA::IInterface*), &AA::IArray::Query, "IArray::Query");
OHBRIDGE_DRIFT_FN(AA::IWantParams* (*)(AA::IInterface*), &AA::IWantParams::Query, "IWantParams::Query");
static_assert(std::is_same_v<decltype(AA::g_IID_IBoolean), const AA::InterfaceID> &&
                  std::is_same_v<decltype(AA::g_IID_IInteger), const AA::InterfaceID> &&
                  std::is_same_v<decltype(AA::g_IID_IDouble), const AA::InterfaceID> &&
                  std::is_same_v<decltype(AA::g_IID_IString), const AA::InterfaceID> &&
                  std::is_same_v<decltype(AA::g_IID_IWantParams), const AA::InterfaceID>,
              "g_IID_* are const InterfaceID");
OHBRIDGE_DRIFT_MEMBER(AA::Uuid, mData1, unsigned int);
OHBRIDGE_DRIFT_MEMBER(AA::Uuid, mData5, unsigned char[12]);

// -- listeners and stubs (remote_*_listener_{interface,stub}.h, iremote_*.h, message_parcel.h) ----
static_assert(std::is_base_of_v<OHOS::IRemoteBroker, AA::IRemoteMissionListener>,
              "IRemoteMissionListener is an IRemoteBroker");
static_assert(std::is_base_of_v<OHOS::IRemoteStub<AA::IRemoteMissionListener>, AA::RemoteMissionListenerStub>,
              "RemoteMissionListenerStub is an IRemoteStub<IRemoteMissionListener>");
OHBRIDGE_DRIFT_FN(void (AA::IRemoteMissionListener::*)(const string&), &AA::IRemoteMissionListener::NotifyMissionsChanged,
                  "IRemoteMissionListener::NotifyMissionsChanged");
OHBRIDGE_DRIFT_FN(void (AA::IRemoteMissionListener::*)(const string&, int32_t),
                  &AA::IRemoteMissionListener::NotifySnapshot, "IRemoteMissionListener::NotifySnapshot");
OHBRIDGE_DRIFT_FN(void (AA::IRemoteMissionListener::*)(const string&, int32_t),
                  &AA::IRemoteMissionListener::NotifyNetDisconnect, "IRemoteMissionListener::NotifyNetDisconnect");
static_assert(std::is_base_of_v<OHOS::IRemoteBroker, AA::IRemoteOnListener>, "IRemoteOnListener is an IRemoteBroker");
static_assert(std::is_base_of_v<OHOS::IRemoteStub<AA::IRemoteOnListener>, AA::RemoteOnListenerStub>,
              "RemoteOnListenerStub is an IRemoteStub<IRemoteOnListener>");
#if OHBRIDGE_OHOS_RELEASE_ON_CALLBACK_INFO
OHBRIDGE_DRIFT_FN(void (AA::IRemoteOnListener::*)(const AA::OnCallbackInfo&), &AA::IRemoteOnListener::OnCallback,
                  "IRemoteOnListener::OnCallback(const OnCallbackInfo&)");
OHBRIDGE_DRIFT_MEMBER(AA::OnCallbackInfo, continueState, uint32_t);
OHBRIDGE_DRIFT_MEMBER(AA::OnCallbackInfo, srcDeviceId, string);
OHBRIDGE_DRIFT_MEMBER(AA::OnCallbackInfo, bundleName, string);
OHBRIDGE_DRIFT_MEMBER(AA::OnCallbackInfo, continueType, string);
OHBRIDGE_DRIFT_MEMBER(AA::OnCallbackInfo, srcBundleName, string);
OHBRIDGE_DRIFT_MEMBER(AA::OnCallbackInfo, appIdentifiers, std::vector<string>);
#elif OHBRIDGE_OHOS_RELEASE_ON_CALLBACK_ARGS == 5
OHBRIDGE_DRIFT_FN(void (AA::IRemoteOnListener::*)(const uint32_t, const string&, const string&, const string&,
                                                  const string&),
                  &AA::IRemoteOnListener::OnCallback,
                  "IRemoteOnListener::OnCallback(state, srcDeviceId, bundleName, continueType, srcBundleName)");
#else
OHBRIDGE_DRIFT_FN(void (AA::IRemoteOnListener::*)(const uint32_t, const string&, const string&),
                  &AA::IRemoteOnListener::OnCallback, "IRemoteOnListener::OnCallback(state, srcDeviceId, bundleName)");
#endif
OHBRIDGE_DRIFT_FN(int (OHOS::IPCObjectStub::*)(uint32_t, OHOS::MessageParcel&, OHOS::MessageParcel&,
                                               OHOS::MessageOption&),
                  &OHOS::IPCObjectStub::OnRemoteRequest, "IPCObjectStub::OnRemoteRequest");
OHBRIDGE_DRIFT_FN(std::u16string (OHOS::MessageParcel::*)(), &OHOS::MessageParcel::ReadInterfaceToken,
                  "MessageParcel::ReadInterfaceToken");
OHBRIDGE_DRIFT_FN(int32_t (OHOS::Parcel::*)(), &OHOS::Parcel::ReadInt32, "Parcel::ReadInt32");
static_assert(std::is_base_of_v<OHOS::IPCObjectStub, OHOS::IRemoteStub<IContinuationResult>> &&
                  std::is_base_of_v<OHOS::IRemoteObject, OHOS::IPCObjectStub>,
              "IRemoteStub<I> is an IPCObjectStub, an IRemoteObject");
static_assert(std::is_convertible_v<ContinuationResultStub*, OHOS::IRemoteObject*>,
              "the continuation stub is the IRemoteObject ContinueMission takes");

// -- WantAgent (want_agent_helper.h, want_agent_client.h, want_agent.h, pending_want.h,
//    trigger_info.h, completed_callback.h, want_sender_info.h, wants_info.h) ---------------------
using Helper = WA::WantAgentHelper;
using AgentPtr = std::shared_ptr<WA::WantAgent>;
#if OHBRIDGE_OHOS_RELEASE_TRIGGER_CALLER_TOKEN
OHBRIDGE_DRIFT_FN(ErrCode (*)(AgentPtr, const std::shared_ptr<WA::CompletedCallback>&, const WA::TriggerInfo&,
                              sptr<WA::CompletedDispatcher>&, sptr<OHOS::IRemoteObject>),
                  &Helper::TriggerWantAgent, "WantAgentHelper::TriggerWantAgent (5 arguments)");
#else
OHBRIDGE_DRIFT_FN(ErrCode (*)(AgentPtr, const std::shared_ptr<WA::CompletedCallback>&, const WA::TriggerInfo&),
                  &Helper::TriggerWantAgent, "WantAgentHelper::TriggerWantAgent (3 arguments)");
#endif
#if OHBRIDGE_OHOS_RELEASE_CANCEL_FLAGS
OHBRIDGE_DRIFT_FN(ErrCode (*)(const AgentPtr, uint32_t), &Helper::Cancel, "WantAgentHelper::Cancel(agent, flags)");
static_assert(WA::FLAG_INVLID == 0, "FLAG_INVLID is 0");
#else
OHBRIDGE_DRIFT_FN(ErrCode (*)(const AgentPtr&), &Helper::Cancel, "WantAgentHelper::Cancel(agent)");
#endif
OHBRIDGE_DRIFT_FN(ErrCode (*)(const AgentPtr&, const AgentPtr&), &Helper::IsEquals, "WantAgentHelper::IsEquals");
OHBRIDGE_DRIFT_FN(ErrCode (*)(const AgentPtr&, string&), &Helper::GetBundleName, "WantAgentHelper::GetBundleName");
OHBRIDGE_DRIFT_FN(ErrCode (*)(const AgentPtr&, int32_t&), &Helper::GetUid, "WantAgentHelper::GetUid");
OHBRIDGE_DRIFT_FN(ErrCode (*)(const AgentPtr&, int32_t&), &Helper::GetType, "WantAgentHelper::GetType(agent, int32_t&)");
OHBRIDGE_DRIFT_FN(ErrCode (*)(const AgentPtr&, std::shared_ptr<AA::Want>&), &Helper::GetWant,
                  "WantAgentHelper::GetWant(agent, shared_ptr<Want>&)");
static_assert(std::is_constructible_v<WA::TriggerInfo, const string&, const std::shared_ptr<AA::WantParams>&,
                                      const std::shared_ptr<AA::Want>&, int>,
              "TriggerInfo(permission, extraInfo, want, resultCode)");
OHBRIDGE_DRIFT_FN(void (WA::CompletedCallback::*)(const AA::Want&, int, const string&, const AA::WantParams&),
                  &WA::CompletedCallback::OnSendFinished, "CompletedCallback::OnSendFinished");
static_assert(std::is_constructible_v<WA::WantAgent, const std::shared_ptr<WA::PendingWant>&>,
              "WantAgent(const shared_ptr<PendingWant>&)");
static_assert(std::is_constructible_v<WA::PendingWant, const sptr<AA::IWantSender>&>,
              "PendingWant(const sptr<IWantSender>&)");
static_assert(std::is_base_of_v<OHOS::IRemoteBroker, AA::IWantSender>, "IWantSender is an IRemoteBroker");
OHBRIDGE_DRIFT_FN(AA::WantAgentClient& (*)(), &AA::WantAgentClient::GetInstance, "WantAgentClient::GetInstance");
#if OHBRIDGE_OHOS_RELEASE_GET_WANT_SENDER_UID
OHBRIDGE_DRIFT_FN(ErrCode (AA::WantAgentClient::*)(const AA::WantSenderInfo&, const sptr<OHOS::IRemoteObject>&,
                                                  sptr<AA::IWantSender>&, int32_t),
                  &AA::WantAgentClient::GetWantSender, "WantAgentClient::GetWantSender(info, token, sender, uid)");
#else
OHBRIDGE_DRIFT_FN(ErrCode (AA::WantAgentClient::*)(const AA::WantSenderInfo&, const sptr<OHOS::IRemoteObject>&,
                                                  sptr<AA::IWantSender>&),
                  &AA::WantAgentClient::GetWantSender, "WantAgentClient::GetWantSender(info, token, sender)");
#endif
OHBRIDGE_DRIFT_MEMBER(AA::WantSenderInfo, type, int32_t);
OHBRIDGE_DRIFT_MEMBER(AA::WantSenderInfo, requestCode, int32_t);
OHBRIDGE_DRIFT_MEMBER(AA::WantSenderInfo, flags, uint32_t);
OHBRIDGE_DRIFT_MEMBER(AA::WantSenderInfo, userId, int32_t);
OHBRIDGE_DRIFT_MEMBER(AA::WantSenderInfo, bundleName, string);
OHBRIDGE_DRIFT_MEMBER(AA::WantSenderInfo, resultWho, string);
OHBRIDGE_DRIFT_MEMBER(AA::WantSenderInfo, allWants, std::vector<AA::WantsInfo>);
#if OHBRIDGE_OHOS_RELEASE_WANT_SENDER_INFO_APP_INDEX
OHBRIDGE_DRIFT_MEMBER(AA::WantSenderInfo, appIndex, int32_t);
#endif
OHBRIDGE_DRIFT_MEMBER(AA::WantsInfo, want, AA::Want);
OHBRIDGE_DRIFT_MEMBER(AA::WantsInfo, resolvedTypes, string);
// The operation types are the JS OperationType numbers the core validates.
static_assert(static_cast<int>(WA::WantAgentConstant::OperationType::UNKNOWN_TYPE) == 0 &&
                  static_cast<int>(WA::WantAgentConstant::OperationType::START_ABILITY) == 1 &&
                  static_cast<int>(WA::WantAgentConstant::OperationType::START_ABILITIES) == 2 &&
                  static_cast<int>(WA::WantAgentConstant::OperationType::START_SERVICE) == 3 &&
                  static_cast<int>(WA::WantAgentConstant::OperationType::SEND_COMMON_EVENT) == 4 &&
                  static_cast<int>(WA::WantAgentConstant::OperationType::START_FOREGROUND_SERVICE) == 5,
              "WantAgentConstant::OperationType numbering");
#if OHBRIDGE_OHOS_RELEASE_START_SERVICE_EXTENSION
static_assert(static_cast<int>(WA::WantAgentConstant::OperationType::START_SERVICE_EXTENSION) == 6,
              "WantAgentConstant::OperationType::START_SERVICE_EXTENSION");
#endif
OHBRIDGE_DRIFT_FN(string (AA::Operation::*)() const, &AA::Operation::GetBundleName, "Operation::GetBundleName");

// -- the token kit (nativetoken_kit.h, token_setproc.h, accesstoken_kit.h) -----------------------
OHBRIDGE_DRIFT_FN(uint64_t (*)(NativeTokenInfoParams*), &GetAccessTokenId, "GetAccessTokenId");
OHBRIDGE_DRIFT_FN(int (*)(uint64_t), &SetSelfTokenID, "SetSelfTokenID");
OHBRIDGE_DRIFT_FN(int32_t (*)(), &OHOS::Security::AccessToken::AccessTokenKit::ReloadNativeTokenInfo,
                  "AccessTokenKit::ReloadNativeTokenInfo");
OHBRIDGE_DRIFT_MEMBER(NativeTokenInfoParams, dcapsNum, int32_t);
OHBRIDGE_DRIFT_MEMBER(NativeTokenInfoParams, permsNum, int32_t);
OHBRIDGE_DRIFT_MEMBER(NativeTokenInfoParams, aclsNum, int32_t);
OHBRIDGE_DRIFT_MEMBER(NativeTokenInfoParams, dcaps, const char**);
OHBRIDGE_DRIFT_MEMBER(NativeTokenInfoParams, perms, const char**);
OHBRIDGE_DRIFT_MEMBER(NativeTokenInfoParams, acls, const char**);
OHBRIDGE_DRIFT_MEMBER(NativeTokenInfoParams, processName, const char*);
OHBRIDGE_DRIFT_MEMBER(NativeTokenInfoParams, aplStr, const char*);
#if OHBRIDGE_OHOS_RELEASE_NATIVE_TOKEN_UID
OHBRIDGE_DRIFT_MEMBER(NativeTokenInfoParams, uid, int32_t);
static_assert(sizeof(void*) != 8 || sizeof(NativeTokenInfoParams) == 64, "NativeTokenInfoParams has a trailing uid");
#else
static_assert(sizeof(void*) != 8 || sizeof(NativeTokenInfoParams) == 56, "NativeTokenInfoParams has no uid");
#endif

#ifdef OHBRIDGE_OHOS_REAL_HEADERS
// Layouts a system library writes into, with the real c_utils/ipc base classes
// (LP64; aarch64 and x86-64 agree): AMS's GetMissionSnapshot fills a
// MissionSnapshot of 184 bytes (with the SUPPORT_SCREEN PixelMap).
static_assert(sizeof(void*) != 8 || sizeof(AA::MissionSnapshot) == 184,
              "MissionSnapshot is not the 184-byte SUPPORT_SCREEN layout libability_manager fills");
#endif

#undef OHBRIDGE_DRIFT_FN
#undef OHBRIDGE_DRIFT_MEMBER
}  // namespace ohbridge::ohos::drift
