"""Heat-pump detection (classifiers) through `heatloop run` on a small simulated fleet of
households with and without heat pumps: cross-validation by household, metrics per fold and
pooled, a probability per household and month."""

import csv
import json
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def homes(tmp_path_factory):
    """8 heat-pump homes and 8 without, 62 days at 15 min: meters, households, weather."""
    import os
    import subprocess

    binary = os.environ["HEATLOOP_BIN"]
    base = tmp_path_factory.mktemp("homes")
    data, ws = base / "d", base / "ws"

    def run(*args):
        subprocess.run([binary, *map(str, args)], check=True, capture_output=True)

    run("simulate", "--units", 8, "--households", 8, "--days", 62, "--step", "15min",
        "--seed", 11, "--out", data)
    run("ingest", data / "smartmeter.csv", data / "households.csv", data / "weather.csv",
        "--workspace", ws)
    return ws


def run_json(heatloop, *args):
    # One thread: XGBoost's and torch's spinning threads crawl on a busy machine.
    code, out, err = heatloop(*args, "--json", "--threads", 1)
    assert code == 0, err
    return json.loads(out)


def write_config(path, model, split="unit_folds", params=""):
    path.write_text(f"""
name = "{model}-test"
seed = 4
[data]
split = "{split}"
folds = 4
[model]
name = "{model}"
[model.params]
{params}
""")
    return path


def registered(heatloop):
    return {m["name"]: m["kind"] for m in run_json(heatloop, "models", "list")}


def test_gradient_boosting_classifier_cross_validates_by_household(heatloop, homes, tmp_path):
    cfg = write_config(tmp_path / "g.toml", "gradient_boosting_classifier", params="n_estimators = 30")
    r = run_json(heatloop, "run", cfg, "--workspace", homes)
    assert r["kind"] == "classifier" and r["models"] == 4
    assert len(r["eval_units"]) == 16
    ev = r["evaluation"]
    assert ev["threshold"] == 0.5 and ev["split"] == "unit_folds"
    for level in ("micro", "month"):
        for k in ("roc_auc", "pr_auc", "accuracy", "f1", "brier"):
            assert k in ev[level], (level, k)
    assert ev["micro"]["n"] == 16
    assert ev["month"]["n"] >= 32  # January and February of every household
    assert len(ev["by_fold"]) == 4 and sum(f["households"] for f in ev["by_fold"]) == 16
    # On this easy fleet the heat pumps are found (the bar is deliberately loose).
    assert ev["micro"]["roc_auc"] >= 0.8, ev["micro"]

    run_dir = homes / "artifacts" / r["run_id"]
    summary = json.loads((run_dir / "summary.json").read_text())
    fold_of = {h["household_id"]: h["fold"] for h in ev["households"]}
    truth = {h["household_id"]: h["has_heat_pump"] for h in ev["households"]}
    assert sum(truth.values()) == 8
    for k, m in enumerate(summary["models"], start=1):
        assert (run_dir / m["file"]).is_file()
        # No household is both trained on and evaluated by a fold's model.
        assert all(fold_of[h] != k for h in m["train_units"])
        assert len(m["train_units"]) + sum(1 for f in fold_of.values() if f == k) == 16
    with open(run_dir / "outputs" / "probabilities.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r_["household_id"] for r_ in rows} == set(fold_of)
    for r_ in rows:
        assert int(r_["fold"]) == fold_of[r_["household_id"]]
        assert r_["probability"] == "" or 0.0 <= float(r_["probability"]) <= 1.0
    with open(run_dir / "outputs" / "households.csv", newline="") as f:
        per_home = list(csv.DictReader(f))
    assert len(per_home) == 16

    shown = run_json(heatloop, "runs", "show", r["run_id"], "--workspace", homes)
    keys = {m["key"] for m in shown["metrics"]}
    assert {"micro/roc_auc", "micro/brier", "month/pr_auc", "fold-1/roc_auc"} <= keys


def test_every_classifier_config_runs(heatloop, homes):
    kinds = registered(heatloop)
    configs = [c for c in sorted((ROOT / "configs").glob("*.toml"))
               if "classifier" in c.stem]
    assert {c.stem for c in configs} >= {"gradient_boosting_classifier", "cnn_classifier"}
    for c in configs:
        model = tomllib.loads(c.read_text())["model"]["name"]
        if model not in kinds:  # a build without libtorch: says why
            code, _, err = heatloop("run", c, "--workspace", homes)
            assert code == 2 and "not available" in err, (c.name, err)
            continue
        r = run_json(heatloop, "run", c, "--workspace", homes)
        assert r["kind"] == "classifier", c.name
        assert len(r["evaluation"]["households"]) == 16, c.name
        assert r["evaluation"]["micro"]["roc_auc"] is not None, c.name


def test_cnn_classifier_with_a_tiny_network(heatloop, homes, tmp_path):
    if "cnn_classifier" not in registered(heatloop):
        code, _, err = heatloop("run", write_config(tmp_path / "c.toml", "cnn_classifier"),
                                "--workspace", homes)
        assert code == 2 and "not available" in err
        return
    cfg = write_config(tmp_path / "c.toml", "cnn_classifier", params="filters = 4\nepochs = 3")
    r = run_json(heatloop, "run", cfg, "--workspace", homes)
    run_dir = homes / "artifacts" / r["run_id"]
    # The weights go with each fold's document as its side file.
    summary = json.loads((run_dir / "summary.json").read_text())
    assert all((run_dir / m["side_file"]).is_file() for m in summary["models"])
    assert r["evaluation"]["micro"]["n"] == 16


def test_a_classifier_needs_folds_by_household(heatloop, homes, tmp_path):
    cfg = write_config(tmp_path / "t.toml", "gradient_boosting_classifier", split="time")
    code, _, err = heatloop("run", cfg, "--workspace", homes)
    assert code == 2 and "unit_folds" in err


def test_a_workspace_without_households_is_a_clear_error(heatloop, tmp_path):
    data, ws = tmp_path / "d", tmp_path / "ws"
    code, _, err = heatloop("simulate", "--units", 1, "--days", 2, "--seed", 1, "--out", data)
    assert code == 0, err
    code, _, err = heatloop("ingest", data / "smartmeter.csv", "--workspace", ws)
    assert code == 0, err
    cfg = write_config(tmp_path / "g.toml", "gradient_boosting_classifier")
    code, _, err = heatloop("run", cfg, "--workspace", ws)
    assert code == 2 and "households file" in err, err
    assert not (ws / "artifacts").exists() or not any(
        p.is_dir() and not p.name.startswith("tmp") for p in (ws / "artifacts").iterdir())


def test_too_few_households_of_a_class(heatloop, homes, tmp_path):
    cfg = tmp_path / "few.toml"
    cfg.write_text("""
[data]
split = "unit_folds"
folds = 2
units = ["unit-0001", "hh-0001", "hh-0002"]
[model]
name = "gradient_boosting_classifier"
""")
    code, _, err = heatloop("run", cfg, "--workspace", homes)
    assert code == 2 and "2 of each class" in err, err
