#!/bin/sh
# connect() in one hdc shell: probe the device, check the installed agent
# against the host's builds, and attach to the running agent or start one.
# usage: connect.sh DIR MODE IDLE_MS NEED_ROOT N  KEY SHA VERSION OPTIONS ...(N times)
#   MODE      attach (a current running agent is reused), or replace:PID (the
#             agent of that pid did not answer the host: start another)
#   IDLE_MS   the started agent stops this long after its last client left
#   NEED_ROOT 1: on an OpenHarmony device the agent needs root for its token
#   KEY       which devices a build is for: oh:ABI, oh:*, linux:ABI, linux:*
#   OPTIONS   the agent's launch options, words without spaces or quotes
# Prints key=value lines: the probe (machine, uid, abilist, debuggable,
# api_version), candidate=, installed=, sha256=, replaced_port= (a stale agent
# this run stopped or forgot), agent= (no-build, no-token, missing, stale,
# attached, started, failed), the state (pid, port, version), token= (the
# session token, read from the file only the agent's user can read), and
# status=done last.
set -u
dir=$1 mode=$2 idle=$3 need_root=$4 count=$5
shift 5
agent=$dir/ohbridge-agent state=$dir/agent.state tokens=$dir/agent.token
options_file=$dir/agent.options log=$dir/agent.log lock=$dir/connect.lock

param_value() {
    # `param get` prints 'Get parameter "K" fail! errNum is:N!' for a missing key.
    v=$(param get "$1" 2>/dev/null) || v=""
    case "$v" in "Get parameter"*) v="" ;; esac
    v=$(printf '%s' "$v" | head -n 1)
}
# The ABI as const.product.cpu.abilist names it (ohbridge.device_probe._MACHINE_ABI).
abi_of() {
    case "$1" in
        aarch64|arm64|arm64-v8a) echo arm64-v8a ;;
        armv7l|armv8l|armv7|armeabi-v7a) echo armeabi-v7a ;;
        x86_64|amd64) echo x86_64 ;;
        *) echo "" ;;
    esac
}
# A process that has exited but not been reaped yet (a zombie) still answers kill -0.
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    st=$(cut -d ' ' -f 3 "/proc/$1/stat" 2>/dev/null)
    [ "$st" != "Z" ]
}
done_() { echo "status=done"; exit 0; }

machine=$(uname -m 2>/dev/null)
uid=$(id -u 2>/dev/null)
echo "machine=$machine"
echo "uid=$uid"
param_value const.product.cpu.abilist; abilist=$v; echo "abilist=$abilist"
param_value const.debuggable; echo "debuggable=$v"
param_value const.ohos.apiversion; echo "api_version=$v"

abi=""
old_ifs=$IFS; IFS=,
for entry in $abilist; do
    abi=$(abi_of "$(echo "$entry" | tr -d ' ')")
    [ -n "$abi" ] && break
done
IFS=$old_ifs
[ -z "$abi" ] && abi=$(abi_of "$machine")
if [ -n "$abilist" ]; then kind=oh; else kind=linux; fi

key="" sha="" version="" options=""
i=0
while [ $i -lt "$count" ]; do
    k=$1 s=$2 ver=$3 o=$4
    shift 4
    if [ -z "$key" ] && { [ "$k" = "$kind:$abi" ] && [ -n "$abi" ] || [ "$k" = "$kind:*" ]; }; then
        key=$k sha=$s version=$ver options=$o
    fi
    i=$((i + 1))
done
# An exact ABI match wins over a build for any ABI: candidates come most specific first.
echo "candidate=$key"
[ -n "$key" ] || { echo "agent=no-build"; done_; }
if [ "$kind" = oh ] && [ "$need_root" = 1 ] && [ "$uid" != 0 ]; then
    echo "agent=no-token"
    done_
fi

mkdir -p "$dir" && chmod 700 "$dir" || { echo "error: cannot create $dir"; echo "agent=failed"; done_; }
# One connect at a time changes the agent; a lock whose holder died is broken.
tries=0
until mkdir "$lock" 2>/dev/null; do
    holder=$(cat "$lock/pid" 2>/dev/null)
    if [ -n "$holder" ] && ! alive "$holder"; then rm -rf "$lock"; continue; fi
    tries=$((tries + 1))
    if [ $tries -ge 200 ]; then
        echo "error: another connect (pid $holder) holds $lock"
        echo "agent=failed"
        done_
    fi
    sleep 0.05
done
echo $$ >"$lock/pid"
trap 'rm -rf "$lock"' EXIT

# The recorded agent: running (alive, this boot), and which one.
pid="" port="" running=0
if [ -f "$state" ]; then
    pid=$(sed -n 's/^pid=//p' "$state")
    port=$(sed -n 's/^port=//p' "$state")
    recorded_boot=$(sed -n 's/^boot_id=//p' "$state")
    boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)
    if [ -n "$recorded_boot" ] && [ -n "$boot" ] && [ "$recorded_boot" != "$boot" ]; then
        # Left from before a reboot: its pid may be anyone's now; never signal it.
        pid=""
    elif [ -n "$pid" ] && alive "$pid"; then
        running=1
    fi
fi
forget() {
    # Stop the recorded agent (if it still runs) and drop its files; the host
    # removes its forwards to the port named here.
    if [ "$running" = 1 ]; then
        kill "$pid" 2>/dev/null
        n=0
        while alive "$pid" && [ $n -lt 40 ]; do sleep 0.05; n=$((n + 1)); done
        kill -9 "$pid" 2>/dev/null
    fi
    [ -n "$port" ] && echo "replaced_port=$port"
    rm -f "$state" "$tokens" "$options_file"
    running=0
}
[ -f "$state" ] && [ "$running" = 0 ] && forget

if [ ! -x "$agent" ]; then
    echo "installed=0"
    echo "agent=missing"
    done_
fi
echo "installed=1"
have=$(sha256sum "$agent" 2>/dev/null | cut -d ' ' -f 1)
echo "sha256=$have"
if [ -n "$have" ]; then
    [ "$have" = "$sha" ] && current=1 || current=0
else
    have_version=$("$agent" --version 2>/dev/null | sed -n 's/^ohbridge-agent //p')
    echo "version=$have_version"
    [ -n "$version" ] && [ "$have_version" = "$version" ] && current=1 || current=0
fi
if [ "$current" = 0 ]; then
    [ -f "$state" ] && forget
    echo "agent=stale"
    done_
fi

if [ "$running" = 1 ]; then
    if [ "$mode" != "replace:$pid" ] && [ -r "$tokens" ] && [ "$(cat "$options_file" 2>/dev/null)" = "$options" ]; then
        cat "$state"
        echo "agent=attached"
        echo "token=$(cat "$tokens")"
        done_
    fi
    forget  # another world, an agent that did not answer, or one without a readable token
fi

# shellcheck disable=SC2086 # OPTIONS are words by contract
set -- $options
rm -f "$tokens"
# No terminal and no inherited output pipe: this command must end while the agent goes on.
if command -v nohup >/dev/null 2>&1; then
    nohup "$agent" "$@" --listen 127.0.0.1:0 --token-out "$tokens" --state-file "$state" --idle-exit-ms "$idle" \
        >"$log" 2>&1 </dev/null &
else
    "$agent" "$@" --listen 127.0.0.1:0 --token-out "$tokens" --state-file "$state" --idle-exit-ms "$idle" \
        >"$log" 2>&1 </dev/null &
fi
started=$!
n=0
while [ $n -lt 200 ]; do
    if [ -f "$state" ]; then
        printf '%s\n' "$options" >"$options_file"
        cat "$state"
        echo "agent=started"
        echo "token=$(cat "$tokens")"
        done_
    fi
    alive "$started" || break
    sleep 0.02
    n=$((n + 1))
done
kill -9 "$started" 2>/dev/null
echo "error: the agent did not start"
tail -n 20 "$log" 2>/dev/null | sed 's/^/log: /'
echo "agent=failed"
done_
