"""Smart-meter disaggregation through the CLI on the shared real households (issue 14).

The data is read in place from /work/shared/data/smart-meter-hp (MIT licence there; the
HEATLOOP_SMARTMETER_DATA environment variable names another copy). Each test cuts the first
weeks of some households into its own temporary files, so the models stay tiny and the run
short; nothing from the data set is stored in the repository.
"""

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("HEATLOOP_SMARTMETER_DATA", "/work/shared/data/smart-meter-hp"))
HOUSEHOLDS = ["1058711", "6912085", "7681038"]
ROWS = 14 * 96  # two weeks of 15-minute intervals


def head(src: Path, dst: Path, rows: int) -> Path:
    lines = src.read_text().splitlines(keepends=True)
    dst.write_text("".join(lines[: rows + 1]))
    return dst


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    if not (DATA / "LICENSE").is_file():
        pytest.fail(f"the shared smart-meter households are missing: {DATA} (set "
                    "HEATLOOP_SMARTMETER_DATA to their folder)")
    d = tmp_path_factory.mktemp("households")
    return [head(DATA / f"{h}.csv", d / f"{h}.csv", ROWS) for h in HOUSEHOLDS]


def run_json(heatloop, *args):
    code, out, err = heatloop(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_export_is_refused_until_energy_or_power_is_declared(heatloop, files, tmp_path,
                                                                 tree_digest):
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", files[0], "--workspace", ws)
    assert code == 2, err
    assert "1058711.csv" in err and "--energy-per-interval" in err and "kWh_aggregated" in err
    assert tree_digest(ws) == {}  # nothing created

    run_json(heatloop, "ingest", files[0], "--energy-per-interval", "--workspace", ws)
    info = run_json(heatloop, "inspect", "--workspace", ws)
    assert info["units"] == []  # households, not heat-pump units
    (meter,) = info["meters"]
    assert meter["meter_id"] == "1058711" and meter["step"] == "15min"
    assert meter["meters"] == ["total", "heat_pump", "other"]
    # kW = kWh per 15 min x 4: the first interval's 4.901 kWh is 19.604 kW.
    kwh = [float(line.split(",")[1]) for line in files[0].read_text().splitlines()[1:]]
    load = next(c for c in meter["channels"] if c["name"] == "load")
    assert load["max"] == pytest.approx(4 * max(kwh))
    assert load["mean"] == pytest.approx(4 * sum(kwh) / len(kwh))
    (weather,) = info["weather"]
    assert weather["location"] == "1058711"
    assert {c["name"] for c in weather["channels"]} >= {"t_outdoor", "t_outdoor_daily_mean"}


def leave_one_out_config(path: Path, model: str, params: str) -> Path:
    path.write_text(f'name = "loho-{model}"\nseed = 1\n[data]\nsplit = "unit_folds"\n'
                    f'folds = {len(HOUSEHOLDS)}\n[model]\nname = "{model}"\n'
                    f'[model.params]\n{params}\n')
    return path


@pytest.mark.parametrize("model, params", [
    ("gradient_boosting_disaggregator", "n_estimators = 20"),
    ("seq2point", "window = 9\nfilters = 4\nhidden = 8\nepochs = 2\nmax_windows = 2000"),
])
def test_leave_one_household_out(heatloop, files, tmp_path, model, params):
    code, models, err = heatloop("models", "list", "--kind", "disaggregator", "--json")
    assert code == 0, err
    assert model in {m["name"] for m in json.loads(models)}, "not built: no libtorch?"
    ws = tmp_path / "ws"
    run_json(heatloop, "ingest", *files, "--energy-per-interval", "--workspace", ws)
    r = run_json(heatloop, "run", leave_one_out_config(tmp_path / "c.toml", model, params),
                 "--workspace", ws)
    assert sorted(r["eval_units"]) == sorted(HOUSEHOLDS)
    ev = r["evaluation"]
    assert ev["kind"] == "disaggregator" and ev["energy_unit"] == "kWh per interval"
    assert {u["unit_id"] for u in ev["units"]} == set(HOUSEHOLDS)
    assert len({u["model"] for u in ev["units"]}) == len(HOUSEHOLDS)  # one fold per household
    assert ev["micro"]["n"] == len(HOUSEHOLDS) * ROWS
    for u in ev["units"]:
        m = u["metrics"]
        assert m["n"] == ROWS
        assert 0 <= m["mae"] <= m["rmse"] < 2.0, (u["unit_id"], m)  # kWh per 15 min
        assert m["r2"] is not None and m["nde"] is not None
    # The stored estimate: the run's artifacts hold total, truth and estimate per household.
    outputs = ws / "artifacts" / r["run_id"] / "outputs"
    assert sorted(p.stem for p in outputs.glob("*.hlf")) == sorted(HOUSEHOLDS)
    summary = json.loads((ws / "artifacts" / r["run_id"] / "summary.json").read_text())
    assert summary["kind"] == "disaggregator" and summary["component"] == "load_heat_pump"


def test_a_run_without_meters_says_so(heatloop, tmp_path):
    ws = tmp_path / "ws"
    code, _, err = heatloop("simulate", "--units", 1, "--days", 2, "--seed", 1, "--out",
                            tmp_path / "d")
    assert code == 0, err
    code, _, err = heatloop("ingest", tmp_path / "d" / "sensors.csv", "--workspace", ws)
    assert code == 0, err
    code, _, err = heatloop("run", ROOT / "configs" / "smartmeter" /
                            "gradient_boosting_disaggregator.toml", "--workspace", ws)
    assert code == 2 and "no smart-meter data" in err, err
