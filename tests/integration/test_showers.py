"""Shower detection end to end (issue 13, item 2): the shower_iforest configs find the
simulator's showers through the CLI, runs evaluate only their label categories (a fault
detector is not penalised for showers), and `labels propose` writes a run's alarms as
proposed labels, once."""

import csv
import json
import os
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOL = timedelta(minutes=10)


def iso(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    """3 simulated households (14 days, 1 min), their fault and shower labels imported."""
    binary = os.environ["HEATLOOP_BIN"]
    base = tmp_path_factory.mktemp("showers")
    data, ws = base / "d", base / "ws"

    def run(*args):
        subprocess.run([binary, *map(str, args)], check=True, capture_output=True)

    run("simulate", "--units", 3, "--days", 14, "--seed", 4, "--out", data)
    run("ingest", data / "units.csv", data / "sensors.csv", "--workspace", ws)
    run("labels", "import", data / "labels_truth.csv", "--workspace", ws, "--user", "t")
    run("labels", "import", data / "labels_showers.csv", "--workspace", ws, "--user", "t")
    return data, ws


def run_json(heatloop, *args):
    code, out, err = heatloop(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def showers_of(data):
    out = {}
    with open(data / "draws.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "shower":
                out.setdefault(row["unit_id"], []).append((iso(row["start"]), iso(row["end"])))
    return out


def event_f1(alarms, showers):
    """Alarm starts within [shower start - 10 min, end + 10 min], one hit per shower."""
    hits = 0
    for unit, spans in showers.items():
        taken = [False] * len(spans)
        for t in sorted(iso(a["start"]) for a in alarms if a["unit_id"] == unit):
            for i, (s, e) in enumerate(spans):
                if not taken[i] and s - TOL <= t <= e + TOL:
                    taken[i] = True
                    hits += 1
                    break
    n = sum(len(v) for v in showers.values())
    p, r = hits / max(1, len(alarms)), hits / n
    return 2 * p * r / (p + r) if p + r else 0.0, p, r


def shower_coverage(showers, days):
    """Share of the time in some shower's hit window: a random alarm's chance to hit."""
    minutes = sum(((e - s) + 2 * TOL).total_seconds() / 60 for v in showers.values()
                  for s, e in v)
    return minutes / (days * 1440 * len(showers))


@pytest.mark.parametrize("config", ["configs/shower_iforest.toml",
                                    "configs/studies/showers_heatloop.toml"])
def test_detection_beats_chance_through_the_cli(heatloop, fleet, config):
    data, ws = fleet
    r = run_json(heatloop, "run", ROOT / config, "--workspace", ws)
    alarms = json.loads((ws / "artifacts" / r["run_id"] / "alarms.json").read_text())
    showers = showers_of(data)
    f1, precision, recall = event_f1(alarms, showers)
    chance = shower_coverage(showers, 14)  # the precision of alarms at random times
    assert recall >= 0.6, (config, recall)
    assert precision >= 2 * chance, (config, precision, chance)
    if "heatloop" in config:
        assert f1 >= 0.6, (config, f1, precision, recall)
    # The run evaluates the shower labels only (its [evaluation] categories): every label it
    # counts is a shower.
    ev = r["evaluation"]
    n_showers = sum(len(v) for v in showers.values())
    assert ev["totals"]["labels"] == n_showers
    assert ev["micro"]["event_recall"] >= 0.6


def write_fault_config(path, categories=None):
    cats = "" if categories is None else f"categories = {json.dumps(categories)}\n"
    path.write_text(f"""
name = "faults"
[data]
split = "none"
[model]
name = "time_off_threshold"
[alarms]
method = "fixed"
value = 1.0
merge_gap = "1h"
dedupe_window = "6h"
[evaluation]
tolerance = "1h"
{cats}""")
    return path


def test_fault_runs_leave_shower_labels_out_unless_asked(heatloop, fleet, tmp_path):
    data, ws = fleet
    with open(data / "labels_truth.csv", newline="") as f:
        faults = sum(1 for _ in csv.DictReader(f))
    n_showers = sum(len(v) for v in showers_of(data).values())
    default = run_json(heatloop, "run", write_fault_config(tmp_path / "a.toml"), "--workspace", ws)
    assert default["evaluation"]["totals"]["labels"] == faults
    assert "shower_event" not in {row["key"] for row in
                                  default["evaluation"]["breakdowns"].get("category", [])}
    both = run_json(heatloop, "run",
                    write_fault_config(tmp_path / "b.toml", ["shower_event", "sensor_fault",
                                                             "compressor_failure",
                                                             "refrigerant_leak", "short_cycling",
                                                             "circulation_failure",
                                                             "aux_heater_stuck"]),
                    "--workspace", ws)
    assert both["evaluation"]["totals"]["labels"] == faults + n_showers
    # Re-evaluation and comparison use each run's own categories.
    again = run_json(heatloop, "evaluate", default["run_id"], "--workspace", ws)
    assert again["evaluation"]["totals"]["labels"] == faults
    assert not [c for c in again["changes"] if c["metric"] == "event_recall"]
    code, out, err = heatloop("runs", "compare", default["run_id"], both["run_id"],
                              "--workspace", ws, "--json")
    assert code == 0, err


def test_labels_propose_writes_a_runs_alarms_once(heatloop, fleet, tmp_path):
    data, ws = fleet
    r = run_json(heatloop, "run", ROOT / "configs/studies/showers_heatloop.toml",
                 "--workspace", ws)
    before = run_json(heatloop, "labels", "list", "--workspace", ws)
    first = run_json(heatloop, "labels", "propose", "--run", r["run_id"], "--workspace", ws,
                     "--user", "tester", "--units", "unit-0001,unit-0002")
    alarms = json.loads((ws / "artifacts" / r["run_id"] / "alarms.json").read_text())
    mine = [a for a in alarms if a["unit_id"] in ("unit-0001", "unit-0002")]
    assert first["proposed"] == len(mine) > 0
    after = run_json(heatloop, "labels", "list", "--workspace", ws)
    new = [l for l in after if l["source"] == f"run:{r['run_id']}"]
    assert len(after) == len(before) + len(mine) == len(before) + len(new)
    assert {l["status"] for l in new} == {"proposed"}
    assert {l["category"] for l in new} == {"shower_event"}
    assert {l["revision"] for l in new} == {first["revision"]}  # one revision
    assert sorted((l["unit_id"], iso(l["start"])) for l in new) == \
        sorted((a["unit_id"], iso(a["start"])) for a in mine)
    # A reviewer moves one proposal and rejects another: neither comes back.
    moved, rejected = new[0], new[1]
    start = iso(moved["start"]) - timedelta(minutes=5)
    code, _, err = heatloop("labels", "edit", moved["id"], "--version", moved["version"],
                            "--start", start.strftime("%Y-%m-%dT%H:%M:%SZ"), "--workspace", ws,
                            "--user", "tester")
    assert code == 0, err
    code, _, err = heatloop("labels", "reject", rejected["id"], "--version",
                            rejected["version"], "--workspace", ws, "--user", "tester")
    assert code == 0, err
    edited_revision = max(l["revision"] for l in run_json(heatloop, "labels", "list",
                                                           "--workspace", ws))
    # Twice: nothing new, no new revision; the third unit later adds only its own.
    second = run_json(heatloop, "labels", "propose", "--run", r["run_id"], "--workspace", ws,
                      "--user", "tester", "--units", "unit-0001,unit-0002")
    assert second["proposed"] == 0 and second["revision"] == edited_revision
    rest = run_json(heatloop, "labels", "propose", "--run", r["run_id"], "--workspace", ws,
                    "--user", "tester")
    assert rest["proposed"] == len(alarms) - len(mine)
    assert rest["already_proposed"] == len(mine)

    # A forecaster run has no alarms: refused, nothing written.
    cfg = tmp_path / "f.toml"
    cfg.write_text('[model]\nname = "seasonal_naive"\n[model.params]\ntarget = "t_tank_mid"\n')
    f = run_json(heatloop, "run", cfg, "--workspace", ws)
    n = len(run_json(heatloop, "labels", "list", "--workspace", ws))
    code, _, err = heatloop("labels", "propose", "--run", f["run_id"], "--workspace", ws,
                            "--user", "tester")
    assert code == 2 and "only a detector run" in err, err
    code, _, err = heatloop("labels", "propose", "--run", "nosuchrun", "--workspace", ws,
                            "--user", "tester")
    assert code == 3, err
    assert len(run_json(heatloop, "labels", "list", "--workspace", ws)) == n


def test_irregular_on_change_tank_exports_resampled_to_5min(heatloop, fleet, tmp_path):
    """The tank sensors as a logger stores them (a row only when the 0.1 K reading changes,
    at irregular seconds, one file per sensor), ingested with --hold-max onto a 5-minute
    grid: the same config still finds the showers."""
    data, _ = fleet
    files = {}
    last = {}
    with open(data / "sensors.csv", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            unit = row["unit_id"]
            if unit not in ("unit-0001", "unit-0002"):
                continue
            t = iso(row["timestamp"]) + timedelta(seconds=(i * 37) % 60)  # irregular seconds
            for ch in ("t_tank_mid", "t_tank_top"):
                v = row[ch]
                if v == "" or last.get((unit, ch)) == v:
                    continue
                last[(unit, ch)] = v
                files.setdefault((unit, ch), []).append(
                    f"{t.strftime('%Y-%m-%dT%H:%M:%SZ')};{v.replace('.', ',')}")
    paths = []
    for (unit, ch), lines in files.items():
        p = tmp_path / f"{unit}__{ch}.csv"
        p.write_text("timestamp;value\n" + "\n".join(lines) + "\n")
        paths.append(p)
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", *paths, "--workspace", ws, "--hold-max", "6h",
                            "--resample", "5min")
    assert code == 0, err
    r = run_json(heatloop, "run", ROOT / "configs/studies/showers_heatloop.toml",
                 "--workspace", ws)
    alarms = json.loads((ws / "artifacts" / r["run_id"] / "alarms.json").read_text())
    showers = {u: v for u, v in showers_of(data).items() if u in ("unit-0001", "unit-0002")}
    f1, precision, recall = event_f1(alarms, showers)
    assert f1 >= 0.6 and precision >= 2 * shower_coverage(showers, 14), (f1, precision, recall)


def test_review_queue_lists_only_the_runs_categories(heatloop, fleet, tmp_path):
    """In the web app, a fault run does not 'miss' the showers and a shower run does not miss
    the faults: the review queue takes the run's evaluation categories."""
    import re
    import signal

    import requests

    data, ws = fleet
    faults = run_json(heatloop, "run", write_fault_config(tmp_path / "a.toml"), "--workspace", ws)
    showers = run_json(heatloop, "run", ROOT / "configs/shower_iforest.toml", "--workspace", ws)
    subprocess.run([os.environ["HEATLOOP_BIN"], "users", "add", "rev2", "--role", "reviewer",
                    "--workspace", ws, "--password-stdin"], input="pass-rev2-1\n", text=True,
                   check=True, capture_output=True)
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text("<!doctype html><title>heatloop</title>")
    proc = subprocess.Popen([os.environ["HEATLOOP_BIN"], "serve", "--workspace", ws, "--port",
                             "0", "--static", static], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stdout.readline())
        assert m
        url = f"http://127.0.0.1:{m.group(1)}"
        s = requests.Session()
        r = s.post(url + "/api/v1/session", json={"username": "rev2", "password": "pass-rev2-1"})
        assert r.status_code == 200, r.text
        labels = {l["id"]: l["category"] for l in
                  json.loads(heatloop("labels", "list", "--workspace", ws, "--json")[1])}

        def missed_categories(run_id):
            items = s.get(f"{url}/api/v1/runs/{run_id}/review", timeout=120).json()["items"]
            return {labels[int(i["key"][1:])] for i in items if i["kind"] == "missed"}

        assert "shower_event" not in missed_categories(faults["run_id"])
        assert missed_categories(showers["run_id"]) <= {"shower_event"}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
