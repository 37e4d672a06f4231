"""bench/compare_torch.py's masked case: the self_supervised detector's network
(nn::SequenceNet) in PyTorch eager, its data and its training (see compare_torch.py's
docstring for what both sides share)."""

import time

import numpy as np

from torch_training import BestEpoch, read_data, write_data


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
        keeper = BestEpoch(model, opt)
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
            keeper.end_epoch(val)
        keeper.restore()
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
                "train_loss": losses, "best_validation_loss": keeper.best_val, "scored_steps": scored,
                "epoch_times": np.diff([0.0] + epoch_ends).tolist(),
                "score_s": score_s, "score_cpu_s": score_cpu_s, "score_checksum": checksum}
