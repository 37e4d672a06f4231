"""The simulator's output through ingest and inspect: `heatloop simulate` writes a fleet,
ingest caches it, inspect lists every unit with its channels and gaps."""

import json


def test_simulated_fleet_ingests_and_inspects(heatloop, tmp_path):
    out_dir = tmp_path / "d"
    code, _, err = heatloop("simulate", "--units", 3, "--days", 7, "--seed", 1, "--out", out_dir)
    assert code == 0, err

    # Cut a two-hour outage out of unit-0002's telemetry (10:00 to 12:00 on Jan 3).
    sensors = out_dir / "sensors.csv"
    lines = sensors.read_text().splitlines(keepends=True)
    outage = [l for l in lines if l.split(",")[1:2] == ["unit-0002"]
              and l.startswith(("2024-01-03T10:", "2024-01-03T11:"))]
    assert len(outage) == 120
    sensors.write_text("".join(l for l in lines if l not in set(outage)))

    ws = tmp_path / "ws"
    code, out, err = heatloop("ingest", out_dir / "units.csv", out_dir / "sensors.csv",
                              out_dir / "weather.csv", "--workspace", ws, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["units_created"] == ["unit-0001", "unit-0002", "unit-0003"]
    assert report["units_without_metadata"] == []

    code, out, err = heatloop("inspect", "--workspace", ws, "--json")
    assert code == 0, err
    doc = json.loads(out)
    units = {u["unit_id"]: u for u in doc["units"]}
    assert len(units) == 3
    for u in units.values():
        assert u["type"] in ("ASHP", "GSHP")
        assert u["rows"] == 7 * 24 * 60 and u["step"] == "1min"
        names = {c["name"] for c in u["channels"]}
        assert {"t_supply", "t_return", "t_tank_mid", "compressor_power", "mode"} <= names
        assert isinstance(u["gaps"], list)
        assert u["weather_location"] == u["location"]

    gaps = units["unit-0002"]["gaps"]
    assert gaps, "the outage must show as gaps"
    # Values are carried 30 minutes into the outage; the rest is a gap on every channel.
    assert {(g["start"], g["end"]) for g in gaps} == {("2024-01-03T10:30:00Z",
                                                       "2024-01-03T12:00:00Z")}
    assert len(gaps) == len(units["unit-0002"]["channels"])
    assert units["unit-0001"]["gaps"] == [] and units["unit-0003"]["gaps"] == []
    assert [w["location"] for w in doc["weather"]] == [units["unit-0001"]["location"]]
