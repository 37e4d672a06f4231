"""bench/compare_torch.py's forecaster case: the lstm and bilstm_attention forecasters'
network (nn::SequenceRegressor) in PyTorch eager, its data and its training."""

import math
import sys
import time

import numpy as np

from torch_training import BestEpoch, read_data, write_data


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

    Training as SequenceRegressor::train (src/nn/torch/sequence_regressor.cpp): a window ends at
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
        keeper = BestEpoch(model, opt)
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
            keeper.end_epoch(val)
        keeper.restore()
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
                "best_validation_loss": keeper.best_val, "scored_steps": scored,
                "epoch_times": np.diff([0.0] + epoch_ends).tolist(),
                "score_s": score_s, "score_cpu_s": score_cpu_s, "score_checksum": checksum}
