"""A small PyTorch autoencoder, written in Python, run through heatloop like any detector and
compared with the built-in isolation_forest: python examples/torch_autoencoder.py ws-demo
(the workspace `make demo` leaves). It learns to reconstruct an hour of operation (hourly
means of three channels and their hour-on-hour change) and scores each row by its
reconstruction error: what the network never saw in training reconstructs badly."""
import sys

import numpy as np
import torch
from torch import nn

import heatloop


class TorchAutoencoder:
    name = "torch_autoencoder"
    channels = ["compressor_power", "t_supply", "t_return"]

    def __init__(self, epochs=5, sample=20000, seed=0):
        self.epochs, self.sample, self.seed = epochs, sample, seed

    def features(self, df):
        hourly = df[self.channels].rolling(60, min_periods=30).mean()
        x = np.hstack([hourly.to_numpy(), hourly.diff(60).to_numpy()])
        return ((x - self.mean) / self.std) if hasattr(self, "mean") else x

    def fit(self, frames):
        torch.manual_seed(self.seed)
        torch.set_num_threads(1)
        x = np.vstack([self.features(f) for f in frames])
        x = x[np.isfinite(x).all(axis=1)]
        self.mean, self.std = x.mean(axis=0), x.std(axis=0) + 1e-9
        x = (x - self.mean) / self.std
        rows = np.random.default_rng(self.seed).choice(len(x), min(self.sample, len(x)), False)
        data = torch.tensor(x[rows], dtype=torch.float32)
        d = data.shape[1]
        self.net = nn.Sequential(nn.Linear(d, 16), nn.ReLU(), nn.Linear(16, 3), nn.ReLU(),
                                 nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, d))
        opt = torch.optim.Adam(self.net.parameters(), lr=1e-2)
        for _ in range(self.epochs):
            for batch in torch.randperm(len(data)).split(256):
                opt.zero_grad()
                loss = ((self.net(data[batch]) - data[batch]) ** 2).mean()
                loss.backward()
                opt.step()

    def score(self, frame):
        x = self.features(frame)
        ok = np.isfinite(x).all(axis=1)
        scores = np.full(len(x), np.nan)
        with torch.no_grad():
            xt = torch.tensor(x[ok], dtype=torch.float32)
            scores[ok] = ((self.net(xt) - xt) ** 2).mean(dim=1).numpy()
        return scores


ws = heatloop.Workspace(sys.argv[1] if len(sys.argv) > 1 else "ws-demo")
config = {"experiment": "python", "data": {"split": "none"},
          "alarms": {"method": "quantile", "value": 0.995, "merge_gap": "30min",
                     "dedupe_window": "30min"},
          "evaluation": {"tolerance": "1h", "deadline": "6h"}}
mine = ws.run(config, model=TorchAutoencoder())
builtin = ws.run({**config, "model": {"name": "isolation_forest"}})
print(f"torch {torch.__version__}: {mine.result['alarms']} alarms on {len(ws.units())} units")
print(f"event F1: {mine.evaluation()['micro']['event_f1']} (torch_autoencoder), "
      f"{builtin.evaluation()['micro']['event_f1']} (isolation_forest)")
c = ws.compare(builtin, mine, metric="event_f1")
print(f"per unit: {c['improved']} better, {c['worse']} worse, {c['unchanged']} unchanged; "
      f"mean delta {c['mean_delta']}, Wilcoxon p = {c['wilcoxon']['p_value']}")
