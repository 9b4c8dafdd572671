// THE OpenHarmony inner-API declarations OhosBackend uses, and only those.
//
// Without OHBRIDGE_OHOS_REAL_HEADERS this header (with its parts in decls/,
// one a repository) *is* the inner API, as the
// default release (master, OHBRIDGE_OHOS_RELEASE_MASTER) declares it:
//  * namespaces, base classes and access exactly as in the real headers
//    (IInterface is a pure interface, not a RefBase; the listeners and
//    IWantSender derive from IRemoteBroker; ElementName is
//    OHOS::AppExecFwk::ElementName; Array is an Object and an IArray; ...);
//  * every struct the backend reads or fills member for member, in the real
//    order with the real defaults (MissionInfo, MissionSnapshot, Uuid,
//    WantSenderInfo, WantsInfo, ContinueMissionInfo, OnCallbackInfo,
//    NativeTokenInfoParams);
//  * of each class, the members the backend calls, with their real
//    signatures (default arguments included).  Members it does not use are
//    left out; nothing is added that the real class lacks.
// The few declarations that differ between releases are chosen by the same
// release macro as the adapter layer (release/), so the adapter of every
// release compiles here too.
//
// CI compiles ohos_backend.cpp against this header and the drift asserts
// (inner_api_drift.h) against it and against a deliberately altered copy
// (tests/agent/test_ohos_backend_compiles.py).  A build against a real source
// tree (-DOHBRIDGE_OHOS_SOURCE=..., docs/agent.md) includes the real headers
// instead, and the same asserts check them: the two agree exactly when both
// compile.  The host tests' link-seam fakes define what is declared here.
//
// Sources (master unless noted): commonlibrary_c_utils base/include
// (refbase.h, parcel.h, nocopyable.h); communication_ipc
// interfaces/innerkits/ipc_core/include (iremote_object.h, iremote_broker.h,
// ipc_object_stub.h, iremote_stub.h, message_parcel.h, message_option.h);
// ability_base interfaces/inner_api/base/include (base_types.h, base_def.h,
// base_interfaces.h, base_obj.h, *_wrapper.h) and interfaces/kits/native/want/
// include (element_name.h, want.h, want_params.h, array_wrapper.h,
// want_params_wrapper.h); ability_runtime interfaces/inner_api/ability_manager/
// include (ability_manager_client.h, mission_info.h, mission_snapshot.h,
// dms_continueInfo.h, remote_mission_listener_{interface,stub}.h,
// remote_on_listener_{interface,stub}.h, want_sender_info.h, wants_info.h,
// want_sender_interface.h, want_receiver_interface.h) and
// interfaces/inner_api/wantagent/include (want_agent_helper.h,
// want_agent_client.h, want_agent.h, pending_want.h, trigger_info.h,
// completed_callback.h, completed_dispatcher.h), services/abilitymgr/include/
// want_receiver_stub.h; security_access_token interfaces/innerkits
// (nativetoken_kit.h, token_setproc.h, accesstoken_kit.h); account_os_account
// interfaces/innerkits/osaccount/native/include (os_account_manager.h).
#pragma once

#include "release/ohos_release_select.h"

#ifndef OHBRIDGE_OHOS_REAL_HEADERS
// One part a repository (or two, for c_utils and ipc).
#include "decls/ipc.h"
#include "decls/ability_base.h"
#include "decls/ability_runtime.h"
#include "decls/access_token.h"
#include "decls/account_os_account.h"

#else  // the real headers: inner_api_drift.h checks them against the declarations of decls/
#include "ability_manager_client.h"
#include "accesstoken_kit.h"
#include "array_wrapper.h"
#include "bool_wrapper.h"
#include "completed_callback.h"
#include "completed_dispatcher.h"
#include "double_wrapper.h"
#include "element_name.h"
#include "int_wrapper.h"
#include "iremote_stub.h"
#include "long_wrapper.h"
#include "message_parcel.h"
#include "mission_info.h"
#include "mission_snapshot.h"
#include "nativetoken_kit.h"
#include "pending_want.h"
#include "remote_mission_listener_stub.h"
#include "remote_on_listener_stub.h"
#include "string_wrapper.h"
#include "token_setproc.h"
#include "trigger_info.h"
#include "want.h"
#include "want_agent.h"
#include "want_agent_client.h"
#include "want_agent_constant.h"
#include "want_agent_helper.h"
#include "want_params_wrapper.h"
#include "want_sender_info.h"
#include "wants_info.h"
#endif
