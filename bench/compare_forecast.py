"""Hot-water forecasting: heatloop's gradient_boosting against LightGBM and XGBoost's Python
package on the same features, households and split (issue 12, item 5).

Data: the fleet of configs/studies/hot_water_forecast.toml as bench/README.md runs it
(`heatloop simulate --units 6 --days 28 --step 5min --seed 3`, ingested on a 5-min grid),
target t_tank_mid 1..6 steps ahead, each household's first 85% of rows train, the last 15%
are forecast. The peers read heatloop's exact rows (`heatloop forecast features`), so the
features, households and split are the same by construction.

Models, one per household and horizon step (direct multi-step), all on the same threads:
- heatloop gradient_boosting with fixed hyper-parameters (leaf-wise XGBoost through its C
  API, Debian's libxgboost), timed by heatloop itself (fit_seconds: feature building, the
  broken-sensor check and the six boosters);
- heatloop gradient_boosting tuned by its seeded random search, and persistence, as the study
  file sets them (its neural forecasters are left out);
- LightGBM (leaf-wise, the same num_leaves, max_depth, learning_rate, n_estimators; the
  library's other defaults), and LightGBM with the settings heatloop's search chose;
- XGBoost's Python package with heatloop's booster parameters (tree_method hist, lossguide).
Peers are timed around their fit calls only (features given). Times are medians of
--repeat runs, interleaved (heatloop, LightGBM, XGBoost-Py, again) so that load changes touch
all alike. heatloop's fixed model and XGBoost's Python package must agree to rounding (same
version 1.7.4, same rows): the script reports the largest difference. It also times the very
C API calls heatloop makes against Debian's libxgboost and the wheel's library, to separate
heatloop's own cost from the library build's. RMSE, MAE and R^2 per household pooled over the six steps (as heatloop's study
pools them) and per step.

    .venv/bin/python bench/compare_forecast.py --heatloop build/heatloop [--threads 1,2]
        [--repeat 3] [--json]
"""

import argparse
import ctypes
import ctypes.util
import json
import os
import statistics
import subprocess
import tempfile
import time
import tomllib
from pathlib import Path

import lightgbm
import numpy as np
import pandas as pd
import xgboost

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT / "configs" / "studies" / "hot_water_forecast.toml"
# gradient_boosting's defaults. min_child_weight (least hessian sum, i.e. rows, per leaf) is
# LightGBM's min_data_in_leaf default, which LightGBM keeps as its own default here.
FIXED = {"max_depth": 10, "learning_rate": 0.1, "n_estimators": 100, "max_leaves": 20,
         "min_child_weight": 20}
FIXED_STUDY = """name = "gb_fixed"
experiment = "bench"
seed = 1
[data]
split = "time"
train_fraction = 0.85
[[model]]
name = "gradient_boosting"
run_name = "gradient_boosting_fixed"
[model.params]
target = "t_tank_mid"
horizon = 6
max_depth = {max_depth}
learning_rate = {learning_rate}
n_estimators = {n_estimators}
max_leaves = {max_leaves}
min_child_weight = {min_child_weight}
booster = "gbtree"
""".format(**FIXED)
SEED = 1
# From the study file, the models this comparison needs (its neural ones take minutes).
KEEP = ("gradient_boosting", "persistence")


def toml_value(v) -> str:
    """A TOML value for the study's simple params (numbers, strings, lists of them): JSON's
    spelling is TOML's for these."""
    return json.dumps(v)


def tuned_study() -> str:
    """The study file with only the KEEP models, the same top-level keys and [data]."""
    study = tomllib.loads(STUDY.read_text())
    lines = [f"{k} = {toml_value(v)}" for k, v in study.items() if not isinstance(v, (dict, list))]
    lines.append("[data]")
    lines += [f"{k} = {toml_value(v)}" for k, v in study["data"].items()]
    for m in study["model"]:
        if m.get("run_name", m["name"]) not in KEEP:
            continue
        lines.append("[[model]]")
        lines += [f"{k} = {toml_value(v)}" for k, v in m.items() if k != "params"]
        lines.append("[model.params]")
        lines += [f"{k} = {toml_value(v)}" for k, v in m.get("params", {}).items()]
    return "\n".join(lines) + "\n"


def metrics(actual: np.ndarray, predicted: np.ndarray) -> dict:
    """heatloop's definitions (eval/forecast.hpp): R^2 around the mean of the pairs used."""
    ok = np.isfinite(actual) & np.isfinite(predicted)
    y, p = actual[ok], predicted[ok]
    se = float(np.sum((y - p) ** 2))
    return {"n": int(ok.sum()), "rmse": float(np.sqrt(se / len(y))),
            "mae": float(np.mean(np.abs(y - p))),
            "r2": float(1 - se / np.sum((y - y.mean()) ** 2))}


def household_metrics(steps: list) -> dict:
    """Pooled over the steps (every pair of every step), plus each step's own."""
    y = np.concatenate([a for a, _ in steps])
    p = np.concatenate([b for _, b in steps])
    return {**metrics(y, p), "by_step": [metrics(a, b) for a, b in steps]}


def fit_lightgbm(x, y, s: dict, threads: int):
    m = lightgbm.LGBMRegressor(boosting_type="gbdt", num_leaves=s["max_leaves"],
                               max_depth=s["max_depth"], learning_rate=s["learning_rate"],
                               n_estimators=s["n_estimators"], n_jobs=threads,
                               random_state=SEED, deterministic=True, verbose=-1)
    return m.fit(x, y)


def boost_start(y) -> str:
    """heatloop's XgbRegressor starts boosting from the targets' mean (summed in order, in
    double, printed shortest round-trip): XGBoost 1.7 would start at 0.5."""
    total = float(np.cumsum(np.asarray(y, dtype=np.float64))[-1])  # cumsum adds in order
    return repr(total / len(y))


def fit_xgboost(x, y, s: dict, threads: int):
    # The booster parameters of src/models/forecasters/gradient_boosting.cpp (booster_params).
    params = {"tree_method": "hist", "grow_policy": "lossguide", "max_depth": s["max_depth"],
              "max_leaves": s["max_leaves"], "min_child_weight": s["min_child_weight"],
              "eta": s["learning_rate"], "booster": "gbtree",
              "objective": "reg:squarederror", "seed": SEED, "nthread": threads,
              "verbosity": 0, "base_score": boost_start(y)}
    d = xgboost.DMatrix(x, label=y, missing=np.nan, nthread=threads)
    return xgboost.train(params, d, num_boost_round=s["n_estimators"])


def predict(model, x, threads: int) -> np.ndarray:
    if isinstance(model, xgboost.Booster):
        return model.predict(xgboost.DMatrix(x, missing=np.nan, nthread=threads))
    return model.predict(x, num_threads=threads)


def peer(frame: pd.DataFrame, features: list, fit, settings: dict, threads: int) -> dict:
    """One model per step; its time is the sum of the steps' fits."""
    total, steps = 0.0, []
    for _, rows in frame.groupby("step", sort=True):
        tr, te = rows[rows.split == "train"], rows[rows.split == "test"]
        # heatloop hands XGBoost float32 features and targets: the peers get the same.
        x = tr[features].to_numpy(np.float32)
        y = tr["target"].to_numpy(np.float32)
        t0 = time.perf_counter()
        model = fit(x, y, settings, threads)
        total += time.perf_counter() - t0
        p = predict(model, te[features].to_numpy(np.float32), threads)
        steps.append((te["target"].to_numpy(np.float64), p.astype(np.float64)))
    return {**household_metrics(steps), "fit_seconds": total}


def library_builds(frame: pd.DataFrame, features: list, threads: int, repeat: int) -> dict:
    """The same C API calls heatloop makes (XgbRegressor::train, six steps of FIXED) against
    Debian's libxgboost, which heatloop links, and the PyPI wheel's library of the package
    above: their training times (medians of `repeat`), both builds of one version."""
    def train_all(lib) -> float:
        total = 0.0
        for _, rows in frame[frame.split == "train"].groupby("step", sort=True):
            x = np.ascontiguousarray(rows[features].to_numpy(np.float32))
            y = np.ascontiguousarray(rows["target"].to_numpy(np.float32))
            fptr = ctypes.POINTER(ctypes.c_float)
            d, b = ctypes.c_void_p(), ctypes.c_void_p()
            start = boost_start(y)
            t0 = time.perf_counter()
            lib.XGDMatrixCreateFromMat_omp(x.ctypes.data_as(fptr), ctypes.c_uint64(x.shape[0]),
                                           ctypes.c_uint64(x.shape[1]), ctypes.c_float(np.nan),
                                           ctypes.byref(d), threads)
            lib.XGDMatrixSetFloatInfo(d, b"label", y.ctypes.data_as(fptr),
                                      ctypes.c_uint64(len(y)))
            lib.XGBoosterCreate((ctypes.c_void_p * 1)(d), ctypes.c_uint64(1), ctypes.byref(b))
            params = {"tree_method": "hist", "grow_policy": "lossguide",
                      "max_depth": FIXED["max_depth"], "max_leaves": FIXED["max_leaves"],
                      "min_child_weight": FIXED["min_child_weight"],
                      "eta": FIXED["learning_rate"], "booster": "gbtree",
                      "objective": "reg:squarederror", "seed": SEED, "nthread": threads,
                      "verbosity": 0, "base_score": start}
            for k, v in params.items():
                lib.XGBoosterSetParam(b, k.encode(), str(v).encode())
            for i in range(FIXED["n_estimators"]):
                lib.XGBoosterUpdateOneIter(b, i, d)
            total += time.perf_counter() - t0
            lib.XGBoosterFree(b)
            lib.XGDMatrixFree(d)
        return total

    debian = ctypes.util.find_library("xgboost")
    libs = {"debian": ctypes.CDLL(debian), "pypi_wheel": xgboost.core._LIB}
    times = {k: [] for k in libs}
    for _ in range(repeat):
        for k, lib in libs.items():
            times[k].append(train_all(lib))
    out = {"debian_library": debian, "wheel_library": xgboost.core._LIB._name}
    for k, lib in libs.items():
        v = [ctypes.c_int() for _ in range(3)]
        lib.XGBoostVersion(*map(ctypes.byref, v))
        out[k] = {"version": ".".join(str(x.value) for x in v),
                  "fit_seconds": statistics.median(times[k]), "fit_seconds_all": times[k]}
    return out


def median_of(runs: list) -> dict:
    """The first run's accuracy (every run gives the same), the median of the fit times."""
    times = [r["fit_seconds"] for r in runs]
    return {**runs[0], "fit_seconds": statistics.median(times), "fit_seconds_all": times}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--heatloop", default=str(ROOT / "build" / "heatloop"))
    p.add_argument("--threads", default="1", help="comma-separated thread counts, e.g. 1,2")
    p.add_argument("--repeat", type=int, default=3, help="timed fits per model (median)")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    thread_counts = [int(t) for t in a.threads.split(",")]
    result = {"versions": {"lightgbm": lightgbm.__version__, "xgboost_python": xgboost.__version__},
              "fixed_settings": FIXED, "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)

        def run(*args):
            return subprocess.run([a.heatloop, *map(str, args)], check=True,
                                  capture_output=True, text=True).stdout

        run("simulate", "--units", 6, "--days", 28, "--step", "5min", "--seed", 3,
            "--out", tmp / "d")
        run("ingest", tmp / "d" / "units.csv", tmp / "d" / "sensors.csv",
            tmp / "d" / "weather.csv", "--workspace", tmp / "ws", "--resample", "5min")
        fixed = tmp / "fixed.toml"
        fixed.write_text(FIXED_STUDY)
        tuned_file = tmp / "tuned.toml"
        tuned_file.write_text(tuned_study())
        export = json.loads(run("forecast", "features", fixed, "--workspace", tmp / "ws",
                                "--out", tmp / "features", "--json"))
        features = export["features"]
        frames = {u["unit_id"]: pd.read_csv(u["file"]) for u in export["units"]}

        for threads in thread_counts:
            # Interleaved repeats (heatloop, LightGBM, XGBoost-Py, again...) so that a change in
            # the machine's load touches every model alike; medians of the fit times.
            load = [os.getloadavg()[0]]
            ours, lgbm, xgbp = {}, {}, {}
            for _ in range(a.repeat):
                fixed_run = json.loads(run("forecast", fixed, "--workspace", tmp / "ws",
                                           "--threads", threads, "--json"))
                for h in fixed_run["households"]:
                    m = h["models"]["gradient_boosting_fixed"]
                    ours.setdefault(h["unit_id"], []).append(
                        {**{k: m[k] for k in ("rmse", "mae", "r2", "fit_seconds")},
                         "by_step": m["by_step"]})
                for unit, frame in frames.items():
                    lgbm.setdefault(unit, []).append(
                        peer(frame, features, fit_lightgbm, FIXED, threads))
                    xgbp.setdefault(unit, []).append(
                        peer(frame, features, fit_xgboost, FIXED, threads))
            t0 = time.perf_counter()
            tuned = json.loads(run("forecast", tuned_file, "--workspace", tmp / "ws",
                                   "--threads", threads, "--json"))
            tuned_wall = time.perf_counter() - t0
            load.append(os.getloadavg()[0])
            tuned_run = next(r["run_id"] for r in tuned["runs"]
                             if r["name"] == "gradient_boosting")
            households = []
            for unit, frame in frames.items():
                mine = next(x for x in tuned["households"] if x["unit_id"] == unit)["models"]
                state = json.loads((tmp / "ws" / "artifacts" / tuned_run / "models" /
                                    f"unit-{unit}.json").read_text())["state"]["settings"]
                chosen = {k: state[k] for k in FIXED}
                households.append({
                    "unit_id": unit,
                    "heatloop_fixed": median_of(ours[unit]),
                    "heatloop_tuned": {**{k: mine["gradient_boosting"][k]
                                          for k in ("rmse", "mae", "r2", "fit_seconds")},
                                       "settings": {**chosen, "booster": state["booster"]}},
                    "persistence": {k: mine["persistence"][k] for k in ("rmse", "mae", "r2")},
                    "lightgbm": median_of(lgbm[unit]),
                    "lightgbm_tuned_settings": peer(frame, features, fit_lightgbm, chosen,
                                                    threads),
                    "xgboost_python": median_of(xgbp[unit]),
                })
            # The same library version on the same rows: heatloop's fixed model and XGBoost's
            # Python package must agree, which checks that the peers got heatloop's exact rows.
            same = max(abs(h["heatloop_fixed"]["rmse"] - h["xgboost_python"]["rmse"])
                       for h in households)
            builds = library_builds(frames[next(iter(frames))], features, threads, a.repeat)
            result["runs"].append({"threads": threads, "tuned_study_wall_seconds": tuned_wall,
                                   "xgboost_library_builds": builds,
                                   "max_rmse_difference_heatloop_vs_xgboost_python": same,
                                   "load_average_1min": load, "households": households})
    if a.json:
        print(json.dumps(result, indent=2))
        return
    print_tables(result)


def print_tables(result: dict) -> None:
    for r in result["runs"]:
        print(f"\nthreads {r['threads']}: RMSE K per household (pooled over 6 steps)")
        print("| household | heatloop fixed | LightGBM | XGBoost-Py | ratio hl/LGBM | "
              "heatloop tuned | LightGBM at tuned | persistence |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        cols = ("heatloop_fixed", "lightgbm", "xgboost_python")
        for h in r["households"]:
            print(f"| {h['unit_id']} | " + " | ".join(f"{h[c]['rmse']:.4f}" for c in cols) +
                  f" | {h['heatloop_fixed']['rmse'] / h['lightgbm']['rmse']:.3f}"
                  f" | {h['heatloop_tuned']['rmse']:.4f}"
                  f" | {h['lightgbm_tuned_settings']['rmse']:.4f}"
                  f" | {h['persistence']['rmse']:.4f} |")
        mean = {c: statistics.mean(h[c]["rmse"] for h in r["households"])
                for c in (*cols, "heatloop_tuned", "lightgbm_tuned_settings", "persistence")}
        print("| mean | " + " | ".join(f"{mean[c]:.4f}" for c in cols) +
              f" | {mean['heatloop_fixed'] / mean['lightgbm']:.3f} | {mean['heatloop_tuned']:.4f}"
              f" | {mean['lightgbm_tuned_settings']:.4f} | {mean['persistence']:.4f} |")
        print(f"\nthreads {r['threads']}: MAE K and R^2 per household (pooled over 6 steps)")
        print("| household | heatloop MAE | LightGBM MAE | XGBoost-Py MAE | heatloop R^2 | "
              "LightGBM R^2 | XGBoost-Py R^2 |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for h in r["households"]:
            print(f"| {h['unit_id']} | " + " | ".join(f"{h[c]['mae']:.4f}" for c in cols) +
                  " | " + " | ".join(f"{h[c]['r2']:.4f}" for c in cols) + " |")
        print(f"\nheatloop fixed vs XGBoost-Py (same library, same rows): largest RMSE "
              f"difference {r['max_rmse_difference_heatloop_vs_xgboost_python']:.2e} K; "
              f"load average {r['load_average_1min'][0]:.1f} -> {r['load_average_1min'][1]:.1f}")
        print(f"\nthreads {r['threads']}: training time per household, s (Table 8)")
        print("| household | heatloop fixed | LightGBM | XGBoost-Py | ratio hl/LGBM | "
              "heatloop tuned (search + fit) |")
        print("|---|---:|---:|---:|---:|---:|")
        for h in r["households"]:
            print(f"| {h['unit_id']} | " +
                  " | ".join(f"{h[c]['fit_seconds']:.3f}" for c in cols) +
                  f" | {h['heatloop_fixed']['fit_seconds'] / h['lightgbm']['fit_seconds']:.2f}"
                  f" | {h['heatloop_tuned']['fit_seconds']:.2f} |")
        t = {c: statistics.mean(h[c]["fit_seconds"] for h in r["households"])
             for c in (*cols, "heatloop_tuned")}
        print("| mean | " + " | ".join(f"{t[c]:.3f}" for c in cols) +
              f" | {t['heatloop_fixed'] / t['lightgbm']:.2f} | {t['heatloop_tuned']:.2f} |")
        lb = r["xgboost_library_builds"]
        print(f"\nthe same C API training ({r['households'][0]['unit_id']}, six steps) on two "
              f"builds of XGBoost: Debian {lb['debian']['version']} "
              f"{lb['debian']['fit_seconds']:.3f} s, PyPI wheel {lb['pypi_wheel']['version']} "
              f"{lb['pypi_wheel']['fit_seconds']:.3f} s")


if __name__ == "__main__":
    main()
