#!/usr/bin/env python3
"""heatloop's isolation forest vs scikit-learn's and isotree's on the same data.

Data (seeded numpy): a mixture of correlated Gaussian clusters, plus ~1% anomalies: half
scattered uniformly over the data's bounding box, half a small cluster shifted off one of the
normal clusters. Default 1,000,000 rows x 20 features; written as raw little-endian float64,
row-major, for our side (bench/tools/iforest_bench).

Every implementation grows the plain isolation forest of Liu, Ting & Zhou (2008): 100 trees,
256 rows drawn without replacement per tree, one random attribute and a uniform split value
between its min and max per node, height limit ceil(log2(256)) = 8, score 2^(-E[h]/c(256)),
on the same number of threads:

    heatloop: iforest_bench --trees 100 --samples 256 --threads T
    sklearn:  IsolationForest(n_estimators=100, max_samples=256, max_features=1.0,
                              bootstrap=False, n_jobs=T); score = -score_samples(X)
    isotree:  IsolationForest(ntrees=100, sample_size=256, ndim=1, max_depth="auto",
                              missing_action="fail", penalize_range=False,
                              scoring_metric="depth", weigh_by_kurtosis=False,
                              prob_pick_*=0, min_gain=0, ncols_per_tree=None,
                              sample_with_replacement=False, build_imputer=False,
                              nthreads=T); score = predict(X, output="score")
      (isotree's defaults already match the paper except missing_action, which defaults to
      "divide" for ndim=1; "fail" skips missing-value handling, as the others do. Its fit
      copies a row-major array to column-major: that copy is part of its fit time.)

Fit and score are timed separately (wall seconds, median of --repeats runs each; data
generation and file I/O excluded; process CPU seconds of fit + score beside them), and the ROC-AUC of each score against the injected anomalies is
averaged over the runs, which use different forest seeds (see measure()). Prints a table and the ratios; --json prints the figures as JSON on
stdout (progress goes to stderr).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def make_data(rows, cols, seed, anomaly_frac=0.01, clusters=4):
    """Returns (X row-major float64, labels 1 = injected anomaly)."""
    rng = np.random.default_rng(seed)
    n_anom = int(round(rows * anomaly_frac))
    n_norm = rows - n_anom
    means = rng.normal(0, 4, size=(clusters, cols))
    # Correlated clusters: x = mean + z L^T with a random mixing matrix L per cluster.
    mixes = [rng.normal(0, 1, size=(cols, cols)) / np.sqrt(cols) + 0.5 * np.eye(cols)
             for _ in range(clusters)]
    weights = rng.dirichlet(np.full(clusters, 4.0))
    counts = rng.multinomial(n_norm, weights)
    parts = [means[k] + rng.standard_normal((counts[k], cols)) @ mixes[k].T
             for k in range(clusters)]
    normal = np.concatenate(parts)
    lo, hi = normal.min(axis=0), normal.max(axis=0)
    n_scatter = n_anom // 2
    scatter = rng.uniform(lo, hi, size=(n_scatter, cols))
    # A cluster shifted by 1.3 sqrt(cols) off cluster 0 in a random direction: partly hidden
    # among the others along single axes, so not every one is easy to isolate.
    direction = rng.normal(0, 1, size=cols)
    shift = 1.3 * np.sqrt(cols) * direction / np.linalg.norm(direction)
    shifted = means[0] + shift + rng.standard_normal((n_anom - n_scatter, cols))
    x = np.concatenate([normal, scatter, shifted])
    y = np.concatenate([np.zeros(n_norm, np.int8), np.ones(n_anom, np.int8)])
    order = rng.permutation(rows)
    return np.ascontiguousarray(x[order], dtype="<f8"), y[order]


def auc(y, score):
    from sklearn.metrics import roc_auc_score
    return float(roc_auc_score(y, score))


def run_heatloop(args, x_path, seed, scores_path):
    out = subprocess.run(
        [args.tool, "--input", str(x_path), "--cols", str(args.cols), "--trees",
         str(args.trees), "--samples", str(args.samples), "--seed", str(seed), "--threads",
         str(args.threads), "--output", str(scores_path)],
        check=True, capture_output=True, text=True)
    r = json.loads(out.stdout)
    return (r["fit_s"], r["score_s"], r["fit_cpu_s"] + r["score_cpu_s"],
            np.fromfile(scores_path, dtype="<f8"))


def timed(model, x, score):
    """Fit, then score; wall seconds of each and process CPU seconds (all threads) of both."""
    c0, t0 = time.process_time(), time.perf_counter()
    model.fit(x)
    t1 = time.perf_counter()
    s = score(model, x)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, time.process_time() - c0, np.asarray(s, dtype="f8")


def run_sklearn(args, x, seed):
    from sklearn.ensemble import IsolationForest
    model = IsolationForest(n_estimators=args.trees, max_samples=args.samples,
                            max_features=1.0, bootstrap=False, n_jobs=args.threads,
                            random_state=seed)
    # score_samples is the opposite of the paper's score.
    return timed(model, x, lambda m, data: -m.score_samples(data))


def run_isotree(args, x, seed):
    from isotree import IsolationForest
    model = IsolationForest(ntrees=args.trees, sample_size=args.samples, ndim=1, ntry=1,
                            max_depth="auto", ncols_per_tree=None, prob_pick_pooled_gain=0.0,
                            prob_pick_avg_gain=0.0, prob_pick_full_gain=0.0,
                            prob_pick_dens=0.0, prob_pick_col_by_range=0.0,
                            prob_pick_col_by_var=0.0, prob_pick_col_by_kurt=0.0,
                            min_gain=0.0, missing_action="fail", penalize_range=False,
                            scoring_metric="depth", weigh_by_kurtosis=False,
                            sample_with_replacement=False, build_imputer=False,
                            random_seed=seed, nthreads=args.threads)
    return timed(model, x, lambda m, data: m.predict(data, output="score"))


def measure(runs, y, args):
    """Median times and mean ROC-AUC over the repeats. The implementations take turns within
    each repeat, so load from others on a shared machine falls on all of them alike. Repeat
    i grows its forests from seed --seed + 100000 i: one forest's AUC varies by ~0.005
    with its seed on this data, so the mean over a few forests is what can be compared at
    0.01. (isotree seeds tree t from seed + t, so nearby seeds would share trees.)"""
    rec = {name: {"fit": [], "score": [], "total": [], "cpu": [], "auc": []} for name in runs}
    for i in range(args.repeats):
        for name, run in runs.items():
            fit_s, score_s, cpu_s, s = run(args.seed + 100_000 * i)
            r = rec[name]
            r["fit"].append(fit_s)
            r["score"].append(score_s)
            r["total"].append(fit_s + score_s)
            r["cpu"].append(cpu_s)
            r["auc"].append(auc(y, s))
            log(f"  run {i + 1}/{args.repeats} {name:8}: fit {fit_s:.3f} s, score {score_s:.3f} s,"
                f" cpu {cpu_s:.3f} s, AUC {r['auc'][-1]:.4f}")
    med = statistics.median
    return {name: {"fit_s": round(med(r["fit"]), 4), "score_s": round(med(r["score"]), 4),
                   "total_s": round(med(r["total"]), 4), "cpu_s": round(med(r["cpu"]), 4),
                   "auc": round(statistics.mean(r["auc"]), 4),
                   "auc_runs": [round(a, 4) for a in r["auc"]]}
            for name, r in rec.items()}


def versions():
    import isotree
    import sklearn
    from importlib.metadata import version
    return {"numpy": np.__version__, "scikit-learn": sklearn.__version__,
            "isotree": version("isotree"), "python": sys.version.split()[0]}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tool", default=str(ROOT / "build" / "iforest_bench"),
                    help="path of the iforest_bench program (default: build/iforest_bench)")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cols", type=int, default=20)
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--samples", type=int, default=256)
    ap.add_argument("--threads", type=int, default=2, help="threads of every implementation")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--peers", default="sklearn,isotree", help="comma list: sklearn,isotree")
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    log(f"generating {args.rows} x {args.cols} (seed {args.seed}) ...")
    x, y = make_data(args.rows, args.cols, args.seed)
    x_path = out / f"iforest_{args.rows}x{args.cols}_s{args.seed}.f64"
    scores_path = out / f"iforest_{args.rows}x{args.cols}_s{args.seed}.scores.f64"
    x.tofile(x_path)

    peers = [p for p in args.peers.split(",") if p]
    runs = {"heatloop": lambda seed: run_heatloop(args, x_path, seed, scores_path)}
    if "isotree" in peers:
        runs["isotree"] = lambda seed: run_isotree(args, x, seed)
    if "sklearn" in peers:
        runs["sklearn"] = lambda seed: run_sklearn(args, x, seed)
    load_before = os.getloadavg()
    results = measure(runs, y, args)
    x_path.unlink()
    scores_path.unlink()

    ours = results["heatloop"]
    ratios = {}
    for peer in peers:
        r = results[peer]
        ratios[peer] = {k: round(r[k] / ours[k], 2)
                        for k in ("fit_s", "score_s", "total_s", "cpu_s")}
        ratios[peer]["auc_diff"] = round(ours["auc"] - r["auc"], 4)
    targets = {}
    if "sklearn" in ratios:
        targets["10x_sklearn"] = ratios["sklearn"]["total_s"] >= 10
    if "isotree" in ratios:
        targets["as_fast_as_isotree"] = ratios["isotree"]["total_s"] >= 1
    targets["auc_within_0.01"] = all(abs(r["auc_diff"]) <= 0.01 for r in ratios.values())
    doc = {"rows": args.rows, "cols": args.cols, "anomalies": int(y.sum()),
           "trees": args.trees, "samples": args.samples, "threads": args.threads,
           "repeats": args.repeats, "seed": args.seed, "results": results, "ratios": ratios,
           "targets_met": targets, "versions": versions(),
           "loadavg_before": [round(v, 2) for v in load_before],
           "loadavg_after": [round(v, 2) for v in os.getloadavg()]}
    if args.json:
        print(json.dumps(doc))
        return
    print(f"data     {args.rows} x {args.cols}, {int(y.sum())} injected anomalies, seed {args.seed}")
    print(f"forest   {args.trees} trees x {args.samples} samples, {args.threads} threads, "
          f"median times and mean AUC of {args.repeats} runs")
    print(f"{'':10}{'fit s':>9}{'score s':>10}{'total s':>10}{'cpu s':>9}{'ROC-AUC':>9}")
    for name, r in results.items():
        print(f"{name:10}{r['fit_s']:9.3f}{r['score_s']:10.3f}{r['total_s']:10.3f}"
              f"{r['cpu_s']:9.3f}{r['auc']:9.4f}")
    for peer, r in ratios.items():
        print(f"heatloop vs {peer}: {r['total_s']}x faster in total (fit {r['fit_s']}x, "
              f"score {r['score_s']}x; {r['cpu_s']}x less CPU), AUC {r['auc_diff']:+.4f}")
    print("targets  " + ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in targets.items()))
    print("versions " + ", ".join(f"{k} {v}" for k, v in doc["versions"].items()))
    print(f"load avg {' '.join(map(str, doc['loadavg_before']))} before, "
          f"{' '.join(map(str, doc['loadavg_after']))} after")


if __name__ == "__main__":
    main()
