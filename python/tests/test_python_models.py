"""Models written in Python run through Workspace.run(config, model=...) as runs like any
other; the example of examples/ and the guide's example run as written."""

import pathlib
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import heatloop
from conftest import REPO


class MeanDeviation:
    """Distance of t_supply from its training mean, in training standard deviations."""

    name = "mean_deviation"

    def fit(self, frames):
        self.units = sorted(f.attrs["unit_id"] for f in frames)
        x = np.concatenate([f["t_supply"].to_numpy() for f in frames])
        self.mean, self.std = np.nanmean(x), np.nanstd(x)

    def score(self, frame):
        return np.abs(frame["t_supply"].to_numpy() - self.mean) / self.std


CONFIG = {"name": "py-mean", "data": {"split": "none", "exclude_labels_from_training": False},
          "alarms": {"method": "quantile", "value": 0.99, "dedupe_window": "30min"},
          "evaluation": {"tolerance": "1h", "deadline": "6h"}}


def test_python_model_is_a_run_like_any_other(ws):
    model = MeanDeviation()
    run = ws.run(CONFIG, model=model)
    assert not hasattr(model, "mean")  # the run fitted a copy
    info = run.info()
    assert info["status"] == "FINISHED" and info["name"] == "py-mean"
    assert run.params()["model"] == "mean_deviation"
    # The stored scores are what the Python object computes on the unit's frame.
    fitted = MeanDeviation()
    fitted.fit([ws.load(u, weather=True) for u in ws.units()])
    for unit in ws.units():
        stored = run.scores(unit)["score"].to_numpy()
        np.testing.assert_allclose(stored, fitted.score(ws.load(unit)), equal_nan=True)
    assert run.result["alarms"] == len(run.alarms()) > 0
    ev = run.evaluation()
    assert ev["micro"]["event_f1"] is not None
    # Re-evaluation and comparison treat it as any run.
    assert ws.evaluate(run, record=False)["run_id"] == run.id
    builtin = ws.run(REPO / "configs" / "time_off_threshold.toml")
    c = ws.compare(builtin, run)
    assert c["candidate_run"] == run.id and len(c["units"]) > 0


class Recorder(MeanDeviation):
    seen = []  # class level: shared by the copies the run makes

    def fit(self, frames):
        Recorder.seen.extend((f.attrs["unit_id"], int(f["t_supply"].isna().sum())) for f in frames)
        super().fit(frames)


def test_labelled_spans_are_masked_in_training(ws):
    Recorder.seen.clear()
    ws.run({**CONFIG, "data": {"split": "none"}}, model=Recorder())
    masked = dict(Recorder.seen)
    for unit, row in ws.labels().groupby("unit_id"):
        raw = int(ws.load(unit)["t_supply"].isna().sum())
        assert masked[unit] > raw, unit  # the label's span is NaN in the training frame


def test_unit_scope_fits_one_copy_per_unit(ws):
    run = ws.run({**CONFIG, "model": {"scope": "unit"}}, model=MeanDeviation())
    assert run.result["models"] == 3
    scores = {u: run.scores(u)["score"].to_numpy() for u in ws.units()}
    one = MeanDeviation()
    one.fit([ws.load("unit-0002")])
    np.testing.assert_allclose(scores["unit-0002"], one.score(ws.load("unit-0002")),
                               equal_nan=True)


def test_python_model_errors(ws, tmp_path):
    class NoScore:
        def fit(self, frames):
            pass

    with pytest.raises(ValueError, match="score"):
        ws.run(CONFIG, model=NoScore())

    class WrongLength(MeanDeviation):
        def score(self, frame):
            return np.zeros(3)

    with pytest.raises(ValueError, match="returned 3 values"):
        ws.run(CONFIG, model=WrongLength())

    class Broken(MeanDeviation):
        def fit(self, frames):
            raise ZeroDivisionError("inside the model")

    with pytest.raises(ZeroDivisionError, match="inside the model"):
        ws.run(CONFIG, model=Broken())
    class BrokenScore(MeanDeviation):
        def score(self, frame):
            raise RuntimeError(f"cannot score {frame.attrs['unit_id']}")

    with pytest.raises(RuntimeError, match="cannot score unit-000"):
        ws.run(CONFIG, model=BrokenScore(), threads=2)
    with pytest.raises(ValueError, match="model.params"):
        ws.run({**CONFIG, "model": {"params": {"a": 1}}}, model=MeanDeviation())
    with pytest.raises(ValueError, match="isolation_forest"):
        ws.run({**CONFIG, "model": {"name": "isolation_forest"}}, model=MeanDeviation())
    statuses = set(ws.runs()["status"])
    assert statuses == {"FAILED"}  # the run that raised inside is logged as failed


def test_toml_config_with_python_model(ws, tmp_path):
    toml = tmp_path / "run.toml"
    toml.write_text('name = "from-toml"\n[data]\nsplit = "dates"\n'
                    'train = ["2024-01-01", "2024-01-08"]\neval = ["2024-01-08", 2024-01-15]\n'
                    '[alarms]\nmethod = "fixed"\nvalue = 3.0\n')
    run = ws.run(toml, model=MeanDeviation())
    assert run.info()["name"] == "from-toml"
    s = run.scores("unit-0001")
    assert s.index[0] == pd.Timestamp("2024-01-08T00:00:00Z")


def test_example_script(base_ws, tmp_path):
    import shutil
    path = tmp_path / "ws"
    shutil.copytree(base_ws, path)
    out = subprocess.run([sys.executable, str(REPO / "examples" / "sklearn_isolation_forest.py"),
                          str(path)], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert re.search(r"event F1: \S+ \(sklearn_iforest\), \S+ \(isolation_forest\)", out.stdout)
    assert re.search(r"per unit: \d+ better, \d+ worse, \d+ unchanged", out.stdout)
    with heatloop.Workspace(path) as ws:
        names = set(ws.runs()["name"])
    assert {"sklearn_iforest", "isolation_forest"} <= names


def test_guide_example(base_ws, tmp_path, monkeypatch):
    import shutil
    path = tmp_path / "ws-demo"
    shutil.copytree(base_ws, path)
    text = (REPO / "docs" / "python.md").read_text()
    block = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    monkeypatch.chdir(REPO)
    code = block.replace('"ws-demo"', repr(str(path)))
    exec(compile(code, "docs/python.md", "exec"), {})
    with heatloop.Workspace(path) as ws:
        assert len(ws.runs()) == 1
        assert ws.labels().iloc[0]["notes"] == "checked on site"
