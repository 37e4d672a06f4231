"""`heatloop forecast`: a forecast study over simulated households (every model per
household, tracked runs, per-household tables, Wilcoxon tests), and the feature screen."""

import json

import pytest

STUDY = """
name = "tank_study"
seed = 4
[data]
split = "time"
train_fraction = 0.85

[[model]]
name = "gradient_boosting"
[model.params]
horizon = 3
n_estimators = 30
search_iterations = 2
cv_folds = 2
search_n_estimators = [20, 40]
search_max_depth = [4, 6]
search_booster = ["gbtree"]

[[model]]
name = "seasonal_naive"
run_name = "persistence"
[model.params]
horizon = 3
season = "1 step"
"""


@pytest.fixture(scope="module")
def households(tmp_path_factory):
    import os
    import subprocess

    binary = os.environ["HEATLOOP_BIN"]
    root = tmp_path_factory.mktemp("households")
    data, ws = root / "d", root / "ws"

    def run(*args):
        p = subprocess.run([binary, *map(str, args)], capture_output=True, text=True, timeout=600)
        assert p.returncode == 0, p.stderr

    run("simulate", "--units", 6, "--days", 8, "--step", "5min", "--seed", 5, "--out", data)
    run("ingest", data / "units.csv", data / "sensors.csv", "--workspace", ws,
        "--resample", "5min")
    (root / "study.toml").write_text(STUDY)
    return root


def test_study_compares_models_per_household_and_tracks_each(heatloop, households):
    ws, study = households / "ws", households / "study.toml"
    code, out, err = heatloop("forecast", study, "--workspace", ws, "--json")
    assert code == 0, err
    r = json.loads(out)
    assert [x["name"] for x in r["runs"]] == ["gradient_boosting", "persistence"]
    assert len(r["households"]) == 6
    for h in r["households"]:
        for name in ["gradient_boosting", "persistence"]:
            m = h["models"][name]
            assert m["rmse"] > 0 and m["r2"] <= 1
            assert len(m["by_step"]) == 3
            assert m["fit_seconds"] >= 0
    pairs = [t for t in r["wilcoxon"] if t["metric"] == "rmse"]
    assert len(pairs) == 1 and pairs[0]["n"] == 6
    assert 0 < pairs[0]["p_value"] <= 1

    # Every model is one tracked run whose stored evaluation holds the same numbers.
    for run in r["runs"]:
        code, out, err = heatloop("runs", "show", run["run_id"], "--workspace", ws, "--json")
        assert code == 0, err
        assert run["run_id"] in out
        ev = json.loads((ws / "artifacts" / run["run_id"] / "evaluation.json").read_text())
        by_unit = {u["unit_id"]: u for u in ev["units"]}
        for h in r["households"]:
            assert by_unit[h["unit_id"]]["metrics"]["rmse"] == h["models"][run["name"]]["rmse"]

    # Seeded: the same study gives the same forecasts.
    code, out2, err = heatloop("forecast", study, "--workspace", ws, "--json")
    assert code == 0, err
    again = json.loads(out2)
    for a, b in zip(r["households"], again["households"]):
        assert a["models"]["gradient_boosting"]["rmse"] == b["models"]["gradient_boosting"]["rmse"]

    code, out, err = heatloop("forecast", study, "--workspace", ws)
    assert code == 0, err
    assert "Wilcoxon" in out and "gradient_boosting vs persistence" in out


NEURAL_STUDY = """
name = "tank_study_nn"
seed = 4
[data]
split = "time"
train_fraction = 0.85

[[model]]
name = "lstm"
[model.params]
horizon = 3
window = "30min"
hidden = 8
epochs = 2

[[model]]
name = "bilstm_attention"
[model.params]
horizon = 3
window = "30min"
hidden = 8
epochs = 2

[[model]]
name = "seasonal_naive"
run_name = "persistence"
[model.params]
horizon = 3
season = "1 step"
"""


def neural_available(heatloop):
    code, out, err = heatloop("models", "list", "--json")
    assert code == 0, err
    names = {m["name"] for m in json.loads(out)}
    assert ("lstm" in names) == ("bilstm_attention" in names) == ("self_supervised" in names)
    return "lstm" in names


def test_study_with_the_neural_forecasters(heatloop, households, tmp_path):
    study = tmp_path / "nn.toml"
    study.write_text(NEURAL_STUDY)
    ws = households / "ws"
    code, out, err = heatloop("forecast", study, "--workspace", ws, "--json")
    if not neural_available(heatloop):  # a build without libtorch says why
        assert code == 2 and "lstm" in err and "libtorch" in err, err
        return
    assert code == 0, err
    r = json.loads(out)
    assert [x["name"] for x in r["runs"]] == ["lstm", "bilstm_attention", "persistence"]
    for h in r["households"]:
        for name in ["lstm", "bilstm_attention"]:
            m = h["models"][name]
            assert m["rmse"] > 0 and m["r2"] <= 1 and len(m["by_step"]) == 3
    assert len([t for t in r["wilcoxon"] if t["metric"] == "rmse"]) == 3
    # Each household's network: a model document with its training report and the weights
    # as the side file, both run artifacts.
    for run in r["runs"][:2]:
        art = ws / "artifacts" / run["run_id"]
        summary = json.loads((art / "summary.json").read_text())
        assert len(summary["models"]) == 6
        for entry in summary["models"]:
            doc = json.loads((art / entry["file"]).read_text())
            assert doc["model"] == run["model"]
            assert 1 <= doc["state"]["training"]["best_epoch"] <= 2
            assert (art / entry["side_file"]).stat().st_size > 1000
    # Seeded: the same study gives the same forecasts.
    code, out2, err = heatloop("forecast", study, "--workspace", ws, "--json")
    assert code == 0, err
    for a, b in zip(r["households"], json.loads(out2)["households"]):
        for name in ["lstm", "bilstm_attention"]:
            assert a["models"][name]["rmse"] == b["models"][name]["rmse"]


def test_broken_top_sensor_names_household_and_channel(heatloop, households, tmp_path):
    src = (households / "d" / "sensors.csv").read_text().splitlines()
    header = src[0].split(",")
    top = header.index("t_tank_top")
    rows = [src[0]]
    for line in src[1:]:
        cells = line.split(",")
        if cells[1] == "unit-0003":
            cells[top] = ""
        rows.append(",".join(cells))
    (tmp_path / "sensors.csv").write_text("\n".join(rows) + "\n")
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", households / "d" / "units.csv", tmp_path / "sensors.csv",
                            "--workspace", ws, "--resample", "5min")
    assert code == 0, err
    code, _, err = heatloop("forecast", households / "study.toml", "--workspace", ws)
    assert code == 2, err
    assert "unit-0003" in err and "t_tank_top" in err


def test_screen_reports_every_household(heatloop, households):
    code, out, err = heatloop("forecast", "screen", "--workspace", households / "ws",
                              "--horizon", 2, "--json")
    assert code == 0, err
    r = json.loads(out)
    assert len(r["units"]) == 6
    for u in r["units"]:
        names = [c["name"] for c in u["coefficients"]]
        assert names[0] == "const" and "t_tank_top" in names
        assert 0 <= u["r2"] <= 1


def test_study_file_errors_are_clear(heatloop, households, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[data]\nsplit = "time"\n[model]\nname = "seasonal_naive"\n')
    code, _, err = heatloop("forecast", bad, "--workspace", households / "ws")
    assert code == 2 and "[[model]]" in err
    bad.write_text('[[model]]\nname = "isolation_forest"\n')
    code, _, err = heatloop("forecast", bad, "--workspace", households / "ws")
    assert code == 2 and "forecaster" in err


FEATURES = ["t_tank_mid_lag_10min", "t_tank_mid_lag_20min", "t_tank_mid_lag_30min",
            "t_tank_mid_lag_90min", "t_tank_top_lag_10min", "t_tank_top_lag_20min",
            "t_tank_top_lag_30min", "t_tank_top_lag_90min", "t_tank_top", "week_of_year"]


def test_features_writes_the_rows_the_model_trains_and_is_scored_on(heatloop, households,
                                                                    tmp_path):
    import datetime

    import pandas as pd

    ws, study, out = households / "ws", households / "study.toml", tmp_path / "f"
    code, text, err = heatloop("forecast", "features", study, "--workspace", ws, "--out", out,
                               "--json")
    assert code == 0, err
    r = json.loads(text)
    assert r["model"] == "gradient_boosting" and r["target"] == "t_tank_mid"
    assert r["horizon"] == 3 and r["features"] == FEATURES
    assert [u["unit_id"] for u in r["units"]] == [f"unit-000{i}" for i in range(1, 7)]

    sensors = pd.read_csv(households / "d" / "sensors.csv")
    # The run's own split of each household, from the tracked gradient_boosting run.
    code, text, err = heatloop("forecast", study, "--workspace", ws, "--json")
    assert code == 0, err
    run_id = json.loads(text)["runs"][0]["run_id"]
    summary = json.loads((ws / "artifacts" / run_id / "summary.json").read_text())
    split = {u["unit_id"]: (u["train_rows"], u["eval_rows"]) for u in summary["units"]}

    for u in r["units"]:
        f = pd.read_csv(u["file"])
        assert list(f.columns) == ["timestamp", "step", "split", *FEATURES, "target"]
        raw = sensors[sensors.unit_id == u["unit_id"]].set_index("timestamp")
        present = raw.t_tank_mid.notna()
        train_rows, eval_rows = split[u["unit_id"]]
        # Rows with a target, per step: the run's training rows, then its evaluated rows.
        assert u["train_rows"] == int(present.iloc[:train_rows].sum())
        assert u["test_rows"] == int(present.iloc[train_rows:train_rows + eval_rows].sum())
        assert len(f) == 3 * (u["train_rows"] + u["test_rows"])
        for h in (1, 2, 3):
            s = f[f.step == h]
            assert list(s.split) == ["train"] * u["train_rows"] + ["test"] * u["test_rows"]
        first_test = f[(f.step == 1) & (f.split == "test")].timestamp.iloc[0]
        assert first_test == raw.index[train_rows]

    # One value of each kind by hand against the simulated data: the forecast of a test row
    # 2 steps (10 min) ahead reads t_tank_mid 10 min before the issue time, so 20 min before
    # the row, and t_tank_top at the issue time.
    f = pd.read_csv(out / "unit-0002.csv")
    raw = sensors[sensors.unit_id == "unit-0002"].set_index("timestamp")
    row = f[(f.step == 2) & (f.split == "test")].iloc[40]
    t = datetime.datetime.fromisoformat(row.timestamp.replace("Z", "+00:00"))

    def at(minutes_before, channel):
        when = t - datetime.timedelta(minutes=minutes_before)
        return raw.loc[when.strftime("%Y-%m-%dT%H:%M:%SZ"), channel]

    assert row.t_tank_mid_lag_10min == pytest.approx(at(20, "t_tank_mid"), abs=1e-9)
    assert row.t_tank_top_lag_90min == pytest.approx(at(100, "t_tank_top"), abs=1e-9)
    assert row.t_tank_top == pytest.approx(at(10, "t_tank_top"), abs=1e-9)
    assert row.target == pytest.approx(at(0, "t_tank_mid"), abs=1e-9)
    assert row.week_of_year == t.isocalendar()[1]
    # Before the data starts a lag is missing: an empty cell.
    assert pd.isna(f[(f.step == 1) & (f.split == "train")].iloc[0].t_tank_mid_lag_10min)


def test_features_refuses_models_without_lag_features(heatloop, households, tmp_path):
    ws, study = households / "ws", households / "study.toml"
    code, _, err = heatloop("forecast", "features", study, "--workspace", ws, "--out",
                            tmp_path / "f", "--model", "persistence")
    assert code == 2 and "persistence" in err and "lag features" in err, err
    code, _, err = heatloop("forecast", "features", study, "--workspace", ws, "--out",
                            tmp_path / "f", "--units", "unit-0001,nope")
    assert code != 0 and "nope" in err, err
    # A single-model run config works as well, for one unit.
    cfg = tmp_path / "run.toml"
    cfg.write_text('[data]\nsplit = "time"\n[model]\nname = "gradient_boosting"\n'
                   '[model.params]\nhorizon = 2\nlags = ["1 step"]\ncalendar = ["hour"]\n')
    code, text, err = heatloop("forecast", "features", cfg, "--workspace", ws, "--out",
                               tmp_path / "g", "--units", "unit-0004", "--json")
    assert code == 0, err
    r = json.loads(text)
    assert r["features"] == ["t_tank_mid_lag_1 step", "t_tank_top_lag_1 step", "t_tank_top",
                            "hour"]
    assert [u["unit_id"] for u in r["units"]] == ["unit-0004"]
    assert (tmp_path / "g" / "unit-0004.csv").exists()


def test_features_leave_labelled_spans_out_of_training_as_a_run_does(heatloop, households,
                                                                      tmp_path):
    import pandas as pd

    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", households / "d" / "units.csv",
                            households / "d" / "sensors.csv", "--workspace", ws,
                            "--resample", "5min")
    assert code == 0, err
    args = ("forecast", "features", households / "study.toml", "--workspace", ws,
            "--units", "unit-0001", "--json")
    code, text, err = heatloop(*args, "--out", tmp_path / "before")
    assert code == 0, err
    before = json.loads(text)["units"][0]
    # Two hours of the training period labelled: 24 rows at 5 min leave training.
    code, _, err = heatloop("labels", "add", "--workspace", ws, "--unit", "unit-0001",
                            "--start", "2024-01-03T00:00:00Z", "--end", "2024-01-03T02:00:00Z",
                            "--category", "sensor_fault", "--user", "test")
    assert code == 0, err
    code, text, err = heatloop(*args, "--out", tmp_path / "after")
    assert code == 0, err
    after = json.loads(text)["units"][0]
    assert after["train_rows"] == before["train_rows"] - 24
    assert after["test_rows"] == before["test_rows"]
    f = pd.read_csv(after["file"])
    train = f[(f.step == 1) & (f.split == "train")].set_index("timestamp")
    assert "2024-01-03T01:00:00Z" not in train.index
    # The first row after the span reads its 10-min lag inside it: missing, as the model sees.
    assert pd.isna(train.loc["2024-01-03T02:05:00Z", "t_tank_mid_lag_10min"])
    assert not pd.isna(train.loc["2024-01-03T02:30:00Z", "t_tank_mid_lag_10min"])
