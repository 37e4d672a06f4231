"""`heatloop calendar`: a household's demand calendar from its imported shower labels (or a
run's alarms), checked against the simulator's draws.csv computed independently in pandas:
168 rows, the probability per local weekday x hour, the observed days (a hole in the tank
data is not counted), the household's time zone, and a self-contained HTML heat map; and
the errors: unknown unit, unit without t_tank_mid, empty window, bad dates, a run without
alarms, none of which writes a file."""

import json
import os
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

UNITS = ["unit-0001", "unit-0002"]
ZONE = {"unit-0001": "UTC", "unit-0002": "America/New_York"}
HOLE = ("2024-01-03T10:00:00Z", "2024-01-03T14:00:00Z")  # unit-0001 loses these 4 hours
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    """A 2-unit, 14-day fleet ingested without forward fill, a 4-hour hole in unit-0001's
    data, unit-0002 in New York time, and the simulated showers imported as labels."""
    binary = os.environ["HEATLOOP_BIN"]

    def run(*args):
        p = subprocess.run([binary, *map(str, args)], capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        return p.stdout

    root = tmp_path_factory.mktemp("calendar")
    d = root / "d"
    run("simulate", "--units", 2, "--days", 14, "--seed", 5, "--households", 0, "--out", d)
    units = pd.read_csv(d / "units.csv")
    units["time_zone"] = units["unit_id"].map(ZONE)
    units.to_csv(root / "units.csv", index=False)
    sensors = pd.read_csv(d / "sensors.csv")
    t = pd.to_datetime(sensors["timestamp"], utc=True)
    hole = (sensors["unit_id"] == "unit-0001") & (t >= pd.Timestamp(HOLE[0])) & (t < pd.Timestamp(HOLE[1]))
    sensors[~hole].to_csv(root / "sensors.csv", index=False)
    ws = root / "ws"
    run("ingest", root / "units.csv", root / "sensors.csv", "--workspace", ws,
        "--ffill-max-gap", "0min")
    run("labels", "import", d / "labels_showers.csv", "--workspace", ws)
    return {"root": root, "ws": ws, "draws": d / "draws.csv", "sensors": root / "sensors.csv"}


def expected(fleet, unit, start=None, end=None):
    """The calendar computed from draws.csv and sensors.csv: {(weekday, hour): (p, observed,
    with_event, events)} in the unit's local time."""
    zone = ZONE[unit]
    s = pd.read_csv(fleet["sensors"])
    s = s[(s["unit_id"] == unit) & s["t_tank_mid"].notna()]
    t = pd.to_datetime(s["timestamp"], utc=True)
    if start:
        t = t[(t >= pd.Timestamp(start)) & (t < pd.Timestamp(end))]
    local = t.dt.tz_convert(zone)
    observed = pd.DataFrame({"day": local.dt.date, "weekday": local.dt.day_of_week,
                             "hour": local.dt.hour}).drop_duplicates()
    days_observed = observed.groupby(["weekday", "hour"]).size()
    obs_keys = set(zip(observed["day"], observed["hour"]))

    d = pd.read_csv(fleet["draws"])
    d = d[(d["unit_id"] == unit) & (d["kind"] == "shower")]
    ds = pd.to_datetime(d["start"], utc=True)
    if start:
        ds = ds[(ds >= pd.Timestamp(start)) & (ds < pd.Timestamp(end))]
    ls = ds.dt.tz_convert(zone)
    ev = pd.DataFrame({"day": ls.dt.date, "weekday": ls.dt.day_of_week, "hour": ls.dt.hour})
    ev = ev[[(a, b) in obs_keys for a, b in zip(ev["day"], ev["hour"])]]
    events = ev.groupby(["weekday", "hour"]).size()
    with_event = ev.drop_duplicates().groupby(["weekday", "hour"]).size()
    out = {}
    for wd in range(7):
        for h in range(24):
            n = int(days_observed.get((wd, h), 0))
            k = int(with_event.get((wd, h), 0))
            out[(wd, h)] = (k / n if n else None, n, k, int(events.get((wd, h), 0)))
    return out, len(ev)


def calendar(heatloop, fleet, out, *args):
    return heatloop("calendar", "--workspace", fleet["ws"], "--out", out, *args)


@pytest.mark.parametrize("unit", UNITS)
def test_calendar_matches_the_draws(heatloop, fleet, tmp_path, unit):
    out = tmp_path / "cal"
    code, stdout, err = calendar(heatloop, fleet, out, "--unit", unit, "--json")
    assert code == 0, err
    doc = json.loads(stdout)
    assert doc == json.loads((out / "calendar.json").read_text())
    assert doc["unit_id"] == unit and doc["time_zone"] == ZONE[unit]
    assert doc["source"] == "labels"
    assert (doc["from"], doc["to"]) == ("2024-01-01T00:00:00Z", "2024-01-15T00:00:00Z")

    want, used = expected(fleet, unit)
    assert used > 10 and doc["events_used"] == used

    csv = pd.read_csv(out / "calendar.csv")
    assert list(csv.columns) == ["weekday", "hour", "probability", "days_observed",
                                 "days_with_event", "events", "lower", "upper", "mean_size"]
    assert len(csv) == 168 and len(doc["cells"]) == 168
    assert list(zip(csv["weekday"], csv["hour"])) == [(w, h) for w in range(7) for h in range(24)]
    for row, cell in zip(csv.itertuples(), doc["cells"]):
        p, n, k, e = want[(row.weekday, row.hour)]
        assert (row.days_observed, row.days_with_event, row.events) == (n, k, e), (row, want[(row.weekday, row.hour)])
        assert (cell["days_observed"], cell["days_with_event"], cell["events"]) == (n, k, e)
        if p is None:
            assert pd.isna(row.probability) and cell["probability"] is None
        else:
            assert row.probability == pytest.approx(p, abs=5e-7)
            assert cell["probability"] == pytest.approx(p, rel=1e-12)
            assert cell["lower"] <= p <= cell["upper"]
        if e:  # the drop of t_tank_mid (K); 0 when the heat pump was charging the tank
            assert row.mean_size >= 0
        else:
            assert pd.isna(row.mean_size)
    assert csv["probability"].max() > 0
    assert csv["mean_size"].mean() > 1.0  # showers drop the tank by degrees

    if unit == "unit-0001":  # the hole: Wednesday 10-13 h seen on one Wednesday of two
        assert [want[(2, h)][1] for h in (9, 10, 13, 14)] == [2, 1, 1, 2]

    html = (out / "calendar.html").read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://", html), "self-contained: nothing fetched"
    assert "<script" not in html and " src=" not in html
    cells = re.findall(r'<rect class="cell[^"]*" data-weekday="(\d)" data-hour="(\d+)" '
                       r'data-probability="([^"]*)"', html)
    assert len(cells) == 168
    for wd, h, p in cells:
        want_p = want[(int(wd), int(h))][0]
        assert (p == "") == (want_p is None)
        if p:
            assert float(p) == pytest.approx(want_p, abs=5e-7)
    assert html.count("<title>") == 169  # the page's and one tooltip per cell
    assert ZONE[unit] in html


def test_window_and_text_output(heatloop, fleet, tmp_path):
    start, end = "2024-01-03", "2024-01-10T12:00:00Z"
    code, stdout, err = calendar(heatloop, fleet, tmp_path / "w", "--unit", "unit-0002",
                                 "--from", start, "--to", end)
    assert code == 0, err
    assert "demand calendar of unit-0002 in America/New_York" in stdout
    assert "wrote" in stdout and "calendar.html" in stdout
    doc = json.loads((tmp_path / "w" / "calendar.json").read_text())
    assert (doc["from"], doc["to"]) == ("2024-01-03T00:00:00Z", end)
    want, used = expected(fleet, "unit-0002", "2024-01-03T00:00:00Z", end)
    assert used > 5 and doc["events_used"] == used
    for cell in doc["cells"]:
        p, n, k, e = want[(cell["weekday"], cell["hour"])]
        assert (cell["days_observed"], cell["days_with_event"], cell["events"]) == (n, k, e)


def test_a_detector_runs_alarms_as_the_events(heatloop, fleet, tmp_path):
    code, stdout, err = heatloop("run", "configs/time_off_threshold.toml", "--workspace",
                                 fleet["ws"], "--json", cwd=ROOT)
    assert code == 0, err
    run_id = json.loads(stdout)["run_id"]
    code, stdout, err = calendar(heatloop, fleet, tmp_path / "r", "--unit", "unit-0002",
                                 "--run", run_id[:8], "--json")
    assert code == 0, err
    doc = json.loads(stdout)
    assert doc["source"] == f"run:{run_id}"
    alarms = json.loads((fleet["ws"] / "artifacts" / run_id / "alarms.json").read_text())
    mine = [a for a in alarms if a["unit_id"] == "unit-0002"]
    assert doc["events_used"] + doc["events_ignored"] == len(mine)
    assert sum(c["events"] for c in doc["cells"]) == doc["events_used"]


@pytest.mark.parametrize("args, code, message", [
    (["--unit", "nope"], 3, "unit 'nope' is not in workspace"),
    (["--unit", "unit-0001", "--from", "2024-13-01"], 2, "--from '2024-13-01'"),
    (["--unit", "unit-0001", "--to", "yesterday"], 2, "--to 'yesterday'"),
    (["--unit", "unit-0001", "--from", "2024-01-05", "--to", "2024-01-05"], 2, "the window is empty"),
    (["--unit", "unit-0001", "--from", "2025-01-01"], 2, "is empty"),
    (["--unit", "unit-0001", "--from", "2023-01-01", "--to", "2023-02-01"], 2, "t_tank_mid has no value"),
    (["--unit", "unit-0001", "--run", "ffffffff"], 3, "ffffffff"),
    (["--unit", "bare"], 2, "has no t_tank_mid channel"),
    (["--unit", "mars"], 2, "calendar of mars: its time_zone metadata: unknown time zone 'Mars/Olympus'"),
])
def test_errors_write_nothing(heatloop, fleet, tmp_path, tree_digest, args, code, message):
    if "bare" in args:  # a unit with sensor data but no tank
        (tmp_path / "bare.csv").write_text(
            "timestamp,unit_id,t_outdoor\n2024-01-01T00:00:00Z,bare,1.5\n2024-01-01T00:01:00Z,bare,1.6\n")
        ws = tmp_path / "ws-bare"
        c, _, err = heatloop("ingest", tmp_path / "bare.csv", "--workspace", ws)
        assert c == 0, err
    elif "mars" in args:  # a tank in a time zone that does not exist
        (tmp_path / "units.csv").write_text("unit_id,type,time_zone\nmars,ASHP,Mars/Olympus\n")
        (tmp_path / "mars.csv").write_text(
            "timestamp,unit_id,t_tank_mid\n2024-01-01T00:00:00Z,mars,50\n2024-01-01T00:01:00Z,mars,49\n")
        ws = tmp_path / "ws-mars"
        c, _, err = heatloop("ingest", tmp_path / "units.csv", tmp_path / "mars.csv", "--workspace", ws)
        assert c == 0, err
    else:
        ws = fleet["ws"]
    before = tree_digest(ws)
    out = tmp_path / "out"
    c, stdout, err = heatloop("calendar", "--workspace", ws, "--out", out, *args)
    assert c == code, err
    assert message in err
    assert err.startswith("error: ")
    assert not out.exists()
    assert tree_digest(ws) == before


def test_no_labels_no_ground_truth(heatloop, fleet, tmp_path, tree_digest):
    """A user's ingested tank data with no labels and no runs: the calendar still comes out
    (every observed cell 0, the observed days counted), and reading creates no database."""
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", fleet["root"] / "units.csv", fleet["sensors"],
                            "--workspace", ws, "--ffill-max-gap", "0min")
    assert code == 0, err
    before = tree_digest(ws)
    code, stdout, err = heatloop("calendar", "--workspace", ws, "--unit", "unit-0002",
                                 "--out", tmp_path / "c", "--json")
    assert code == 0, err
    doc = json.loads(stdout)
    assert doc["events_used"] == 0 and doc["events_ignored"] == 0
    want, _ = expected(fleet, "unit-0002")
    for cell in doc["cells"]:
        n = want[(cell["weekday"], cell["hour"])][1]
        assert cell["days_observed"] == n
        assert cell["probability"] == (0 if n else None)
    assert len(pd.read_csv(tmp_path / "c" / "calendar.csv")) == 168
    assert tree_digest(ws) == before and not (ws / "heatloop.db").exists()
