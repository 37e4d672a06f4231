"""The MLflow mirror against a real `mlflow server` (SQLite backend store, artifacts served
through the server's proxy), read back with MLflow's own Python client.

Runs with HEATLOOP_BIN pointing at the built CLI. The server is started on a free loopback
port for this module and stopped at the end; if it does not come up the tests fail.
"""

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT_S = 180

# MLflow must not try to reach anything beyond loopback; its GenAI job runner (a dozen extra
# processes on a 2-core machine) is not needed for tracking.
QUIET_ENV = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}
SERVER_ENV = {**QUIET_ENV, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}


def heatloop_bin() -> str:
    path = os.environ.get("HEATLOOP_BIN")
    if not path or not os.access(path, os.X_OK):
        pytest.fail(f"HEATLOOP_BIN must name the built heatloop CLI (got {path!r})")
    return path


def cli(*args, check=True, cwd=None):
    proc = subprocess.run(
        [heatloop_bin(), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )
    if check and proc.returncode != 0:
        pytest.fail(f"heatloop {' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process_group(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group, then SIGKILL whatever is left of it."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # workers that ignored SIGTERM
    except ProcessLookupError:
        pass
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def mlflow_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("mlflow-server")
    port = free_port()
    log = open(root / "server.log", "wb")
    cmd = [
        sys.executable, "-m", "mlflow", "server",
        "--host", "127.0.0.1", "--port", str(port),
        "--backend-store-uri", f"sqlite:///{root / 'mlflow.db'}",
        "--serve-artifacts", "--artifacts-destination", str(root / "artifacts"),
        "--workers", "1",
    ]
    # Own process group: the server forks workers, and all of them are stopped at the end.
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=root,
                            env={**os.environ, **SERVER_ENV}, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"mlflow server exited with {proc.returncode}:\n"
                            f"{(root / 'server.log').read_text()[-3000:]}")
            try:
                # The tracking API itself, not only /health: the first request initialises
                # the store, and that belongs to the fixture's time.
                probe = "/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default"
                with urllib.request.urlopen(url + probe, timeout=30) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"mlflow server did not answer within {SERVER_START_TIMEOUT_S} s:\n"
                            f"{(root / 'server.log').read_text()[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        stop_process_group(proc)
        log.close()


@pytest.fixture(scope="module")
def client(mlflow_url):
    os.environ.update(QUIET_ENV)
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=mlflow_url)


def write_metrics_csv(path: Path, n: int) -> list:
    values = [round(1.0 / (i + 1), 9) for i in range(n)]
    with open(path, "w") as f:
        f.write("key,value,step,unit_id\n")
        for i, v in enumerate(values):
            f.write(f"loss,{v},{i},\n")
        f.write("event_f1,0.75,0,unit-7\n")
    return values


def mlflow_run_of(client, experiment: str, heatloop_run_id: str) -> list:
    exp = client.get_experiment_by_name(experiment)
    assert exp is not None, f"experiment {experiment} missing in MLflow"
    return client.search_runs(
        [exp.experiment_id], filter_string=f"tags.`heatloop.run_id` = '{heatloop_run_id}'")


def test_run_is_mirrored_with_params_metrics_tags_and_artifacts(mlflow_url, client, tmp_path):
    ws = tmp_path / "ws"
    values = write_metrics_csv(tmp_path / "metrics.csv", 2500)  # > 1000: split into batches
    params = {f"p{i:03d}": f"value-{i}" for i in range(120)}    # > 100: split too
    model = tmp_path / "model.bin"
    model_bytes = random.Random(7).randbytes(300_000)
    model.write_bytes(model_bytes)
    report = tmp_path / "report.txt"
    report.write_text("event F1 0.75\n")
    config = tmp_path / "run.toml"
    config.write_text('[model]\nname = "threshold"\n')

    args = ["--json", "runs", "log", "--workspace", ws, "--mlflow", mlflow_url,
            "--experiment", "mirror-e2e", "--name", "threshold-baseline",
            "--metrics-csv", tmp_path / "metrics.csv", "--metric", "auc=0.91@2",
            "--artifact", model, "--artifact", report, "--config", config,
            "--label-revision", "5", "--dataset-fingerprint", "sha256:feed"]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    out = json.loads(cli(*args, cwd=REPO).stdout)
    assert out["mlflow_synced"] is True
    assert out["metrics"] == 2502 and out["params"] == 120 and out["artifacts"] == 2

    local = json.loads(cli("--json", "runs", "show", out["run_id"], "--workspace", ws).stdout)
    assert local["mlflow_synced"] is True
    assert local["mlflow_run_id"] == out["mlflow_run_id"]

    run = client.get_run(out["mlflow_run_id"])
    assert run.info.status == "FINISHED"
    assert run.info.run_name == "threshold-baseline"
    assert run.info.end_time is not None and run.info.end_time >= run.info.start_time
    assert run.data.params == params
    tags = run.data.tags
    assert tags["heatloop.run_id"] == out["run_id"]
    assert tags["heatloop.label_revision"] == "5"
    assert tags["heatloop.dataset_fingerprint"] == "sha256:feed"
    if (REPO / ".git").exists():
        assert local["git_commit"] is not None and len(local["git_commit"]) == 40
    if local["git_commit"] is not None:
        assert tags["mlflow.source.git.commit"] == local["git_commit"]

    history = client.get_metric_history(run.info.run_id, "loss")
    assert len(history) == 2500
    assert sorted(m.step for m in history) == list(range(2500))
    by_step = {m.step: m.value for m in history}
    assert all(by_step[i] == pytest.approx(v, rel=1e-12) for i, v in enumerate(values))
    assert [m.value for m in client.get_metric_history(run.info.run_id, "event_f1/unit-7")] == [0.75]
    assert run.data.metrics["auc"] == pytest.approx(0.91)

    names = sorted(a.path for a in client.list_artifacts(run.info.run_id))
    assert names == ["model.bin", "report.txt"]
    dest = tmp_path / "download"
    dest.mkdir()
    got = Path(client.download_artifacts(run.info.run_id, "model.bin", str(dest)))
    assert got.read_bytes() == model_bytes
    got = Path(client.download_artifacts(run.info.run_id, "report.txt", str(dest)))
    assert got.read_text() == "event F1 0.75\n"

    # The run's note is MLflow's description (mlflow.note.content): sent at once with --mlflow,
    # and an edit made without it goes out at the next `runs sync`.
    cli("runs", "note", out["run_id"], "--workspace", ws, "--mlflow", mlflow_url,
        "--set", "## Baseline\nthreshold 3, *noisy*", "--user", "alice")
    assert client.get_run(run.info.run_id).data.tags["mlflow.note.content"] == \
        "## Baseline\nthreshold 3, *noisy*"
    cli("runs", "note", out["run_id"], "--workspace", ws, "--set", "fine after relabelling",
        "--user", "bob")
    synced = json.loads(cli("--json", "runs", "sync", "--workspace", ws, "--mlflow",
                            mlflow_url).stdout)["synced"]
    assert [(s["run_id"], s["note_sent"], s["artifacts_sent"]) for s in synced] == \
        [(out["run_id"], True, 0)]
    assert client.get_run(run.info.run_id).data.tags["mlflow.note.content"] == \
        "fine after relabelling"


def test_unreachable_server_then_sync_mirrors_every_metric_once(mlflow_url, client, tmp_path):
    ws = tmp_path / "ws"
    write_metrics_csv(tmp_path / "metrics.csv", 1200)
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there

    offline = cli("--json", "runs", "log", "--workspace", ws, "--mlflow", dead,
                       "--experiment", "mirror-sync", "--name", "offline",
                       "--metrics-csv", tmp_path / "metrics.csv", "--param", "lr=0.1",
                       "--artifact", tmp_path / "metrics.csv")
    assert offline.returncode == 0
    assert "warning:" in offline.stderr and "runs sync" in offline.stderr
    offline_id = json.loads(offline.stdout)["run_id"]
    assert json.loads(offline.stdout)["mlflow_synced"] is False
    # A run logged without any mirror is unsynced too, and sync picks it up as well.
    local_only = cli("--json", "runs", "log", "--workspace", ws, "--experiment",
                          "mirror-sync", "--name", "local-only", "--metric", "loss=0.5@1")
    local_id = json.loads(local_only.stdout)["run_id"]

    listed = json.loads(cli("--json", "runs", "list", "--workspace", ws).stdout)
    assert {r["id"]: r["mlflow_synced"] for r in listed} == {offline_id: False, local_id: False}

    # Syncing to a server that is still down fails loudly and changes nothing.
    failed = cli("runs", "sync", "--workspace", ws, "--mlflow", dead, check=False)
    assert failed.returncode != 0 and "error:" in failed.stderr

    synced = json.loads(
        cli("--json", "runs", "sync", "--workspace", ws, "--mlflow", mlflow_url).stdout)
    assert synced["pending"] == 2 and synced["failed"] == []
    assert {s["run_id"] for s in synced["synced"]} == {offline_id, local_id}
    assert all(s["complete"] for s in synced["synced"])

    runs = mlflow_run_of(client, "mirror-sync", offline_id)
    assert len(runs) == 1
    run = runs[0]
    assert run.info.status == "FINISHED"
    assert run.data.params == {"lr": "0.1"}
    history = client.get_metric_history(run.info.run_id, "loss")
    assert len(history) == 1200
    assert sorted(m.step for m in history) == list(range(1200))
    assert len(client.get_metric_history(run.info.run_id, "event_f1/unit-7")) == 1
    assert [a.path for a in client.list_artifacts(run.info.run_id)] == ["metrics.csv"]
    assert len(mlflow_run_of(client, "mirror-sync", local_id)) == 1

    # A second sync has nothing to do and adds nothing.
    again = json.loads(
        cli("--json", "runs", "sync", "--workspace", ws, "--mlflow", mlflow_url).stdout)
    assert again["pending"] == 0 and again["synced"] == [] and again["failed"] == []
    assert len(mlflow_run_of(client, "mirror-sync", offline_id)) == 1
    assert len(client.get_metric_history(run.info.run_id, "loss")) == 1200
    exp = client.get_experiment_by_name("mirror-sync")
    assert len(client.search_runs([exp.experiment_id])) == 2

    listed = json.loads(cli("--json", "runs", "list", "--workspace", ws).stdout)
    assert all(r["mlflow_synced"] for r in listed)
