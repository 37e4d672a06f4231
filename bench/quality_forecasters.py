"""Forecast quality of the registered forecasters on a simulated fleet, side by side (issue 9).

Data: `heatloop simulate --units 5 --days 14 --seed 11` (1-min grid), target t_tank_mid,
horizon 6 steps, each unit's first 85% trains and the last 15% is forecast. No hyperparameter
is chosen on the forecast rows: seasonal_naive's seasons are the fixed candidates "1d"
(daily routine) and "1 step" (persistence), both reported.

    .venv/bin/python bench/quality_forecasters.py --heatloop build/heatloop [--json]
"""

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = [("seasonal_naive, season 1d", '"1d"'), ("seasonal_naive, persistence", '"1 step"')]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--heatloop", default=str(ROOT / "build" / "heatloop"))
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)

        def run(*args):
            return subprocess.run([a.heatloop, *map(str, args)], check=True,
                                  capture_output=True, text=True).stdout

        run("simulate", "--units", 5, "--days", 14, "--seed", 11, "--out", tmp / "d")
        run("ingest", tmp / "d" / "units.csv", tmp / "d" / "sensors.csv",
            tmp / "d" / "weather.csv", "--workspace", tmp / "ws")
        rows = []
        for name, season in CASES:
            cfg = tmp / "c.toml"
            cfg.write_text(f'name = "{name}"\n[data]\nsplit = "time"\n[model]\n'
                           f'name = "seasonal_naive"\n[model.params]\ntarget = "t_tank_mid"\n'
                           f'season = {season}\nhorizon = 6\n')
            ev = json.loads(run("run", cfg, "--workspace", tmp / "ws", "--json"))["evaluation"]
            rows.append({"case": name, **{k: ev["micro"][k] for k in ("rmse", "mae", "r2")},
                         "rmse_h1": ev["micro_by_step"][0]["rmse"],
                         "rmse_h6": ev["micro_by_step"][5]["rmse"]})
    if a.json:
        print(json.dumps(rows, indent=2))
        return
    print("| case | RMSE K | MAE K | R^2 | RMSE h1 | RMSE h6 |\n|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['case']} | {r['rmse']:.3f} | {r['mae']:.3f} | {r['r2']:.3f} | "
              f"{r['rmse_h1']:.3f} | {r['rmse_h6']:.3f} |")


if __name__ == "__main__":
    main()
