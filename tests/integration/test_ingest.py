"""`heatloop ingest` and `heatloop inspect` on a small hand-written fleet: wide sensor
data, long-format (store-on-change) data, hourly weather and unit metadata."""

import json

import pytest

UNITS = "unit_id,type,location\nu1,ASHP,Bern\nu2,GSHP,Bern\nu3,ASHP,Basel\n"
LONG = (
    "unit_id,timestamp,channel,value\n"
    "u3,2024-01-01T00:00:00Z,mode,1\n"
    "u3,2024-01-01T00:00:00Z,t_supply,30\n"
    "u3,2024-01-01T00:20:00Z,t_supply,31\n"
    "u3,2024-01-01T00:40:00Z,t_supply,32\n"
    "u3,2024-01-01T01:00:00Z,t_supply,33\n"
)
WEATHER = (
    "timestamp,location,outdoor_temp,solar_radiation\n"
    + "".join(f"2024-01-01T{h:02d}:00:00Z,Bern,{-h}.5,{10 * h}\n" for h in range(4))
    + "".join(f"2024-01-01T{h:02d}:00:00Z,Basel,{h}.0,0\n" for h in range(4))
)


def wide_sensors() -> str:
    rows = ["timestamp,unit_id,t_supply,t_return"]
    for hour, minutes in ((0, range(0, 31, 5)), (2, range(0, 31, 5))):
        for m in minutes:
            rows.append(f"2024-01-01T{hour:02d}:{m:02d}:00Z,u1,{35 + m / 10},{30 + m / 10}")
    rows += [f"2024-01-01T00:{m:02d}:00Z,u2,40,35" for m in range(0, 60)]
    return "\n".join(rows) + "\n"


@pytest.fixture
def fleet(tmp_path):
    files = {
        "units.csv": UNITS,
        "sensors.csv": wide_sensors(),
        "long.csv": LONG,
        "weather.csv": WEATHER,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def ingest_all(heatloop, fleet, ws, *extra):
    names = ["sensors.csv", "long.csv", "weather.csv", "units.csv"]
    return heatloop("ingest", *[fleet / n for n in names], "--workspace", ws, *extra)


def test_ingest_report_json(heatloop, fleet, tmp_path):
    code, out, err = ingest_all(heatloop, fleet, tmp_path / "ws", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert [f["file"].rsplit("/", 1)[-1] for f in report["files"]][0] == "units.csv"  # first
    assert {f["status"] for f in report["files"]} == {"ingested"}
    formats = {f["file"].rsplit("/", 1)[-1]: f["format"] for f in report["files"]}
    assert formats == {
        "units.csv": "units",
        "sensors.csv": "wide",
        "long.csv": "long",
        "weather.csv": "weather",
    }
    assert report["units_created"] == ["u1", "u2", "u3"]
    assert report["weather_locations"] == ["Basel", "Bern"]
    assert report["step"] == "1min"
    assert report["totals"]["rows"] == 5 + 14 + 60 + 8 + 3
    assert "warning" not in err


def test_inspect_json_lists_units_channels_and_gaps(heatloop, fleet, tmp_path):
    ws = tmp_path / "ws"
    assert ingest_all(heatloop, fleet, ws)[0] == 0
    code, out, err = heatloop("inspect", "--workspace", ws, "--json")
    assert code == 0, err
    doc = json.loads(out)
    units = {u["unit_id"]: u for u in doc["units"]}
    assert sorted(units) == ["u1", "u2", "u3"]

    u1 = units["u1"]
    assert (u1["type"], u1["location"], u1["step"]) == ("ASHP", "Bern", "1min")
    assert u1["start"] == "2024-01-01T00:00:00Z"
    assert u1["end"] == "2024-01-01T02:31:00Z"
    assert u1["rows"] == 151
    assert [c["name"] for c in u1["channels"]] == ["t_supply", "t_return"]
    supply = u1["channels"][0]
    assert supply["present"] == 151 - 59  # 01:01 .. 01:59 is beyond the 30-min fill
    assert supply["coverage"] == pytest.approx(92 / 151)
    assert supply["min"] == 35 and supply["max"] == 38
    assert {"channel": "t_supply", "start": "2024-01-01T01:01:00Z",
            "end": "2024-01-01T02:00:00Z", "duration_s": 3540.0} in u1["gaps"]
    assert len(u1["gaps"]) == 2  # one per channel
    assert u1["weather_location"] == "Bern"

    assert units["u2"]["gaps"] == [] and units["u2"]["coverage"] == 1.0
    u3 = {c["name"]: c for c in units["u3"]["channels"]}
    assert u3["mode"]["present"] == 61  # store-on-change: held while the unit reports

    weather = {w["location"]: w for w in doc["weather"]}
    assert weather["Bern"]["step"] == "1h"  # its own native grid
    assert weather["Bern"]["rows"] == 4
    assert [c["name"] for c in weather["Bern"]["channels"]] == ["t_outdoor", "solar_radiation"]
    assert doc["meters"] == []
    assert len(doc["files"]) == 4


def test_inspect_unit_detail(heatloop, fleet, tmp_path):
    ws = tmp_path / "ws"
    assert ingest_all(heatloop, fleet, ws)[0] == 0
    code, out, err = heatloop("--json", "inspect", "--workspace", ws, "--unit", "u1")
    assert code == 0, err
    unit = json.loads(out)["units"][0]
    supply = unit["channels"][0]
    assert supply["gaps"] == [{"start": "2024-01-01T01:01:00Z", "end": "2024-01-01T02:00:00Z",
                               "duration_s": 3540.0}]
    # Each 5-minute reading fills 5 cells; 38 (at 00:30) fills 31 cells and ends the grid.
    held = 5 * sum(35 + m / 10 for m in range(0, 26, 5))
    assert supply["mean"] == pytest.approx((2 * held + 38 * 32) / 92)

    code, out, err = heatloop("inspect", "--workspace", ws, "--unit", "u1")
    assert code == 0, err
    assert "t_supply" in out and "2024-01-01T01:01:00Z" in out and "Bern" in out

    code, out, err = heatloop("inspect", "--workspace", ws, "--unit", "nope")
    assert code == 3
    assert "nope" in err and "u1, u2, u3" in err


def test_inspect_human_summary(heatloop, fleet, tmp_path):
    ws = tmp_path / "ws"
    assert ingest_all(heatloop, fleet, ws)[0] == 0
    code, out, err = heatloop("inspect", "--workspace", ws)
    assert code == 0, err
    assert "3 unit(s)" in out
    for text in ("u1", "ASHP", "Bern", "Basel", "1h", "weather"):
        assert text in out


def test_second_file_merges_and_reingest_is_idempotent(heatloop, fleet, tmp_path, tree_digest):
    ws = tmp_path / "ws"
    assert ingest_all(heatloop, fleet, ws)[0] == 0
    more = tmp_path / "more.csv"
    more.write_text("timestamp,unit_id,t_supply\n2024-01-01T03:00:00Z,u1,50\n")
    code, out, err = heatloop("ingest", more, "--workspace", ws, "--json")
    assert code == 0, err
    assert json.loads(out)["units_updated"] == ["u1"]
    code, out, _ = heatloop("inspect", "--workspace", ws, "--json")
    u1 = next(u for u in json.loads(out)["units"] if u["unit_id"] == "u1")
    assert u1["end"] == "2024-01-01T03:01:00Z" and u1["channels"][0]["max"] == 50

    before = tree_digest(ws)
    code, out, err = ingest_all(heatloop, fleet, ws, "--json")
    assert code == 0, err
    assert {f["status"] for f in json.loads(out)["files"]} == {"already_ingested"}
    assert tree_digest(ws) == before
    code, out, err = heatloop("ingest", more, "--workspace", ws)
    assert code == 0 and "already_ingested" in out


def test_step_conflict_names_both_steps(heatloop, fleet, tmp_path, tree_digest):
    ws = tmp_path / "ws"
    assert ingest_all(heatloop, fleet, ws)[0] == 0
    before = tree_digest(ws)
    more = tmp_path / "more.csv"
    more.write_text("timestamp,unit_id,t_supply\n2024-01-01T03:00:00Z,u1,50\n")
    code, _, err = heatloop("ingest", more, "--workspace", ws, "--resample", "5min")
    assert code == 4
    assert err.startswith("error: ") and "1min" in err and "5min" in err
    assert tree_digest(ws) == before


def test_units_without_metadata_warn(heatloop, tmp_path):
    data = tmp_path / "s.csv"
    data.write_text("timestamp,unit_id,t_supply\n2024-01-01T00:00:00Z,stray-7,30\n")
    code, _, err = heatloop("ingest", data, "--workspace", tmp_path / "ws")
    assert code == 0
    assert "warning:" in err and "stray-7" in err
    code, out, _ = heatloop("inspect", "--workspace", tmp_path / "ws", "--json")
    unit = json.loads(out)["units"][0]
    assert (unit["unit_id"], unit["type"], unit["has_metadata"]) == ("stray-7", "", False)


def test_inspect_missing_workspace(heatloop, tmp_path):
    code, _, err = heatloop("inspect", "--workspace", tmp_path / "none")
    assert code == 3 and err.startswith("error: ") and "does not exist" in err
