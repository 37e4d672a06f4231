#!/usr/bin/env bash
# Trains heatloop's shipped smart-meter models (docs/smartmeter.md "Shipped models") and writes
# them with their manifest to OUT (default: models/ of the repository):
#   default           gradient_boosting_disaggregator (the heat pump's load per 15 min)
#   default-detector  gradient_boosting_classifier (has this household a heat pump?)
# Training data: a seeded simulated fleet (UNITS heat-pump homes with their heat pump's
# sub-meter, as many homes without one, 365 days at 15 min) plus the four real households of
# the shared smart-meter-hp data set (MIT; its LICENSE is copied next to the models).
# Usage: scripts/train-shipped-models.sh [OUT=models] [UNITS=40] [SEED=14]
# Env: HEATLOOP (binary, default build/heatloop), SMART_METER_HP (the data set's directory,
# default /work/shared/data/smart-meter-hp), SEQ2POINT=1 to also train seq2point.
set -euo pipefail
HEATLOOP=${HEATLOOP:-build/heatloop}
DATA=${SMART_METER_HP:-/work/shared/data/smart-meter-hp}
OUT=${1:-models}; UNITS=${2:-40}; SEED=${3:-14}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ -f "$DATA/LICENSE" ] || { echo "error: $DATA/LICENSE not found (set SMART_METER_HP)" >&2; exit 2; }
"$HEATLOOP" simulate --units "$UNITS" --households "$UNITS" --days 365 --step 15min \
    --seed "$SEED" --out "$TMP/d" >/dev/null
"$HEATLOOP" ingest "$TMP/d/smartmeter.csv" "$TMP/d/households.csv" "$TMP/d/weather.csv" \
    --workspace "$TMP/ws" >/dev/null
"$HEATLOOP" ingest "$TMP/d/smartmeter_hp.csv" --meter heat_pump --workspace "$TMP/ws" >/dev/null
"$HEATLOOP" ingest "$DATA"/[0-9]*.csv --energy-per-interval --workspace "$TMP/ws" >/dev/null
EXTRA=()
[ "${SEQ2POINT:-0}" = 1 ] && EXTRA+=(--seq2point)
mkdir -p "$OUT"
"$HEATLOOP" smartmeter train-shipped --workspace "$TMP/ws" --out "$OUT" --seed "$SEED" \
    --threads 1 "${EXTRA[@]}" \
    --note "simulated fleet (heatloop simulate --units $UNITS --households $UNITS --days 365 --step 15min --seed $SEED: heat-pump homes with their sub-meter, homes without) + the 4 real households of smart-meter-hp (Brudermueller et al., BuildSys '23, MIT)" \
    --command "${SEQ2POINT:+SEQ2POINT=$SEQ2POINT }scripts/train-shipped-models.sh $OUT $UNITS $SEED"
cp "$DATA/LICENSE" "$OUT/LICENSE.smart-meter-hp"
ls -l "$OUT"
