#!/usr/bin/env python3
"""heatloop's neural layer (libtorch) vs the same network in PyTorch eager.

One run measures both sides on the same data, architecture, batch size, optimizer and thread
count, each in its own process (so peak memory is the process's own `ru_maxrss`):

    heatloop: bench/tools/nn_bench (C++: heatloop::nn::SequenceNet::train and predict_masked,
              or heatloop::nn::SequenceRegressor::train and predict)
    pytorch:  this script with --worker (torch.nn.LSTM / Conv1d blocks + Linear head)

Two kinds of network, chosen by --size: the self_supervised detector's (sizes demo and
fleet: cases lstm, tcn) and the hot-water forecasters' (size forecaster: cases
forecaster_lstm, forecaster_bilstm_attention; see ForecasterCase).

Data (seeded numpy, written once as little-endian float32 and read by both sides): S series of
T steps (10-minute steps, as the self_supervised detector's default `resolution`), C = 12
standardised channels (a shared outdoor temperature and daily cycle, each channel a noisy
mix of them and the operating mode; two channels missing in half the series, as brine
temperatures are in air-source units; 1% of values missing at random) and K = 10 covariates
(4 operating-mode shares, hour of day as sin/cos, 4 metadata one-hot), as the detector builds
them (docs/models.md#self_supervised).

The masked case (`lstm`, `tcn`) is the self_supervised detector's network and training:
input per step 2C + K (values with hidden ones set to 0, visibility flags, covariates);
every training window hides each channel with probability 0.3 (at least one) and half the
windows also every channel's last step; masked MSE at the last step; Adam, gradients
clipped to norm 1, the learning rate halved after 2 epochs without a better validation loss;
the last 20% of each series' windows validate (the same masks every epoch) and the best
epoch's weights are kept; at most --max-windows shuffled windows per epoch. Both sides draw
the masks from their own generators (same scheme, not the same draws). Every epoch runs
(no early stop), and "s/epoch" is the whole training time over the epochs run (validation
included). Scoring is predict_masked: for every step and channel, one forward pass of the
window ending there with that channel hidden for the whole window (C passes), in batches
of --score-batch windows, PyTorch under torch.inference_mode(). Throughput is in unit-years
of 10-minute steps (52,560 per unit-year) per second.

Threads: heatloop's `threads` option (TrainOptions::threads for training; predict_masked's
threads split the C passes, one intra-op thread each) and torch.set_num_threads for PyTorch.

The cases live beside this script: torch_masked.py (MaskedSequenceCase) and
torch_forecaster.py (ForecasterCase), sharing torch_training.py (the data file's layout and
the end-of-epoch rule of src/nn/torch/training.hpp). A new comparison is one more class with
`kind`, `heatloop_command` and `torch_run` (and, for a new kind, its data: `make_data`,
`write_data`, `read_data`, a size in SIZES and its option defaults in KIND_DEFAULTS) and one
more entry in CASES.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from torch_forecaster import ForecasterCase
from torch_masked import MaskedSequenceCase

ROOT = Path(__file__).resolve().parent.parent
MINUTES_PER_YEAR = 365 * 24 * 60

# Sizes: the demo (configs/self_supervised.toml on `heatloop demo`'s fleet: 5 units x 28 days,
# 85% of them training) and the fault benchmark's training fleet (bench/quality_faults.py:
# 40 units x 90 days, 75% fitting, the rest calibration) at the detector's default network;
# the forecaster: one household's fit in the hot-water forecast study (bench/README.md: 28
# days of 5-min rows, the first 85% = 6,854 rows train; 5,810 training and 1,025 validation
# windows).
SIZES = {
    "demo": {"kind": "masked", "series": 5, "steps": 3427, "score_series": 5},
    "fleet": {"kind": "masked", "series": 40, "steps": 9720, "score_series": 2},
    "forecaster": {"kind": "forecaster", "series": 1, "steps": 6854, "score_series": 1},
}

# Option defaults per kind (the detector's defaults, the forecasters' defaults with 1 h of
# 5-min rows and the study's features and horizon); the command line overrides them.
KIND_DEFAULTS = {
    "masked": {"window": 18, "hidden": 32, "batch_size": 128, "lr": 3e-3,
               "validation_fraction": 0.2, "max_windows": 8192, "step_minutes": 10},
    "forecaster": {"window": 12, "hidden": 50, "batch_size": 72, "lr": 1e-3,
                   "validation_fraction": 0.15, "max_windows": 0, "step_minutes": 5},
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


CASES = {"lstm": MaskedSequenceCase("lstm"), "tcn": MaskedSequenceCase("tcn"),
         "forecaster_lstm": ForecasterCase("lstm"),
         "forecaster_bilstm_attention": ForecasterCase("bilstm_attention")}


def worker(args):
    """The PyTorch side, in its own process: prints one JSON line."""
    import torch
    shape = SIZES[args.size]
    data = CASES[args.case].read_data(args, shape)
    args.score_series = shape["score_series"]
    rss_loaded = peak_rss_mib()
    r = CASES[args.case].torch_run(args, data, args.worker_threads)
    r.update({"rss_loaded_mib": round(rss_loaded, 1), "peak_rss_mib": round(peak_rss_mib(), 1),
              "torch": torch.__version__})
    print(json.dumps(r))


def run_json(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"compare_torch: {' '.join(cmd[:2])} ... exited {out.returncode}:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def summarise(r, step_minutes):
    # PyTorch's first epoch pays oneDNN's warm-up (kernels generated on first use): the mean
    # of the later epochs beside it (heatloop reports the training time only).
    later = r["epoch_times"][1:] if len(r.get("epoch_times", [])) > 1 else [r["epoch_s"]]
    return {"epoch_s": round(r["epoch_s"], 3), "later_epoch_s": round(statistics.mean(later), 3),
            "train_cpu_s": round(r["train_cpu_s"], 2),
            "score_s": round(r["score_s"], 3), "score_cpu_s": round(r["score_cpu_s"], 2),
            "unit_years_per_s": round(r["scored_steps"] * step_minutes / MINUTES_PER_YEAR
                                      / r["score_s"], 3),
            "peak_rss_mib": r["peak_rss_mib"], "train_windows": r["train_windows"],
            "validation_windows": r["validation_windows"],
            "final_train_loss": round(r["train_loss"][-1], 4),
            "best_validation_loss": round(r["best_validation_loss"], 4)}


def measure(args, shape, data_path, worker_cmd):
    """One row per case and thread count: the medians of each side's runs and the ratios."""
    rows = []
    for case in args.cases.split(","):
        for threads in (int(t) for t in args.threads.split(",")):
            runs = {"heatloop": [], "pytorch": []}
            for i in range(args.repeats):
                # The two sides take turns, so load from others falls on both alike.
                runs["heatloop"].append(summarise(run_json(
                    CASES[case].heatloop_command(args, data_path, shape, threads)),
                    args.step_minutes))
                runs["pytorch"].append(summarise(run_json(
                    worker_cmd + ["--case", case, "--worker-threads", str(threads)]),
                    args.step_minutes))
                log(f"  {case} threads {threads} run {i + 1}: heatloop {runs['heatloop'][-1]}")
                log(f"  {case} threads {threads} run {i + 1}: pytorch  {runs['pytorch'][-1]}")
            med = {side: {k: statistics.median(r[k] for r in rs) for k in rs[0]}
                   for side, rs in runs.items()}
            h, p = med["heatloop"], med["pytorch"]
            rows.append({"case": case, "threads": threads, "heatloop": h, "pytorch": p,
                         "train_speedup": round(p["epoch_s"] / h["epoch_s"], 2),
                         "score_speedup": round(h["unit_years_per_s"] / p["unit_years_per_s"], 2),
                         "memory_ratio": round(p["peak_rss_mib"] / h["peak_rss_mib"], 2),
                         # CPU seconds (all threads): less moved by other load than wall time.
                         "train_cpu_ratio": round(p["train_cpu_s"] / h["train_cpu_s"], 2),
                         "score_cpu_ratio": round(p["score_cpu_s"] / h["score_cpu_s"], 2)})
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tool", default=str(ROOT / "build" / "nn_bench"),
                    help="path of the nn_bench program (default: build/nn_bench)")
    ap.add_argument("--size", default="demo", choices=sorted(SIZES),
                    help="demo and fleet: the detector's network; forecaster: the forecasters'")
    ap.add_argument("--cases", default="",
                    help="comma list of " + ",".join(CASES) + " (default: every case of the "
                    "size's kind)")
    ap.add_argument("--threads", default="1,2", help="comma list of thread counts")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--channels", type=int, default=12)
    ap.add_argument("--covariates", type=int, default=10)
    ap.add_argument("--features", type=int, default=10, help="forecaster: features per row")
    ap.add_argument("--outputs", type=int, default=6, help="forecaster: horizon (outputs)")
    ap.add_argument("--window", type=int, help="rows per window (detector 18 = 3 h of 10-min "
                    "steps; forecaster 12 = 1 h of 5-min rows)")
    ap.add_argument("--hidden", type=int, help="LSTM units (detector 32, forecaster 50)")
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--kernel", type=int, default=3)
    ap.add_argument("--batch-size", type=int, help="detector 128, forecaster 72")
    ap.add_argument("--lr", type=float, help="Adam (detector 3e-3, forecaster 1e-3)")
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--mask-probability", type=float, default=0.3)
    ap.add_argument("--next-step-share", type=float, default=0.5)
    ap.add_argument("--validation-fraction", type=float, help="detector 0.2, forecaster 0.15")
    ap.add_argument("--max-windows", type=int,
                    help="training windows per epoch (detector 8192, forecaster 0 = all)")
    ap.add_argument("--step-minutes", type=int,
                    help="minutes per row, for unit-years/s (detector 10, forecaster 5)")
    ap.add_argument("--score-batch", type=int, default=512)
    ap.add_argument("--repeats", type=int, default=1, help="runs per side; medians reported")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"))
    ap.add_argument("--json", action="store_true")
    # Internal: the PyTorch side in its own process.
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    ap.add_argument("--case", help=argparse.SUPPRESS)
    ap.add_argument("--worker-threads", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    shape = SIZES[args.size]
    kind = shape["kind"]
    for opt, value in KIND_DEFAULTS[kind].items():
        if getattr(args, opt) is None:
            setattr(args, opt, value)
    if args.worker:
        worker(args)
        return

    cases = (args.cases.split(",") if args.cases
             else [n for n, c in CASES.items() if c.kind == kind])
    for name in cases:
        if name not in CASES:
            sys.exit(f"compare_torch: unknown case '{name}' ({', '.join(CASES)})")
        if CASES[name].kind != kind:
            sys.exit(f"compare_torch: case '{name}' needs a size of kind {CASES[name].kind}; "
                     f"--size {args.size} is {kind} ("
                     + ", ".join(n for n, s in SIZES.items() if s["kind"] == CASES[name].kind)
                     + ")")
    args.cases = ",".join(cases)
    if not os.access(args.tool, os.X_OK):
        sys.exit(f"compare_torch: no nn_bench program at {args.tool} (cmake -DHEATLOOP_BUILD_BENCH=ON "
                 "with the neural layer, then cmake --build build --target nn_bench; or --tool)")
    case = CASES[cases[0]]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data_path = out / f"torch_{args.size}_s{args.seed}.f32"
    log(f"generating {shape['series']} series x {shape['steps']} steps (seed {args.seed}) ...")
    case.write_data(case.make_data(args, shape), data_path)
    worker_cmd = [sys.executable, __file__, "--worker", "--data", str(data_path),
                  "--size", args.size]
    for opt in ("epochs", "channels", "covariates", "features", "outputs", "window", "hidden",
                "layers", "kernel", "batch_size", "lr", "clip", "mask_probability",
                "next_step_share", "validation_fraction", "max_windows", "step_minutes",
                "score_batch", "seed"):
        worker_cmd += ["--" + opt.replace("_", "-"), str(getattr(args, opt))]
    load_before = os.getloadavg()
    try:
        rows = measure(args, shape, data_path, worker_cmd)
    finally:
        data_path.unlink()

    import importlib.metadata as md
    doc = {"size": args.size, "kind": kind, "series": shape["series"], "steps": shape["steps"],
           "score_series": shape["score_series"]}
    if kind == "masked":
        doc.update({"channels": args.channels, "covariates": args.covariates,
                    "layers": args.layers, "kernel": args.kernel})
    else:
        doc.update({"features": args.features, "outputs": args.outputs,
                    "validation_fraction": args.validation_fraction})
    doc.update({"window": args.window, "hidden": args.hidden, "batch_size": args.batch_size,
                "lr": args.lr, "max_windows": args.max_windows, "epochs": args.epochs,
                "step_minutes": args.step_minutes, "score_batch": args.score_batch,
                "repeats": args.repeats, "seed": args.seed, "rows": rows})
    doc["targets_met"] = {"training_as_fast": all(r["train_speedup"] >= 1 for r in rows)}
    if kind == "masked":  # issue 11's scoring target
        doc["targets_met"]["scoring_2x"] = all(r["score_speedup"] >= 2 for r in rows)
    doc.update({"versions": {"torch": md.version("torch"), "numpy": np.__version__,
                             "python": sys.version.split()[0]},
                "loadavg_before": [round(v, 2) for v in load_before],
                "loadavg_after": [round(v, 2) for v in os.getloadavg()]})
    (out / f"compare_torch_{args.size}.json").write_text(json.dumps(doc, indent=1))
    if args.json:
        print(json.dumps(doc))
        return
    if kind == "masked":
        print(f"data    {args.size}: {shape['series']} series x {shape['steps']} 10-min steps, "
              f"C={args.channels} K={args.covariates}, window {args.window}, hidden {args.hidden}, "
              f"batch {args.batch_size}, {args.max_windows} windows/epoch, {args.epochs} epochs")
    else:
        print(f"data    {args.size}: {shape['series']} series x {shape['steps']} "
              f"{args.step_minutes}-min rows, F={args.features} H={args.outputs}, window "
              f"{args.window}, hidden {args.hidden}, batch {args.batch_size}, "
              f"{rows[0]['heatloop']['train_windows']} training windows, {args.epochs} epochs")
    width = max(len(c) for c in cases) + 1
    print(f"{'case':{width}}{'thr':>4} | {'s/epoch':>8}{'unit-y/s':>9}{'RSS MiB':>8} | "
          f"{'s/epoch':>8}{'unit-y/s':>9}{'RSS MiB':>8} | {'train':>6}{'score':>6}")
    print(f"{'':{width + 4}} | {'heatloop':^25} | {'pytorch eager':^25} | {'heatloop x':^12}")
    for r in rows:
        h, p = r["heatloop"], r["pytorch"]
        print(f"{r['case']:{width}}{r['threads']:4} | "
              f"{h['epoch_s']:8.3f}{h['unit_years_per_s']:9.3f}"
              f"{h['peak_rss_mib']:8.0f} | {p['epoch_s']:8.3f}{p['unit_years_per_s']:9.3f}"
              f"{p['peak_rss_mib']:8.0f} | {r['train_speedup']:6.2f}{r['score_speedup']:6.2f}")
    print("targets " + ", ".join(f"{k}: {'met' if v else 'MISSED'}"
                                 for k, v in doc["targets_met"].items()))
    print("versions " + ", ".join(f"{k} {v}" for k, v in doc["versions"].items()))
    print(f"load avg {' '.join(map(str, doc['loadavg_before']))} before, "
          f"{' '.join(map(str, doc['loadavg_after']))} after")


if __name__ == "__main__":
    main()
