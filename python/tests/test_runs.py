"""Runs: run a config (dict or TOML file), list runs, read a run's outputs, re-evaluate
against a newer label revision, compare two runs; errors as the CLI reports them."""

import subprocess

import numpy as np
import pandas as pd
import pytest

import heatloop
from conftest import IFOREST, REPO


def test_run_result(runs_ws):
    ws, a, b = runs_ws
    assert len(a.id) == 32
    assert a.result["kind"] == "detector"
    assert a.result["eval_units"] == ["unit-0001", "unit-0002", "unit-0003"]
    assert a.result["label_revision"] == 1
    assert a.info()["name"] == "iforest-py" and a.info()["status"] == "FINISHED"
    assert b.info()["name"] == "time-off-static"
    assert a.params()["model"] == "isolation_forest"


def test_runs_list_and_lookup(runs_ws):
    ws, a, b = runs_ws
    runs = ws.runs()
    assert set(runs.index) == {a.id, b.id}
    assert runs.loc[a.id, "experiment"] == "python"
    assert str(runs["start_time"].dt.tz) == "UTC"
    assert list(ws.runs(experiment="python").index) == [a.id]
    assert ws.get_run(a.id[:8]).id == a.id
    with pytest.raises(KeyError):
        ws.get_run("ffffffffffff")


def test_scores_alarms_metrics(runs_ws):
    ws, a, _ = runs_ws
    s = a.scores("unit-0002")
    assert "score" in s.columns
    assert str(s.index.tz) == "UTC"
    assert len(s) == len(ws.load("unit-0002"))
    assert np.isfinite(s["score"]).sum() > 0.9 * len(s)
    alarms = a.alarms()
    assert list(alarms.columns) == ["unit_id", "start", "end", "peak_score", "peak_time"]
    assert len(alarms) == a.result["alarms"] > 0
    assert (alarms["end"] > alarms["start"]).all()
    metrics = a.metrics()
    f1 = metrics[metrics["key"] == "micro/event_f1"]
    assert len(f1) == 1
    assert f1["last"].iloc[0] == pytest.approx(a.result["evaluation"]["micro"]["event_f1"])
    per_unit = metrics[metrics["key"] == "event_f1"]
    assert sorted(per_unit["unit_id"]) == ["unit-0001", "unit-0002", "unit-0003"]
    ev = a.evaluation()
    assert ev["micro"]["event_f1"] == pytest.approx(a.result["evaluation"]["micro"]["event_f1"])
    with pytest.raises(KeyError, match="unit-0009"):
        a.scores("unit-0009")


def test_evaluate_against_a_newer_label_revision(runs_ws, fleet):
    ws, a, _ = runs_ws
    first = ws.evaluate(a, labels_revision=1, record=False)
    assert first["revision"] == 1 and first["changes"] == []
    ws.import_labels(fleet / "labels_truth.csv", user="tester")
    latest = ws.evaluate(a.id)
    assert latest["revision"] == 2 and latest["original_revision"] == 1
    changed = {(c["scope"], c["metric"]) for c in latest["changes"]}
    assert ("micro", "labels") in changed or any(m == "micro" for m, _ in changed)
    with pytest.raises(ValueError):
        ws.evaluate(a, labels_revision=99)


def test_compare(runs_ws):
    ws, a, b = runs_ws
    c = ws.compare(b, a, metric="event_f1", labels_revision=1)
    assert c["baseline_run"] == b.id and c["candidate_run"] == a.id
    assert c["kind"] == "detector" and c["label_revision"] == 1
    assert c["metric"] == "event_f1"
    assert 0 < len(c["units"]) <= 3
    assert c["units"][0]["delta"] == pytest.approx(c["units"][0]["candidate"] - c["units"][0]["baseline"])
    assert c["improved"] + c["worse"] + c["unchanged"] == len(c["units"])
    with pytest.raises(ValueError, match="metric"):
        ws.compare(a, b, metric="no_such_metric")


def test_config_errors_match_the_cli(ws, tmp_path, heatloop_bin):
    bad = tmp_path / "bad.toml"
    bad.write_text('[model]\nname = "isolation_forest"\n[model.params]\nn_trees = -3\n')
    cli = subprocess.run([heatloop_bin, "run", str(bad), "--workspace", ws.path],
                         capture_output=True, text=True)
    assert cli.returncode == 2
    message = cli.stderr.strip().removeprefix("error: ")
    with pytest.raises(ValueError) as e:
        ws.run(bad)
    assert str(e.value) == message
    with pytest.raises(ValueError, match="no_such_model"):
        ws.run({"model": {"name": "no_such_model"}})
    with pytest.raises(KeyError, match="nope.toml"):
        ws.run(tmp_path / "nope.toml")
    with pytest.raises(ValueError, match="null"):
        ws.run({"model": {"name": "isolation_forest"}, "name": None})
    assert ws.runs().empty  # nothing was logged
