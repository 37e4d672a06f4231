"""Forecasters and classifiers written in Python run through Workspace.run(config, model=...)
as runs of their kind: the forecast metrics and stored forecasts of a forecaster run, the
cross-validation by household of a classifier run."""

import subprocess

import numpy as np
import pandas as pd
import pytest

import heatloop


class Persistence:
    """Forecasts t_supply as its value h steps earlier (what a forecast issued then knows)."""

    target = "t_supply"
    horizon = 3

    def fit(self, frames):
        self.seen = [f.attrs["unit_id"] for f in frames]

    def predict(self, frame):
        y = frame[self.target]
        return pd.DataFrame({f"step_{h}": y.shift(h) for h in range(1, self.horizon + 1)},
                            index=frame.index)


FORECAST = {"name": "py-persistence", "data": {"split": "time", "train_fraction": 0.8}}


def test_python_forecaster_is_a_forecaster_run(ws):
    run = ws.run(FORECAST, model=Persistence())
    assert run.result["kind"] == "forecaster"
    assert run.params()["model"] == "persistence"
    # The stored forecasts are the object's, on the evaluated (last 20%) rows.
    unit = ws.units()[0]
    stored = run.scores(unit)
    frame = ws.load(unit)
    want = Persistence().predict(frame).loc[stored.index]
    for h in (1, 2, 3):
        np.testing.assert_allclose(stored[f"forecast_h{h}"].to_numpy(),
                                   want[f"step_{h}"].to_numpy(), equal_nan=True)
    np.testing.assert_allclose(stored["actual"].to_numpy(),
                               frame["t_supply"].loc[stored.index].to_numpy(), equal_nan=True)
    assert len(stored) < len(frame) * 0.3
    ev = run.evaluation()
    assert ev["kind"] == "forecaster"
    # Persistence one step ahead errs less than three steps ahead on a smooth temperature.
    steps = ev["micro_by_step"]
    assert ev["target"] == "t_supply" and [s["step"] for s in steps] == [1, 2, 3]
    assert 0 < steps[0]["mae"] < steps[2]["mae"]


def test_python_forecaster_as_a_plain_array_and_errors(ws):
    class OneStep:
        target = "t_supply"

        def fit(self, frames):
            pass

        def predict(self, frame):
            return frame[self.target].shift(1).to_numpy()

    run = ws.run(FORECAST, model=OneStep())
    assert run.result["kind"] == "forecaster"
    assert "forecast_h1" in run.scores(ws.units()[0]).columns

    class WrongShape(Persistence):
        def predict(self, frame):
            return np.zeros((len(frame), 2))

    with pytest.raises(ValueError, match=r"predict\(\) returned shape \(\d+, 2\) .*horizon 3"):
        ws.run(FORECAST, model=WrongShape())

    class NoColumns(Persistence):
        def predict(self, frame):
            return pd.DataFrame({"x": frame[self.target]})

    with pytest.raises(ValueError, match="without step_1, step_2, step_3"):
        ws.run(FORECAST, model=NoColumns())

    class NoTarget:
        kind = "forecaster"

        def fit(self, frames):
            pass

        def predict(self, frame):
            return None

    with pytest.raises(ValueError, match="needs a target"):
        ws.run(FORECAST, model=NoTarget())

    class BadHorizon(Persistence):
        horizon = 0

    with pytest.raises(ValueError, match="horizon = 0"):
        ws.run(FORECAST, model=BadHorizon())

    class UnknownChannel(Persistence):
        target = "no_such_channel"

    with pytest.raises(ValueError, match="no_such_channel"):
        ws.run(FORECAST, model=UnknownChannel())

    class BadKind(Persistence):
        kind = "oracle"

    with pytest.raises(ValueError, match="kind = 'oracle'"):
        ws.run(FORECAST, model=BadKind())


class MeanLoad:
    """P(heat pump) per month: the household's mean load against the midpoint of the
    training classes' means."""

    kind = "classifier"

    def fit(self, frames, targets):
        means = np.array([f["load"].mean() for f in frames])
        t = np.asarray(targets)
        assert set(t) == {0, 1}
        self.cut = (means[t == 1].mean() + means[t == 0].mean()) / 2
        self.sign = 1.0 if means[t == 1].mean() > means[t == 0].mean() else -1.0

    def predict(self, frame):
        monthly = frame["load"].resample("MS").mean()
        p = 1 / (1 + np.exp(-self.sign * (monthly.to_numpy() - self.cut) * 5))
        return pd.DataFrame({"start": monthly.index,
                             "end": monthly.index + pd.offsets.MonthBegin(1),
                             "probability": p})


@pytest.fixture(scope="module")
def homes(tmp_path_factory, heatloop_bin):
    """4 heat-pump homes and 4 without, 40 days at 15 min (meters, households, weather)."""
    base = tmp_path_factory.mktemp("homes")
    data = base / "d"
    subprocess.run([heatloop_bin, "simulate", "--units", "4", "--households", "4", "--days",
                    "40", "--step", "15min", "--seed", "11", "--out", str(data)],
                   check=True, capture_output=True)
    return data


def test_python_classifier_cross_validates_by_household(homes, tmp_path):
    with heatloop.Workspace(tmp_path / "ws") as w:
        w.ingest([homes / "smartmeter.csv", homes / "households.csv", homes / "weather.csv"])
        config = {"name": "py-meanload", "seed": 4, "data": {"split": "unit_folds", "folds": 2}}
        run = w.run(config, model=MeanLoad())
        assert run.result["kind"] == "classifier" and run.result["models"] == 2
        ev = run.evaluation()
        assert ev["kind"] == "classifier"
        households = ev["households"]
        assert len(households) == 8
        # Each household's probability is the mean of the months of the fold's model.
        assert all(0 <= h["probability"] <= 1 for h in households)
        assert {h["fold"] for h in households} == {1, 2}
        # Mean load separates the simulated homes with and without a heat pump.
        right = sum((h["probability"] > 0.5) == bool(h["has_heat_pump"]) for h in households)
        assert right >= 6, households

        class OutOfRange(MeanLoad):
            def predict(self, frame):
                df = super().predict(frame)
                df["probability"] = 2.0
                return df

        with pytest.raises(ValueError, match="probability 2.0 is not in"):
            w.run(config, model=OutOfRange())

        class NotAFrame(MeanLoad):
            def predict(self, frame):
                return [0.5]

        with pytest.raises(ValueError, match="columns start, end and probability"):
            w.run(config, model=NotAFrame())
