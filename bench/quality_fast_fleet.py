"""Model quality on a fleet of short, fast-sampled units (issue 9): one model for the fleet
versus one model (and threshold) per unit, k folds by unit, and thresholds from training
rows versus held-out calibration rows, every configuration side by side.

The fleet is tests/integration/fast_fleet.py's: 30 units x 1,000 rows of 1-s data, each unit
its own operating point, 1-3 labelled anomalies per unit in the last 60% of its rows. No
threshold is tuned on the evaluated rows: every threshold is a fixed quantile (0.99 for the
isolation forest, 0.95 for predicted_vs_actual) of the scores of the unit's (or fleet's)
own first 400 rows, the training rows themselves or their last 100 held out as calibration
rows; the labels are never read to choose one. Evaluation: rows 400-1000 of every unit.

    .venv/bin/python bench/quality_fast_fleet.py --heatloop build/heatloop [--json]
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))
from fast_fleet import PVA_MODEL, write_fast_fleet  # noqa: E402

IFOREST = """
[model]
name = "isolation_forest"
scope = "{scope}"
[model.params]
channels = ["compressor_power", "t_supply", "t_return"]
window = "60 steps"
features = ["mean", "min", "max", "last"]
fit_stride = 1
[alarms]
method = "quantile"
value = 0.99
dedupe_window = "0s"
"""
PVA = PVA_MODEL
CASES = [
    # name, model template, scope, [data] lines
    ("isolation_forest, fleet", IFOREST, "fleet", 'split = "time"\ntrain_rows = 400'),
    ("isolation_forest, unit", IFOREST, "unit", 'split = "time"\ntrain_rows = 400'),
    ("isolation_forest, unit, calibrated", IFOREST, "unit",
     'split = "time"\ntrain_rows = 400\ncalibration_fraction = 0.25'),
    ("isolation_forest, 5 unit folds", IFOREST, "fleet", 'split = "unit_folds"\nfolds = 5'),
    ("predicted_vs_actual, fleet", PVA, "fleet", 'split = "time"\ntrain_rows = 400'),
    ("predicted_vs_actual, unit", PVA, "unit", 'split = "time"\ntrain_rows = 400'),
    ("predicted_vs_actual, unit, calibrated", PVA, "unit",
     'split = "time"\ntrain_rows = 400\ncalibration_fraction = 0.25'),
]
METRICS = ["point_f1", "point_fpr", "roc_auc", "pr_auc", "vus_pr", "event_f1",
           "affiliation_precision", "affiliation_recall"]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--heatloop", default=str(ROOT / "build" / "heatloop"))
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_fast_fleet(tmp / "d", units=30, rows=1000, seed=a.seed)
        ws = tmp / "ws"

        def run(*args):
            return subprocess.run([a.heatloop, *map(str, args)], check=True,
                                  capture_output=True, text=True).stdout

        run("ingest", tmp / "d" / "sensors.csv", "--workspace", ws, "--resample", "1s")
        run("labels", "import", tmp / "d" / "labels.csv", "--workspace", ws)
        rows = []
        for name, model, scope, data in CASES:
            cfg = tmp / "c.toml"
            cfg.write_text(f'name = "{name}"\nseed = 4\n[data]\n{data}\n'
                           + model.format(scope=scope) + '[evaluation]\ntolerance = "0s"\n')
            r = json.loads(run("run", cfg, "--workspace", ws, "--json"))
            micro, macro = r["evaluation"]["micro"], r["evaluation"]["macro"]
            rows.append({"case": name, "models": r["models"],
                         **{m: micro.get(m) for m in METRICS},
                         "vus_pr": macro.get("vus_pr")})  # VUS has no pooled form: macro
    if a.json:
        print(json.dumps(rows, indent=2))
        return
    print("| case | models | " + " | ".join(METRICS) + " |")
    print("|---|---:|" + "---:|" * len(METRICS))
    for r in rows:
        cells = ["-" if r[m] is None else f"{r[m]:.3f}" for m in METRICS]
        print(f"| {r['case']} | {r['models']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
