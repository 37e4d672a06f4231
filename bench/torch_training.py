"""What both PyTorch cases of bench/compare_torch.py share: the data file's layout and the
rule src/nn/torch/training.hpp applies after every epoch."""

import numpy as np


def write_data(data, path):
    """Per series, its two blocks (values then covariates, or features then targets) as
    little-endian float32, row-major: the layout nn_bench reads."""
    with open(path, "wb") as f:
        for values, cov in data:
            f.write(values.astype("<f4").tobytes())
            f.write(cov.astype("<f4").tobytes())


def read_data(path, series, steps, channels, covariates):
    """write_data's file back: per series (block [steps, channels], block [steps, covariates])."""
    raw = np.fromfile(path, dtype="<f4")
    per = steps * (channels + covariates)
    assert raw.size == series * per, "data file size does not match its shape"
    out = []
    for s in range(series):
        block = raw[s * per:(s + 1) * per]
        out.append((block[:steps * channels].reshape(steps, channels),
                    block[steps * channels:].reshape(steps, covariates)))
    return out


class BestEpoch:
    """Keeps the weights of the best validation epoch and halves the learning rate after
    every 2 epochs without a better one, as heatloop's shared training loop does."""

    def __init__(self, model, opt):
        self.model, self.opt = model, opt
        self.lr = opt.param_groups[0]["lr"]
        self.best_val, self.best, self.since_best = float("inf"), None, 0

    def end_epoch(self, val):
        if val < self.best_val:
            self.best_val, self.since_best = val, 0
            self.best = [p.detach().clone() for p in self.model.parameters()]
            return
        self.since_best += 1
        if self.since_best % 2 == 0:
            self.lr *= 0.5
            for g in self.opt.param_groups:
                g["lr"] = self.lr

    def restore(self):
        """The best epoch's weights back into the model, which is set to evaluation."""
        import torch
        with torch.no_grad():
            for p, q in zip(self.model.parameters(), self.best):
                p.copy_(q)
        self.model.eval()
