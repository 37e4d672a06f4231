"""The model registry from Python: every registered model is made, fitted, used, saved and
loaded back with identical outputs; errors name the model and parameter."""

import numpy as np
import pandas as pd
import pytest

import heatloop

# Smaller settings so every model fits in seconds on the test fleet (defaults otherwise).
FAST = {
    "isolation_forest": {"n_trees": 20},
    "predicted_vs_actual": {"n_rounds": 10},
    "self_supervised": {"epochs": 1, "max_windows": 256, "hidden": 8},
    "gradient_boosting": {"n_estimators": 10},
    "lstm": {"epochs": 1, "max_windows": 256, "hidden": 8},
    "bilstm_attention": {"epochs": 1, "max_windows": 256, "hidden": 8},
    # Disaggregators and classifiers read a household meter the test fleet's units lack: the
    # heat output stands in for a total, the compressor's power for its component and load.
    "gradient_boosting_disaggregator": {"total_channel": "heat_output",
                                        "component_channel": "compressor_power",
                                        "n_estimators": 10},
    "seq2point": {"total_channel": "heat_output", "component_channel": "compressor_power",
                  "window": 9, "filters": 2, "hidden": 4, "epochs": 1, "max_windows": 256,
                  "batch_size": 64},
    "gradient_boosting_classifier": {"load_channel": "compressor_power", "min_coverage": 0.1,
                                     "n_estimators": 10},
    "cnn_classifier": {"load_channel": "compressor_power", "min_coverage": 0.1, "filters": 4,
                       "epochs": 2},
}


@pytest.fixture(scope="module")
def frames(base_ws):
    with heatloop.Workspace(base_ws) as ws:
        return {u: ws.load(u, weather=True) for u in ws.units()}


def outputs(model, frame):
    if model.kind == "detector":
        return model.score(frame).to_numpy(dtype=np.float64)
    if model.kind == "classifier":  # one probability per period (month)
        return model.predict(frame)["probability"].to_numpy(dtype=np.float64)
    return model.predict(frame).to_numpy(dtype=np.float64)


def test_list():
    models = heatloop.models.list()
    assert list(models.columns) == ["name", "kind", "summary"]
    assert {"isolation_forest", "time_off_threshold", "seasonal_naive"} <= set(models["name"])
    detectors = heatloop.models.list("detector")
    assert set(detectors["kind"]) == {"detector"}
    assert "seasonal_naive" not in set(detectors["name"])
    with pytest.raises(ValueError, match="detector"):
        heatloop.models.list("no_such_kind")


@pytest.mark.parametrize("name", list(heatloop.models.list()["name"]))
def test_every_model_fits_predicts_saves_and_loads(name, frames, tmp_path):
    model = heatloop.models.make(name, **FAST.get(name, {}))
    assert model.name == name and not model.fitted
    # Classifiers learn one 0/1 target per frame: alternate the fleet's units.
    targets = [i % 2 for i in range(len(frames))] if model.kind == "classifier" else None
    model.fit(frames, targets, seed=1, threads=2)
    assert model.fitted
    frame = frames["unit-0003"]
    out = outputs(model, frame)
    months = frame.index.tz_localize(None).to_period("M").nunique()
    assert out.shape[0] == (months if model.kind == "classifier" else len(frame))
    assert np.isfinite(out).any()
    restored = heatloop.models.load(model.save(), model.side_file())
    assert restored.params == model.params
    np.testing.assert_array_equal(outputs(restored, frame), out)
    path = tmp_path / f"{name}.json"
    model.save(path)
    np.testing.assert_array_equal(outputs(heatloop.models.load(path), frame), out)


def test_detector_score_is_a_utc_series(frames):
    model = heatloop.models.make("isolation_forest", n_trees=10).fit(frames)
    s = model.score(frames["unit-0001"])
    assert isinstance(s, pd.Series) and s.name == "score"
    assert s.index.equals(frames["unit-0001"].index)


def test_forecaster_predict_frame(frames):
    model = heatloop.models.make("seasonal_naive", horizon=2).fit(frames)
    f = frames["unit-0001"]
    df = model.predict(f)
    assert list(df.columns) == ["step_1", "step_2"] and df.attrs["target"] == "t_tank_mid"
    # One season (a day) earlier, issued one step ahead: the value 1440 rows before.
    np.testing.assert_array_equal(df["step_1"].to_numpy()[2000:2010],
                                  f["t_tank_mid"].to_numpy()[560:570])


def test_frames_as_list_and_from_plain_frames(frames):
    one = frames["unit-0002"]
    plain = pd.DataFrame({"compressor_power": one["compressor_power"].to_numpy()},
                         index=one.index.tz_localize(None))
    model = heatloop.models.make("time_off_threshold")
    with pytest.raises(ValueError, match="unit_id"):
        model.fit([plain])
    model.fit({"u": plain})
    assert len(model.score(plain, unit_id="u")) == len(plain)


def test_model_errors(frames):
    with pytest.raises(ValueError, match="no_such_model"):
        heatloop.models.make("no_such_model")
    with pytest.raises(ValueError, match="n_trees"):
        heatloop.models.make("isolation_forest", n_trees=0)
    with pytest.raises(ValueError, match="unknown|valid"):
        heatloop.models.make("isolation_forest", no_such_param=1)
    unfitted = heatloop.models.make("isolation_forest")
    with pytest.raises(ValueError):
        unfitted.score(frames["unit-0001"])
    with pytest.raises(ValueError):
        unfitted.save()
    forecaster = heatloop.models.make("seasonal_naive").fit(frames)
    with pytest.raises(ValueError, match="forecaster"):
        forecaster.score(frames["unit-0001"])
    detector = heatloop.models.make("time_off_threshold").fit(frames)
    with pytest.raises(ValueError, match="detector"):
        detector.predict(frames["unit-0001"])
    with pytest.raises(ValueError, match="DatetimeIndex"):
        detector.score(frames["unit-0001"].reset_index(drop=True), unit_id="x")
    with pytest.raises(ValueError, match="increase"):
        detector.score(frames["unit-0001"].iloc[::-1])
    with pytest.raises(ValueError):
        heatloop.models.load({"model": "no_such_model"})
