#!/bin/sh
# Start the ohbridge-agent in the background, listening on device loopback.
# usage: start.sh AGENT STATE_FILE TOKEN_FILE PORT LOG_FILE [agent options...]
# Prints the state file (pid=, port=, version=) and status=started, or an
# "error:" line and the log tail.  Any agent already recorded in STATE_FILE is
# stopped first: its token is not the one the host just handed over.
set -u
# A process that has exited but not been reaped yet (a zombie, until init
# collects it) still answers kill -0: it is not running.
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    st=$(cut -d ' ' -f 3 "/proc/$1/stat" 2>/dev/null)
    [ "$st" != "Z" ]
}
agent=$1 state=$2 token=$3 port=$4 log=$5
shift 5
if [ ! -x "$agent" ]; then
    echo "error: the agent is not installed at $agent"
    exit 3
fi
if [ -f "$state" ]; then
    old=$(sed -n 's/^pid=//p' "$state")
    # The host may still hold forwards to it (a client that died, a device that dropped off
    # the link): name its port so that the host can remove them.
    echo "replaced_port=$(sed -n 's/^port=//p' "$state")"
    if [ -n "$old" ] && alive "$old"; then
        kill "$old" 2>/dev/null
        i=0
        while alive "$old" && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
        kill -9 "$old" 2>/dev/null
    fi
    rm -f "$state"
fi
# A shared agent's token and options (connect.sh) must not outlive it: this one is not shared.
rm -f "$(dirname "$state")/agent.token" "$(dirname "$state")/agent.options"
chmod 600 "$token" 2>/dev/null
# No terminal and no inherited output pipe: the command that started the
# agent must be able to end while the agent goes on.
if command -v nohup >/dev/null 2>&1; then
    nohup "$agent" "$@" --listen "127.0.0.1:$port" --token-file "$token" --state-file "$state" \
        >"$log" 2>&1 </dev/null &
else
    "$agent" "$@" --listen "127.0.0.1:$port" --token-file "$token" --state-file "$state" \
        >"$log" 2>&1 </dev/null &
fi
pid=$!
i=0
while [ $i -lt 200 ]; do
    if [ -f "$state" ]; then
        cat "$state"
        echo "status=started"
        exit 0
    fi
    alive "$pid" || break
    sleep 0.02
    i=$((i + 1))
done
rm -f "$token"
echo "error: the agent did not start"
tail -n 20 "$log" 2>/dev/null
exit 4
