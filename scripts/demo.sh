#!/usr/bin/env bash
# `make demo`: the whole loop on a simulated fleet (heatloop demo), then the fleet summary.
set -euo pipefail
bin=${1:-build/heatloop}
ws=${2:-ws-demo}
"$bin" demo --workspace "$ws" --no-serve
echo
"$bin" inspect --workspace "$ws"
