#!/bin/sh
# Report what is installed and running, one key=value per line.
# usage: health.sh AGENT STATE_FILE
set -u
# A process that has exited but not been reaped yet (a zombie, until init
# collects it) still answers kill -0: it is not running.
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    st=$(cut -d ' ' -f 3 "/proc/$1/stat" 2>/dev/null)
    [ "$st" != "Z" ]
}
agent=$1 state=$2
if [ -x "$agent" ]; then
    echo "installed=1"
    v=$("$agent" --version 2>/dev/null | sed -n 's/^ohbridge-agent //p')
    echo "version=$v"
    # toybox and busybox both have sha256sum; without it the host falls
    # back to the version string.
    s=$(sha256sum "$agent" 2>/dev/null | cut -d ' ' -f 1)
    echo "sha256=$s"
else
    echo "installed=0"
fi
if [ -f "$state" ]; then
    grep -E '^(pid|port)=' "$state"
    pid=$(sed -n 's/^pid=//p' "$state")
    if [ -n "$pid" ] && alive "$pid"; then echo "running=1"; else echo "running=0"; fi
else
    echo "running=0"
fi
