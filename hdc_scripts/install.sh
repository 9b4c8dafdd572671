#!/bin/sh
# Put a pushed agent binary in place.
# usage: install.sh PUSHED_FILE AGENT STATE_FILE
# The running agent (if any) is stopped first, and the new file is moved over
# the old one rather than written into it: a running executable cannot be
# rewritten ("text file busy"), the trap hmdriver2 fell into (issue #22).
set -u
pushed=$1 agent=$2 state=$3
if [ -f "$state" ]; then
    pid=$(sed -n 's/^pid=//p' "$state")
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; sleep 0.1; kill -9 "$pid" 2>/dev/null; fi
    rm -f "$state"
fi
chmod 755 "$pushed" || { echo "error: cannot chmod $pushed"; exit 3; }
mv -f "$pushed" "$agent" || { echo "error: cannot move the agent to $agent"; exit 3; }
echo "status=installed"
