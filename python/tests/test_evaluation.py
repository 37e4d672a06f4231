"""heatloop.evaluate_scores: the evaluation contract on scores and alarms computed anywhere
gives the numbers a run stores when fed that run's own scores, alarms and labels."""

import numpy as np
import pandas as pd
import pytest

import heatloop

EVENT_METRICS = ["event_precision", "event_recall", "event_f1", "point_f1"]


def run_inputs(ws, run):
    units = run.result["eval_units"]
    scores = {u: run.scores(u)["score"] for u in units}
    labels = ws.labels(revision=run.result["label_revision"])
    return scores, labels


def test_reproduces_a_runs_evaluation(runs_ws):
    ws, run, _ = runs_ws
    scores, labels = run_inputs(ws, run)
    got = heatloop.evaluate_scores(scores, labels, run.alarms(),
                                   options={"tolerance": "1h", "deadline": "6h"})
    want = run.evaluation()
    assert [u["unit_id"] for u in got["units"]] == [u["unit_id"] for u in want["units"]]
    for m in EVENT_METRICS:
        assert got["micro"][m] == pytest.approx(want["micro"][m], nan_ok=True), m
    assert got["micro"]["event_f1"] is not None


def test_alarm_policy_raises_the_alarms(runs_ws):
    ws, run, _ = runs_ws
    scores, labels = run_inputs(ws, run)
    # A fixed threshold between the scores: the alarms are the runs of scores above it.
    threshold = float(np.nanquantile(np.concatenate([s.to_numpy() for s in scores.values()]),
                                     0.995))
    policy = {"method": "fixed", "value": threshold, "merge_gap": "0s", "min_duration": "0s",
              "dedupe_window": "0s"}
    got = heatloop.evaluate_scores(scores, labels, alarm_policy=policy)
    runs = 0  # runs of consecutive samples above the threshold, per unit
    for s in scores.values():
        above = (s > threshold).to_numpy()
        runs += int(above[0]) + int(np.sum(above[1:] & ~above[:-1]))
    t = got["totals"]
    assert runs > 0
    assert t["true_alarms"] + t["false_alarms"] + t["ignored_alarms"] == runs


def test_own_scores_and_alarms(runs_ws):
    ws, _, _ = runs_ws
    idx = pd.date_range("2024-01-01", periods=24 * 60, freq="1min", tz="UTC")
    score = pd.Series(0.0, index=idx)
    score.iloc[600:660] = 5.0
    labels = pd.DataFrame({"unit_id": ["a"], "start": [idx[590]], "end": [idx[700]],
                           "category": ["sensor_fault"]})
    alarms = pd.DataFrame({"unit_id": ["a"], "start": [idx[600]], "end": [idx[660]]})
    r = heatloop.evaluate_scores({"a": score}, labels, alarms)
    assert r["micro"]["event_recall"] == 1.0
    assert r["micro"]["event_precision"] == 1.0
    missed = heatloop.evaluate_scores({"a": score}, labels, alarms.iloc[0:0])
    assert missed["micro"]["event_recall"] == 0.0


def test_errors():
    idx = pd.date_range("2024-01-01", periods=10, freq="1min", tz="UTC")
    labels = pd.DataFrame({"unit_id": ["a"], "start": [idx[1]], "end": [idx[2]],
                           "category": ["sensor_fault"]})
    s = pd.Series(np.arange(10.0), index=idx)
    with pytest.raises(ValueError, match="alarm policy"):
        heatloop.evaluate_scores({"a": s}, labels)
    with pytest.raises(ValueError, match="labels: missing column 'category'"):
        heatloop.evaluate_scores({"a": s}, labels.drop(columns="category"),
                                 alarm_policy={"method": "fixed", "value": 1})
    with pytest.raises(ValueError, match="method"):
        heatloop.evaluate_scores({"a": s}, labels, alarm_policy={"method": "guess"})
    with pytest.raises(ValueError, match="status"):
        heatloop.evaluate_scores({"a": s}, labels.assign(status="maybe"),
                                 alarm_policy={"method": "fixed", "value": 1})
    bad = pd.DataFrame({"unit_id": ["b"], "start": [idx[1]], "end": [idx[2]]})
    with pytest.raises(ValueError, match="unit b has no scores"):
        heatloop.evaluate_scores({"a": s}, labels, bad)
    with pytest.raises(ValueError, match="DatetimeIndex"):
        heatloop.evaluate_scores({"a": s.reset_index(drop=True)}, labels,
                                 alarm_policy={"method": "fixed", "value": 1})
