#!/usr/bin/env bash
# Heat-pump detection on a simulated fleet (bench/README.md "Heat-pump detection"): seeded,
# N heat-pump homes and N without, DAYS days at 15 min; both classifiers with 5 folds by
# household, as configured in configs/ except for the folds.
# Usage: bench/hpdetect.sh [N=30] [DAYS=365] [SEED=1] [OUT=/tmp/hpdetect-bench]
set -euo pipefail
HEATLOOP=${HEATLOOP:-build/heatloop}
N=${1:-30}; DAYS=${2:-365}; SEED=${3:-1}; OUT=${4:-/tmp/hpdetect-bench}
rm -rf "$OUT" && mkdir -p "$OUT"
"$HEATLOOP" simulate --units "$N" --households "$N" --days "$DAYS" --step 15min \
    --seed "$SEED" --out "$OUT/d" >/dev/null
"$HEATLOOP" ingest "$OUT/d/smartmeter.csv" "$OUT/d/households.csv" "$OUT/d/weather.csv" \
    --workspace "$OUT/ws" >/dev/null
for model in gradient_boosting_classifier cnn_classifier; do
    sed 's/^folds = .*/folds = 5/' "configs/$model.toml" >"$OUT/$model.toml"
    start=$(date +%s)
    "$HEATLOOP" run "$OUT/$model.toml" --workspace "$OUT/ws" --threads 1 --json >"$OUT/$model.json"
    echo "$model: $(( $(date +%s) - start )) s wall"
    python3 - "$OUT/$model.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))["evaluation"]
f = lambda v: "n/a" if v is None else f"{v:.3f}"
for level in ("micro", "month"):
    m = e[level]
    print(f"  {('household' if level == 'micro' else 'month'):9} n={m['n']:4}  ROC-AUC {f(m['roc_auc'])}"
          f"  PR-AUC {f(m['pr_auc'])}  acc {f(m['accuracy'])}  F1 {f(m['f1'])}  Brier {f(m['brier'])}")
print("  ROC-AUC by fold (household):", " ".join(f(x["household"]["roc_auc"]) for x in e["by_fold"]))
print("  ROC-AUC by fold (month):    ", " ".join(f(x["month"]["roc_auc"]) for x in e["by_fold"]))
PY
done
