#!/usr/bin/env bash
# `make demo`: the whole loop on a simulated fleet (heatloop demo): leaderboards, the failure
# test bench, then the label review web app on http://127.0.0.1:8080 with a printed demo login
# (Ctrl-C stops it). DEMO_SERVE=0 skips the web app and prints the fleet summary instead.
set -euo pipefail
bin=${1:-build/heatloop}
ws=${2:-ws-demo}
if [[ "${DEMO_SERVE:-1}" == 0 ]]; then
  "$bin" demo --workspace "$ws" --no-serve
  echo
  "$bin" inspect --workspace "$ws"
else
  "$bin" demo --workspace "$ws"
fi
