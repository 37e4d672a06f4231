"""Fixtures of the Python package's tests: a simulated fleet written by the heatloop program
(HEATLOOP_BIN, default build/heatloop of this checkout), ingested through the package."""

import os
import pathlib
import shutil
import subprocess

import pytest

import heatloop

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def heatloop_bin() -> str:
    path = os.environ.get("HEATLOOP_BIN", str(REPO / "build" / "heatloop"))
    if not os.access(path, os.X_OK):
        pytest.fail(f"the heatloop program is needed to simulate test data: {path} "
                    "(build it with `make build` or set HEATLOOP_BIN)")
    return path


@pytest.fixture(scope="session")
def fleet(tmp_path_factory, heatloop_bin) -> pathlib.Path:
    """A simulated fleet: 3 units, 14 days (sensors.csv, units.csv, weather.csv, labels)."""
    out = tmp_path_factory.mktemp("fleet")
    subprocess.run([heatloop_bin, "simulate", "--units", "3", "--days", "14", "--seed", "7",
                    "--out", str(out)], check=True, capture_output=True)
    return out


@pytest.fixture(scope="session")
def base_ws(tmp_path_factory, fleet) -> pathlib.Path:
    """A workspace with the fleet ingested and the initial labels imported."""
    path = tmp_path_factory.mktemp("base") / "ws"
    with heatloop.Workspace(path) as ws:
        ws.ingest([fleet / "units.csv", fleet / "sensors.csv", fleet / "weather.csv"])
        ws.import_labels(fleet / "labels_initial.csv", user="tester")
    return path


@pytest.fixture
def ws(base_ws, tmp_path):
    """A private copy of the base workspace, closed after the test."""
    path = tmp_path / "ws"
    shutil.copytree(base_ws, path)
    with heatloop.Workspace(path) as w:
        yield w


# An isolation forest scored in-sample on every unit (the labels lie inside the data).
IFOREST = {
    "name": "iforest-py",
    "experiment": "python",
    "seed": 3,
    "data": {"split": "none"},
    "model": {"name": "isolation_forest",
              "params": {"n_trees": 50, "sample_size": 256, "window": "60 steps",
                         "channels": ["compressor_power", "t_supply", "t_return"]}},
    "alarms": {"method": "quantile", "value": 0.99, "min_duration": "15min",
               "merge_gap": "30min", "dedupe_window": "30min"},
    "evaluation": {"tolerance": "1h", "deadline": "6h"},
}


@pytest.fixture(scope="session")
def runs_ws(tmp_path_factory, base_ws):
    """A workspace copy with two detector runs: the isolation forest above (from a dict)
    and configs/time_off_threshold.toml (from a file)."""
    path = tmp_path_factory.mktemp("runs") / "ws"
    shutil.copytree(base_ws, path)
    w = heatloop.Workspace(path)
    a = w.run(IFOREST, threads=2)
    b = w.run(REPO / "configs" / "time_off_threshold.toml", threads=2)
    yield w, a, b
    w.close()
