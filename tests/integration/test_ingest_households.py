"""Households as first-class data: the simulator's households.csv is ingested as households
(never as units), its heat-pump sub-meter with `--meter heat_pump` lands beside each
household's total without changing it, the targets reach the store, inspect reports them,
and a failed households or meter import leaves workspace and store as they were."""

import csv
import json
import sqlite3
from collections import defaultdict


def _meters(doc):
    """meter id -> {channel name: channel summary} from `inspect --json`."""
    return {m["meter_id"]: {c["name"]: c for c in m["channels"]} for m in doc["meters"]}


def _inspect(heatloop, ws):
    code, out, err = heatloop("inspect", "--workspace", ws, "--json")
    assert code == 0, err
    return json.loads(out)


def test_households_and_sub_meter(heatloop, tmp_path, tree_digest):
    d = tmp_path / "d"
    code, _, err = heatloop("simulate", "--units", 2, "--days", 2, "--households", 3,
                            "--seed", 3, "--out", d)
    assert code == 0, err
    ws = tmp_path / "ws"
    code, out, err = heatloop("ingest", d / "units.csv", d / "sensors.csv", d / "weather.csv",
                              d / "smartmeter.csv", "--workspace", ws, "--json")
    assert code == 0, err
    assert json.loads(out)["files"][3]["meter"] == "total"

    code, out, err = heatloop("ingest", d / "households.csv", "--workspace", ws, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["files"][0]["format"] == "households"
    assert report["units_created"] == [] and report["units_updated"] == []

    before = _inspect(heatloop, ws)
    code, out, err = heatloop("ingest", d / "smartmeter_hp.csv", "--meter", "heat_pump",
                              "--workspace", ws, "--json")
    assert code == 0, err
    assert json.loads(out)["files"][0]["meter"] == "heat_pump"
    after = _inspect(heatloop, ws)

    # Every household's total is unchanged; the sub-meter sits beside it.
    with open(d / "smartmeter_hp.csv") as f:
        hp_rows = defaultdict(list)
        for row in csv.DictReader(f):
            hp_rows[row["id"]].append(float(row["load"]))
    assert hp_rows, "the simulator writes heat-pump sub-meter rows"
    meters_before, meters_after = _meters(before), _meters(after)
    assert set(meters_before) == set(meters_after)
    for meter_id, channels in meters_after.items():
        assert channels["load"] == meters_before[meter_id]["load"], meter_id
        if meter_id in hp_rows:
            hp = channels["load_heat_pump"]
            assert hp["present"] == len(hp_rows[meter_id])
            mean = sum(hp_rows[meter_id]) / len(hp_rows[meter_id])
            assert abs(hp["mean"] - mean) < 1e-6 * max(1.0, abs(mean))
        else:
            assert "load_heat_pump" not in channels

    # has_heat_pump flags match households.csv, in the workspace and in the store.
    with open(d / "households.csv") as f:
        expected = {r["id"]: r["has_heat_pump"] == "1" for r in csv.DictReader(f)}
    assert len(expected) == 5 and sum(expected.values()) == 2
    households = {h["household_id"]: h for h in after["households"]}
    assert {k: h["has_heat_pump"] for k, h in households.items()} == expected
    counts = after["household_counts"]
    assert counts == {"total": 5, "with_heat_pump": 2, "without_heat_pump": 3, "unknown": 0}
    for hid, h in households.items():
        assert h["meters"] == (["total", "heat_pump"] if hid in hp_rows else ["total"])
    assert {u["unit_id"] for u in after["units"]} == {"unit-0001", "unit-0002"}

    with sqlite3.connect(ws / "heatloop.db") as db:
        stored = dict(db.execute("SELECT household_id, has_heat_pump FROM households"))
    assert {k: bool(v) for k, v in stored.items()} == expected

    code, out, err = heatloop("inspect", "--workspace", ws)
    assert code == 0, err
    assert "households: 5 (2 with heat pump, 3 without, 0 unknown)" in out
    assert "total,heat_pump" in out

    # A failed households or meter import leaves workspace and store as they were.
    digest = tree_digest(ws)
    bad = tmp_path / "bad_households.csv"
    bad.write_text("id,has_heat_pump\nhh-x,1\nhh-y,maybe\n")
    code, _, err = heatloop("ingest", bad, "--workspace", ws)
    assert code != 0
    assert f"{bad}:3:2: household hh-y: has_heat_pump: expected a boolean 0/1/true/false" in err
    bad_meter = tmp_path / "bad_hp.csv"
    bad_meter.write_text("id,datetime,load\nunit-0001,2024-01-01T00:00:00Z,1\n"
                         "unit-0001,later,2\n")
    code, _, err = heatloop("ingest", bad_meter, "--meter", "other", "--workspace", ws)
    assert code != 0 and "bad_hp.csv:3:2" in err
    assert tree_digest(ws) == digest


def test_meter_flag_is_checked(heatloop, tmp_path):
    f = tmp_path / "m.csv"
    f.write_text("id,datetime,load\nh1,2024-01-01T00:00:00Z,1\n")
    code, _, err = heatloop("ingest", f, "--meter", "heatpump", "--workspace", tmp_path / "ws")
    assert code != 0 and "heat_pump" in err
    assert not (tmp_path / "ws").exists()
