#!/bin/sh
# Stop the agent recorded in STATE_FILE (TERM, then KILL after 2 s).
# usage: stop.sh STATE_FILE
# Prints status=stopped or status=not-running.
set -u
state=$1
if [ ! -f "$state" ]; then
    echo "status=not-running"
    exit 0
fi
pid=$(sed -n 's/^pid=//p' "$state")
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null
    rm -f "$state"
    echo "status=stopped"
else
    rm -f "$state"
    echo "status=not-running"
fi
