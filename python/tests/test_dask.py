"""heatloop.dask: a run fanned out over a real LocalCluster of 2 worker processes gives the
same scores, alarms, metrics and stored models as the same config run in one process, also
when a worker dies in the middle of a task (Dask retries it)."""

import os
import pathlib
import subprocess

import pandas as pd
import pytest

import distributed  # python/requirements-test.txt installs dask and distributed

import heatloop
import heatloop.dask
from conftest import IFOREST
from test_postgres import pg_base, pg_url, pg_ws, psql  # noqa: F401 (fixtures)

# One isolation forest per unit (fitted in the tasks), a fast one.
IFOREST_PER_UNIT = {**IFOREST, "name": "iforest-per-unit",
                    "data": {"split": "time", "train_fraction": 0.7},
                    "model": {**IFOREST["model"], "scope": "unit",
                              "params": {**IFOREST["model"]["params"], "n_trees": 20}}}

# One model per fold, each fitted on the driver on two units: every unit is scored by its
# fold's model and, for their thresholds, by the two models it trains.
IFOREST_FOLDS = {**IFOREST, "name": "iforest-folds", "data": {"split": "unit_folds", "folds": 3},
                 "model": {**IFOREST["model"],
                           "params": {**IFOREST["model"]["params"], "n_trees": 20}}}

FORECAST = {
    "name": "tank-naive",
    "experiment": "python",
    "data": {"split": "time", "train_fraction": 0.8},
    "model": {"name": "seasonal_naive", "scope": "unit",
              "params": {"target": "t_tank_mid", "season": "1d", "horizon": 3}},
}


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def timeless(evaluation):
    """An evaluation without the wall time of fits (forecasters report it per unit)."""
    for unit in evaluation.get("units", []):
        unit.pop("fit_seconds", None)
    return evaluation


def assert_same_run(ws, local, fanned):
    """Every stored output of two runs of one config equal, bit for bit."""
    assert fanned.result["eval_units"] == local.result["eval_units"]
    assert fanned.result["alarms"] == local.result["alarms"]
    assert timeless(fanned.result["evaluation"]) == timeless(local.result["evaluation"])
    for unit in local.result["eval_units"]:
        pd.testing.assert_frame_equal(fanned.scores(unit), local.scores(unit), check_exact=True)
    assert timeless(fanned.evaluation()) == timeless(local.evaluation())
    summaries = [heatloop._heatloop.run_json(ws._session, r.id, "summary.json")
                 for r in (local, fanned)]
    for s in summaries:
        s.pop("run_id")
        for m in s["models"]:
            m.pop("fit_seconds")
    assert summaries[0] == summaries[1]
    columns = ["key", "unit_id", "count", "last", "last_step"]
    metrics = [r.metrics()[columns].sort_values(["key", "unit_id"]).reset_index(drop=True)
               for r in (local, fanned)]
    pd.testing.assert_frame_equal(metrics[0], metrics[1], check_exact=True)
    assert fanned.params() == local.params()
    assert fanned.info()["status"] == "FINISHED"


def test_fleet_detector_same_as_one_process(ws, client):
    local = ws.run(IFOREST, threads=1)
    fanned = heatloop.dask.run(IFOREST, client=client, workspace=ws, batch_size=1, threads=1)
    assert local.alarms().shape[0] > 0
    pd.testing.assert_frame_equal(fanned.alarms(), local.alarms(), check_exact=True)
    assert_same_run(ws, local, fanned)
    assert fanned.id != local.id and {local.id, fanned.id} <= set(ws.runs().index)


def test_fold_models_same_as_one_process(ws, client):
    local = ws.run(IFOREST_FOLDS, threads=1)
    fanned = heatloop.dask.run(IFOREST_FOLDS, client=client, workspace=ws, threads=1)
    assert fanned.result["models"] == 3
    pd.testing.assert_frame_equal(fanned.alarms(), local.alarms(), check_exact=True)
    assert_same_run(ws, local, fanned)


def test_unit_scope_forecaster_same_as_one_process(ws, client):
    local = ws.run(FORECAST, threads=1)
    fanned = heatloop.dask.run(FORECAST, client=client, workspace=ws.path)
    assert fanned.result["kind"] == "forecaster" and fanned.result["models"] == 3
    assert_same_run(ws, local, fanned)


def test_driver_on_postgres(pg_ws, pg_base, client):
    """Labels and runs on PostgreSQL (the multi-machine setup of docs/python.md): the
    fanned-out run is tracked in the server and equals the run in one process."""
    w, url, schema = pg_ws
    local = w.run(IFOREST, threads=1)
    fanned = heatloop.dask.run(IFOREST, client=client, workspace=w, threads=1)
    assert_same_run(w, local, fanned)
    assert psql(pg_base, f"SELECT status FROM {schema}.runs WHERE id = '{fanned.id}'") == "FINISHED"
    assert not (pathlib.Path(w.path) / "heatloop.db").exists()


class KillFirstTask(distributed.WorkerPlugin):
    """Ends the worker process (os._exit, no clean-up) the first time any worker starts a
    task of a heatloop run; `marker` (created atomically) says it happened, once."""

    def __init__(self, marker):
        self.marker = marker

    def transition(self, key, start, finish, **kwargs):
        if finish != "executing" or "heatloop-units" not in str(key):
            return
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.write(fd, str(key).encode())
        os.close(fd)
        os._exit(1)


def test_worker_killed_mid_task_is_retried(ws, client, tmp_path):
    local = ws.run(IFOREST_PER_UNIT, threads=1)
    marker = tmp_path / "killed"
    client.register_plugin(KillFirstTask(str(marker)), name="kill-first-task")
    try:
        fanned = heatloop.dask.run(IFOREST_PER_UNIT, client=client, workspace=ws,
                                   batch_size=1, threads=1)
    finally:
        client.unregister_worker_plugin("kill-first-task")
    assert marker.read_text().startswith("heatloop-units-")  # a task's worker died
    assert fanned.result["models"] == 3
    pd.testing.assert_frame_equal(fanned.alarms(), local.alarms(), check_exact=True)
    assert_same_run(ws, local, fanned)
    client.wait_for_workers(2, timeout=60)  # the nanny restarted the killed worker


def test_refused_configs(ws, client):
    with pytest.raises(ValueError, match="batch_size"):
        heatloop.dask.run(IFOREST, client=client, workspace=ws, batch_size=0)
    with pytest.raises(ValueError, match="worker_threads"):
        heatloop.dask.run(IFOREST, client=client, workspace=ws, worker_threads=0)
    with pytest.raises(KeyError, match="nope.toml"):
        heatloop.dask.run("nope.toml", client=client, workspace=ws)
    bad = {**IFOREST, "model": {"name": "no_such_model"}}
    with pytest.raises(ValueError, match="no_such_model"):
        heatloop.dask.run(bad, client=client, workspace=ws)
    classifier = {"model": {"name": "gradient_boosting_classifier"}}
    with pytest.raises(ValueError, match="classifier runs are not fanned out"):
        heatloop.dask.run(classifier, client=client, workspace=ws)
    assert ws.runs().empty  # nothing was logged


def test_a_failing_task_fails_the_run(ws, client, tmp_path):
    """Workers that cannot read the data (no workspace at worker_workspace): the task's
    error ends the run, logged as FAILED."""
    other = tmp_path / "not-mounted"
    with pytest.raises(KeyError, match="not-mounted does not exist"):
        heatloop.dask.run(IFOREST, client=client, workspace=ws, worker_workspace=other)
    assert list(ws.runs()["status"]) == ["FAILED"]


def test_workers_with_other_data_fail_the_run(ws, client, tmp_path, heatloop_bin):
    """Workers reading a workspace whose units differ from the driver's (10 days instead of
    14): the run fails naming the unit instead of mixing data."""
    fleet = tmp_path / "fleet10"
    subprocess.run([heatloop_bin, "simulate", "--units", "3", "--days", "10", "--seed", "7",
                    "--out", str(fleet)], check=True, capture_output=True)
    with heatloop.Workspace(tmp_path / "ws10") as other:
        other.ingest([fleet / "units.csv", fleet / "sensors.csv", fleet / "weather.csv"])
    message = (r"unit unit-000\d: the worker's workspace .*ws10 has 14400 rows from .*, "
               r"the driver's 20160 rows from .* \(workers must read the same data\)")
    with pytest.raises(ValueError, match=message):
        heatloop.dask.run(IFOREST, client=client, workspace=ws,
                          worker_workspace=tmp_path / "ws10")
    assert list(ws.runs()["status"]) == ["FAILED"]


def test_work_items_are_checked(ws):
    """A task's function called directly: bytes that are not work items are refused."""
    with pytest.raises(ValueError, match="not a heatloop work shared part"):
        heatloop.dask.run_batch(ws.path, b"\x00garbage", [], 1)
    # Well-formed CBOR of the right format but without the fields: {"format": 1}.
    with pytest.raises(ValueError, match="work item: .*model"):
        heatloop.dask.run_batch(ws.path, b"\xa1\x66format\x01", [], 1)


def test_batches_keep_a_units_items_together():
    units = ["a", "a", "b", "c", "c", "c", "d"]
    assert heatloop.dask._batches(units, 2) == [(0, 3), (3, 7)]
    assert heatloop.dask._batches(units, 1) == [(0, 2), (2, 3), (3, 6), (6, 7)]
    assert heatloop.dask._batches(units, 10) == [(0, 7)]
    assert heatloop.dask._batches([], 3) == []
    assert heatloop.dask.default_batch_size(100, 2) == 13
    assert heatloop.dask.default_batch_size(3, 8) == 1
