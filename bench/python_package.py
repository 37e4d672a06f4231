#!/usr/bin/env python3
"""The Python package (issue 15 item 5): what loading and scoring cost from Python.

1. Loading a unit-year of 10 channels (1-min grid, 525 600 rows) into a pandas DataFrame:
   heatloop's Workspace.load (the dataset cache, numpy views of it) against pandas reading
   the same DataFrame from Parquet (pyarrow, snappy, written by DataFrame.to_parquet) and
   from CSV (DataFrame.to_csv; read_csv with the index parsed as UTC times). The script
   checks that all three give the same values and index before timing. Files are read warm
   (in the page cache) after one untimed read each.
2. The Python call overhead of scoring one unit with a fitted isolation_forest: the Python
   wrapper Model.score(DataFrame) -> Series, against the native call it wraps (the C++ score
   through nanobind, on a frame converted beforehand), on the unit-year and on a 2-hour frame
   (where the fixed cost of a call shows); and one whole run in-process (Workspace.run)
   against the same config through the CLI (`heatloop run`, a new process each time), with
   the CLI's start-up alone (`heatloop models list --json`).

    build/python-venv/bin/pip install -r bench/requirements-python.txt
    build/python-venv/bin/python bench/python_package.py --heatloop build/heatloop [--json]

Needs the package installed in that venv (make test-python makes it). Prints a table, or
the figures as JSON with --json.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import heatloop
from heatloop._convert import df_to_frame

CHANNELS_WANTED = 10
ITER_CHANNELS = ["compressor_power", "t_supply", "t_return"]


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children, every thread."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn, repeats):
    """The median and minimum wall time of `repeats` calls and their median CPU time (all
    threads and child processes: steadier than wall time on a busy machine), in seconds,
    and the last result."""
    times, cpu, out = [], [], None
    for _ in range(repeats):
        c0, t0 = cpu_seconds(), time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(cpu_seconds() - c0)
    return {"median_s": statistics.median(times), "min_s": min(times),
            "cpu_median_s": statistics.median(cpu), "repeats": repeats}, out


def same(a: pd.DataFrame, b: pd.DataFrame, what: str) -> None:
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        sys.exit(f"{what}: columns or rows differ")
    if not (a.index == b.index).all() or str(a.index.tz) != str(b.index.tz):
        sys.exit(f"{what}: the index differs")
    for c in a.columns:
        x, y = a[c].to_numpy(np.float64), b[c].to_numpy(np.float64)
        if not np.array_equal(x, y, equal_nan=True):
            sys.exit(f"{what}: column {c} differs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--heatloop", default="build/heatloop")
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    binary = str(Path(args.heatloop).resolve())
    out = {"load_average": os.getloadavg()[0], "cpus": os.cpu_count()}

    with tempfile.TemporaryDirectory(prefix="hl-pybench-") as tmp:
        tmp = Path(tmp)
        data, ws_path = tmp / "d", tmp / "ws"
        subprocess.run([binary, "simulate", "--units", "1", "--days", str(args.days),
                        "--seed", "5", "--out", str(data)], check=True, capture_output=True)
        ws = heatloop.Workspace(ws_path)
        ws.ingest([data / "units.csv", data / "sensors.csv", data / "weather.csv"])
        unit = ws.units()[0]
        all_channels = list(ws.load(unit, end="2024-01-01T01:00").columns)
        if len(all_channels) < CHANNELS_WANTED:
            sys.exit(f"{unit} has {len(all_channels)} channels, want {CHANNELS_WANTED}")
        channels = all_channels[:CHANNELS_WANTED]

        # 1. Loading.
        ref = ws.load(unit, channels=channels).copy()
        ref.attrs = {}
        pq, csv = tmp / "unit.parquet", tmp / "unit.csv"
        ref.to_parquet(pq)
        ref.to_csv(csv)
        readers = {
            "heatloop": lambda: ws.load(unit, channels=channels),
            "parquet": lambda: pd.read_parquet(pq),
            "csv": lambda: pd.read_csv(csv, index_col=0, parse_dates=[0]),
        }
        cache = sorted((ws_path / "data").rglob(f"*{unit}*"))
        load = {"rows": len(ref), "channels": len(channels),
                "bytes": {"heatloop": sum(p.stat().st_size for p in cache if p.is_file()),
                          "parquet": pq.stat().st_size, "csv": csv.stat().st_size}}
        for name, read in readers.items():
            df = read()  # warm, and the check
            same(ref, df, name)
            load[name], _ = timed(read, args.repeats)
        out["load"] = load

        # 2. Scoring one unit.
        model = heatloop.models.make("isolation_forest", n_trees=50, sample_size=256,
                                     window="60 steps", channels=ITER_CHANNELS)
        model.fit(ws.load(unit, channels=ITER_CHANNELS, end="2024-02-01"), seed=1)
        year = ws.load(unit, channels=ITER_CHANNELS)
        small = year.iloc[:120].copy()
        small.attrs = dict(year.attrs)
        score = {}
        # The 2-hour frame's calls are timed 200 at a time (the figures are per call).
        for label, df, calls in [("year", year, 1), ("2h", small, 200)]:
            frame = df_to_frame(df)
            if not np.array_equal(model.score(df).to_numpy(),
                                  np.asarray(model._native.score(frame)), equal_nan=True):
                sys.exit(f"score {label}: the wrapper and the native call differ")

            def per_call(fn):
                t, _ = timed(lambda: [fn() for _ in range(calls)], args.repeats * 4)
                return {k: v / calls if k.endswith("_s") else v for k, v in t.items()}

            wrapper = per_call(lambda: model.score(df))
            native = per_call(lambda: model._native.score(frame))
            convert = per_call(lambda: df_to_frame(df))
            score[label] = {"rows": len(df), "calls_per_timing": calls, "wrapper": wrapper,
                            "native": native, "df_to_frame": convert,
                            "overhead_s": wrapper["median_s"] - native["median_s"]}
        out["score"] = score

        config = {"name": "bench", "seed": 1, "data": {"split": "none"},
                  "model": {"name": "isolation_forest",
                            "params": {"n_trees": 50, "sample_size": 256, "window": "60 steps",
                                       "channels": ITER_CHANNELS}},
                  "alarms": {"method": "quantile", "value": 0.999},
                  "evaluation": {"tolerance": "1h", "deadline": "6h"}}
        toml = tmp / "bench.toml"
        toml.write_text(heatloop._heatloop.toml_from_dict(config))
        runs = max(2, args.repeats // 2)
        in_process, _ = timed(lambda: ws.run(config, threads=1), runs)
        ws.close()  # the CLI opens the workspace's database itself

        def cli():
            subprocess.run([binary, "run", str(toml), "--workspace", str(ws_path),
                            "--threads", "1"], check=True, capture_output=True)

        cli_run, _ = timed(cli, runs)
        startup, _ = timed(lambda: subprocess.run([binary, "models", "list", "--json"],
                                                  check=True, capture_output=True), 10)
        out["run"] = {"rows": len(year), "python": in_process, "cli": cli_run,
                      "cli_startup": startup}

    if args.json:
        print(json.dumps(out, indent=2))
        return
    ms = lambda t: f"{t['median_s'] * 1000:.2f} ms (cpu {t['cpu_median_s'] * 1000:.2f})"  # noqa: E731
    print(f"load: {load['rows']} rows x {load['channels']} channels")
    for k in readers:
        print(f"  {k:9s} {ms(load[k])}  {load['bytes'][k] / 1e6:.1f} MB on disk")
    for label, s in score.items():
        print(f"score {label} ({s['rows']} rows): wrapper {ms(s['wrapper'])}, native "
              f"{ms(s['native'])}, df_to_frame {ms(s['df_to_frame'])}")
    r = out["run"]
    print(f"run: Workspace.run {ms(r['python'])}, heatloop run {ms(r['cli'])}, "
          f"CLI start-up {ms(r['cli_startup'])}")


if __name__ == "__main__":
    main()
