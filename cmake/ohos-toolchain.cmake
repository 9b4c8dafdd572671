# Cross-compile ohbridge-agent for OpenHarmony with the native SDK
# (docs/agent.md, "Building the agent for a device", has the whole recipe).
#
#   $OHOS_SDK_NATIVE/build-tools/cmake/bin/cmake -S . -B build/ohos -G Ninja \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/ohos-toolchain.cmake \
#     -DOHOS_SDK_NATIVE=/path/to/sdk/native -DOHOS_ARCH=arm64-v8a \
#     -DOHBRIDGE_OHOS=ON -DOHBRIDGE_OHOS_SYSROOT=/path/to/inner-api-sysroot \
#     -DOHBRIDGE_OHOS_LIBCXX=/path/to/openharmony/prebuilts/clang/ohos/linux-x86_64/llvm \
#     -DMSGPACK_CXX_INCLUDE_DIR=$(python -c 'import msgpack_cxx;print(msgpack_cxx.get_include())')
#   cmake --build build/ohos --target ohbridge-agent
#
# OHOS_SDK_NATIVE: the SDK's `native` directory: build/cmake/ohos.toolchain.cmake,
#   llvm/ (clang), sysroot/ (musl), build-tools/cmake/ (a CMake that knows
#   CMAKE_SYSTEM_NAME OHOS), oh-uni-package.json.
# OHOS_ARCH: the SDK's ABI names, arm64-v8a (default), armeabi-v7a, x86_64.
# OHOS_STL: the SDK's c++_shared (its default), c++_static or none.
#
# With OHBRIDGE_OHOS=ON the agent calls C++ inner APIs of system libraries,
# and that decides two things the SDK's defaults get wrong for it:
# * The C++ runtime.  System libraries use libc++.so, whose symbols live in
#   std::__h; the SDK's c++_shared/c++_static (libcxx-ndk) use std::__n1, so an
#   agent built with them cannot link a single inner API taking a std::string
#   (OpenHarmony docs, reference/native-lib/cpp.md: the two must never mix).
#   So OHOS_STL=none plus the system libc++: OHBRIDGE_OHOS_LIBCXX, the prebuilt
#   LLVM an OpenHarmony source tree builds its system with (headers in
#   include/c++/v1 and include/<triple>/c++/v1, library lib/<triple>/libc++.so;
#   build/config/clang/clang.gni, build/common/musl/BUILD.gn).
# * RTTI.  OpenHarmony compiles every target with -fno-rtti (build/config/
#   BUILDCONFIG.gn default_compiler_configs: no_rtti), so libutils/libipc_core
#   carry no typeinfo for RefBase or IRemoteObject, and any RTTI-enabled class
#   deriving from them (the backend's IRemoteStub listeners) fails to link with
#   "undefined symbol: typeinfo for OHOS::...".  The agent is built with
#   -fno-rtti too, as BUILD.gn builds it.
set(OHOS_ARCH "arm64-v8a" CACHE STRING "OpenHarmony ABI: arm64-v8a, armeabi-v7a or x86_64")
if(NOT OHOS_SDK_NATIVE AND DEFINED ENV{OHOS_SDK_NATIVE})
  set(OHOS_SDK_NATIVE "$ENV{OHOS_SDK_NATIVE}")
endif()
if(NOT OHOS_SDK_NATIVE OR NOT EXISTS "${OHOS_SDK_NATIVE}/build/cmake/ohos.toolchain.cmake")
  message(FATAL_ERROR "set OHOS_SDK_NATIVE to the OpenHarmony SDK's native directory "
                      "(the one holding build/cmake/ohos.toolchain.cmake, llvm/ and sysroot/)")
endif()
foreach(_ohbridge_sdk_part llvm/bin/clang++ sysroot)
  if(NOT EXISTS "${OHOS_SDK_NATIVE}/${_ohbridge_sdk_part}")
    message(FATAL_ERROR "${OHOS_SDK_NATIVE} is not an SDK native directory: ${_ohbridge_sdk_part} is missing")
  endif()
endforeach()
if(NOT EXISTS "${CMAKE_ROOT}/Modules/Platform/OHOS.cmake")
  message(FATAL_ERROR "this CMake (${CMAKE_COMMAND}) does not know CMAKE_SYSTEM_NAME OHOS: "
                      "run the SDK's own, ${OHOS_SDK_NATIVE}/build-tools/cmake/bin/cmake")
endif()

# try_compile projects read this file again: hand them what it branches on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES OHBRIDGE_OHOS OHBRIDGE_OHOS_LIBCXX)

if(OHBRIDGE_OHOS)
  if(DEFINED OHOS_STL AND NOT OHOS_STL STREQUAL "none")
    message(FATAL_ERROR "OHBRIDGE_OHOS=ON needs the system C++ runtime (libc++.so, std::__h), "
                        "not OHOS_STL=${OHOS_STL} (libcxx-ndk, std::__n1): drop OHOS_STL")
  endif()
  set(OHOS_STL "none")
  if(NOT OHBRIDGE_OHOS_LIBCXX)
    message(FATAL_ERROR "OHBRIDGE_OHOS=ON needs OHBRIDGE_OHOS_LIBCXX: the LLVM an OpenHarmony tree builds "
                        "its system libraries with (<tree>/prebuilts/clang/ohos/linux-x86_64/llvm)")
  endif()
else()
  # A stub-only agent calls no system C++ API: the SDK's static runtime
  # keeps it one self-contained file.
  set(OHOS_STL "c++_static" CACHE STRING "")
endif()

include("${OHOS_SDK_NATIVE}/build/cmake/ohos.toolchain.cmake")

# CMake reads a toolchain file more than once in one scope (the SDK's guards
# itself the same way): add the runtime flags once.
if(OHBRIDGE_OHOS AND NOT _OHBRIDGE_SYSTEM_LIBCXX_APPLIED)
  set(_OHBRIDGE_SYSTEM_LIBCXX_APPLIED TRUE)
  set(_ohbridge_libcxx_site "${OHBRIDGE_OHOS_LIBCXX}/include/${OHOS_TOOLCHAIN_NAME}/c++/v1")
  set(_ohbridge_libcxx_lib "${OHBRIDGE_OHOS_LIBCXX}/lib/${OHOS_TOOLCHAIN_NAME}/libc++.so")
  foreach(_ohbridge_libcxx_part "${OHBRIDGE_OHOS_LIBCXX}/include/c++/v1/__config" "${_ohbridge_libcxx_lib}")
    if(NOT EXISTS "${_ohbridge_libcxx_part}")
      message(FATAL_ERROR "OHBRIDGE_OHOS_LIBCXX=${OHBRIDGE_OHOS_LIBCXX} is not the system LLVM for "
                          "${OHOS_TOOLCHAIN_NAME}: ${_ohbridge_libcxx_part} is missing")
    endif()
  endforeach()
  if(EXISTS "${_ohbridge_libcxx_site}/__config_site")
    file(STRINGS "${_ohbridge_libcxx_site}/__config_site" _ohbridge_abi_ns REGEX "_LIBCPP_ABI_NAMESPACE")
    if(_ohbridge_abi_ns AND NOT _ohbridge_abi_ns MATCHES "__h")
      message(FATAL_ERROR "${_ohbridge_libcxx_site}/__config_site has ${_ohbridge_abi_ns}: "
                          "that is not the system runtime (std::__h)")
    endif()
  endif()
  # -nostdinc++/-nostdlib++ come from the SDK's OHOS_STL=none; these put the
  # system runtime in their place.
  string(APPEND CMAKE_CXX_FLAGS " -isystem ${_ohbridge_libcxx_site} -isystem ${OHBRIDGE_OHOS_LIBCXX}/include/c++/v1 -fno-rtti")
  set(CMAKE_CXX_STANDARD_LIBRARIES_INIT "${CMAKE_CXX_STANDARD_LIBRARIES_INIT} ${_ohbridge_libcxx_lib}")
endif()

# The agent is the only target: no Python extension for the device.
set(OHBRIDGE_BUILD_PYTHON OFF CACHE BOOL "" FORCE)
