"""The Dask fan-out of a run (heatloop.dask, docs/python.md) against the same run in one
process: a simulated fleet of --units units, one isolation forest per unit (scope = "unit":
every unit's fit and scoring is a task's work), run

  1. with Workspace.run(threads=1) (one process, one thread),
  2. with heatloop.dask.run on a LocalCluster of --workers processes x 1 thread (default
     batching), and
  3. the same with batch_size=1 (one task per unit),

and prints wall times, the speed-up and the per-task overhead: (3) minus (2) over the number
of extra tasks. Checks that every fanned-out run stores the same alarms as the local one.

  .venv/bin/python bench/dask_fanout.py --heatloop build/heatloop --units 50 --days 30
"""

import argparse
import pathlib
import subprocess
import tempfile
import time

import distributed

import heatloop
import heatloop.dask

CONFIG = {
    "name": "bench-dask",
    "experiment": "bench",
    "seed": 1,
    "data": {"split": "time", "train_fraction": 0.7},
    "model": {"name": "isolation_forest", "scope": "unit",
              "params": {"n_trees": 100, "sample_size": 256, "window": "60 steps",
                         "channels": ["compressor_power", "t_supply", "t_return"]}},
    "alarms": {"method": "quantile", "value": 0.99, "min_duration": "15min",
               "merge_gap": "30min", "dedupe_window": "30min"},
    "evaluation": {"tolerance": "1h", "deadline": "6h"},
}


def timed(f):
    start = time.perf_counter()
    out = f()
    return out, time.perf_counter() - start


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--heatloop", default="build/heatloop")
    p.add_argument("--units", type=int, default=50)
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        subprocess.run([args.heatloop, "simulate", "--units", str(args.units), "--days",
                        str(args.days), "--seed", "5", "--out", str(tmp / "fleet")],
                       check=True, capture_output=True)
        with heatloop.Workspace(tmp / "ws") as ws:
            ws.ingest([tmp / "fleet" / f for f in ("units.csv", "sensors.csv", "weather.csv")])
            rows = sum(len(ws.load(u, channels=["t_supply"])) for u in ws.units())
            local, t_local = timed(lambda: ws.run(CONFIG, threads=1))
            with distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                          processes=True, dashboard_address=None) as cluster, \
                    distributed.Client(cluster) as client:
                # A first run warms the workers (imports, the extension loaded) and is not timed.
                heatloop.dask.run(CONFIG, client=client, workspace=ws, threads=1)
                batched, t_batched = timed(lambda: heatloop.dask.run(
                    CONFIG, client=client, workspace=ws, threads=1))
                single, t_single = timed(lambda: heatloop.dask.run(
                    CONFIG, client=client, workspace=ws, threads=1, batch_size=1))
            for r in (batched, single):
                assert r.alarms().equals(local.alarms()), "the fanned-out run differs"
                assert r.result["evaluation"]["micro"] == local.result["evaluation"]["micro"]
            default_tasks = -(-args.units // heatloop.dask.default_batch_size(
                args.units, args.workers))
    print(f"fleet: {args.units} units x {args.days} days ({rows} rows), isolation_forest "
          f"per unit, {args.workers} workers x 1 thread")
    print(f"one process, 1 thread:        {t_local:7.2f} s")
    print(f"dask, {default_tasks:3d} tasks (default):  {t_batched:7.2f} s  "
          f"speed-up {t_local / t_batched:.2f}x")
    print(f"dask, {args.units:3d} tasks (1 unit each): {t_single:7.2f} s  "
          f"speed-up {t_local / t_single:.2f}x")
    extra = args.units - default_tasks
    if extra > 0:
        print(f"per-task overhead: {(t_single - t_batched) / extra * 1000:.1f} ms "
              f"(({t_single:.2f} - {t_batched:.2f}) s / {extra} extra tasks)")


if __name__ == "__main__":
    main()
