"""Smart-meter disaggregation on the four shared households, leave one household out (issue 14).

Data: /work/shared/data/smart-meter-hp (Brudermueller et al., BuildSys'23, MIT licence there):
four Swiss households, 15-min energy of the household meter and of the heat pump's sub-meter
(the truth). Each household's heat-pump load is estimated by a model trained on the other
three (configs/smartmeter/*.toml: data.split = "unit_folds", folds = 4) and scored against
its sub-meter in kWh per 15 min: MAE, RMSE, R^2, NDE, SAE per household and pooled (every
interval of every household as one sample). One command:

    .venv/bin/python bench/quality_smartmeter.py --heatloop build/heatloop [--json]
"""

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path("/work/shared/data/smart-meter-hp")
MODELS = ["gradient_boosting_disaggregator", "seq2point"]
METRICS = ["r2", "rmse", "mae", "nde", "sae"]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--heatloop", default=str(ROOT / "build" / "heatloop"))
    p.add_argument("--data", default=str(DATA), help="folder of the households' CSV files")
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    files = sorted(f for f in Path(a.data).glob("*.csv") if f.stem.isdigit())
    if not files:
        raise SystemExit(f"no household files (<id>.csv) in {a.data}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"

        def run(*args):
            r = subprocess.run([a.heatloop, *map(str, args)], capture_output=True, text=True)
            if r.returncode != 0:
                raise SystemExit(f"heatloop {' '.join(map(str, args))}: {r.stderr}")
            return r.stdout

        run("ingest", *files, "--energy-per-interval", "--workspace", ws)
        for model in a.models.split(","):
            started = time.monotonic()
            out = json.loads(run("run", ROOT / "configs" / "smartmeter" / f"{model}.toml",
                                 "--workspace", ws, "--json"))
            seconds = time.monotonic() - started
            ev = out["evaluation"]
            for u in ev["units"]:
                rows.append({"model": model, "household": u["unit_id"],
                             "intervals": u["metrics"]["n"],
                             **{k: u["metrics"][k] for k in METRICS}})
            rows.append({"model": model, "household": "pooled",
                         "intervals": ev["micro"]["n"], "seconds": round(seconds, 1),
                         **{k: ev["micro"][k] for k in METRICS}})
    if a.json:
        print(json.dumps(rows, indent=2))
        return
    print("| model | household | intervals | R^2 | RMSE kWh | MAE kWh | NDE | SAE |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")

    def f(v):
        return "-" if v is None else f"{v:.3f}"

    for r in rows:
        print(f"| {r['model']} | {r['household']} | {r['intervals']} | {f(r['r2'])} | "
              f"{f(r['rmse'])} | {f(r['mae'])} | {f(r['nde'])} | {f(r['sae'])} |")
    for r in rows:
        if r["household"] == "pooled":
            print(f"{r['model']}: leave-one-household-out (fit + predict, 4 folds) "
                  f"{r['seconds']} s")


if __name__ == "__main__":
    main()
