#!/bin/sh
# Stop the agent recorded in STATE_FILE (TERM, then KILL after 2 s).
# usage: stop.sh STATE_FILE
# Prints status=stopped or status=not-running.  A shared agent's token and
# options files (beside the state file) go too: an agent killed with -9 leaves them.
set -u
# A process that has exited but not been reaped yet (a zombie, until init
# collects it) still answers kill -0: it is not running.
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    st=$(cut -d ' ' -f 3 "/proc/$1/stat" 2>/dev/null)
    [ "$st" != "Z" ]
}
state=$1
dir=$(dirname "$state")
trap 'rm -f "$dir/agent.token" "$dir/agent.options"' EXIT
if [ ! -f "$state" ]; then
    echo "status=not-running"
    exit 0
fi
pid=$(sed -n 's/^pid=//p' "$state")
if [ -n "$pid" ] && alive "$pid"; then
    kill "$pid" 2>/dev/null
    i=0
    while alive "$pid" && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null
    rm -f "$state"
    echo "status=stopped"
else
    rm -f "$state"
    echo "status=not-running"
fi
