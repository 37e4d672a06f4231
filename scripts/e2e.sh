#!/usr/bin/env bash
# End-to-end tests of the web app in a real browser: builds a small simulated workspace
# (2 units, 7 days, the initial labels, one unit's shower labels, runs with alarms, one of a
# detector with per-channel contributions, a forecaster run), adds a user per role, starts
# `heatloop serve` on a free loopback port with the built front end, runs tests/e2e with
# node's test runner (headless Debian chromium driven by playwright-core, no browser
# download), and always stops the server. Screenshots go to build/e2e-artifacts/.
#
#   scripts/e2e.sh [path/to/heatloop]      (default build/heatloop; the front end from build/web)
# Environment: E2E_STATIC (front-end dir), CHROMIUM (browser binary), E2E_KEEP=1 keeps the workspace.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(realpath "${1:-$ROOT/build/heatloop}")
STATIC=$(realpath "${E2E_STATIC:-$ROOT/build/web}")
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
ART="$ROOT/build/e2e-artifacts"

fail() { echo "e2e: $*" >&2; exit 1; }
[[ -x "$BIN" ]] || fail "no heatloop binary at $BIN (make build)"
[[ -f "$STATIC/index.html" ]] || fail "no built front end at $STATIC (make web)"
[[ -x "$CHROMIUM" ]] || fail "no chromium at $CHROMIUM (scripts/install-deps.sh installs Debian's chromium)"
command -v node >/dev/null || fail "node is needed (Node.js >= 20)"
if [[ ! -d "$ROOT/web/node_modules/playwright-core" ]]; then
  command -v npm >/dev/null || fail "npm is needed to install playwright-core (web/package.json)"
  (cd "$ROOT/web" && npm ci --no-audit --no-fund)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/heatloop-e2e.XXXXXX")
WS="$WORK/ws"
SERVER_PID=""
cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  mkdir -p "$ART"
  [[ -f "$WORK/server.log" ]] && cp "$WORK/server.log" "$ART/server.log"
  if [[ $rc -ne 0 && -f "$WORK/server.log" ]]; then
    echo "e2e: failed (exit $rc); last lines of the server log ($ART/server.log):" >&2
    tail -n 30 "$WORK/server.log" >&2 || true
  fi
  if [[ "${E2E_KEEP:-0}" == 1 ]]; then echo "e2e: workspace kept in $WORK" >&2; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "e2e: workspace $WS"
"$BIN" simulate --units 2 --days 7 --seed 3 --out "$WORK/data" >/dev/null
"$BIN" ingest "$WORK"/data/{units,sensors,weather,smartmeter}.csv --workspace "$WS" >/dev/null
"$BIN" labels import "$WORK/data/labels_initial.csv" --workspace "$WS" >/dev/null
# The household view: unit-0002's simulated showers as shower_event labels (unit-0001, the
# unit the label-editing tests use, keeps only its initial labels), its calendar from the CLI
# to compare the heat map with, and a t_tank_mid forecaster run (before the detector runs, so
# the runs page compares two detectors).
HOUSEHOLD=unit-0002
grep -E "^(unit_id|$HOUSEHOLD)," "$WORK/data/labels_showers.csv" >"$WORK/showers.csv"
"$BIN" labels import "$WORK/showers.csv" --workspace "$WS" >/dev/null
"$BIN" calendar --workspace "$WS" --unit "$HOUSEHOLD" --out "$WORK/calendar" >/dev/null
"$BIN" run "$ROOT/configs/seasonal_naive.toml" --workspace "$WS" --json >/dev/null
# The meter view (tests/e2e/meter.test.mjs): the first two weeks of the four shared real
# households with their heat-pump sub-meters and a small gradient-boosting disaggregation run of
# them (20 trees), and a 40-day simulated fleet of 2 + 2 households (ids renamed so they do not
# meet the units above) with a classifier run over it; before the detector runs, so the runs
# page compares two detectors.
SMART=${E2E_SMARTMETER_DATA:-/work/shared/data/smart-meter-hp}
[[ -f "$SMART/1058711.csv" ]] || fail "no shared households in $SMART (set E2E_SMARTMETER_DATA)"
mkdir -p "$WORK/households" "$WORK/fleet"
for f in "$SMART"/[0-9]*.csv; do head -n 1345 "$f" >"$WORK/households/$(basename "$f")"; done
"$BIN" ingest "$WORK"/households/*.csv --energy-per-interval --workspace "$WS" >/dev/null
sed -e '0,/^name = .*/s//name = "e2e-meter-gb"/' \
  -e 's/^\[data\]/[data]\nunits = ["1058711", "1222107", "6912085", "7681038"]/' \
  "$ROOT/configs/smartmeter/gradient_boosting_disaggregator.toml" >"$WORK/meter-gb.toml"
echo 'n_estimators = 20' >>"$WORK/meter-gb.toml"
"$BIN" run "$WORK/meter-gb.toml" --workspace "$WS" --json >"$WORK/meter-run.json"
"$BIN" simulate --units 2 --households 2 --days 40 --step 15min --seed 5 --out "$WORK/fleet-raw" >/dev/null
for f in smartmeter households weather; do
  sed 's/unit-0/mu-0/g; s/hh-0/mh-0/g; s/loc-/mloc-/g' "$WORK/fleet-raw/$f.csv" >"$WORK/fleet/$f.csv"
done
"$BIN" ingest "$WORK"/fleet/{smartmeter,households,weather}.csv --workspace "$WS" >/dev/null
sed -e 's/^folds = 4/folds = 2/' -e 's/^n_estimators = 200/n_estimators = 20/' \
  -e 's/^\[data\]/[data]\nunits = ["mu-0001", "mu-0002", "mh-0001", "mh-0002"]/' \
  "$ROOT/configs/gradient_boosting_classifier.toml" >"$WORK/detect.toml"
"$BIN" run "$WORK/detect.toml" --workspace "$WS" --json >"$WORK/detect-run.json"
DETECT_RUN_ID=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).run_id)' "$WORK/detect-run.json")
# Per-channel contributions (tests/e2e/contributions.test.mjs): a small self_supervised run of
# the two heat-pump units (3 epochs, 8 hidden units: about 2 s), whose per-channel residuals
# are stored as score channels; before the isolation forest, so the runs page still compares
# it with the spectral run. The end-to-end suite needs the full build (with libtorch).
"$BIN" models list --json | node -e 'process.exit(JSON.parse(require("fs").readFileSync(0, "utf8")).some((m) => m.name === "self_supervised") ? 0 : 1)' \
  || fail "this heatloop has no self_supervised detector (built without libtorch): the e2e suite needs it (scripts/install-deps.sh installs libtorch)"
sed -e '0,/^name = .*/s//name = "e2e-self-supervised"/' -e 's/^split = .*/split = "none"/' -e '/^train_fraction/d' \
  -e 's/^\[data\]/[data]\nunits = ["unit-0001", "unit-0002"]/' \
  -e 's/^hidden = .*/hidden = 8/' -e 's/^epochs = .*/epochs = 3/' -e 's/^max_windows = .*/max_windows = 1024/' \
  -e 's/^value = 0.999/value = 0.98/' -e 's/^min_duration = .*/min_duration = "30min"/' \
  "$ROOT/configs/self_supervised.toml" >"$WORK/self_supervised.toml"
"$BIN" run "$WORK/self_supervised.toml" --workspace "$WS" --threads 1 --json >"$WORK/contrib-run.json"
CONTRIB_RUN_ID=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).run_id)' "$WORK/contrib-run.json")
# The isolation forest scored over the whole week and alarming above its training scores' 99th
# percentile: alarms that overlap no label, i.e. review candidates, on any fleet.
sed -e 's/^split = .*/split = "none"/' -e '/^train_fraction/d' -e 's/^value = 0.999/value = 0.99/' \
  "$ROOT/configs/isolation_forest.toml" >"$WORK/iforest.toml"
"$BIN" run "$WORK/iforest.toml" --workspace "$WS" --json >"$WORK/run.json"
"$BIN" run "$ROOT/configs/spectral.toml" --workspace "$WS" --json >"$WORK/run2.json"
RUN_ID=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).run_id)' "$WORK/run.json")

pw() { head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16; }
ADMIN_PW=$(pw); REVIEWER_PW=$(pw); VIEWER_PW=$(pw)
printf '%s\n' "$ADMIN_PW" | "$BIN" users add e2e-admin --role admin --workspace "$WS" --password-stdin >/dev/null
printf '%s\n' "$REVIEWER_PW" | "$BIN" users add e2e-reviewer --role reviewer --workspace "$WS" --password-stdin >/dev/null
printf '%s\n' "$VIEWER_PW" | "$BIN" users add e2e-viewer --role viewer --workspace "$WS" --password-stdin >/dev/null

PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
URL="http://127.0.0.1:$PORT"
"$BIN" serve --workspace "$WS" --host 127.0.0.1 --port "$PORT" --static "$STATIC" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
up=0
for _ in $(seq 100); do
  kill -0 "$SERVER_PID" 2>/dev/null || fail "heatloop serve exited early"
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.status<500?0:1),()=>process.exit(1))' "$URL/api/v1/session"; then up=1; break; fi
  sleep 0.2
done
[[ $up == 1 ]] || fail "heatloop serve did not answer on $URL within 20 s"
echo "e2e: server on $URL (pid $SERVER_PID), run $RUN_ID"

HEATLOOP_URL="$URL" E2E_RUN_ID="$RUN_ID" E2E_UNIT=unit-0001 E2E_ARTIFACTS="$ART" \
E2E_HOUSEHOLD="$HOUSEHOLD" E2E_CALENDAR="$WORK/calendar/calendar.json" \
E2E_METER=1058711 E2E_METER_RUN_JSON="$WORK/meter-run.json" E2E_DETECT_HOUSEHOLD=mu-0001 E2E_DETECT_RUN="$DETECT_RUN_ID" \
E2E_CONTRIB_RUN_ID="$CONTRIB_RUN_ID" \
E2E_REVIEWER="e2e-reviewer:$REVIEWER_PW" E2E_VIEWER="e2e-viewer:$VIEWER_PW" E2E_ADMIN="e2e-admin:$ADMIN_PW" \
  node --test --test-concurrency=1 --test-reporter=spec "$ROOT/tests/e2e/"
echo "e2e: screenshots $ART/unit-view.png, $ART/household-view.png, $ART/meter-view.png"
