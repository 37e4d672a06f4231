"""`heatloop steer`: start/stop commands from a unit's shower_event labels (no ground truth
needed), and `heatloop steer simulate`: the closed loop of threshold control, the schedule and
an oracle on simulated households."""

import csv
import io
import json

import pytest


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    import os
    import subprocess

    binary = os.environ["HEATLOOP_BIN"]
    root = tmp_path_factory.mktemp("steer")
    out, ws = root / "d", root / "ws"

    def run(*args):
        p = subprocess.run([binary, *map(str, args)], capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        return p.stdout

    run("simulate", "--units", 2, "--days", 14, "--seed", 5, "--households", 0, "--out", out)
    # The tank data only: sensors and units, no draws.csv (no ground truth).
    run("ingest", out / "units.csv", out / "sensors.csv", "--workspace", ws)
    run("labels", "import", out / "labels_showers.csv", "--workspace", ws, "--user", "t")
    return out, ws


def _showers(out, unit):
    with open(out / "labels_showers.csv", newline="") as f:
        return [r for r in csv.DictReader(f) if r["unit_id"] == unit]


def test_steer_csv_commands_lie_in_the_future_window(heatloop, fleet):
    out, ws = fleet
    code, stdout, err = heatloop("steer", "--workspace", ws, "--unit", "unit-0001", "--days", 3)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert list(rows[0].keys()) == ["unit_id", "start", "stop", "demand_start", "target_c",
                                    "probability"]
    assert len(rows) >= 3  # at least a window a day for a household that showers daily
    for r in rows:
        assert r["unit_id"] == "unit-0001"
        # The data ends 2024-01-15T00:00Z: every command lies in the next 3 days.
        assert "2024-01-15T00:00:00Z" <= r["start"] < r["stop"] <= "2024-01-18T00:00:00Z"
        assert r["start"] <= r["demand_start"] < r["stop"]
        assert 40.0 <= float(r["target_c"]) <= 70.0
        assert 0.2 <= float(r["probability"]) <= 1.0
    starts = [r["start"] for r in rows]
    assert starts == sorted(starts)
    assert all(a["stop"] < b["start"] for a, b in zip(rows, rows[1:]))  # no overlap


def test_steer_json_and_out_file(heatloop, fleet, tmp_path):
    out, ws = fleet
    code, stdout, err = heatloop("steer", "--workspace", ws, "--unit", "unit-0002", "--days", 2,
                                 "--param", "lead_margin_min=30", "--json")
    assert code == 0, err
    j = json.loads(stdout)
    assert j["unit_id"] == "unit-0002"
    assert j["schedule_from"] == "2024-01-15T00:00:00Z"
    assert j["schedule_to"] == "2024-01-17T00:00:00Z"
    assert j["events_used"] == len(_showers(out, "unit-0002"))
    assert j["params"]["lead_margin_min"] == 30
    assert j["heat_kw_source"] == "data"  # heat_output in hot-water mode is in the data
    assert j["lead_min"] >= 30
    assert j["windows"], "no commands"
    for w in j["windows"]:
        assert j["schedule_from"] <= w["start"] < w["stop"] <= j["schedule_to"]
    # --out writes the same CSV as stdout would.
    target = tmp_path / "cmds.csv"
    code, stdout, err = heatloop("steer", "--workspace", ws, "--unit", "unit-0002", "--days", 2,
                                 "--param", "lead_margin_min=30", "--out", target)
    assert code == 0, err
    assert stdout == ""
    rows = list(csv.DictReader(open(target, newline="")))
    assert [r["start"] for r in rows] == [
        w["start"] for w in j["windows"]
    ]


def test_steer_clear_errors(heatloop, fleet, tree_digest):
    out, ws = fleet
    before = tree_digest(ws)
    code, _, err = heatloop("steer", "--workspace", ws, "--unit", "nope")
    assert code == 3 and "nope" in err
    code, _, err = heatloop("steer", "--workspace", ws, "--unit", "unit-0001",
                            "--from", "2030-01-01", "--to", "2030-02-01")
    assert code == 2 and "t_tank_mid has no value" in err
    # A window with data but no showers (the first hour of the data).
    code, _, err = heatloop("steer", "--workspace", ws, "--unit", "unit-0001",
                            "--from", "2024-01-01T00:00:00Z", "--to", "2024-01-01T01:00:00Z")
    assert code == 2 and "no shower events" in err
    code, _, err = heatloop("steer", "--workspace", ws, "--unit", "unit-0001",
                            "--param", "ready_c=99")
    assert code == 2 and "ready_c" in err
    code, _, err = heatloop("steer", "--workspace", ws, "--unit", "unit-0001",
                            "--param", "nonsense")
    assert code == 2 and "NAME=VALUE" in err
    code, _, err = heatloop("steer", "--workspace", ws)
    assert code == 2 and "--unit" in err
    assert tree_digest(ws) == before  # steering reads, never writes


def test_steer_ignores_rejected_labels(heatloop, fleet, tmp_path):
    out, _ = fleet
    ws = tmp_path / "ws2"
    assert heatloop("ingest", out / "units.csv", out / "sensors.csv", "--workspace", ws)[0] == 0
    rows = _showers(out, "unit-0001")
    path = tmp_path / "rejected.csv"
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        for r in rows:
            w.writerow({**r, "status": "rejected"})
    assert heatloop("labels", "import", path, "--workspace", ws, "--user", "t")[0] == 0
    code, _, err = heatloop("steer", "--workspace", ws, "--unit", "unit-0001")
    assert code == 2 and "no shower events" in err


def test_steer_without_a_tank_mid_channel_or_labels(heatloop, tmp_path, tree_digest):
    data = tmp_path / "s.csv"
    data.write_text("timestamp,unit_id,t_supply,t_tank_mid\n2024-01-01T00:00:00Z,u1,30,50\n"
                    "2024-01-01T00:01:00Z,u1,31,49\n2024-01-01T00:00:00Z,u2,30,\n")
    ws = tmp_path / "ws"
    assert heatloop("ingest", data, "--workspace", ws)[0] == 0
    before = tree_digest(ws)
    code, _, err = heatloop("steer", "--workspace", ws, "--unit", "u2")
    assert code == 2 and "t_tank_mid" in err
    # No label store yet: no events, and steering does not create one.
    code, _, err = heatloop("steer", "--workspace", ws, "--unit", "u1")
    assert code == 2 and "no shower events" in err
    assert tree_digest(ws) == before


def test_steer_simulate_table(heatloop):
    code, stdout, err = heatloop("steer", "simulate", "--households", 2, "--weeks", 3,
                                 "--seed", 1, "--json")
    assert code == 0, err
    j = json.loads(stdout)
    assert j["options"]["learn_weeks"] == 2
    assert j["eval_from"] == "2024-01-15T00:00:00Z" and j["eval_to"] == "2024-01-22T00:00:00Z"
    assert [h["household"] for h in j["households"]] == ["unit-0001", "unit-0002"]
    pooled = j["pooled"]
    for name in ("threshold", "schedule", "oracle"):
        p = pooled[name]
        assert p["electric_kwh"] > 0 and p["starts"] > 0
        assert 1.0 < p["cop"] < 6.5
        assert 0 <= p["cold_minutes"] <= p["draw_minutes"]
        # The tank's books balance: stored change = heat in - drawn - lost.
        assert abs(p["tank_end_kwh"] - p["tank_start_kwh"]
                   - (p["heat_kwh"] - p["drawn_kwh"] - p["loss_kwh"])) < 1e-3
        assert p["draw_minutes"] == pooled["threshold"]["draw_minutes"]  # same draws
        total = sum(h[name]["electric_kwh"] for h in j["households"])
        assert abs(total - p["electric_kwh"]) < 1e-6
    t, s = pooled["threshold"]["electric_kwh"], pooled["schedule"]["electric_kwh"]
    assert abs(pooled["schedule_saving"] - (1 - s / t)) < 1e-9
    assert pooled["oracle"]["cold_minutes"] <= pooled["threshold"]["cold_minutes"]
    # The text table: one row per household and policy plus the pooled rows.
    code, text, err = heatloop("steer", "simulate", "--households", 2, "--weeks", 3)
    assert code == 0, err
    lines = [l.split() for l in text.splitlines()]
    assert sum(1 for l in lines if l and l[0] == "pooled") == 3
    assert sum(1 for l in lines if l and l[0].startswith("unit-")) == 6
    code, _, err = heatloop("steer", "simulate", "--weeks", 1)
    assert code == 2


def test_steer_on_a_hand_made_tank_export(heatloop, tmp_path):
    """A user's tank export (semicolons, decimal commas, only the two tank sensors, local
    time zone in the unit metadata) and hand-made shower labels: no ground truth, no
    heat_output, so the heat-up time uses the declared default."""
    lines = ["timestamp;unit_id;t_tank_top;t_tank_mid"]
    labels = ["unit_id,start,end,category,confidence,status,reviewer,notes"]
    for day in range(1, 15):  # 2024-01-01 .. 2024-01-14, every 10 minutes
        for minute in range(0, 24 * 60, 10):
            h, m = divmod(minute, 60)
            mid = "31,5" if h == 6 else "48,0"
            lines.append(f"2024-01-{day:02d}T{h:02d}:{m:02d}:00Z;tank1;52,0;{mid}")
        # A shower every morning at 06:10 UTC = 07:10 in Zurich.
        labels.append(f"tank1,2024-01-{day:02d}T06:10:00Z,2024-01-{day:02d}T06:20:00Z,"
                      "shower_event,1,confirmed,me,")
    (tmp_path / "tank.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "units.csv").write_text("unit_id,type,location,time_zone\n"
                                        "tank1,ASHP,home,Europe/Zurich\n")
    (tmp_path / "labels.csv").write_text("\n".join(labels) + "\n")
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", tmp_path / "units.csv", tmp_path / "tank.csv",
                            "--workspace", ws)
    assert code == 0, err
    code, _, err = heatloop("labels", "import", tmp_path / "labels.csv", "--workspace", ws,
                            "--user", "me")
    assert code == 0, err
    code, stdout, err = heatloop("steer", "--workspace", ws, "--unit", "tank1", "--days", 2,
                                 "--json")
    assert code == 0, err
    j = json.loads(stdout)
    assert j["time_zone"] == "Europe/Zurich"
    assert j["heat_kw_source"] == "default"
    assert j["events_used"] == 14
    assert j["schedule_from"] == "2024-01-15T00:00:00Z"
    # One window a day, ending when the 07:00-08:00 Zurich hour ends (07:00Z), starting one
    # lead time before 06:00Z.
    assert [w["stop"] for w in j["windows"]] == ["2024-01-15T07:00:00Z", "2024-01-16T07:00:00Z"]
    assert [w["demand_start"] for w in j["windows"]] == ["2024-01-15T06:00:00Z",
                                                         "2024-01-16T06:00:00Z"]
    lead_ms = round(j["lead_min"] * 60_000)
    from datetime import datetime, timedelta
    first = datetime.fromisoformat(j["windows"][0]["start"].replace("Z", "+00:00"))
    assert first == datetime(2024, 1, 15, 6, tzinfo=first.tzinfo) - timedelta(milliseconds=lead_ms)
    code, _, err = heatloop("steer", "--workspace", ws, "--unit", "tank1", "--time-zone", "Mars/X")
    assert code == 2 and "Mars/X" in err
