#!/usr/bin/env python3
"""heatloop's C++ MLflow mirror vs MLflow's Python client, logging the same run.

The workload (issue 3, item 7): one run with 100 params and 10,000 metric points (10 metric
keys x 1,000 steps), sent to a real `mlflow server` that this script starts on a free
loopback port (SQLite backend store, --serve-artifacts, job runner off) and stops at the
end. Each method logs into its own experiment; each repeat is a new run. Timed:

    heatloop runs log --mlflow   the CLI end to end: process start, parse the inputs, log the
                                 run locally (SQLite), mirror it live, finish it
    heatloop runs sync           the mirror alone: push a run already logged locally
    python log_batch             MlflowClient: create_run, one log_batch (which splits at
                                 MLflow's limits itself), set_terminated; in-process, the
                                 import of mlflow excluded -- the fair, fastest Python way
    python per-call loop         MlflowClient: log_param x 100, log_metric per point (the
                                 common way); in-process, import excluded. One request per
                                 point costs ~50 ms on a 2-core machine, so by default only
                                 the first 1,000 points are sent and the time is scaled to
                                 10,000 (--loop-points 10000 sends them all; ~9 min)

Every run is read back (params and metric series) to check it arrived complete. Prints the
median wall time of each method, the client's own CPU time (the server's is the same for
all), and the ratios to the C++ figures; --json prints them as JSON on stdout.

    scripts/python-env.sh tests/requirements.txt
    .venv/bin/python bench/compare_mlflow.py --heatloop build/heatloop
"""

import argparse
import json
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUIET_ENV = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}
os.environ.update(QUIET_ENV)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MlflowServer:
    """`mlflow server` in its own process group on a free loopback port."""

    def __init__(self, root: Path, timeout_s: float = 180):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(root / "server.log", "wb")
        env = {**os.environ, **QUIET_ENV, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1",
             "--port", str(self.port), "--backend-store-uri", f"sqlite:///{root / 'mlflow.db'}",
             "--serve-artifacts", "--artifacts-destination", str(root / "artifacts"),
             "--workers", "1"],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=root, env=env,
            start_new_session=True)
        deadline = time.monotonic() + timeout_s
        probe = self.url + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default"
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"mlflow server exited: see {root / 'server.log'}")
            try:
                with urllib.request.urlopen(probe, timeout=30) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"mlflow server did not answer in {timeout_s} s")
            time.sleep(0.5)

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=20)
        self.log.close()


def workload(n_params, n_keys, n_steps):
    params = {f"param_{i:03d}": f"value-{i}" for i in range(n_params)}
    t0 = int(time.time() * 1000)
    points = [(f"metric_{k}", 1.0 / (s + 1) + k, s, t0 + s)
              for k in range(n_keys) for s in range(n_steps)]
    return params, points


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_cli(heatloop, args):
    start, cpu = time.perf_counter(), children_cpu()
    proc = subprocess.run([heatloop, *map(str, args)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    run_cli.last_cpu = children_cpu() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"heatloop {' '.join(map(str, args[:3]))} failed:\n{proc.stderr}")
    if "warning" in proc.stderr:
        raise SystemExit(f"heatloop warned (mirror failed?):\n{proc.stderr}")
    return elapsed, proc.stdout


def cpp_log(heatloop, url, ws, params, csv, experiment):
    args = ["--json", "runs", "log", "--workspace", ws, "--mlflow", url,
            "--experiment", experiment, "--metrics-csv", csv]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    elapsed, out = run_cli(heatloop, args)
    return elapsed, json.loads(out)["mlflow_run_id"]


def cpp_sync(heatloop, url, ws, params, csv, experiment):
    # Log locally first (untimed), then time the mirror alone.
    args = ["--json", "runs", "log", "--workspace", ws, "--experiment", experiment,
            "--metrics-csv", csv]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    run_cli(heatloop, args)
    elapsed, out = run_cli(heatloop, ["--json", "runs", "sync", "--workspace", ws, "--mlflow", url])
    synced = json.loads(out)["synced"]
    assert len(synced) == 1, synced
    return elapsed, synced[0]["mlflow_run_id"]


def python_batch(client, experiment_id, params, points):
    from mlflow.entities import Metric, Param

    start, cpu = time.perf_counter(), time.process_time()
    run = client.create_run(experiment_id)
    client.log_batch(run.info.run_id,
                     metrics=[Metric(k, v, t, s) for k, v, s, t in points],
                     params=[Param(k, v) for k, v in params.items()])
    client.set_terminated(run.info.run_id)
    python_batch.last_cpu = time.process_time() - cpu
    return time.perf_counter() - start, run.info.run_id


def python_loop(client, experiment_id, params, points, sent_points):
    """Wall and CPU seconds of the per-call loop, scaled from `sent_points` to all points."""
    start, cpu = time.perf_counter(), time.process_time()
    run = client.create_run(experiment_id)
    rid = run.info.run_id
    for k, v in params.items():
        client.log_param(rid, k, v)
    fixed, fixed_cpu = time.perf_counter() - start, time.process_time() - cpu
    for k, v, s, t in points[:sent_points]:
        client.log_metric(rid, k, v, timestamp=t, step=s)
    per_point = (time.perf_counter() - start - fixed) / sent_points
    per_point_cpu = (time.process_time() - cpu - fixed_cpu) / sent_points
    t = time.perf_counter()
    client.set_terminated(rid)
    fixed += time.perf_counter() - t
    python_loop.last_cpu = fixed_cpu + per_point_cpu * len(points)
    return fixed + per_point * len(points), rid


def check_complete(client, run_id, params, n_points, n_keys):
    run = client.get_run(run_id)
    assert run.data.params == params, f"run {run_id}: params differ"
    assert run.info.status == "FINISHED", run.info.status
    got = sum(len(client.get_metric_history(run_id, f"metric_{k}")) for k in range(n_keys))
    assert got == n_points, f"run {run_id}: {got} of {n_points} points"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--heatloop", default=str(ROOT / "build" / "heatloop"))
    ap.add_argument("--params", type=int, default=100)
    ap.add_argument("--keys", type=int, default=10)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--loop-points", type=int, default=1000,
                    help="points the per-call Python loop really sends (scaled to all)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    t = time.perf_counter()
    from mlflow.tracking import MlflowClient
    import_s = time.perf_counter() - t

    params, points = workload(args.params, args.keys, args.steps)
    with tempfile.TemporaryDirectory(prefix="heatloop-bench-mlflow-") as tmp:
        tmp = Path(tmp)
        csv = tmp / "metrics.csv"
        with open(csv, "w") as f:
            f.write("key,value,step,timestamp\n")
            for k, v, s, ts in points:
                f.write(f"{k},{v!r},{s},{ts}\n")
        log("starting mlflow server ...")
        server = MlflowServer(tmp)
        try:
            client = MlflowClient(tracking_uri=server.url)
            exp = {name: client.create_experiment(name)
                   for name in ("python-batch", "python-loop")}
            times = {k: [] for k in ("cpp_log", "cpp_sync", "python_batch", "python_loop")}
            cpu = {k: [] for k in times}
            n = len(points)
            for i in range(args.repeats):
                log(f"repeat {i + 1}/{args.repeats}")
                s, rid = cpp_log(args.heatloop, server.url, tmp / f"ws-log-{i}", params, csv, "cpp-log")
                check_complete(client, rid, params, n, args.keys)
                times["cpp_log"].append(s)
                cpu["cpp_log"].append(run_cli.last_cpu)
                s, rid = cpp_sync(args.heatloop, server.url, tmp / f"ws-sync-{i}", params, csv, "cpp-sync")
                check_complete(client, rid, params, n, args.keys)
                times["cpp_sync"].append(s)
                cpu["cpp_sync"].append(run_cli.last_cpu)
                s, rid = python_batch(client, exp["python-batch"], params, points)
                check_complete(client, rid, params, n, args.keys)
                times["python_batch"].append(s)
                cpu["python_batch"].append(python_batch.last_cpu)
            sent = min(args.loop_points, n)
            log(f"python per-call loop: {args.params} params + {sent} of {n} points ...")
            s, rid = python_loop(client, exp["python-loop"], params, points, sent)
            times["python_loop"].append(s)
            cpu["python_loop"].append(python_loop.last_cpu)
            run = client.get_run(rid)
            assert run.data.params == params and run.info.status == "FINISHED"
        finally:
            server.stop()

    med = {k: statistics.median(v) for k, v in times.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    result = {
        "workload": {"params": args.params, "metric_points": len(points), "repeats": args.repeats},
        "median_s": med,
        "all_s": times,
        "client_cpu_s": med_cpu,
        "python_loop_points_sent": sent,
        "python_import_s": import_s,
        "ratio_python_batch_over_cpp_log": med["python_batch"] / med["cpp_log"],
        "ratio_python_loop_over_cpp_log": med["python_loop"] / med["cpp_log"],
        "ratio_python_batch_over_cpp_sync": med["python_batch"] / med["cpp_sync"],
        "ratio_python_loop_over_cpp_sync": med["python_loop"] / med["cpp_sync"],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{args.params} params + {len(points)} metric points to mlflow server "
          f"(median of {args.repeats})")
    loop_label = "python MlflowClient per-call loop" + (
        "" if sent == len(points) else f" ({sent} sent, scaled)")
    rows = [("heatloop runs log --mlflow (CLI, end to end)", "cpp_log"),
            ("heatloop runs sync (mirror only)", "cpp_sync"),
            ("python MlflowClient.log_batch", "python_batch"),
            (loop_label, "python_loop")]
    print(f"  {'':<52} {'wall':>9}  {'client CPU':>10}")
    for label, key in rows:
        print(f"  {label:<52} {med[key]:8.3f}s  {med_cpu[key]:9.3f}s")
    print(f"  (python: import mlflow took {import_s:.2f} s, not counted)")
    print(f"ratio python log_batch / heatloop runs log:  {result['ratio_python_batch_over_cpp_log']:.2f}x")
    print(f"ratio python loop      / heatloop runs log:  {result['ratio_python_loop_over_cpp_log']:.1f}x")
    print(f"ratio python log_batch / heatloop runs sync: {result['ratio_python_batch_over_cpp_sync']:.2f}x")
    print(f"ratio python loop      / heatloop runs sync: {result['ratio_python_loop_over_cpp_sync']:.1f}x")


if __name__ == "__main__":
    main()
