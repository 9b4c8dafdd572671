#!/bin/sh
# Collect what helps explain a failure, in sections headed "== name ==".
# usage: diagnostics.sh STATE_FILE LOG_FILE [HILOG_LINES]
# Every tool is optional: a missing one prints a note, never stops the rest.
set -u
state=$1 log=$2 lines=${3:-300}
section() { echo "== $1 =="; }
section "agent state"
if [ -f "$state" ]; then cat "$state"; else echo "(no agent state file)"; fi
section "agent log"
if [ -f "$log" ]; then tail -n 100 "$log"; else echo "(no agent log)"; fi
section "device"
for k in const.product.model const.ohos.fullname const.ohos.apiversion const.product.software.version; do
    printf '%s=' "$k"; param get "$k" 2>&1 | head -n 1
done
section "aa dump -a"
if command -v aa >/dev/null 2>&1; then aa dump -a 2>&1; else echo "(no aa)"; fi
section "focus window"
if command -v hidumper >/dev/null 2>&1; then
    hidumper -s WindowManagerService -a -a 2>&1 | grep -E 'Focus window|Total window num' || echo "(no focus line)"
else
    echo "(no hidumper)"
fi
section "hilog"
if command -v hilog >/dev/null 2>&1; then hilog -x -z "$lines" 2>&1 | tail -n "$lines"; else echo "(no hilog)"; fi
