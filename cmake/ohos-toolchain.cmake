# Cross-compile ohbridge-agent for OpenHarmony with the native SDK.
#
#   cmake -S . -B build/ohos -G Ninja \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/ohos-toolchain.cmake \
#     -DOHOS_SDK_NATIVE=/path/to/sdk/<api>/native \
#     -DOHBRIDGE_OHOS=ON -DOHBRIDGE_OHOS_SYSROOT=/path/to/inner-api-sysroot \
#     -DMSGPACK_CXX_INCLUDE_DIR=$(python -c 'import msgpack_cxx;print(msgpack_cxx.get_include())')
#   cmake --build build/ohos --target ohbridge-agent
#   cp build/ohos/native/agent/ohbridge-agent python/ohbridge/bin/ohos-aarch64/
#
# OHOS_SDK_NATIVE: the SDK's `native` directory (it holds
# build/cmake/ohos.toolchain.cmake and the clang toolchain).
# OHBRIDGE_OHOS_SYSROOT: headers and libraries of the inner APIs
# (ability_runtime, ability_base, access_token, ipc, utils), i.e. an
# OpenHarmony build's out/ include and lib directories gathered in one tree
# (include/ and lib/).  The public SDK does not ship inner APIs.
set(OHOS_ARCH "arm64-v8a" CACHE STRING "OpenHarmony ABI")
set(OHOS_STL "c++_static" CACHE STRING "")
if(NOT OHOS_SDK_NATIVE AND DEFINED ENV{OHOS_SDK_NATIVE})
  set(OHOS_SDK_NATIVE "$ENV{OHOS_SDK_NATIVE}")
endif()
if(NOT OHOS_SDK_NATIVE OR NOT EXISTS "${OHOS_SDK_NATIVE}/build/cmake/ohos.toolchain.cmake")
  message(FATAL_ERROR "set OHOS_SDK_NATIVE to the OpenHarmony SDK's native directory")
endif()
include("${OHOS_SDK_NATIVE}/build/cmake/ohos.toolchain.cmake")
# The agent is the only target: no Python extension for the device.
set(OHBRIDGE_BUILD_PYTHON OFF CACHE BOOL "" FORCE)
