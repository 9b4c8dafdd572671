#!/bin/sh
# What the host needs to choose a backend, in one command: the machine, the
# shell's uid, and the parameters that say what the device is.
# usage: probe.sh
# Prints key=value lines; a parameter the device lacks prints an empty value.
set -u
param_value() {
    # `param get` prints 'Get parameter "K" fail! errNum is:N!' for a missing key.
    v=$(param get "$1" 2>/dev/null) || v=""
    case "$v" in "Get parameter"*) v="" ;; esac
    printf '%s=%s\n' "$2" "$(printf '%s' "$v" | head -n 1)"
}
echo "machine=$(uname -m 2>/dev/null)"
echo "uid=$(id -u 2>/dev/null)"
param_value const.product.cpu.abilist abilist
param_value const.debuggable debuggable
param_value const.ohos.apiversion api_version
echo "status=probed"
