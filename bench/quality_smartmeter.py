"""Smart-meter disaggregation on the four shared households, leave one household out (issue 14).

Data: /work/shared/data/smart-meter-hp (Brudermueller et al., BuildSys'23, MIT licence there):
four Swiss households, 15-min energy of the household meter and of the heat pump's sub-meter
(the truth). Each household's heat-pump load is estimated by a model trained on the other
three (configs/smartmeter/*.toml: data.split = "unit_folds", folds = 4) and scored against
its sub-meter in kWh per 15 min: MAE, RMSE, R^2, NDE, SAE per household and pooled (every
interval of every household as one sample). Next to them, the shipped models of models/
(`heatloop smartmeter disaggregate`, no training): they were trained on these four households
(plus a simulated fleet), so their figures are in-sample, not a measure of generalisation.
One command:

    .venv/bin/python bench/quality_smartmeter.py --heatloop build/heatloop [--json]
        [--shipped default,seq2point] [--models-dir models]
"""

import argparse
import csv
import json
import math
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path("/work/shared/data/smart-meter-hp")
MODELS = ["gradient_boosting_disaggregator", "seq2point"]
METRICS = ["r2", "rmse", "mae", "nde", "sae"]
SHIPPED = ["default", "seq2point"]


def metrics(truth, est):
    """The disaggregation metrics of src/eval/disaggregation.cpp, in kWh per interval."""
    n = len(truth)
    mean = sum(truth) / n
    res = sum((y - e) ** 2 for y, e in zip(truth, est))
    tot = sum((y - mean) ** 2 for y in truth)
    sy2 = sum(y * y for y in truth)
    return {"n": n, "r2": 1 - res / tot if tot else None, "rmse": math.sqrt(res / n),
            "mae": sum(abs(y - e) for y, e in zip(truth, est)) / n,
            "nde": math.sqrt(res / sy2) if sy2 else None,
            "sae": abs(sum(est) - sum(truth)) / abs(sum(truth)) if sum(truth) else None}


def shipped_rows(run, files, name, models_dir, out):
    """The shipped model `name` on every household file, per household and pooled."""
    extra = ["--models", models_dir] if models_dir else []
    started = time.monotonic()
    res = json.loads(run("smartmeter", "disaggregate", "--model", name, *files,
                         "--energy-per-interval", "--out", out, "--json", *extra))
    seconds = time.monotonic() - started
    rows, all_t, all_e = [], [], []
    for h in res["households"]:
        t, e = [], []
        with open(h["file"], newline="") as f:
            for r in csv.DictReader(f):
                if r["heat_pump_kwh_metered"] and r["heat_pump_kwh_estimate"]:
                    t.append(float(r["heat_pump_kwh_metered"]))
                    e.append(float(r["heat_pump_kwh_estimate"]))
        m = metrics(t, e)
        all_t += t
        all_e += e
        rows.append({"model": f"shipped {name} (in-sample)", "household": h["household"],
                     "intervals": m["n"], **{k: m[k] for k in METRICS}})
    m = metrics(all_t, all_e)
    rows.append({"model": f"shipped {name} (in-sample)", "household": "pooled",
                 "intervals": m["n"], "seconds": round(seconds, 1), **{k: m[k] for k in METRICS}})
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--heatloop", default=str(ROOT / "build" / "heatloop"))
    p.add_argument("--data", default=str(DATA), help="folder of the households' CSV files")
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--shipped", default=",".join(SHIPPED),
                   help="shipped models to score beside the LOHO figures ('' = none)")
    p.add_argument("--models-dir", default="", help="the shipped models' directory")
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
        manifest = Path(a.models_dir or ROOT / "models") / "manifest.json"
        names = {m["name"] for m in json.loads(manifest.read_text())["models"]}
        for name in filter(None, a.shipped.split(",")):
            if name in names:
                rows += shipped_rows(run, files, name, a.models_dir, Path(tmp) / name)
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
    loho = [r for r in rows if not r["model"].startswith("shipped")]
    shipped = [r for r in rows if r["model"].startswith("shipped")]
    if shipped:  # side by side: the best LOHO model's R^2 / RMSE and each shipped model's
        print()
        best = loho[0]["model"]
        names = sorted({r["model"] for r in shipped})
        print(f"| household | LOHO {best} R^2 | RMSE | " +
              " | ".join(f"{n} R^2 | RMSE" for n in names) + " |")
        print("|---|---:|---:|" + "---:|---:|" * len(names))
        for r in (x for x in loho if x["model"] == best):
            cells = []
            for n in names:
                s = next(x for x in shipped if x["model"] == n and x["household"] == r["household"])
                cells.append(f"{f(s['r2'])} | {f(s['rmse'])}")
            print(f"| {r['household']} | {f(r['r2'])} | {f(r['rmse'])} | " + " | ".join(cells) + " |")
    for r in rows:
        if r["household"] == "pooled":
            what = ("predict only (no training)" if r["model"].startswith("shipped")
                    else "leave-one-household-out (fit + predict, 4 folds)")
            print(f"{r['model']}: {what} {r['seconds']} s")


if __name__ == "__main__":
    main()
