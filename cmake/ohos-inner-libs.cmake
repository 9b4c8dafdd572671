# The OpenHarmony system libraries OhosBackend links against, by the name the
# linker sees on a device (or in an OpenHarmony build's out/ tree).
#
# OpenHarmony builds shared libraries as lib<target>.z.so (build/toolchain/
# toolchain.gni: shlib_extension = ".z.so" when is_ohos), and GN prepends "lib"
# only to a target whose name lacks it.  So `-l<target>.z` finds each one:
# accesstoken_sdk.z, not libaccesstoken_sdk (that would look for
# liblibaccesstoken_sdk.so).  The SDK's own ohos.toolchain.cmake links
# -ldeviceinfo_ndk.z the same way.
#
# Each entry: link name | device file | GN external_deps kit (BUILD.gn) | what
# the backend takes from it.  Verified in the BUILD.gn files of
# OpenHarmony-v4.1-Release, 5.1.0-Release, 6.0-Release and master; the names
# are the same in all four.
set(OHBRIDGE_OHOS_INNER_LIBS
    # libability_manager.z.so | ability_runtime:ability_manager
    # AbilityManagerClient, RemoteMissionListenerStub, RemoteOnListenerStub
    ability_manager.z
    # libmission_info.z.so | ability_runtime:mission_info
    # MissionInfo, MissionSnapshot (a private dep of ability_manager, so the
    # agent names it itself)
    mission_info.z
    # libwantagent_innerkits.z.so | ability_runtime:wantagent_innerkits
    # WantAgentHelper, WantAgentClient, WantAgentInfo, TriggerInfo
    # (interfaces/inner_api/wantagent; "wantagent" is the JS module)
    wantagent_innerkits.z
    # libwant.z.so | ability_base:want
    # Want, WantParams, ElementName, Array, WantParamWrapper
    want.z
    # libbase.z.so | ability_base:base
    # the Boolean/Integer/Long/Double/String boxes (bool_wrapper.cpp, ...)
    base.z
    # libaccesstoken_sdk.z.so | access_token:libaccesstoken_sdk
    # AccessTokenKit::ReloadNativeTokenInfo
    accesstoken_sdk.z
    # libnativetoken_shared.z.so | GN: access_token:libnativetoken (static)
    # GetAccessTokenId; the static kit is not on a device, its shared twin
    # (same sources, interfaces/innerkits/nativetoken) is
    nativetoken_shared.z
    # libtokensetproc_shared.z.so | GN: access_token:libtoken_setproc (static)
    # SetSelfTokenID; likewise the shared twin of the static kit
    tokensetproc_shared.z
    # libipc_core.z.so | ipc:ipc_core
    # IRemoteStub, IPCSkeleton (from 5.1 a platformsdk symlink to
    # libipc_single.z.so: the agent then records that soname)
    ipc_core.z
    # libos_account_innerkits.z.so | os_account:os_account_innerkits
    # OsAccountManager::GetForegroundOsAccountLocalId (agent_identity.cpp)
    os_account_innerkits.z
    # libutils.z.so | c_utils:utils
    # RefBase, sptr
    utils.z
)
target_link_libraries(ohbridge-agent PRIVATE ${OHBRIDGE_OHOS_INNER_LIBS})
