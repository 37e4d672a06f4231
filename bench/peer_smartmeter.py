"""Smart-meter disaggregation peers on the same leave-one-household-out folds (issue 14 item 7).

One command, one machine, one run: heatloop's two disaggregators (through
bench/quality_smartmeter.py, unchanged) and three peers written here, each household of
/work/shared/data/smart-meter-hp estimated by a model fitted on the other three only (with four
households, 4 folds by household are exactly leave one household out, whatever the shuffle),
all scored the same way in kWh per 15 min (src/eval/disaggregation.cpp: MAE, RMSE, R^2, NDE,
SAE over the intervals where truth and estimate are present) per household and pooled.

The peers:
  torch_seq2point   a plain seq2point network in PyTorch from Python, built like heatloop's
                    (src/nn/torch/seq2point.cpp): inputs total (kW) and outdoor temperature,
                    standardised on the training rows, a missing value 0; window 33 centred
                    on the estimated interval, zero-padded at the ends; Conv1d(2,16,5)
                    ReLU, Conv1d(16,16,5) ReLU, Conv1d(16,32,5) ReLU, Linear(32*33, 64)
                    ReLU, Linear(64, 1); MSE on the standardised target; Adam lr 1e-3,
                    gradient norm clipped to 1, batch 128, at most 10 epochs of 20,000
                    shuffled windows (configs/smartmeter/seq2point.toml), the last 15 % of
                    each household's windows validate, the learning rate halves after every
                    2 epochs without a better validation loss, stop after 4, keep the best
                    epoch's weights; estimates clipped to [0, total]; one torch thread
                    (heatloop trains seq2point on one thread too).
  mean_share        the heat pump's share of the training households' total energy, times
                    the total (numpy).
  temperature_regression  least squares of the heat-pump load on 1, total, heating degrees
                    max(0, 15 degC - T) and total x heating degrees over the training
                    households' intervals, clipped to [0, total] (numpy).

NILMTK (nilmtk, nilm-metadata) is not on PyPI ("No matching distribution found", 2026-12-06:
it ships through conda only), so its baselines are not run; the two numpy baselines above
stand in for the simple end of the field.

Run with an interpreter that has torch and numpy (.venv-torch, bench/requirements-torch.txt):

    /work/main/.venv-torch/bin/python bench/peer_smartmeter.py --heatloop build/heatloop
"""

import argparse
import csv
import json
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = Path("/work/shared/data/smart-meter-hp")
STEP_S = 900  # 15 min
HOURS = STEP_S / 3600.0
METRICS = ["r2", "rmse", "mae", "nde", "sae"]
PEERS = ["torch_seq2point", "mean_share", "temperature_regression"]
HEATING_BASE_C = 15.0
FFILL_MAX_GAP_S = 1800  # heatloop ingest --ffill-max-gap default


def read_household(path):
    """A household file on a regular 15-min grid from its first to its last interval, as
    `heatloop ingest --energy-per-interval` stores it: total and heat pump in kW (kWh per
    interval / 0.25 h), a missing row filled with the last value for up to 30 min (the
    ingest's default --ffill-max-gap), NaN beyond; the outdoor temperature carried forward
    over every missing row (heatloop joins the weather as of each interval)."""
    times, total, hp, temp = [], [], [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            times.append(int(datetime.fromisoformat(row["timestamp"]).timestamp()))
            total.append(float(row["kWh_aggregated"]) if row["kWh_aggregated"] else np.nan)
            hp.append(float(row["kWh_heat_pump"]) if row["kWh_heat_pump"] else np.nan)
            temp.append(float(row["hourly_avgtemp"]) if row["hourly_avgtemp"] else np.nan)
    t = np.asarray(times)
    idx = (t - t.min()) // STEP_S
    n = int(idx.max()) + 1
    grid = {k: np.full(n, np.nan) for k in ("total", "hp", "temp")}
    grid["total"][idx] = np.asarray(total) / HOURS
    grid["hp"][idx] = np.asarray(hp) / HOURS
    grid["temp"][idx] = np.asarray(temp)
    present = np.zeros(n, bool)
    present[idx] = True
    last, since = 0, 0
    for i in range(n):
        if present[i]:
            last, since = i, 0
            continue
        since += 1
        grid["temp"][i] = grid["temp"][last]  # as-of join
        if since * STEP_S <= FFILL_MAX_GAP_S:
            grid["total"][i], grid["hp"][i] = grid["total"][last], grid["hp"][last]
    return grid


def metrics(y, yhat):
    """src/eval/disaggregation.cpp's metrics over the pairs where both are present."""
    ok = np.isfinite(y) & np.isfinite(yhat)
    y, yhat = y[ok], yhat[ok]
    err = y - yhat
    sst = float(((y - y.mean()) ** 2).sum()) if y.size else 0.0
    return {"n": int(y.size),
            "mae": float(np.abs(err).mean()),
            "rmse": float(np.sqrt((err ** 2).mean())),
            "r2": 1.0 - float((err ** 2).sum()) / sst if sst > 0 else None,
            "nde": float(np.sqrt((err ** 2).sum() / (y ** 2).sum())),
            "sae": float(abs(yhat.sum() - y.sum()) / abs(y.sum()))}


# ---- numpy baselines ---------------------------------------------------------------------

def fit_mean_share(train):
    tot = np.concatenate([h["total"] for h in train])
    hp = np.concatenate([h["hp"] for h in train])
    ok = np.isfinite(tot) & np.isfinite(hp)
    share = hp[ok].sum() / tot[ok].sum()
    return lambda h: share * h["total"]


def regression_features(h):
    hdd = np.maximum(0.0, HEATING_BASE_C - h["temp"])
    return np.column_stack([np.ones_like(h["total"]), h["total"], hdd, h["total"] * hdd])


def fit_temperature_regression(train):
    x = np.concatenate([regression_features(h) for h in train])
    y = np.concatenate([h["hp"] for h in train])
    ok = np.isfinite(x).all(axis=1) & np.isfinite(y)
    coef, *_ = np.linalg.lstsq(x[ok], y[ok], rcond=None)

    def predict(h):
        est = regression_features(h) @ coef
        return np.clip(est, 0.0, np.maximum(0.0, h["total"]))
    return predict


# ---- PyTorch seq2point -------------------------------------------------------------------

class TorchSeq2Point:
    WINDOW, FILTERS, KERNEL, HIDDEN = 33, 16, 5, 64
    EPOCHS, PATIENCE, LR, BATCH, MAX_WINDOWS, VALIDATION = 10, 4, 1e-3, 128, 20000, 0.15

    def __init__(self, seed):
        import torch
        from torch import nn
        self.torch = torch
        torch.manual_seed(seed)
        self.rng = np.random.default_rng(seed)
        c, k, w = self.FILTERS, self.KERNEL, self.WINDOW
        self.net = nn.Sequential(
            nn.Conv1d(2, c, k, padding=k // 2), nn.ReLU(),
            nn.Conv1d(c, c, k, padding=k // 2), nn.ReLU(),
            nn.Conv1d(c, 2 * c, k, padding=k // 2), nn.ReLU(),
            nn.Flatten(), nn.Linear(2 * c * w, self.HIDDEN), nn.ReLU(),
            nn.Linear(self.HIDDEN, 1))

    def _windows(self, h):
        """[T, 2, W]: the standardised inputs around every row, zero-padded, missing = 0."""
        torch = self.torch
        x = (np.column_stack([h["total"], h["temp"]]) - self.x_mean) / self.x_scale
        x = np.nan_to_num(x, nan=0.0).astype(np.float32)
        half = self.WINDOW // 2
        x = np.concatenate([np.zeros((half, 2), np.float32), x, np.zeros((half, 2), np.float32)])
        return torch.from_numpy(x).unfold(0, self.WINDOW, 1)  # [T, 2, W]

    def fit(self, train):
        torch = self.torch
        from torch_training import BestEpoch
        refs_train, refs_val, stat_x, stat_y = [], [], [], []
        for s, h in enumerate(train):
            rows = np.flatnonzero(np.isfinite(h["hp"]) & np.isfinite(h["total"]))
            n_train = len(rows) - int(np.floor(len(rows) * self.VALIDATION))
            refs_train += [(s, r) for r in rows[:n_train]]
            refs_val += [(s, r) for r in rows[n_train:]]
            end = len(h["total"]) if n_train == len(rows) else rows[n_train]
            stat_x.append(np.column_stack([h["total"], h["temp"]])[:end])
            stat_y.append(h["hp"][:end])

        def stats(m):
            mean = np.nanmean(m, axis=0)
            sd = np.nanstd(m, axis=0)
            return mean, np.where(sd > 1e-9, sd, 1.0)
        self.x_mean, self.x_scale = stats(np.concatenate(stat_x))
        self.y_mean, self.y_scale = stats(np.concatenate(stat_y))
        windows = [self._windows(h) for h in train]
        targets = [torch.from_numpy(((h["hp"] - self.y_mean) / self.y_scale).astype(np.float32))
                   for h in train]

        def batch(refs):
            xs, ys = [], []
            for s in range(len(train)):
                rows = [r for (t, r) in refs if t == s]
                if rows:
                    idx = torch.tensor(rows, dtype=torch.int64)
                    xs.append(windows[s].index_select(0, idx))
                    ys.append(targets[s].index_select(0, idx))
            return torch.cat(xs), torch.cat(ys)

        opt = torch.optim.Adam(self.net.parameters(), lr=self.LR)
        best = BestEpoch(self.net, opt)
        for _ in range(self.EPOCHS):
            self.net.train()
            order = self.rng.permutation(len(refs_train))[:self.MAX_WINDOWS]
            for b0 in range(0, len(order), self.BATCH):
                x, y = batch([refs_train[i] for i in order[b0:b0 + self.BATCH]])
                opt.zero_grad()
                loss = torch.nn.functional.mse_loss(self.net(x).squeeze(1), y)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.net.parameters(), 1.0)
                opt.step()
            self.net.eval()
            with torch.no_grad():
                se = 0.0
                for b0 in range(0, len(refs_val), self.BATCH):
                    x, y = batch(refs_val[b0:b0 + self.BATCH])
                    se += float(((self.net(x).squeeze(1) - y) ** 2).sum())
            best.end_epoch(se / len(refs_val))
            if best.since_best >= self.PATIENCE:
                break
        best.restore()
        return self.predict

    def predict(self, h):
        torch = self.torch
        w = self._windows(h)
        out = np.full(len(h["total"]), np.nan)
        rows = np.flatnonzero(np.isfinite(h["total"]))
        with torch.inference_mode():
            for b0 in range(0, len(rows), 4096):
                idx = rows[b0:b0 + 4096]
                y = self.net(w.index_select(0, torch.from_numpy(idx))).squeeze(1).numpy()
                out[idx] = y * self.y_scale + self.y_mean
        return np.clip(out, 0.0, np.maximum(0.0, h["total"]))


def run_peer(name, households, seed):
    """Leave one household out: per household, fit on the others, estimate it; its rows and
    the pooled row, with fit and predict seconds."""
    rows, all_y, all_est, fit_s, pred_s = [], [], [], 0.0, 0.0
    for test in sorted(households):
        train = [households[k] for k in sorted(households) if k != test]
        started = time.perf_counter()
        if name == "torch_seq2point":
            predict = TorchSeq2Point(seed).fit(train)
        elif name == "mean_share":
            predict = fit_mean_share(train)
        else:
            predict = fit_temperature_regression(train)
        fitted = time.perf_counter()
        est = predict(households[test])
        done = time.perf_counter()
        fit_s += fitted - started
        pred_s += done - fitted
        y_kwh, est_kwh = households[test]["hp"] * HOURS, est * HOURS
        m = metrics(y_kwh, est_kwh)
        rows.append({"model": name, "household": test, "intervals": m["n"],
                     "fit_seconds": round(fitted - started, 2),
                     **{k: m[k] for k in METRICS}})
        all_y.append(y_kwh)
        all_est.append(est_kwh)
    m = metrics(np.concatenate(all_y), np.concatenate(all_est))
    rows.append({"model": name, "household": "pooled", "intervals": m["n"],
                 "fit_seconds": round(fit_s, 2), "seconds": round(fit_s + pred_s, 1),
                 **{k: m[k] for k in METRICS}})
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--heatloop", default=str(ROOT / "build" / "heatloop"))
    p.add_argument("--data", default=str(DATA), help="folder of the households' CSV files")
    p.add_argument("--peers-only", action="store_true",
                   help="skip heatloop's models (bench/quality_smartmeter.py)")
    p.add_argument("--seed", type=int, default=1,
                   help="the peers' seed (heatloop's models use their configs' seed 1)")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    files = sorted(f for f in Path(a.data).glob("*.csv") if f.stem.isdigit())
    if len(files) < 2:
        raise SystemExit(f"need at least two household files (<id>.csv) in {a.data}")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import torch
    torch.set_num_threads(1)

    rows = []
    if not a.peers_only:
        started = time.monotonic()
        r = subprocess.run([sys.executable, str(ROOT / "bench" / "quality_smartmeter.py"),
                            "--heatloop", a.heatloop, "--data", a.data, "--shipped", "",
                            "--json"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"bench/quality_smartmeter.py failed: {r.stderr}")
        rows += json.loads(r.stdout)
        print(f"heatloop models: {time.monotonic() - started:.0f} s", file=sys.stderr)
    households = {f.stem: read_household(f) for f in files}
    for name in PEERS:
        rows += run_peer(name, households, seed=a.seed)
        print(f"{name}: done", file=sys.stderr)

    # The same folds and the same intervals: every model must score every household on the
    # same number of intervals, or the comparison is not like for like.
    counts = {}
    for r in rows:
        counts.setdefault(r["household"], set()).add(r["intervals"])
    unequal = {k: sorted(v) for k, v in counts.items() if len(v) > 1}
    if unequal:
        raise SystemExit(f"models scored different intervals per household: {unequal}")

    if a.json:
        print(json.dumps(rows, indent=2))
        return

    def f(v):
        return "-" if v is None else f"{v:.3f}"
    print("| model | household | intervals | R^2 | RMSE kWh | MAE kWh | NDE | SAE | time s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        t = r.get("seconds") if r["household"] == "pooled" else r.get("fit_seconds")
        print(f"| {r['model']} | {r['household']} | {r['intervals']} | {f(r['r2'])} | "
              f"{f(r['rmse'])} | {f(r['mae'])} | {f(r['nde'])} | {f(r['sae'])} | "
              f"{'-' if t is None else t} |")
    print("time s: per household the fit of its fold (peers); pooled: the whole "
          "leave-one-household-out run, 4 fits and predictions (heatloop: `heatloop run`)")


if __name__ == "__main__":
    main()
