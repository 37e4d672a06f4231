#!/usr/bin/env bash
# The demo: simulate a small fleet, ingest it into a fresh workspace, import its noisy initial
# labels, print the fleet summary and the labels.
set -euo pipefail
bin=${1:-build/heatloop}
ws=${2:-ws-demo}
data="$ws.input"
rm -rf "$ws" "$data"
"$bin" simulate --units 5 --days 28 --seed 7 --out "$data"
"$bin" ingest "$data/units.csv" "$data/sensors.csv" "$data/weather.csv" "$data/smartmeter.csv" --workspace "$ws"
"$bin" labels import "$data/labels_initial.csv" --workspace "$ws"
"$bin" inspect --workspace "$ws"
echo
"$bin" labels list --workspace "$ws"
echo
echo "demo workspace: $ws (simulated input in $data)"
