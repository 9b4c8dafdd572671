# The OpenHarmony release OhosBackend is built for, and where its inner-API
# headers come from.  Included by native/agent/CMakeLists.txt.
#
#   OHBRIDGE_OHOS_RELEASE  4.1 | 5.1 | 6.0 | master (default: the newest).  It
#                          selects the declarations and the adapter
#                          (native/ohos/release/ohos_release_select.h).
#   OHBRIDGE_OHOS_SYSROOT  an SDK-style sysroot (include/, lib/) for a device build.
#   OHBRIDGE_OHOS_SOURCE   an OpenHarmony source tree (laid out as the repos'
#                          bundle.json destPath say: foundation/ability/ability_runtime,
#                          base/security/access_token, ...): the backend is compiled
#                          against its real headers with every drift assert on
#                          (target ohbridge-ohos-backend-check; docs/agent.md).

set(OHBRIDGE_OHOS_RELEASE "master" CACHE STRING "OpenHarmony release the OhosBackend is built for: 4.1, 5.1, 6.0 or master")
set_property(CACHE OHBRIDGE_OHOS_RELEASE PROPERTY STRINGS 4.1 5.1 6.0 master)
set(OHBRIDGE_OHOS_SOURCE "" CACHE PATH "OpenHarmony source tree to compile OhosBackend against (drift check)")

set(_ohbridge_release_numbers 4.1 401 5.1 501 6.0 600 master 700)
list(FIND _ohbridge_release_numbers "${OHBRIDGE_OHOS_RELEASE}" _index)
if(_index LESS 0 OR OHBRIDGE_OHOS_RELEASE MATCHES "^[0-9]+$")
  message(FATAL_ERROR "OHBRIDGE_OHOS_RELEASE must be 4.1, 5.1, 6.0 or master, not '${OHBRIDGE_OHOS_RELEASE}'")
endif()
math(EXPR _index "${_index} + 1")
list(GET _ohbridge_release_numbers ${_index} OHBRIDGE_OHOS_RELEASE_NUMBER)

# The include directories of the inner APIs the backend includes and of what
# their headers include, relative to the source root: the public include_dirs
# of ability_runtime's ability_manager and wantagent_innerkits configs
# (including services/abilitymgr/include), ability_base's base/want,
# access_token's kits, ipc_core, c_utils and what those pull in.  Directories
# a release lacks are harmless.
set(OHBRIDGE_OHOS_SOURCE_INCLUDE_DIRS
  .
  foundation/ability/ability_runtime/interfaces/inner_api/ability_manager/include
  foundation/ability/ability_runtime/interfaces/inner_api/wantagent/include
  foundation/ability/ability_runtime/interfaces/inner_api/app_manager/include/appmgr
  foundation/ability/ability_runtime/interfaces/kits/native/ability/native
  foundation/ability/ability_runtime/interfaces/kits/native/appkit/ability_runtime
  foundation/ability/ability_runtime/services/abilitymgr/include
  foundation/ability/ability_base/interfaces/inner_api/base/include
  foundation/ability/ability_base/interfaces/kits/native/want/include
  foundation/ability/ability_base/interfaces/kits/native/uri/include
  foundation/ability/ability_base/interfaces/kits/native/session_info/include
  foundation/ability/ability_base/interfaces/kits/native/configuration/include
  base/security/access_token/interfaces/innerkits/nativetoken/include
  base/security/access_token/interfaces/innerkits/token_setproc/include
  base/security/access_token/interfaces/innerkits/accesstoken/include
  base/account/os_account/interfaces/innerkits/osaccount/native/include
  base/account/os_account/interfaces/innerkits/domain_account/native/include
  base/account/os_account/interfaces/innerkits/common/include
  base/account/os_account/frameworks/common/include
  foundation/communication/ipc/interfaces/innerkits/ipc_core/include
  commonlibrary/c_utils/base/include
  foundation/bundlemanager/bundle_framework/interfaces/inner_api/appexecfwk_base/include
  foundation/bundlemanager/bundle_framework/interfaces/inner_api/appexecfwk_base/include/clone
  foundation/bundlemanager/bundle_framework/interfaces/inner_api/appexecfwk_core/include
  foundation/bundlemanager/bundle_framework/interfaces/inner_api/appexecfwk_core/include/bundlemgr
  foundation/bundlemanager/bundle_framework/interfaces/inner_api/appexecfwk_core/include/app_control
  foundation/bundlemanager/bundle_framework/interfaces/inner_api/appexecfwk_core/include/bundle_resource
  foundation/bundlemanager/bundle_framework/interfaces/inner_api/appexecfwk_core/include/default_app
  foundation/bundlemanager/bundle_framework/interfaces/inner_api/appexecfwk_core/include/extend_resource
  foundation/bundlemanager/bundle_framework/interfaces/inner_api/appexecfwk_core/include/overlay
  foundation/bundlemanager/bundle_framework/interfaces/inner_api/appexecfwk_core/include/quick_fix
  foundation/bundlemanager/bundle_framework/interfaces/inner_api/appexecfwk_core/include/verify
  base/global/resource_management/interfaces/inner_api/include
  base/notification/common_event_service/interfaces/inner_api
  base/notification/eventhandler/interfaces/inner_api
  base/notification/eventhandler/frameworks/eventhandler/include
  foundation/multimedia/image_framework/interfaces/innerkits/include
  foundation/graphic/graphic_2d/utils/color_manager/export
  third_party/skia
  third_party/json/single_include
  third_party/bounds_checking_function/include)

# Compile `target` against the inner API of the chosen release: the real
# headers (sysroot or source tree) or, with neither, the declarations header.
function(ohbridge_ohos_inner_api target)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/native/ohos)
  # mission_snapshot.h: the system libraries are built with these, so must the agent be.
  target_compile_definitions(${target} PRIVATE OHBRIDGE_WITH_OHOS SUPPORT_GRAPHICS SUPPORT_SCREEN
                             OHBRIDGE_OHOS_RELEASE=${OHBRIDGE_OHOS_RELEASE_NUMBER})
  if(OHBRIDGE_OHOS_SOURCE)
    if(NOT EXISTS "${OHBRIDGE_OHOS_SOURCE}/foundation/ability/ability_runtime/interfaces/inner_api")
      message(FATAL_ERROR "OHBRIDGE_OHOS_SOURCE=${OHBRIDGE_OHOS_SOURCE} is not an OpenHarmony source tree "
                          "(no foundation/ability/ability_runtime/interfaces/inner_api)")
    endif()
    set(_dirs "")
    foreach(_dir IN LISTS OHBRIDGE_OHOS_SOURCE_INCLUDE_DIRS)
      list(APPEND _dirs "${OHBRIDGE_OHOS_SOURCE}/${_dir}")
    endforeach()
    # jsoncpp's headers are in its tarball; third_party/jsoncpp/install.py
    # unpacks it as jsoncpp-<version>/.
    file(GLOB _jsoncpp "${OHBRIDGE_OHOS_SOURCE}/third_party/jsoncpp/jsoncpp-*/include")
    # Extra directories (e.g. the idl-generated headers of a built out/ tree).
    set(OHBRIDGE_OHOS_EXTRA_INCLUDE_DIRS "" CACHE STRING "More include directories for an OHBRIDGE_OHOS_SOURCE build")
    target_include_directories(${target} SYSTEM PRIVATE ${OHBRIDGE_OHOS_EXTRA_INCLUDE_DIRS} ${_dirs} ${_jsoncpp})
  elseif(OHBRIDGE_OHOS_SYSROOT)
    target_include_directories(${target} PRIVATE "${OHBRIDGE_OHOS_SYSROOT}/include")
  else()
    return()  # the declarations header (CI)
  endif()
  target_compile_definitions(${target} PRIVATE OHBRIDGE_OHOS_REAL_HEADERS OHBRIDGE_OHOS_DRIFT_CHECKS)
  # master's want.h uses std::array without including <array>; from 5.1 the
  # bundle framework's extension_ability_info.h narrows 0x80000000 into int.
  target_compile_options(${target} PRIVATE -include array
                         $<$<CXX_COMPILER_ID:Clang>:-Wno-c++11-narrowing> $<$<CXX_COMPILER_ID:GNU>:-Wno-narrowing>)
endfunction()
