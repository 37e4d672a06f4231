"""The shipped smart-meter models (models/, docs/smartmeter.md "Shipped models"): `heatloop
smartmeter disaggregate|detect` on a user's files with no workspace and no training, the
refusals when a file's resolution or units do not fit the model, finding the models from
another working directory, and a detector run on the load a shipped model estimates
(`[data] derive`). The models are loaded, never trained, here.

The real households are read in place from /work/shared/data/smart-meter-hp (MIT; the
HEATLOOP_SMARTMETER_DATA environment variable names another copy); tests write their cuts and
conversions to temporary files.
"""

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("HEATLOOP_SMARTMETER_DATA", "/work/shared/data/smart-meter-hp"))
ROWS = 21 * 96  # three weeks of 15-minute intervals


@pytest.fixture(scope="module")
def real():
    f = DATA / "1058711.csv"
    if not f.is_file():
        pytest.fail(f"the shared smart-meter households are missing: {DATA} (set "
                    "HEATLOOP_SMARTMETER_DATA to their folder)")
    return f


def rows_of(path: Path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def run_json(heatloop, *args, **kw):
    code, out, err = heatloop(*args, "--json", **kw)
    assert code == 0, err
    return json.loads(out)


def test_disaggregate_the_real_file_from_another_directory_without_training(heatloop, real,
                                                                             tmp_path):
    # The models are found beside the binary's directory (build/heatloop -> models/), not in
    # the working directory.
    env_models = os.environ.pop("HEATLOOP_MODELS", None)
    try:
        out = run_json(heatloop, "smartmeter", "disaggregate", "--model", "default",
                       "--energy-per-interval", real, "--out", "est", cwd=tmp_path)
    finally:
        if env_models is not None:
            os.environ["HEATLOOP_MODELS"] = env_models
    (h,) = out["households"]
    assert h["household"] == "1058711" and h["resolution"] == "15min"
    est = rows_of(tmp_path / "est" / "1058711.csv")
    source = rows_of(real)
    assert len(est) == h["intervals"] >= len(source)
    assert list(est[0]) == ["timestamp", "total_kwh", "heat_pump_kwh_estimate",
                            "heat_pump_kwh_metered"]
    # kWh per interval back out, the estimate within [0, total].
    by_time = {r["timestamp"]: r for r in est}
    first = source[0]
    total = [float(r["total_kwh"]) for r in est if r["total_kwh"]]
    assert sum(total) == pytest.approx(sum(float(r["kWh_aggregated"]) for r in source), rel=1e-3)
    for r in est:
        if r["total_kwh"] and r["heat_pump_kwh_estimate"]:
            assert 0.0 <= float(r["heat_pump_kwh_estimate"]) <= float(r["total_kwh"]) + 1e-4
    assert by_time  # timestamps present
    # In-sample (the shipped model saw this household): far better than nothing.
    assert h["metrics"]["r2"] > 0.3, h["metrics"]
    assert 0.0 < h["heat_pump_share"] < 1.0
    assert float(first["kWh_aggregated"]) > 0


def test_the_export_needs_no_flag_its_format_says_energy_per_interval(heatloop, real,
                                                                      tmp_path):
    # The done-when line of issue 14: `heatloop smartmeter disaggregate --model default
    # 1058711.csv` (here its first three weeks), the format's kWh_ columns read as energy per
    # interval, and the note says so.
    cut = tmp_path / "1058711.csv"
    cut.write_text("".join(real.read_text().splitlines(keepends=True)[: ROWS + 1]))
    code, out, err = heatloop("smartmeter", "disaggregate", "--model", "default", cut,
                              cwd=tmp_path)
    assert code == 0, err
    assert "energy per interval" in err
    est = rows_of(tmp_path / "heat_pump_estimates" / "1058711.csv")
    assert len(est) == ROWS
    assert float(est[0]["total_kwh"]) == pytest.approx(float(rows_of(cut)[0]["kWh_aggregated"]))


def test_the_models_directory_from_the_flag_and_the_environment(heatloop, real, tmp_path):
    cut = tmp_path / "1058711.csv"
    cut.write_text("".join(real.read_text().splitlines(keepends=True)[: ROWS + 1]))
    copy = tmp_path / "my-models"
    shutil.copytree(ROOT / "models", copy)
    a = run_json(heatloop, "smartmeter", "disaggregate", "--models", copy, cut,
                 "--energy-per-interval", "--out", tmp_path / "a", cwd=tmp_path)
    assert a["model"] == "default" and a["households"][0]["intervals"] == ROWS
    code, out, err = heatloop("smartmeter", "disaggregate", "--models", tmp_path / "none", cut,
                              "--energy-per-interval", cwd=tmp_path)
    assert code == 3 and "--models" in err and "manifest.json" in err, err
    code, out, err = heatloop("smartmeter", "disaggregate", "--model", "nope", cut,
                              "--energy-per-interval", "--models", copy, cwd=tmp_path)
    assert code == 3 and "nope" in err and "default-detector" in err, err
    # A detector's name to disaggregate: said so.
    code, out, err = heatloop("smartmeter", "disaggregate", "--model", "default-detector", cut,
                              "--energy-per-interval", "--models", copy, cwd=tmp_path)
    assert code == 2 and "classifier" in err and "detect" in err, err


def test_hourly_data_to_a_15_minute_model_is_refused(heatloop, real, tmp_path):
    rows = rows_of(real)[: ROWS]
    hourly = tmp_path / "hourly.csv"
    with open(hourly, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(list(rows[0].keys()))
        for i in range(3, len(rows), 4):  # the hour's four quarters summed, at its end
            quarter = rows[i - 3: i + 1]
            w.writerow([rows[i]["timestamp"]] +
                       [f"{sum(float(q[k]) for q in quarter):.3f}"
                        for k in ("kWh_aggregated", "kWh_heat_pump", "kWh_other_appliances")] +
                       [rows[i][k] for k in list(rows[i])[4:]])
    code, out, err = heatloop("smartmeter", "disaggregate", hourly, "--energy-per-interval",
                              "--out", tmp_path / "o")
    assert code == 2, err
    assert "hourly.csv" in err and "every 1h" in err and "15min" in err, err
    assert not (tmp_path / "o").exists()  # nothing written
    code, out, err = heatloop("smartmeter", "detect", hourly, "--energy-per-interval")
    assert code == 2 and "hourly.csv" in err and "every 1h" in err, err


def test_a_file_of_kw_given_as_energy_is_refused(heatloop, real, tmp_path):
    rows = rows_of(real)[: ROWS]
    kw = tmp_path / "meter_kw.csv"  # the seed's format, power in kW, unit not in the header
    with open(kw, "w") as f:
        f.write("id,datetime,load\n")
        for r in rows:
            f.write(f"h1,{r['timestamp']},{4 * float(r['kWh_aggregated']):.3f}\n")
    code, out, err = heatloop("smartmeter", "disaggregate", kw, "--energy-per-interval",
                              "--out", tmp_path / "o")
    assert code == 2, err
    assert "meter_kw.csv" in err and "household h1" in err, err
    assert "power (kW)" in err and "--energy-per-interval" in err, err
    assert not (tmp_path / "o").exists()
    # The header says kW: refused at reading, naming the column.
    named = tmp_path / "named.csv"
    named.write_text(kw.read_text().replace("id,datetime,load", "id,datetime,load_kw", 1))
    code, out, err = heatloop("smartmeter", "disaggregate", named, "--energy-per-interval")
    assert code == 2 and "named.csv" in err and "load_kw" in err and "power" in err, err
    # A column that says kWh with nothing declared: energy or power is never guessed.
    kwh = tmp_path / "kwh.csv"
    kwh.write_text(kw.read_text().replace("id,datetime,load", "id,datetime,load_kwh", 1))
    code, out, err = heatloop("smartmeter", "disaggregate", kwh, "--out", tmp_path / "o")
    assert code == 2 and "kwh.csv" in err and "--energy-per-interval" in err, err
    assert not (tmp_path / "o").exists()


def test_detect_on_the_real_household_and_a_simulated_one_without_a_heat_pump(heatloop, real,
                                                                              tmp_path):
    cut = tmp_path / "1058711.csv"
    cut.write_text("".join(real.read_text().splitlines(keepends=True)[: 62 * 96 + 1]))
    out = run_json(heatloop, "smartmeter", "detect", cut, "--energy-per-interval")
    (h,) = out["households"]
    assert out["model"] == "default-detector"
    assert h["household"] == "1058711" and len(h["months"]) >= 2
    assert h["probability"] > 0.5 and h["has_heat_pump"] is True  # in-sample: it trained on it
    # A simulated fleet in the seed's format (kW), with its weather and locations.
    code, _, err = heatloop("simulate", "--units", "2", "--households", "2", "--days", "45",
                            "--step", "15min", "--seed", "5", "--out", tmp_path / "d")
    assert code == 0, err
    d = tmp_path / "d"
    out = run_json(heatloop, "smartmeter", "detect", d / "smartmeter.csv", d / "weather.csv",
                   d / "households.csv")
    truth = {r["id"]: r["has_heat_pump"] == "1" for r in rows_of(d / "households.csv")}
    got = {h["household"]: h["probability"] for h in out["households"]}
    assert set(got) == set(truth)
    assert min(p for k, p in got.items() if truth[k]) > max(p for k, p in got.items()
                                                             if not truth[k]), got
    # Without its weather the model's temperature input is missing: said so.
    code, _, err = heatloop("smartmeter", "detect", d / "smartmeter.csv")
    assert code == 2 and "outdoor temperature" in err and "weather" in err, err


DERIVED_RUN = """
name = "pva-estimated-load"
seed = 1
[data]
split = "time"
derive = {{ load_heat_pump_est = {{ disaggregator = "default"{models} }} }}
[model]
name = "predicted_vs_actual"
[model.params]
target = "load_heat_pump_est"
feature_channels = ["t_outdoor"]
target_history = "72h"
n_rounds = 20
window = "240min"
residual = "relative"
[alarms]
method = "fixed"
value = 0.9
min_duration = "1h"
"""


def test_a_detector_runs_on_the_heat_pump_load_estimated_from_the_meter(heatloop, tmp_path):
    d = tmp_path / "d"
    code, _, err = heatloop("simulate", "--units", "2", "--days", "21", "--step", "15min",
                            "--seed", "3", "--out", d)
    assert code == 0, err
    ws = tmp_path / "ws"
    run_json(heatloop, "ingest", d / "units.csv", d / "sensors.csv", d / "weather.csv",
             d / "smartmeter.csv", "--workspace", ws)
    cfg = tmp_path / "run.toml"
    cfg.write_text(DERIVED_RUN.format(models=f', models = "{ROOT / "models"}"'))
    result = run_json(heatloop, "run", cfg, "--workspace", ws)
    assert result["kind"] == "detector" and len(result["eval_units"]) == 2
    # The estimated channel is what the model fitted: its stored params name it.
    shown = run_json(heatloop, "runs", "show", result["run_id"], "--workspace", ws)
    assert "load_heat_pump_est" in json.dumps(shown)

    # A unit without a household meter: a clear error, no run.
    ws2 = tmp_path / "ws2"
    run_json(heatloop, "ingest", d / "units.csv", d / "sensors.csv", d / "weather.csv",
             "--workspace", ws2)
    code, _, err = heatloop("run", cfg, "--workspace", ws2)
    assert code == 2 and "household meter" in err and "load_heat_pump_est" in err, err
    # A malformed derive table names the key.
    bad = tmp_path / "bad.toml"
    bad.write_text(DERIVED_RUN.format(models="").replace('disaggregator = "default"',
                                                          'disagregator = "default"'))
    code, _, err = heatloop("run", bad, "--workspace", ws)
    assert code == 2 and "data.derive.load_heat_pump_est" in err and "disagregator" in err, err


def test_train_shipped_on_a_tiny_fleet_writes_models_that_load_by_name(heatloop, tmp_path):
    d = tmp_path / "d"
    code, _, err = heatloop("simulate", "--units", "2", "--households", "2", "--days", "35",
                            "--step", "15min", "--seed", "9", "--out", d)
    assert code == 0, err
    ws = tmp_path / "ws"
    run_json(heatloop, "ingest", d / "smartmeter.csv", d / "households.csv", d / "weather.csv",
             "--workspace", ws)
    run_json(heatloop, "ingest", d / "smartmeter_hp.csv", "--meter", "heat_pump",
             "--workspace", ws)
    out = tmp_path / "models"
    manifest = run_json(heatloop, "smartmeter", "train-shipped", "--workspace", ws, "--out", out,
                        "--note", "tiny test fleet", "--command", "pytest")
    assert json.loads((out / "manifest.json").read_text()) == manifest
    by_name = {m["name"]: m for m in manifest["models"]}
    assert set(by_name) == {"default", "default-detector"}  # seq2point only when asked
    dis, det = by_name["default"], by_name["default-detector"]
    assert dis["kind"] == "disaggregator" and dis["resolution"] == "15min"
    assert dis["training_data"]["household_ids"] == ["unit-0001", "unit-0002"]
    assert det["training_data"]["with_heat_pump"] == 2
    assert det["training_data"]["without_heat_pump"] == 2
    assert dis["command"] == "pytest" and dis["training_data"]["note"] == "tiny test fleet"
    # They load by name from that directory, from another working directory.
    res = run_json(heatloop, "smartmeter", "disaggregate", "--models", out, d / "smartmeter.csv",
                   d / "weather.csv", d / "households.csv", "--out", tmp_path / "est",
                   cwd=tmp_path / "d")
    assert {h["household"] for h in res["households"]} == {"unit-0001", "unit-0002",
                                                           "hh-0001", "hh-0002"}
    res = run_json(heatloop, "smartmeter", "detect", "--models", out, d / "smartmeter.csv",
                   d / "weather.csv", d / "households.csv", cwd=tmp_path / "d")
    assert all(0.0 <= h["probability"] <= 1.0 for h in res["households"])
    # A workspace without sub-meters has nothing to train a disaggregator on.
    bare = tmp_path / "bare"
    run_json(heatloop, "ingest", d / "smartmeter.csv", "--workspace", bare)
    code, _, err = heatloop("smartmeter", "train-shipped", "--workspace", bare, "--out",
                            tmp_path / "none")
    assert code == 2 and "sub-meter" in err, err
    assert not (tmp_path / "none").exists()
