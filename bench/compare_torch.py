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

A new comparison is one more class with `kind`, `heatloop_command` and `torch_run` (and,
for a new kind, its data: `make_data`, `write_data`, `read_data`, a size in SIZES and its
option defaults in KIND_DEFAULTS) and one more entry in CASES.
"""

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

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


def make_data(series, steps, channels, seed):
    """Returns a list of (values [T, C] float32 with NaN, covariates [T, K] float32)."""
    rng = np.random.default_rng(seed)
    out = []
    day = np.arange(steps) / 144.0
    for s in range(series):
        t_out = np.cumsum(rng.normal(0, 0.05, steps)) + 3 * np.sin(2 * np.pi * (day - 0.3))
        # Operating mode: a Markov chain over off, space heating, hot water, defrost.
        mode = np.zeros(steps, np.int64)
        trans = np.array([[0.9, 0.08, 0.015, 0.005], [0.05, 0.9, 0.04, 0.01],
                          [0.1, 0.2, 0.7, 0.0], [0.0, 0.5, 0.0, 0.5]])
        for t in range(1, steps):
            mode[t] = rng.choice(4, p=trans[mode[t - 1]])
        onehot = np.eye(4, dtype=np.float32)[mode]
        mix = rng.normal(0, 1, (channels, 3))
        base = np.stack([t_out, np.sin(2 * np.pi * day), onehot[:, 1] - onehot[:, 0]], 1)
        values = base @ mix.T + rng.normal(0, 0.3, (steps, channels))
        values = (values - values.mean(0)) / values.std(0)
        values[rng.random((steps, channels)) < 0.01] = np.nan
        if s % 2:  # an air-source unit: no brine channels
            values[:, -2:] = np.nan
        meta = np.zeros(4, np.float32)
        meta[s % 2] = 1
        meta[2 + (s // 2) % 2] = 1
        cov = np.concatenate([onehot, np.stack([np.sin(2 * np.pi * day), np.cos(2 * np.pi * day)], 1),
                              np.broadcast_to(meta, (steps, 4))], 1)
        out.append((values.astype(np.float32), cov.astype(np.float32)))
    return out


def write_data(data, path):
    with open(path, "wb") as f:
        for values, cov in data:
            f.write(values.astype("<f4").tobytes())
            f.write(cov.astype("<f4").tobytes())


def read_data(path, series, steps, channels, covariates):
    raw = np.fromfile(path, dtype="<f4")
    per = steps * (channels + covariates)
    assert raw.size == series * per, "data file size does not match its shape"
    out = []
    for s in range(series):
        block = raw[s * per:(s + 1) * per]
        out.append((block[:steps * channels].reshape(steps, channels),
                    block[steps * channels:].reshape(steps, covariates)))
    return out


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class MaskedSequenceCase:
    """The self_supervised detector's network: masked-channel and next-step prediction."""

    kind = "masked"

    def __init__(self, arch):
        self.arch = arch
        self.name = arch

    @staticmethod
    def make_data(args, shape):
        return make_data(shape["series"], shape["steps"], args.channels, args.seed)

    write_data = staticmethod(write_data)

    @staticmethod
    def read_data(args, shape):
        return read_data(args.data, shape["series"], shape["steps"], args.channels,
                         args.covariates)

    def heatloop_command(self, args, data_path, shape, threads):
        return [args.tool, "--data", str(data_path), "--series", str(shape["series"]),
                "--steps", str(shape["steps"]), "--channels", str(args.channels),
                "--covariates", str(args.covariates), "--arch", self.arch,
                "--window", str(args.window), "--hidden", str(args.hidden),
                "--layers", str(args.layers), "--kernel", str(args.kernel),
                "--epochs", str(args.epochs), "--batch-size", str(args.batch_size),
                "--lr", str(args.lr), "--clip", str(args.clip),
                "--max-windows", str(args.max_windows), "--threads", str(threads),
                "--score-series", str(shape["score_series"]),
                "--score-batch", str(args.score_batch), "--seed", str(args.seed)]

    # --- PyTorch side (runs in the --worker process) ---

    def model(self, args):
        import torch
        from torch import nn
        import torch.nn.functional as F

        features = 2 * args.channels + args.covariates

        class LstmNet(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(features, args.hidden, num_layers=args.layers,
                                    batch_first=True)
                self.head = nn.Linear(args.hidden, args.channels)

            def forward(self, x):
                out, _ = self.lstm(x)
                return self.head(out[:, -1])

        class TcnBlock(nn.Module):  # networks.hpp's TcnBlockImpl
            def __init__(self, cin, cout, kernel, dilation):
                super().__init__()
                self.pad = (kernel - 1) * dilation
                self.conv1 = nn.Conv1d(cin, cout, kernel, dilation=dilation)
                self.conv2 = nn.Conv1d(cout, cout, kernel, dilation=dilation)
                self.skip = nn.Conv1d(cin, cout, 1) if cin != cout else None

            def forward(self, x):
                h = torch.relu(self.conv1(F.pad(x, (self.pad, 0))))
                h = torch.relu(self.conv2(F.pad(h, (self.pad, 0))))
                return torch.relu(h + (self.skip(x) if self.skip is not None else x))

        class TcnNet(nn.Module):
            def __init__(self):
                super().__init__()
                blocks = 1  # networks.hpp's tcn_blocks: receptive field covers the window
                while (1 + 2 * (args.kernel - 1) * ((1 << blocks) - 1) < args.window
                       and blocks < 12):
                    blocks += 1
                cin, layers = features, []
                for b in range(blocks):
                    layers.append(TcnBlock(cin, args.hidden, args.kernel, 1 << b))
                    cin = args.hidden
                self.blocks = nn.ModuleList(layers)
                self.head = nn.Linear(args.hidden, args.channels)

            def forward(self, x):  # [B, W, F]
                h = x.transpose(1, 2)
                for block in self.blocks:
                    h = block(h)
                return self.head(h[:, :, -1])

        return LstmNet() if self.arch == "lstm" else TcnNet()

    @staticmethod
    def network_input(values, visible, covariates):
        import torch
        return torch.cat([torch.where(visible, values, torch.zeros_like(values)),
                          visible.float(), covariates], 2)

    def batch(self, vw, cw, refs, rng, args):
        """refs: [n, 2] (series, start). Same construction as SequenceNet's Impl::batch."""
        import torch
        vs, cs = [], []
        for s in np.unique(refs[:, 0]):
            idx = torch.from_numpy(refs[refs[:, 0] == s, 1])
            vs.append(vw[s].index_select(0, idx))
            cs.append(cw[s].index_select(0, idx))
        values, covariates = torch.cat(vs), torch.cat(cs)
        b, w, c = values.shape
        hide = rng.random((b, c)) < args.mask_probability
        none = ~hide.any(1)
        hide[none, rng.integers(0, c, none.sum())] = True
        hide_last = rng.random(b) < args.next_step_share
        hidden = torch.from_numpy(hide)[:, None, :].expand(b, w, c).clone()
        hidden[:, w - 1] |= torch.from_numpy(hide_last)[:, None]
        present = ~values.isnan()
        visible = present & ~hidden
        last = values[:, w - 1]
        weight = (present[:, w - 1] & hidden[:, w - 1]).float()
        return (self.network_input(values, visible, covariates),
                torch.where(last.isnan(), torch.zeros_like(last), last), weight)

    def torch_run(self, args, data, threads):
        import torch
        torch.set_num_threads(threads)
        torch.manual_seed(args.seed)
        w = args.window
        model = self.model(args)
        vw = [torch.from_numpy(v).unfold(0, w, 1).transpose(1, 2) for v, _ in data]
        cw = [torch.from_numpy(c).unfold(0, w, 1).transpose(1, 2) for _, c in data]
        train_refs, val_refs = [], []
        for s, (v, _) in enumerate(data):
            starts = np.arange(v.shape[0] - w + 1)
            starts = starts[~np.isnan(v[starts + w - 1]).all(1)]
            n_val = int(np.floor(len(starts) * args.validation_fraction))
            refs = np.stack([np.full(len(starts), s), starts], 1)
            train_refs.append(refs[:len(refs) - n_val])
            val_refs.append(refs[len(refs) - n_val:])
        train_refs, val_refs = np.concatenate(train_refs), np.concatenate(val_refs)

        t0 = time.perf_counter()
        c0 = time.process_time()
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=args.lr)
        lr, best_val, best, since_best = args.lr, float("inf"), None, 0
        rng = np.random.default_rng(args.seed + 1)
        losses, epoch_ends = [], []
        for _ in range(args.epochs):
            order = rng.permutation(len(train_refs))
            n = min(args.max_windows, len(order)) if args.max_windows > 0 else len(order)
            total, batches = 0.0, 0
            for b0 in range(0, n, args.batch_size):
                x, target, weight = self.batch(vw, cw, train_refs[order[b0:b0 + args.batch_size]],
                                               rng, args)
                opt.zero_grad()
                err = model(x) - target
                loss = (err * err * weight).sum() / weight.sum().clamp_min(1.0)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
                opt.step()
                total += loss.item()
                batches += 1
            losses.append(total / max(batches, 1))
            val, wsum = 0.0, 0.0
            with torch.no_grad():
                val_rng = np.random.default_rng(args.seed + 2)
                for b0 in range(0, len(val_refs), args.batch_size):
                    x, target, weight = self.batch(vw, cw, val_refs[b0:b0 + args.batch_size],
                                                   val_rng, args)
                    err = model(x) - target
                    val += (err * err * weight).sum().item()
                    wsum += weight.sum().item()
            val /= max(wsum, 1.0)
            epoch_ends.append(time.perf_counter() - t0)
            if val < best_val:
                best_val, since_best = val, 0
                best = [p.detach().clone() for p in model.parameters()]
                continue
            since_best += 1
            if since_best % 2 == 0:
                lr *= 0.5
                for g in opt.param_groups:
                    g["lr"] = lr
        with torch.no_grad():
            for p, q in zip(model.parameters(), best):
                p.copy_(q)
        model.eval()
        train_s, train_cpu_s = time.perf_counter() - t0, time.process_time() - c0

        t0 = time.perf_counter()
        c0 = time.process_time()
        scored, checksum = 0, 0.0
        c = args.channels
        with torch.inference_mode():
            for v, cov in data[:args.score_series]:
                values = torch.cat([torch.full((w - 1, c), float("nan")), torch.from_numpy(v)])
                covs = torch.cat([torch.zeros(w - 1, cov.shape[1]), torch.from_numpy(cov)])
                svw, scw = values.unfold(0, w, 1).transpose(1, 2), covs.unfold(0, w, 1).transpose(1, 2)
                n = v.shape[0]
                out = torch.full((n, c), float("nan"))
                for b0 in range(0, n, args.score_batch):
                    vb, cb = svw[b0:b0 + args.score_batch], scw[b0:b0 + args.score_batch]
                    present = ~vb.isnan()
                    for k in range(c):
                        visible = present.clone()
                        visible[:, :, k] = False
                        out[b0:b0 + args.score_batch, k] = model(self.network_input(vb, visible, cb))[:, k]
                scored += n
                checksum += float(torch.nan_to_num(out).sum())
        score_s, score_cpu_s = time.perf_counter() - t0, time.process_time() - c0
        return {"arch": self.arch, "threads": threads, "epochs": args.epochs,
                "train_windows": int(len(train_refs)), "validation_windows": int(len(val_refs)),
                "train_s": train_s, "train_cpu_s": train_cpu_s, "epoch_s": train_s / args.epochs,
                "train_loss": losses, "best_validation_loss": best_val, "scored_steps": scored,
                "epoch_times": np.diff([0.0] + epoch_ends).tolist(),
                "score_s": score_s, "score_cpu_s": score_cpu_s, "score_checksum": checksum}


class ForecasterCase:
    """The hot-water forecasters' network (lstm, bilstm_attention: nn::SequenceRegressor).

    Data (seeded numpy; written as float32, per series T x F features then T x H targets,
    NaN = missing): one household's tank at 5-min rows, a crude version of the simulator's
    (standby losses, morning and evening showers at times that vary from day to day and
    small draws at random, cooling t_tank_mid more than t_tank_top,
    the paper's threshold controller heating the tank), and the study's F = 10 features as
    the forecasters build them (docs/forecasting.md: t_tank_mid and t_tank_top lagged 10, 20,
    30 and 90 min, current t_tank_top, week of year; the first 18 rows lack the 90-min lags)
    and H = 6 targets (t_tank_mid 1-6 rows after the row; missing past the end). Timing, not
    forecast quality, is measured: only the shapes and the missing values matter.

    Training as SequenceRegressor::train (src/nn/sequence_regressor.cpp): a window ends at
    every row with every feature and some target, the last validation fraction of each
    series' windows validates; features and targets standardised by the training rows'
    mean and population standard deviation (rows before the first validation window), a
    missing feature 0; mean absolute error over the present targets; Adam, gradient norm
    clipped to 1, the learning-rate halving and best-weights copy of the shared loop; every
    epoch runs. Time from the start of train() (standardisation and windows included), as
    heatloop's TrainReport::seconds. Scoring: predict() for every row of the series, in
    batches of --score-batch rows, outputs back in kelvin; PyTorch under inference_mode.
    Threads: heatloop's RegressorTrainOptions::threads for training and predict()'s workers
    (each its own batches on one torch thread); torch.set_num_threads for PyTorch.
    """

    kind = "forecaster"

    def __init__(self, arch):
        self.arch = arch
        self.name = "forecaster_" + arch

    @staticmethod
    def make_data(args, shape):
        """Returns a list of (features [T, F] float32, targets [T, H] float32), NaN = missing."""
        rng = np.random.default_rng(args.seed)
        lags = [2, 4, 6, 18]  # 10, 20, 30, 90 min of 5-min rows
        if args.features != 2 * len(lags) + 2:
            sys.exit(f"compare_torch: --size forecaster makes {2 * len(lags) + 2} features "
                     f"(the study's), not --features {args.features}")
        out = []
        for _ in range(shape["series"]):
            steps = shape["steps"]
            minute = np.arange(steps) * 5
            day = minute // 1440
            # Draws (K of t_tank_mid per row): a shower in the morning and evening on most
            # days, at times that vary from day to day, and small draws at random.
            draw = (rng.random(steps) < 0.01) * rng.uniform(0.5, 1.5, steps)
            for d in range(int(day[-1]) + 1):
                for start, p in ((7 * 60, 0.9), (19 * 60, 0.7)):
                    if rng.random() < p:
                        t0 = d * 288 + int((start + rng.normal(0, 10)) // 5)
                        draw[max(t0, 0):max(t0, 0) + rng.integers(1, 3)] += rng.uniform(3, 6)
            mid, top = np.empty(steps), np.empty(steps)
            m, t, heating = 52.0, 56.0, False
            for i in range(steps):
                m -= 0.004 * (m - 20) + draw[i] + rng.normal(0, 0.05)
                t -= 0.003 * (t - 20) + 0.3 * draw[i] + rng.normal(0, 0.05)
                heating = (m + t) / 2 < 48 if not heating else (m + t) / 2 < 56
                if heating:
                    m, t = m + 1.2, t + 1.5
                mid[i], top[i] = m, t
            feats = np.full((steps, args.features), np.nan)
            for j, lag in enumerate(lags):
                feats[lag:, j] = mid[:-lag]
                feats[lag:, len(lags) + j] = top[:-lag]
            feats[:, 2 * len(lags)] = top
            feats[:, 2 * len(lags) + 1] = 49 + day // 7  # week of year (a December start)
            targets = np.full((steps, args.outputs), np.nan)
            for k in range(1, args.outputs + 1):
                targets[:-k, k - 1] = mid[k:]
            out.append((feats.astype(np.float32), targets.astype(np.float32)))
        return out

    @staticmethod
    def write_data(data, path):
        write_data(data, path)  # the same layout: per series the first block then the second

    @staticmethod
    def read_data(args, shape):
        return read_data(args.data, shape["series"], shape["steps"], args.features,
                         args.outputs)

    def heatloop_command(self, args, data_path, shape, threads):
        return [args.tool, "--network", "regressor", "--data", str(data_path),
                "--series", str(shape["series"]), "--steps", str(shape["steps"]),
                "--features", str(args.features), "--outputs", str(args.outputs),
                "--arch", self.arch, "--window", str(args.window), "--hidden", str(args.hidden),
                "--epochs", str(args.epochs), "--batch-size", str(args.batch_size),
                "--lr", str(args.lr), "--clip", str(args.clip),
                "--validation-fraction", str(args.validation_fraction),
                "--max-windows", str(args.max_windows), "--threads", str(threads),
                "--score-series", str(shape["score_series"]),
                "--score-batch", str(args.score_batch), "--seed", str(args.seed),
                "--step-minutes", str(args.step_minutes)]

    # --- PyTorch side (runs in the --worker process) ---

    def model(self, args):
        import torch
        from torch import nn

        attention = self.arch == "bilstm_attention"

        class Regressor(nn.Module):  # sequence_regressor.cpp's RegressorNetImpl
            def __init__(self):
                super().__init__()
                d = 2 * args.hidden if attention else args.hidden
                self.lstm = nn.LSTM(args.features, args.hidden, batch_first=True,
                                    bidirectional=attention)
                if attention:
                    self.query, self.key, self.value = (nn.Linear(d, d) for _ in range(3))
                self.head = nn.Linear(d, args.outputs)

            def forward(self, x):  # [B, W, F] -> [B, H]
                s, _ = self.lstm(x)
                if not attention:
                    return self.head(s[:, -1])
                q, k, v = self.query(s), self.key(s), self.value(s)
                a = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(s.shape[2]), -1)
                return self.head((a @ v).mean(1))

        return Regressor()

    @staticmethod
    def column_stats(m):
        """Mean and population standard deviation of each column over its present values (1
        where below 1e-9), in float64 as heatloop's column_stats."""
        import torch
        present = (~m.isnan()).double()
        v = torch.nan_to_num(m, nan=0.0).double()
        n = present.sum(0).clamp_min(1.0)
        mean = v.sum(0) / n
        sd = (((v - mean) ** 2 * present).sum(0) / n).sqrt()
        return mean.float(), torch.where(sd > 1e-9, sd, torch.ones_like(sd)).float()

    def torch_run(self, args, data, threads):
        import torch
        torch.set_num_threads(threads)
        torch.manual_seed(args.seed)
        w = args.window
        model = self.model(args)

        t0 = time.perf_counter()
        c0 = time.process_time()
        feats = [torch.from_numpy(x) for x, _ in data]
        targs = [torch.from_numpy(y) for _, y in data]
        train_refs, val_refs, stat_x, stat_y = [], [], [], []
        for s, (x, y) in enumerate(data):
            ends = np.arange(w - 1, x.shape[0])
            ends = ends[~np.isnan(x[ends]).any(1) & ~np.isnan(y[ends]).all(1)]
            n_val = int(np.floor(len(ends) * args.validation_fraction))
            n_train = len(ends) - n_val
            refs = np.stack([np.full(len(ends), s), ends], 1)
            train_refs.append(refs[:n_train])
            val_refs.append(refs[n_train:])
            rows = x.shape[0] if n_train == len(ends) else ends[n_train] - w + 1
            if n_train > 0:
                stat_x.append(feats[s][:rows])
                stat_y.append(targs[s][:rows])
        train_refs, val_refs = np.concatenate(train_refs), np.concatenate(val_refs)
        fm, fs = self.column_stats(torch.cat(stat_x))
        tm, ts = self.column_stats(torch.cat(stat_y))

        def standardise(x):
            z = (x - fm) / fs
            return torch.where(z.isnan(), torch.zeros_like(z), z)

        windows = [standardise(x).contiguous().unfold(0, w, 1).transpose(1, 2) for x in feats]
        zt = [(y - tm) / ts for y in targs]

        def batch(refs):
            xs, ys = [], []
            for s in np.unique(refs[:, 0]):
                ends = torch.from_numpy(refs[refs[:, 0] == s, 1])
                xs.append(windows[s].index_select(0, ends - (w - 1)))
                ys.append(zt[s].index_select(0, ends))
            y = torch.cat(ys)
            return torch.cat(xs), torch.nan_to_num(y, nan=0.0), (~y.isnan()).float()

        def mae_sum(x, y, weight):
            return ((model(x) - y).abs() * weight).sum()

        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=args.lr)
        lr, best_val, best, since_best = args.lr, float("inf"), None, 0
        rng = np.random.default_rng(args.seed + 1)
        losses, val_losses, epoch_ends = [], [], []
        for _ in range(args.epochs):
            order = rng.permutation(len(train_refs))
            n = min(args.max_windows, len(order)) if args.max_windows > 0 else len(order)
            total, batches = 0.0, 0
            for b0 in range(0, n, args.batch_size):
                x, y, weight = batch(train_refs[order[b0:b0 + args.batch_size]])
                opt.zero_grad()
                loss = mae_sum(x, y, weight) / weight.sum().clamp_min(1.0)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
                opt.step()
                total += loss.item()
                batches += 1
            losses.append(total / max(batches, 1))
            val, wsum = 0.0, 0.0
            with torch.no_grad():
                for b0 in range(0, len(val_refs), args.batch_size):
                    x, y, weight = batch(val_refs[b0:b0 + args.batch_size])
                    val += mae_sum(x, y, weight).item()
                    wsum += weight.sum().item()
            val /= max(wsum, 1.0)
            val_losses.append(val)
            epoch_ends.append(time.perf_counter() - t0)
            if val < best_val:
                best_val, since_best = val, 0
                best = [p.detach().clone() for p in model.parameters()]
                continue
            since_best += 1
            if since_best % 2 == 0:
                lr *= 0.5
                for g in opt.param_groups:
                    g["lr"] = lr
        with torch.no_grad():
            for p, q in zip(model.parameters(), best):
                p.copy_(q)
        model.eval()
        train_s, train_cpu_s = time.perf_counter() - t0, time.process_time() - c0

        t0 = time.perf_counter()
        c0 = time.process_time()
        scored, checksum = 0, 0.0
        with torch.inference_mode():
            for x in feats[:args.score_series]:
                n = x.shape[0]
                out = torch.full((n, args.outputs), float("nan"))
                if n >= w:
                    sw = standardise(x).contiguous().unfold(0, w, 1).transpose(1, 2)
                    complete = ~x.isnan().any(1)
                    for b0 in range(w - 1, n, args.score_batch):
                        rows = torch.arange(b0, min(n, b0 + args.score_batch))
                        rows = rows[complete[rows]]
                        if rows.numel():
                            out[rows] = model(sw.index_select(0, rows - (w - 1))) * ts + tm
                scored += n
                checksum += float(torch.nan_to_num(out).sum())
        score_s, score_cpu_s = time.perf_counter() - t0, time.process_time() - c0
        return {"arch": self.arch, "threads": threads, "epochs": args.epochs,
                "train_windows": int(len(train_refs)), "validation_windows": int(len(val_refs)),
                "train_s": train_s, "train_cpu_s": train_cpu_s, "epoch_s": train_s / args.epochs,
                "train_loss": losses, "validation_loss": val_losses,
                "best_validation_loss": best_val, "scored_steps": scored,
                "epoch_times": np.diff([0.0] + epoch_ends).tolist(),
                "score_s": score_s, "score_cpu_s": score_cpu_s, "score_checksum": checksum}


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
