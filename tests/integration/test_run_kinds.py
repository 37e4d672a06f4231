"""Runs for every model kind and scope: the model registry, forecaster runs, one model per
unit on a fast-sampled fleet, k folds by unit, calibrated thresholds, durations that must fit
the grid."""

import json
from pathlib import Path

import numpy as np
import pytest

from fast_fleet import PVA_MODEL, write_fast_fleet

ROOT = Path(__file__).resolve().parents[2]


def run_json(heatloop, *args):
    code, out, err = heatloop(*args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def fast(tmp_path_factory):
    """30 units x 1,000 rows of 1-s data, anomalies in the last 60%, labels imported."""
    import os
    import subprocess

    binary = os.environ["HEATLOOP_BIN"]
    base = tmp_path_factory.mktemp("fast")
    info = write_fast_fleet(base / "d", units=30, rows=1000, seed=3)
    ws = base / "ws"

    def run(*args):
        subprocess.run([binary, *map(str, args)], check=True, capture_output=True)

    run("ingest", base / "d" / "sensors.csv", "--workspace", ws, "--resample", "1s")
    run("labels", "import", base / "d" / "labels.csv", "--workspace", ws)
    return ws, info


@pytest.fixture(scope="module")
def tanks(tmp_path_factory):
    """3 simulated units, 4 days: tank temperatures for the forecasters."""
    import os
    import subprocess

    binary = os.environ["HEATLOOP_BIN"]
    base = tmp_path_factory.mktemp("tanks")
    data, ws = base / "d", base / "ws"
    subprocess.run([binary, "simulate", "--units", "3", "--days", "4", "--seed", "2", "--out",
                    str(data)], check=True, capture_output=True)
    subprocess.run([binary, "ingest", str(data / "units.csv"), str(data / "sensors.csv"),
                    str(data / "weather.csv"), "--workspace", str(ws)], check=True,
                   capture_output=True)
    return ws


def iforest_config(path, extra_data="", scope="unit", window='"60 steps"', alarms=None):
    path.write_text(f"""
name = "iforest-{scope}"
seed = 4
[data]
{extra_data}
[model]
name = "isolation_forest"
scope = "{scope}"
[model.params]
channels = ["compressor_power", "t_supply", "t_return"]
window = {window}
features = ["mean", "min", "max", "last"]
fit_stride = 1
[alarms]
{alarms or 'method = "quantile"' + chr(10) + 'value = 0.99' + chr(10) + 'dedupe_window = "0s"'}
[evaluation]
tolerance = "30s"
""")
    return path


def test_models_list_and_show(heatloop):
    listed = run_json(heatloop, "models", "list")
    kinds = {m["kind"] for m in listed}
    assert {"detector", "forecaster"} <= kinds
    names = {m["name"] for m in listed}
    assert {"isolation_forest", "seasonal_naive"} <= names
    assert all(m["params"] and m["summary"] for m in listed)
    only = run_json(heatloop, "models", "list", "--kind", "forecaster")
    assert {m["kind"] for m in only} == {"forecaster"}
    shown = run_json(heatloop, "models", "show", "seasonal_naive")
    season = next(p for p in shown["params"] if p["name"] == "season")
    assert season["type"] == "duration" and season["default"] == "1d"
    code, out, err = heatloop("models", "show", "seasonal_naïve")
    assert code == 2 and "unknown model" in err and "seasonal_naive" in err
    code, out, _ = heatloop("models", "show", "isolation_forest")
    assert code == 0 and "| `window` | duration |" in out


def test_unit_scope_trains_one_model_and_threshold_per_unit(heatloop, fast, tmp_path):
    ws, info = fast
    cfg = iforest_config(tmp_path / "c.toml", 'split = "time"\ntrain_rows = 400')
    r = run_json(heatloop, "run", cfg, "--workspace", ws)
    assert r["models"] == 30 and len(r["eval_units"]) == 30
    run_dir = ws / "artifacts" / r["run_id"]
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["scope"] == "unit" and summary["kind"] == "detector"
    assert len(summary["thresholds"]) == 30
    assert len({t["threshold"] for t in summary["thresholds"]}) == 30  # each its own
    assert {t["threshold_source"] for t in summary["thresholds"]} == {"training"}
    assert len(list((run_dir / "models").glob("unit-*.json"))) == 30
    for u in summary["units"]:
        assert u["model"] == "unit-" + u["unit_id"]
        assert u["train_rows"] == 400 and u["eval_rows"] == 600
    micro = r["evaluation"]["micro"]
    assert 0.0 <= micro["point_f1"] <= 1.0 and 0.0 <= micro["point_fpr"] <= 1.0
    # Each stored model reloads and scores (what a fan-out would do with one unit).
    doc = json.loads((run_dir / "models" / "unit-fast-01.json").read_text())
    assert doc["kind"] == "detector" and doc["model"] == "isolation_forest"
    print(f"fast fleet, scope=unit, train_rows=400: point F1 {micro['point_f1']:.3f}, "
          f"point FPR {micro['point_fpr']:.4f}, event F1 {micro['event_f1']:.3f}")

    # The same fleet with one fleet-wide model: every unit's operating point differs, so
    # one model and one threshold fit them worse.
    fleet_cfg = iforest_config(tmp_path / "f.toml", 'split = "time"\ntrain_rows = 400',
                               scope="fleet")
    f = run_json(heatloop, "run", fleet_cfg, "--workspace", ws)
    assert f["models"] == 1
    print(f"fast fleet, scope=fleet: point F1 {f['evaluation']['micro']['point_f1']:.3f}")
    assert micro["point_f1"] > f["evaluation"]["micro"]["point_f1"]


def test_example_isolation_forest_config_runs_unchanged_on_1s_data(heatloop, fast):
    ws, _ = fast
    r = run_json(heatloop, "run", ROOT / "configs" / "isolation_forest.toml", "--workspace", ws)
    assert len(r["eval_units"]) == 30


def test_a_window_that_cannot_fit_names_the_parameter_and_by_how_much(heatloop, fast,
                                                                      tmp_path, tree_digest):
    ws, _ = fast
    cfg = iforest_config(tmp_path / "c.toml", 'split = "time"\ntrain_rows = 400',
                         window='"60min"')
    before = tree_digest(ws / "artifacts")
    code, out, err = heatloop("run", cfg, "--workspace", ws)
    assert code == 2, err
    assert "window = 60min" in err and "3600 rows" in err and "too long" in err
    assert "fast-01" in err
    odd = iforest_config(tmp_path / "o.toml", 'split = "time"\ntrain_rows = 400',
                         window='"1500ms"')
    code, _, err = heatloop("run", odd, "--workspace", ws)
    assert code == 2 and "not a whole number" in err
    assert tree_digest(ws / "artifacts") == before  # nothing started


def test_unit_folds_evaluate_every_unit_with_a_model_that_never_saw_it(heatloop, fast,
                                                                      tmp_path):
    ws, _ = fast
    cfg = iforest_config(tmp_path / "c.toml", 'split = "unit_folds"\nfolds = 5', scope="fleet")
    r = run_json(heatloop, "run", cfg, "--workspace", ws)
    assert r["models"] == 5 and len(r["eval_units"]) == 30
    summary = json.loads((ws / "artifacts" / r["run_id"] / "summary.json").read_text())
    trained_on = {m["key"]: set(m["train_units"]) for m in summary["models"]}
    assert set(trained_on) == {f"fold-{k}" for k in range(1, 6)}
    sizes = []
    for u in summary["units"]:
        assert u["unit_id"] not in trained_on[u["model"]]
    for key, units in trained_on.items():
        sizes.append(30 - len(units))
    assert sorted(sizes) == [6] * 5


def pva_config(path, calibration_fraction):
    path.write_text(f"""
name = "pva-calibrated"
seed = 2
[data]
split = "time"
train_rows = 400
calibration_fraction = {calibration_fraction}
""" + PVA_MODEL.format(scope="unit") + """
[evaluation]
tolerance = "0s"
""")
    return path


def test_calibrated_threshold_keeps_its_false_alarm_promise(heatloop, fast, tmp_path):
    """predicted_vs_actual, one model per unit: the threshold is the 0.95 quantile of scores
    on held-out calibration rows, so on normal evaluation rows the point-wise false-positive
    rate stays within 2 points of the promised 5%; the in-sample threshold (training
    residuals) alarms far more often, although the scores separate the classes as well."""
    ws, _ = fast
    r = run_json(heatloop, "run", pva_config(tmp_path / "c.toml", 0.25), "--workspace", ws)
    summary = json.loads((ws / "artifacts" / r["run_id"] / "summary.json").read_text())
    assert {t["threshold_source"] for t in summary["thresholds"]} == {"calibration"}
    assert all(t["threshold_rows"] == 100 for t in summary["thresholds"])
    assert all(u["train_rows"] == 300 and u["calibration_rows"] == 100
               for u in summary["units"])
    micro = r["evaluation"]["micro"]
    in_sample = run_json(heatloop, "run", pva_config(tmp_path / "i.toml", 0.0), "--workspace",
                         ws)["evaluation"]["micro"]
    print(f"predicted_vs_actual q=0.95: calibrated point FPR {micro['point_fpr']:.4f}, "
          f"in-sample {in_sample['point_fpr']:.4f}; ROC-AUC {micro['roc_auc']:.3f}")
    assert micro["roc_auc"] > 0.8
    assert abs(micro["point_fpr"] - 0.05) <= 0.02
    assert in_sample["point_fpr"] > micro["point_fpr"]


def test_forecaster_run_reports_forecast_metrics(heatloop, tanks, tmp_path):
    r = run_json(heatloop, "run", ROOT / "configs" / "seasonal_naive.toml", "--workspace", tanks)
    ev = r["evaluation"]
    assert ev["kind"] == "forecaster" and ev["horizon"] == 6 and ev["target"] == "t_tank_mid"
    assert len(ev["micro_by_step"]) == 6 and len(ev["units"]) == 3
    for key in ("rmse", "mae", "mape", "r2"):
        assert ev["micro"][key] is not None and ev["macro"][key] is not None
    assert ev["micro"]["rmse"] > 0 and ev["micro"]["n"] > 0
    # The pooled step-1 figures count every unit's pairs.
    assert sum(u["by_step"][0]["n"] for u in ev["units"]) == ev["micro_by_step"][0]["n"]
    shown = run_json(heatloop, "runs", "show", r["run_id"], "--workspace", tanks)
    keys = {m["key"] for m in shown["metrics"]}
    assert {"micro/rmse", "macro/r2", "micro/rmse_h1", "micro/mae_h6", "rmse"} <= keys
    assert shown["params"]["model.kind"] == "forecaster"
    # A detector-only command says what it is instead of failing obscurely.
    code, _, err = heatloop("evaluate", r["run_id"], "--workspace", tanks)
    assert code != 0 and "forecaster run" in err


def test_aggregate_of_split_runs_equals_one_run_over_all_units(heatloop, fast, tmp_path):
    """Per-unit models do not depend on the other units, so two runs over halves of the fleet
    aggregate to exactly the metrics of one run over the whole fleet."""
    ws, _ = fast
    units = [f"fast-{i:02d}" for i in range(1, 31)]

    def cfg(name, subset):
        listed = ", ".join(f'"{u}"' for u in subset)
        return iforest_config(tmp_path / name, f'units = [{listed}]\nsplit = "time"\n'
                                               'train_rows = 400')

    whole = run_json(heatloop, "run", cfg("all.toml", units), "--workspace", ws)
    a = run_json(heatloop, "run", cfg("a.toml", units[:15]), "--workspace", ws)
    b = run_json(heatloop, "run", cfg("b.toml", units[15:]), "--workspace", ws)
    agg = run_json(heatloop, "runs", "aggregate", a["run_id"], b["run_id"], "--workspace", ws)
    assert agg["runs"] == [a["run_id"], b["run_id"]] and len(agg["units"]) == 30
    for scope in ("micro", "macro"):
        for key in ("point_f1", "point_fpr", "event_f1", "roc_auc", "false_alarms_per_unit_month"):
            assert agg[scope][key] == pytest.approx(whole["evaluation"][scope][key], abs=1e-12), \
                (scope, key)
    code, _, err = heatloop("runs", "aggregate", a["run_id"], whole["run_id"], "--workspace", ws)
    assert code == 2 and "evaluated by run" in err


def test_compare_forecaster_runs_reads_direction_from_the_metric(heatloop, tanks, tmp_path):
    daily = run_json(heatloop, "run", ROOT / "configs" / "seasonal_naive.toml", "--workspace",
                     tanks)
    persistence_cfg = tmp_path / "p.toml"
    persistence_cfg.write_text((ROOT / "configs" / "seasonal_naive.toml").read_text()
                               .replace('season = "1d"', 'season = "1 step"'))
    persistence = run_json(heatloop, "run", persistence_cfg, "--workspace", tanks)
    c = run_json(heatloop, "runs", "compare", daily["run_id"], persistence["run_id"],
                 "--metric", "rmse", "--workspace", tanks)
    assert c["kind"] == "forecaster" and c["higher_is_better"] is False
    assert c["label_revision"] is None and len(c["units"]) == 3
    by_unit = {u["unit_id"]: u["metrics"]["rmse"] for u in persistence["evaluation"]["units"]}
    for d in c["units"]:
        assert d["candidate"] == pytest.approx(by_unit[d["unit_id"]])
    # rmse: lower is better, so a negative delta (candidate - baseline) is an improvement
    assert c["improved"] == sum(1 for d in c["units"] if d["delta"] < 0)
    assert c["worse"] == sum(1 for d in c["units"] if d["delta"] > 0)
    code, _, err = heatloop("runs", "compare", daily["run_id"], persistence["run_id"],
                            "--workspace", tanks)  # default metric event_f1
    assert code == 2 and "event_f1" in err


@pytest.mark.parametrize("step,units,days", [("1s", 1, 4), ("1h", 3, 28)])
def test_every_example_config_runs_on_fleets_sampled_from_1s_to_1h(heatloop, tmp_path, step,
                                                                  units, days):
    """Windows given as durations ("60 steps", "1h" blocks of a "70h" window) fit both grids."""
    data, ws = tmp_path / "d", tmp_path / "ws"
    sim = ["simulate", "--units", units, "--days", days, "--seed", 3, "--out", data]
    if step == "1s":
        sim += ["--step", "1s"]
    code, _, err = heatloop(*sim)
    assert code == 0, err
    code, _, err = heatloop("ingest", data / "units.csv", data / "sensors.csv",
                            data / "weather.csv", "--workspace", ws, "--resample", step)
    assert code == 0, err
    configs = sorted((ROOT / "configs").glob("*.toml"))
    assert len(configs) >= 6
    for c in configs:
        if c.stem.endswith("_classifier"):
            continue  # they run over households: tests/integration/test_hpdetect.py
        r = run_json(heatloop, "run", c, "--workspace", ws)
        assert len(r["eval_units"]) == units, c.name
