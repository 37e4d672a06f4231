#!/usr/bin/env bash
# The web app's benchmarks (issue 5): series latency for a unit-year of 4 channels at 2,000 px,
# and label create + update with 50 concurrent clients, with a lost/duplicated-write check.
# Builds its own workspace (one simulated unit-year), starts `heatloop serve` on a free port,
# runs bench/tools/web_load, stops the server. Prints one JSON document on stdout.
#   bench/compare_web.sh [HEATLOOP] [WEB_LOAD]     (defaults: build/heatloop build/web_load)
set -euo pipefail
cd "$(dirname "$0")/.."
heatloop=${1:-build/heatloop}
load=${2:-build/web_load}
work=$(mktemp -d)
server=""
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

echo "web bench: simulating one unit-year" >&2
"$heatloop" simulate --units 1 --days 365 --seed 5 --out "$work/in" >/dev/null
"$heatloop" ingest "$work/in/units.csv" "$work/in/sensors.csv" "$work/in/weather.csv" \
  --workspace "$work/ws" >/dev/null
unit=$(tail -n +2 "$work/in/units.csv" | head -1 | cut -d, -f1)
echo "bench-password-1" | "$heatloop" users add bench --role admin --workspace "$work/ws" \
  --password-stdin >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$heatloop" serve --workspace "$work/ws" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/session" && break
  sleep 0.1
done
url="http://127.0.0.1:$port"
echo "web bench: series latency ($unit, 4 channels, 2000 px)" >&2
series=$("$load" --url "$url" --user bench --password bench-password-1 series --unit "$unit" \
  --channels t_outdoor,t_supply,t_return,compressor_power --width 2000 --requests 300)
echo "web bench: 50 clients creating and updating labels back to back (saturation)" >&2
start_ms=$(python3 -c 'import calendar; print(calendar.timegm((2024,1,1,0,0,0))*1000)')
labels=$("$load" --url "$url" --user bench --password bench-password-1 labels --unit "$unit" \
  --clients 50 --per-client 40 --start-ms "$start_ms")
echo "web bench: 50 clients, each a create + update every 200 ms (500 writes/s offered)" >&2
paced=$("$load" --url "$url" --user bench --password bench-password-1 labels --unit "$unit" \
  --clients 50 --per-client 40 --interval-ms 200 --start-ms $((start_ms + 2000 * 3600000)))
python3 - "$series" "$labels" "$paced" <<'PY'
import json, os, sys
print(json.dumps({"series": json.loads(sys.argv[1]), "labels": json.loads(sys.argv[2]),
                  "labels_paced": json.loads(sys.argv[3]),
                  "nproc": os.cpu_count(), "load_average": os.getloadavg()}, indent=2))
PY
