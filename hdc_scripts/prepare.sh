#!/bin/sh
# Make the agent's directory, private to the shell user.
# usage: prepare.sh DIR
set -u
mkdir -p "$1" && chmod 700 "$1" && echo "status=ready" || { echo "error: cannot create $1"; exit 3; }
