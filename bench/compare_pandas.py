#!/usr/bin/env python3
"""heatloop ingest vs pandas on the same wide CSV.

Both read the same wide sensor CSV (default: 20 units x 1 year x 1 min from the simulator,
with telemetry dropouts cut into it), parse timestamps, and per unit resample to a 1-minute
grid taking the last value per cell and forward-filling at most 30 cells:

    pandas:   read_csv -> to_datetime -> groupby(unit) -> resample('1min').last().ffill(limit=30)
    heatloop: heatloop ingest FILE --workspace WS   (which also writes the dataset cache)

The script checks that both give the same values (NaN where both are missing) on every
unit and channel, then prints wall times, the ratio and MB/s. --json prints the figures
as JSON on stdout.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def make_input(heatloop, out_dir, units, days, seed):
    """Simulate a fleet, then cut dropouts into its sensors.csv (deterministically)."""
    csv = out_dir / f"wide_{units}u_{days}d.csv"
    if csv.exists():
        return csv
    sim_dir = out_dir / "sim"
    if sim_dir.exists():
        shutil.rmtree(sim_dir)
    log(f"simulating {units} units x {days} days ...")
    subprocess.run([heatloop, "simulate", "--units", str(units), "--days", str(days),
                    "--seed", str(seed), "--out", str(sim_dir)], check=True)
    log("cutting telemetry dropouts into the CSV ...")
    rng = np.random.default_rng(seed)
    tmp = csv.with_suffix(".tmp")
    with open(sim_dir / "sensors.csv", "rb") as src, open(tmp, "wb") as dst:
        dst.write(src.readline())
        outage_left = 0
        block = src.readlines(1 << 24)
        while block:
            draws = rng.random(len(block))
            for line, u in zip(block, draws):
                if outage_left > 0:          # an outage: rows missing for up to 3 h
                    outage_left -= 1
                    continue
                if u < 0.00005:
                    outage_left = int(u * 3.6e6) % 180 + 5
                    continue
                if u > 0.98:                 # 2% single missing rows
                    continue
                dst.write(line)
            block = src.readlines(1 << 24)
    tmp.rename(csv)
    shutil.rmtree(sim_dir)
    return csv


def run_pandas(csv):
    t0 = time.perf_counter()
    df = pd.read_csv(csv)
    df["timestamp"] = pd.to_datetime(df["timestamp"], format="ISO8601", utc=True)
    frames = {}
    for unit, g in df.groupby("unit_id", sort=False):
        g = g.drop(columns="unit_id").set_index("timestamp")
        frames[unit] = g.resample("1min").last().ffill(limit=30)
    return time.perf_counter() - t0, frames


def run_heatloop(heatloop, csv, ws):
    if ws.exists():
        shutil.rmtree(ws)
    t0 = time.perf_counter()
    subprocess.run([heatloop, "ingest", str(csv), "--workspace", str(ws), "--format", "wide",
                    "--resample", "1min", "--ffill-max-gap", "30min"],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def read_frame_file(path):
    """Reads a .hlf cache file (docs/workspace.md): header JSON, then float64 columns."""
    with open(path, "rb") as f:
        head = f.read(24)
        assert head[:8] == b"HLFRAME\0", f"{path}: not a frame file"
        hlen = int.from_bytes(head[16:24], "little")
        header = json.loads(f.read(hlen))
    offset = (24 + hlen + 63) // 64 * 64
    rows = header["rows"]
    data = np.memmap(path, dtype="<f8", mode="r", offset=offset,
                     shape=(len(header["channels"]), rows))
    return header, data


def compare(ws, frames):
    manifest = json.loads((ws / "data" / "manifest.json").read_text())
    units = {u["unit_id"]: u for u in manifest["units"]}
    checked = 0
    for unit, pdf in frames.items():
        entry = units.get(str(unit))
        assert entry is not None, f"unit {unit} missing from heatloop workspace"
        header, data = read_frame_file(ws / "data" / entry["data"]["file"])
        start = pd.Timestamp(header["start"], unit="ms", tz="UTC")
        assert start == pdf.index[0], f"{unit}: grid starts {start} vs pandas {pdf.index[0]}"
        assert header["rows"] == len(pdf), f"{unit}: {header['rows']} rows vs pandas {len(pdf)}"
        for i, name in enumerate(header["channels"]):
            ours = np.asarray(data[i])
            theirs = pdf[name].to_numpy(dtype="f8")
            same = (ours == theirs) | (np.isnan(ours) & np.isnan(theirs))
            if not same.all():
                bad = int(np.argmax(~same))
                raise AssertionError(f"{unit}/{name} row {bad} ({pdf.index[bad]}): "
                                     f"heatloop {ours[bad]} vs pandas {theirs[bad]}")
            checked += len(ours)
        # Channels pandas has but heatloop dropped must be entirely missing.
        for name in set(pdf.columns) - set(header["channels"]):
            assert pdf[name].isna().all(), f"{unit}: heatloop lacks channel {name}"
    return checked


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--heatloop", default=str(ROOT / "build" / "heatloop"))
    ap.add_argument("--units", type=int, default=20)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    csv = make_input(args.heatloop, out, args.units, args.days, args.seed)
    size_mb = csv.stat().st_size / 1e6
    ws = out / "ws_pandas_compare"

    log("heatloop ingest ...")
    t_hl = run_heatloop(args.heatloop, csv, ws)
    log("pandas ...")
    t_pd, frames = run_pandas(csv)
    rows = sum(len(f) for f in frames.values())
    log("comparing values ...")
    cells = compare(ws, frames)
    result = {
        "input": str(csv), "input_mb": round(size_mb, 1), "units": len(frames),
        "grid_rows": rows, "cells_compared": cells, "values_equal": True,
        "pandas_s": round(t_pd, 2), "heatloop_s": round(t_hl, 2),
        "ratio": round(t_pd / t_hl, 1),
        "pandas_mb_s": round(size_mb / t_pd, 1), "heatloop_mb_s": round(size_mb / t_hl, 1),
        "pandas_version": pd.__version__,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"input       {csv.name}: {size_mb:.0f} MB, {len(frames)} units, {rows} grid rows")
        print(f"values      equal on {cells} cells")
        print(f"pandas      {t_pd:7.2f} s  {result['pandas_mb_s']:7.1f} MB/s  (pandas {pd.__version__})")
        print(f"heatloop    {t_hl:7.2f} s  {result['heatloop_mb_s']:7.1f} MB/s  (ingest incl. cache write)")
        print(f"ratio       {result['ratio']}x faster than pandas")
    shutil.rmtree(ws)


if __name__ == "__main__":
    main()
