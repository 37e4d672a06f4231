"""`heatloop serve` end to end: a small simulated workspace with a run and users of every
role, the server started as a subprocess, and the JSON API walked over HTTP. Every JSON
response is validated against docs/openapi.yaml, and the spec's operations must be exactly
the server's routes. The authorization matrix calls every endpoint as every role.
On PostgreSQL: scripts/with-postgres.sh sh -c 'HEATLOOP_BIN=... pytest tests/integration/test_api.py'."""

import concurrent.futures
import http.client
import json
import os
import re
import signal
import subprocess
from pathlib import Path

import jsonschema
import pytest
import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text())
PASSWORD = {"admin": "admin-pass-1", "reviewer": "reviewer-pass-1", "viewer": "viewer-pass-1"}
DAY = 86_400_000


# ---------------------------------------------------------------- spec validation

def _json_schema(node):
    """An OpenAPI 3.0 schema as JSON Schema: `nullable: true` becomes a union with null."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


COMPONENTS = _json_schema(SPEC["components"])
TEMPLATES = [(re.compile("^" + re.sub(r"\{[a-z_]+\}", "[^/]+", p) + "$"), p) for p in SPEC["paths"]]


def spec_path(path):
    """The spec's path template for a concrete path (None when the spec has none)."""
    # Literal templates win over parameterised ones (/runs/compare before /runs/{run_id}).
    hits = [t for rx, t in TEMPLATES if rx.match(path)]
    hits.sort(key=lambda t: t.count("{"))
    return hits[0] if hits else None


def resolve(node):
    while isinstance(node, dict) and "$ref" in node and len(node) == 1:
        name = node["$ref"].split("/")
        node = SPEC
        for part in name[1:]:
            node = node[part]
    return node


def validate_response(method, path, response):
    """Fails unless the spec lists this status for the operation and the body matches."""
    template = spec_path(path)
    assert template, f"{method} {path}: not in docs/openapi.yaml"
    op = SPEC["paths"][template].get(method.lower())
    assert op, f"{method} {template}: not in docs/openapi.yaml"
    status = str(response.status_code)
    assert status in op["responses"], f"{method} {template}: status {status} not in the spec"
    spec_resp = resolve(op["responses"][status])
    content = spec_resp.get("content", {}).get("application/json")
    if content is None:
        assert not response.content, f"{method} {template} {status}: body not in the spec"
        return
    schema = dict(_json_schema(content["schema"]))
    schema["components"] = COMPONENTS
    jsonschema.validate(response.json(), schema)


# ---------------------------------------------------------------- fixtures

class Client:
    """A signed-in (or anonymous) API client that validates every response."""

    def __init__(self, base, role=None):
        self.base = base
        self.http = requests.Session()
        self.csrf = None
        self.role = role
        if role:
            r = self.post("/api/v1/session", {"username": role, "password": PASSWORD[role]},
                          csrf=False)
            assert r.status_code == 200, r.text
            self.csrf = r.json()["csrf_token"]

    def call(self, method, path, body=None, csrf=True, params=None):
        headers = {}
        if csrf and self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        r = self.http.request(method, self.base + path, json=body, params=params,
                              headers=headers, timeout=120)
        validate_response(method, path, r)
        return r

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body if body is not None else {}, **kw)

    def patch(self, path, body, **kw):
        return self.call("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = os.environ["HEATLOOP_BIN"]
    base = tmp_path_factory.mktemp("api")
    data, ws, static = base / "d", base / "ws", base / "static"

    # With HEATLOOP_PG_URL (scripts/with-postgres.sh), labels, runs, users and sessions live
    # in that PostgreSQL database instead of the workspace's SQLite file.
    db = ["--db", os.environ["HEATLOOP_PG_URL"]] if os.environ.get("HEATLOOP_PG_URL") else []

    def run(*args, stdin=None):
        return subprocess.run([binary, *map(str, args), *db], check=True, capture_output=True,
                              text=True, input=stdin).stdout

    run("simulate", "--units", 2, "--days", 7, "--seed", 11, "--out", data)
    run("ingest", data / "units.csv", data / "sensors.csv", data / "weather.csv",
        data / "smartmeter.csv", "--workspace", ws)
    run("labels", "import", data / "labels_initial.csv", "--workspace", ws)
    # The example config with a lower alarm threshold: enough alarms on 7 days for a review
    # queue with candidates.
    config = base / "time_off.toml"
    config.write_text((ROOT / "configs" / "time_off_threshold.toml").read_text().replace(
        "value = 1.0", "value = 0.5"))
    run_id = json.loads(run("run", config, "--workspace", ws, "--json"))["run_id"]
    for role, password in PASSWORD.items():
        run("users", "add", role, "--role", role, "--workspace", ws, "--password-stdin",
            stdin=password + "\n")
    (static / "assets").mkdir(parents=True)
    (static / "index.html").write_text("<!doctype html><title>heatloop</title>")
    (static / "assets" / "app.js").write_text("console.log('heatloop')")
    (base / "secret.txt").write_text("SECRET")

    proc = subprocess.Popen([binary, "serve", "--workspace", ws, "--port", "0", "--static", static,
                             *db],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert m, f"no URL in {line!r}; stderr: {proc.stderr.read() if proc.poll() is not None else ''}"
    url = f"http://127.0.0.1:{m.group(1)}"
    yield {"url": url, "port": int(m.group(1)), "ws": ws, "run_id": run_id, "base": base,
           "units": ["unit-0001", "unit-0002"]}
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0, proc.stderr.read()


@pytest.fixture(scope="module")
def clients(server):
    return {role: Client(server["url"], role) for role in ("admin", "reviewer", "viewer")} | {
        "anonymous": Client(server["url"])}


def new_label(clients, unit="unit-0001", day=1, hours=(2, 3), **extra):
    """A fresh label created by the admin."""
    start = json_unit(clients, unit)["start"] + day * DAY
    body = {"unit_id": unit, "start": start + hours[0] * 3_600_000,
            "end": start + hours[1] * 3_600_000, "category": "sensor_fault"} | extra
    r = clients["admin"].post("/api/v1/labels", body)
    assert r.status_code == 201, r.text
    return r.json()


_unit_cache = {}


def json_unit(clients, unit):
    if unit not in _unit_cache:
        _unit_cache[unit] = clients["admin"].get(f"/api/v1/units/{unit}").json()
    return _unit_cache[unit]


# ---------------------------------------------------------------- tests

def test_binds_loopback_and_the_spec_lists_exactly_the_servers_routes(server):
    out = subprocess.run([os.environ["HEATLOOP_BIN"], "serve", "--routes", "--json"], check=True,
                         capture_output=True, text=True).stdout
    routes = {(r["method"], r["path"]): r["access"] for r in json.loads(out)}
    spec = {(m.upper(), p): op.get("x-heatloop-access")
            for p, ops in SPEC["paths"].items() for m, op in ops.items()}
    assert set(routes) == set(spec), (set(routes) ^ set(spec))
    assert routes == spec, "x-heatloop-access differs from the server's role table"


def test_a_busy_port_is_an_error_not_a_shared_socket(server):
    r = subprocess.run([os.environ["HEATLOOP_BIN"], "serve", "--workspace", server["ws"],
                        "--port", str(server["port"])], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 5 and "cannot listen on 127.0.0.1:" in r.stderr, r


def test_sign_in_session_cookie_and_sign_out(server):
    anon = Client(server["url"])
    r = anon.post("/api/v1/session", {"username": "admin", "password": "wrong-password"},
                  csrf=False)
    assert r.status_code == 401
    r = anon.post("/api/v1/session", {"username": "nobody", "password": "wrong-password"},
                  csrf=False)
    assert r.status_code == 401
    r = anon.post("/api/v1/session", {"username": "admin"}, csrf=False)
    assert r.status_code == 400 and r.json()["error"]["field"] == "password"
    assert anon.get("/api/v1/session").status_code == 401

    c = Client(server["url"], "reviewer")
    cookie = c.http.cookies
    assert "heatloop_session" in cookie
    r = c.get("/api/v1/session")
    assert r.json()["user"] == {"name": "reviewer", "role": "reviewer"}
    assert r.json()["csrf_token"] == c.csrf

    raw = requests.post(server["url"] + "/api/v1/session",
                        json={"username": "viewer", "password": PASSWORD["viewer"]})
    set_cookie = raw.headers["Set-Cookie"]
    for attr in ("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"):
        assert attr in set_cookie, set_cookie

    assert c.delete("/api/v1/session").status_code == 204
    assert c.get("/api/v1/session").status_code == 401
    assert c.get("/api/v1/units").status_code == 401


def test_units_overview_and_detail(server, clients):
    v = clients["viewer"]
    units = v.get("/api/v1/units").json()["units"]
    assert [u["unit_id"] for u in units] == server["units"]
    assert all(u["latest_run"]["run_id"] == server["run_id"] for u in units)
    assert sum(sum(u["label_counts"].values()) for u in units) > 0
    desc = v.get("/api/v1/units", params={"sort": "unit_id", "order": "desc"}).json()["units"]
    assert [u["unit_id"] for u in desc] == server["units"][::-1]
    assert [u["unit_id"] for u in v.get("/api/v1/units", params={"q": "002"}).json()["units"]] == [
        "unit-0002"]
    r = v.get("/api/v1/units", params={"sort": "colour"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "sort"

    d = v.get("/api/v1/units/unit-0001").json()
    names = {c["name"] for c in d["channels"]}
    assert {"t_supply", "compressor_power"} <= names
    assert {x["name"] for x in d["derived"]} == {"cop", "lift"}
    assert d["time_zone"] == "UTC"  # no time_zone metadata in the simulator's units.csv
    assert d["end"] - d["start"] >= 6 * DAY
    assert v.get("/api/v1/units/nope").status_code == 404


def test_series_is_downsampled_to_the_width(server, clients):
    v = clients["viewer"]
    d = json_unit(clients, "unit-0001")
    for width in (1, 7, 300, 2000):
        r = v.get("/api/v1/units/unit-0001/series",
                  params={"channels": "t_supply,compressor_power,cop,lift", "width": width})
        assert r.status_code == 200, r.text
        s = r.json()
        assert 1 <= len(s["t"]) <= width
        assert s["t"] == sorted(s["t"]) and s["t"][0] == d["start"]
        for name in ("t_supply", "compressor_power", "cop", "lift"):
            mins, maxs = s["series"][name]["min"], s["series"][name]["max"]
            assert len(mins) == len(maxs) == len(s["t"])
            assert any(x is not None for x in mins)
            for lo, hi in zip(mins, maxs):
                assert (lo is None) == (hi is None)
                assert lo is None or lo <= hi
    # A zoomed window refines: a 2-hour window at 1-minute data is 120 points.
    z = v.get("/api/v1/units/unit-0001/series", params={"channels": "t_supply", "start": d["start"] + DAY,
                                                   "end": d["start"] + DAY + 7_200_000,
                                                   "width": 2000}).json()
    assert len(z["t"]) == 120 and z["bucket_ms"] == 60_000
    for params, field in (({"width": 0}, "width"), ({"width": "wide"}, "width"),
                          ({"width": 10**6}, "width"), ({"channels": "nope"}, "channels"),
                          ({"start": 10, "end": 5}, "end")):
        r = v.get("/api/v1/units/unit-0001/series", params=params)
        assert r.status_code == 400 and r.json()["error"]["field"] == field, (params, r.text)
    assert v.get("/api/v1/units/nope/series").status_code == 404


def test_meter_view_without_runs(server, clients):
    """The meter endpoints on the simulated meters (validated against the spec by the client):
    the total only (no sub-meter, no disaggregation or classifier run), the unit's meter named
    in the fleet, and 404s naming the field. With runs: tests/unit/web/meter_view_test.cpp and
    tests/e2e/meter.test.mjs."""
    v = clients["viewer"]
    meters = v.get("/api/v1/meters").json()["meters"]
    assert [m["meter_id"] for m in meters] == ["hh-0001", "hh-0002", "unit-0001", "unit-0002"]
    assert [m["is_unit"] for m in meters] == [False, False, True, True]
    assert all(m["meters"] == ["total"] and m["step_ms"] == 900_000 for m in meters)
    units = {u["unit_id"]: u["meter_id"] for u in v.get("/api/v1/units").json()["units"]}
    assert units == {"unit-0001": "unit-0001", "unit-0002": "unit-0002"}
    r = v.get("/api/v1/meters/unit-0001", params={"width": 50})
    assert r.status_code == 200, r.text
    m = r.json()
    assert m["truth"] is None and m["estimate"] is None and m["detection"] is None
    assert m["runs"] == {"disaggregation": [], "detection": []}
    assert len(m["t"]) == len(m["total"]["max"]) and 0 < len(m["t"]) <= 50
    assert max(x for x in m["total"]["max"] if x is not None) > 0
    assert v.get("/api/v1/meters/nope").status_code == 404
    r = v.get("/api/v1/meters/unit-0001", params={"run": "ffffffff"})
    assert r.status_code == 404 and r.json()["error"]["field"] == "run"
    r = v.get("/api/v1/meters/unit-0001", params={"detect_run": "ffffffff"})
    assert r.status_code == 404 and r.json()["error"]["field"] == "detect_run"


def test_household_view_calendar_events_and_forecast(server, clients):
    """The household endpoint's response (validated against the spec by the client): 168
    calendar cells over the unit's data, the run's alarms as events when asked, clear 400/404s.
    The numbers themselves are checked against the CLI in tests/integration/test_calendar.py
    and tests/e2e/household.test.mjs."""
    v = clients["viewer"]
    assert all(u["has_tank"] for u in v.get("/api/v1/units").json()["units"])
    r = v.get("/api/v1/units/unit-0001/household", params={"width": 100})
    assert r.status_code == 200, r.text
    h = r.json()
    assert len(h["calendar"]["cells"]) == 168 and h["calendar"]["source"] == "labels"
    assert sum(c["days_observed"] for c in h["calendar"]["cells"]) >= 24 * 6
    assert h["events"]["run"] is None and h["forecast"] is None  # no forecaster run here
    # no shower labels here: no schedule, and the reason says so
    assert h["schedule"]["windows"] == [] and "no shower events" in h["schedule"]["reason"]
    r = v.get("/api/v1/units/unit-0001/household", params={"run": server["run_id"]})
    assert r.status_code == 200, r.text
    h = r.json()
    assert h["calendar"]["source"] == f"run:{server['run_id']}"
    # the run's alarms make a calendar, and the schedule's windows start before their demand
    for w in h["schedule"]["windows"]:
        assert w["start"] < w["demand_start"] < w["stop"]
    assert h["events"]["run"]["run_id"] == server["run_id"]
    assert all(e["status"] == "alarm" for e in h["events"]["run"]["alarms"])
    r = v.get("/api/v1/units/unit-0001/household", params={"from": 10, "to": 5})
    assert r.status_code == 400 and r.json()["error"]["field"] == "to"
    assert v.get("/api/v1/units/nope/household").status_code == 404
    assert v.get("/api/v1/units/unit-0001/household", params={"run": "ffffffff"}).status_code == 404


def test_label_lifecycle_conflict_split_delete_and_history(server, clients):
    rv, admin = clients["reviewer"], clients["admin"]
    start = json_unit(clients, "unit-0001")["start"] + 2 * DAY
    r = rv.post("/api/v1/labels", {"unit_id": "unit-0001", "start": start, "end": start + 3_600_000,
                                   "category": "short_cycling", "confidence": 0.8,
                                   "notes": "drawn in the browser"})
    assert r.status_code == 201, r.text
    label = r.json()
    assert (label["status"], label["source"], label["reviewer"], label["version"]) == (
        "proposed", "human", "reviewer", 1)
    listed = rv.get("/api/v1/units/unit-0001/labels", params={"start": start, "end": start + 1}).json()
    assert label["id"] in [l["id"] for l in listed["labels"]]

    r = rv.patch(f"/api/v1/labels/{label['id']}", {"version": 1, "end": start + 7_200_000})
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["end"] == start + 7_200_000
    stale = rv.patch(f"/api/v1/labels/{label['id']}", {"version": 1, "notes": "lost update?"})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert stale.json()["current"]["version"] == 2 and stale.json()["current"]["notes"] == (
        "drawn in the browser")

    r = rv.post(f"/api/v1/labels/{label['id']}/confirm", {"version": 2})
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert rv.post(f"/api/v1/labels/{label['id']}/reject", {"version": 2}).status_code == 409
    r = rv.post(f"/api/v1/labels/{label['id']}/reject", {"version": 3})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    r = rv.post(f"/api/v1/labels/{label['id']}/split", {"version": 4, "at": start + 3_600_000})
    assert r.status_code == 200
    first, second = r.json()["labels"]
    assert (first["start"], first["end"], second["end"]) == (start, start + 3_600_000,
                                                             start + 7_200_000)
    r = rv.post(f"/api/v1/labels/{first['id']}/split", {"version": 1, "at": start - 5})
    assert r.status_code == 400 and r.json()["error"]["field"] == "at"

    assert rv.delete(f"/api/v1/labels/{first['id']}", params={"version": 1}).status_code == 403
    assert admin.delete(f"/api/v1/labels/{first['id']}", params={"version": 9}).status_code == 409
    assert admin.delete(f"/api/v1/labels/{first['id']}", params={"version": 1}).status_code == 204
    assert admin.delete(f"/api/v1/labels/{first['id']}", params={"version": 1}).status_code == 404

    actions = [h["action"] for h in rv.get(f"/api/v1/labels/{label['id']}/history").json()["history"]]
    assert actions == ["create", "edit", "confirm", "reject", "supersede"]
    h = rv.get(f"/api/v1/labels/{first['id']}/history").json()["history"]
    assert [e["action"] for e in h] == ["split", "delete"]
    assert h[-1]["who"] == "admin" and h[0]["before"] is None
    ids = [l["id"] for l in rv.get("/api/v1/units/unit-0001/labels").json()["labels"]]
    assert first["id"] not in ids and second["id"] in ids and label["id"] not in ids


@pytest.mark.parametrize("body, field", [
    ({"start": 1, "end": 2, "category": "sensor_fault"}, "unit_id"),
    ({"unit_id": "unit-0001", "end": 2, "category": "sensor_fault"}, "start"),
    ({"unit_id": "unit-0001", "start": 5, "end": 2, "category": "sensor_fault"}, "end"),
    ({"unit_id": "unit-0001", "start": "soon", "end": 2, "category": "sensor_fault"}, "start"),
    ({"unit_id": "unit-0001", "start": 1, "end": 2, "category": "gremlins"}, "category"),
    ({"unit_id": "unit-0001", "start": 1, "end": 2, "category": "sensor_fault", "confidence": 2},
     "confidence"),
    ({"unit_id": "nope", "start": 1, "end": 2, "category": "sensor_fault"}, "unit_id"),
    ({"unit_id": "unit-0001", "start": 1, "end": 2, "category": "sensor_fault", "colour": "red"},
     "colour"),
])
def test_label_input_is_validated_naming_the_field(clients, body, field):
    r = clients["reviewer"].post("/api/v1/labels", body)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == {"code": "bad_request", "field": field,
                                 "message": r.json()["error"]["message"]}


def test_malformed_bodies_and_ids_are_400(server, clients):
    rv = clients["reviewer"]
    r = requests.post(server["url"] + "/api/v1/labels", data="{not json",
                      headers={"X-CSRF-Token": rv.csrf, "Content-Type": "application/json"},
                      cookies=rv.http.cookies)
    assert r.status_code == 400 and r.json()["error"]["field"] == "body"
    assert rv.patch("/api/v1/labels/abc", {"version": 1, "notes": "x"}).status_code == 400
    assert rv.patch("/api/v1/labels/999999", {"version": 1, "notes": "x"}).status_code == 404
    r = rv.patch("/api/v1/labels/1", {"notes": "x"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "version"


def test_runs_leaderboard_against_the_current_revision(server, clients):
    v, rv = clients["viewer"], clients["reviewer"]
    board = v.get("/api/v1/runs").json()
    run = next(r for r in board["runs"] if r["run_id"] == server["run_id"])
    assert run["detector"] == "time_off_threshold" and run["status"] == "FINISHED"
    assert "event_f1" in run["metrics"]
    # The server says which way each metric goes; the front end need not guess from names.
    direction = {m["name"]: m["higher_is_better"] for m in board["metric_catalogue"]}
    assert direction["nab_reward_low_fp_rate"] is True and direction["event_f1"] is True
    assert direction["false_alarms_per_unit_month"] is False and direction["rmse"] is False
    assert set(run["metrics"]) <= set(direction)
    revision = board["label_revision"]
    # A label change moves the revision; the leaderboard follows it.
    new_label(clients, day=3)
    assert v.get("/api/v1/runs").json()["label_revision"] == revision + 1
    detail = v.get(f"/api/v1/runs/{server['run_id']}").json()
    assert set(detail["per_unit"]) == set(server["units"])
    assert v.get(f"/api/v1/runs/{server['run_id'][:8]}").status_code == 200
    assert v.get("/api/v1/runs/ffffffffffff").status_code == 404

    s = v.get(f"/api/v1/runs/{server['run_id']}/units/unit-0001/scores", params={"width": 500}).json()
    assert 1 <= len(s["t"]) <= 500 and len(s["min"]) == len(s["t"])
    assert all(lo is None or lo <= hi for lo, hi in zip(s["min"], s["max"]))
    body = v.get(f"/api/v1/runs/{server['run_id']}/units/unit-0001/alarms").json()
    alarms = body["alarms"]
    assert all(a["end"] > a["start"] for a in alarms)
    # The unit's alarm threshold (the config's fixed 0.5): every alarm peaks above it.
    assert body["threshold"] == 0.5
    assert alarms and all(a["peak_score"] > body["threshold"] for a in alarms)
    assert v.get(f"/api/v1/runs/{server['run_id']}/units/nope/alarms").status_code == 404

    c = v.get("/api/v1/runs/compare", params={"a": server["run_id"], "b": server["run_id"]}).json()
    assert c["metric"] == "event_f1" and c["baseline_run"] == server["run_id"]
    r = v.get("/api/v1/runs/compare", params={"a": server["run_id"]})
    assert r.status_code == 400 and r.json()["error"]["field"] == "b"
    r = v.get("/api/v1/runs/compare", params={"a": server["run_id"], "b": server["run_id"],
                                              "metric": "vibes"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "metric"


def test_review_queue_accept_and_reject(server, clients):
    rv, run_id = clients["reviewer"], server["run_id"]
    # A label without alarms is "missed" by the run; make sure there is one.
    missed_label = new_label(clients, unit="unit-0002", day=4, hours=(1, 2))
    queue = rv.get(f"/api/v1/runs/{run_id}/review").json()
    items = queue["items"]
    assert items == sorted(items, key=lambda i: -i["score"])
    keys = {i["key"] for i in items}
    assert f"m{missed_label['id']}" in keys
    candidates = [i for i in items if i["kind"] == "candidate"]
    assert len(candidates) >= 2, items

    r = rv.post(f"/api/v1/runs/{run_id}/review/m{missed_label['id']}", {"decision": "reject"})
    assert r.status_code == 200 and r.json()["label"]["status"] == "rejected"
    r = rv.post(f"/api/v1/runs/{run_id}/review/m{missed_label['id']}", {"decision": "accept"})
    assert r.status_code == 409
    r = rv.post(f"/api/v1/runs/{run_id}/review/nope", {"decision": "accept"})
    assert r.status_code == 404
    r = rv.post(f"/api/v1/runs/{run_id}/review/m{missed_label['id']}", {"decision": "maybe"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "decision"

    rejected, accepted = candidates[0], candidates[1]
    r = rv.post(f"/api/v1/runs/{run_id}/review/{rejected['key']}", {"decision": "reject"})
    assert r.status_code == 200 and r.json()["label"] is None
    r = rv.post(f"/api/v1/runs/{run_id}/review/{accepted['key']}", {"decision": "accept"})
    label = r.json()["label"]
    assert (label["source"], label["reviewer"], label["status"], label["category"]) == (
        f"run:{run_id}", "reviewer", "confirmed", "unknown_anomaly")
    assert (label["start"], label["end"]) == (accepted["start"], accepted["end"])
    after = rv.get(f"/api/v1/runs/{run_id}/review").json()
    after_keys = {i["key"] for i in after["items"]}
    assert f"m{missed_label['id']}" not in after_keys
    for c in candidates[:2]:
        assert c["key"] not in after_keys, "a decided candidate came back"
    assert after["progress"]["decided"] == queue["progress"]["decided"] + 3
    # The rejected candidate stays out also when nothing else changed around it.
    assert rejected["key"] not in {i["key"] for i in rv.get(f"/api/v1/runs/{run_id}/review").json()["items"]}


def test_static_files_and_path_traversal(server):
    url = server["url"]
    r = requests.get(url + "/")
    assert r.status_code == 200 and "heatloop" in r.text
    assert r.headers["Content-Type"].startswith("text/html")
    r = requests.get(url + "/assets/app.js")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/javascript")
    assert requests.get(url + "/units/unit-0001").text == requests.get(url + "/").text
    assert requests.get(url + "/assets/missing.js").status_code == 404
    for path in ("/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                 "/%2E%2E%2Fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
                 "/%252e%252e/secret.txt", "/..%5csecret.txt", "/....//secret.txt",
                 "/assets/..;/../secret.txt"):
        conn = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=10)
        conn.request("GET", path)  # sent verbatim, no client-side normalisation
        resp = conn.getresponse()
        body = resp.read().decode(errors="replace")
        assert "SECRET" not in body, path
        assert resp.status in (400, 404) or "heatloop" in body, (path, resp.status)
        conn.close()


def test_unknown_api_paths_and_methods(server, clients):
    a = clients["admin"]
    r = a.http.get(server["url"] + "/api/v1/nothing")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = a.http.put(server["url"] + "/api/v1/labels", json={}, headers={"X-CSRF-Token": a.csrf})
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_review_missed_label_right_keeps_it_and_decisions_can_be_undone(server, clients):
    """Issue 16 defect 5: "the label is right, the model missed it" leaves the label as it
    was; "the label is wrong" rejects it; both are listed and undone, the label restored."""
    rv, admin, run_id = clients["reviewer"], clients["admin"], server["run_id"]

    def missed(day):  # a label no alarm of the run overlaps: a "missed" item
        for hour in range(0, 24, 2):
            label = new_label(clients, unit="unit-0002", day=day, hours=(hour, hour + 1))
            items = {i["key"]: i for i in rv.get(f"/api/v1/runs/{run_id}/review").json()["items"]}
            if f"m{label['id']}" in items:
                assert items[f"m{label['id']}"]["category"] == "sensor_fault"
                return label
        raise AssertionError(f"every hour of day {day} has an alarm")

    right, wrong = missed(2), missed(3)

    r = rv.post(f"/api/v1/runs/{run_id}/review/m{right['id']}", {"decision": "accept"})
    assert r.status_code == 200
    assert r.json()["label"] == right, "the label itself is unchanged"
    assert admin.get(f"/api/v1/labels/{right['id']}/history").json()["history"][-1]["action"] == "create"
    r = rv.post(f"/api/v1/runs/{run_id}/review/m{wrong['id']}", {"decision": "reject"})
    assert r.json()["label"]["status"] == "rejected"

    recent = rv.get(f"/api/v1/runs/{run_id}/review/decisions", params={"limit": 2}).json()
    by_key = {d["key"]: d for d in recent["decisions"]}
    assert set(by_key) == {f"m{wrong['id']}", f"m{right['id']}"}, "the newest two"
    assert by_key[f"m{wrong['id']}"] | {"at": 0, "score": 0} == {
        "key": f"m{wrong['id']}", "decision": "reject", "who": "reviewer", "at": 0,
        "label_id": wrong["id"], "unit_id": "unit-0002", "start": wrong["start"],
        "end": wrong["end"], "score": 0}, "with the item it was about"
    assert rv.get(f"/api/v1/runs/{run_id}/review/decisions", params={"limit": 0}).status_code == 400
    # ?unit= lists one unit's decisions (the unit view's decided items, wherever decided).
    of = lambda unit: {d["key"] for d in rv.get(f"/api/v1/runs/{run_id}/review/decisions",
                                               params={"unit": unit, "limit": 500}).json()["decisions"]}
    assert {f"m{wrong['id']}", f"m{right['id']}"} <= of("unit-0002")
    assert not ({f"m{wrong['id']}", f"m{right['id']}"} & of("unit-0001"))
    assert of("no-such-unit") == set()

    # Only the decider or an admin undoes; the rejected label gets its status back.
    other = Client(server["url"], "admin")
    r = rv.delete(f"/api/v1/runs/{run_id}/review/m{wrong['id']}")
    assert r.status_code == 200, r.text
    back = r.json()["label"]
    assert (back["id"], back["status"], back["reviewer"]) == (wrong["id"], "proposed", wrong["reviewer"])
    assert admin.get(f"/api/v1/labels/{wrong['id']}/history").json()["history"][-1]["action"] == "revert"
    assert f"m{wrong['id']}" in {i["key"] for i in rv.get(f"/api/v1/runs/{run_id}/review").json()["items"]}
    assert rv.delete(f"/api/v1/runs/{run_id}/review/m{wrong['id']}").status_code == 404
    r = other.delete(f"/api/v1/runs/{run_id}/review/m{right['id']}")
    assert r.status_code == 200 and r.json()["label"] == right

    # An accepted candidate's label goes with the undo; a label changed since is refused.
    cand = next(i for i in rv.get(f"/api/v1/runs/{run_id}/review").json()["items"]
                if i["kind"] == "candidate")
    made = rv.post(f"/api/v1/runs/{run_id}/review/{cand['key']}",
                   {"decision": "accept", "category": "sensor_fault"}).json()["label"]
    assert made["category"] == "sensor_fault"
    edited = rv.patch(f"/api/v1/labels/{made['id']}", {"version": made["version"], "notes": "x"})
    assert edited.status_code == 200
    r = rv.delete(f"/api/v1/runs/{run_id}/review/{cand['key']}")
    assert r.status_code == 409 and r.json()["current"]["notes"] == "x"
    r = rv.patch(f"/api/v1/labels/{made['id']}", {"version": edited.json()["version"], "notes": ""})
    # still changed (version 3): the undo stays refused rather than deleting someone's edit
    assert rv.delete(f"/api/v1/runs/{run_id}/review/{cand['key']}").status_code == 409
    later = next(i for i in rv.get(f"/api/v1/runs/{run_id}/review").json()["items"]
                 if i["kind"] == "candidate")
    made = rv.post(f"/api/v1/runs/{run_id}/review/{later['key']}", {"decision": "accept"}).json()["label"]
    r = rv.delete(f"/api/v1/runs/{run_id}/review/{later['key']}")
    assert r.status_code == 200 and r.json()["label"] is None
    assert admin.get(f"/api/v1/labels/{made['id']}/history").json()["history"][-1]["action"] == "delete"
    assert later["key"] in {i["key"] for i in rv.get(f"/api/v1/runs/{run_id}/review").json()["items"]}


# ---------------------------------------------------------------- authorization

ROLES = ("anonymous", "viewer", "reviewer", "admin")
ALLOWED = {"anyone": set(ROLES), "signed_in": {"viewer", "reviewer", "admin"},
           "reviewer": {"reviewer", "admin"}, "admin": {"admin"}}


def endpoint_calls(server, clients):
    """(method, template, access, success status, make(role) -> (path, body, params)).
    `make` prepares a fresh target (as admin) so the call can succeed when allowed."""
    run_id = server["run_id"]

    def fixed(path, body=None, params=None):
        return lambda role: (path, body, params)

    def label_call(suffix, body_of):
        def make(role):
            l = new_label(clients, day=5, hours=(4, 5))
            return f"/api/v1/labels/{l['id']}{suffix}", body_of(l), None
        return make

    def delete_call(role):
        l = new_label(clients, day=5, hours=(6, 7))
        return f"/api/v1/labels/{l['id']}", None, {"version": l["version"]}

    def review_call(role):
        l = new_label(clients, unit="unit-0002", day=6, hours=(1, 2))
        return f"/api/v1/runs/{run_id}/review/m{l['id']}", {"decision": "accept"}, None

    def undo_call(role):
        # A decision of the reviewer's: the reviewer (who decided) and an admin may undo it.
        l = new_label(clients, unit="unit-0002", day=6, hours=(3, 4))
        r = clients["reviewer"].post(f"/api/v1/runs/{run_id}/review/m{l['id']}",
                                     {"decision": "reject"})
        assert r.status_code == 200, r.text
        return f"/api/v1/runs/{run_id}/review/m{l['id']}", None, None

    def restore_call(role):
        l = new_label(clients, day=5, hours=(10, 11))
        assert clients["admin"].delete(f"/api/v1/labels/{l['id']}",
                                       params={"version": l["version"]}).status_code == 204
        return f"/api/v1/labels/{l['id']}/restore", None, None

    counter = iter(range(1000))

    def user_call(role):
        return "/api/v1/users", {"name": f"user{next(counter)}", "role": "viewer",
                                 "password": "long-enough"}, None

    def sign_out(role):
        return "/api/v1/session", None, None

    def note_call(role):  # based on the current version, so each allowed role saves one
        note = clients["admin"].get(f"/api/v1/runs/{run_id}/note").json()
        return (f"/api/v1/runs/{run_id}/note",
                {"text": f"matrix note by {role}", "version": note["version"]}, None)

    start = json_unit(clients, "unit-0001")["start"]
    some_label = new_label(clients, day=5, hours=(8, 9))
    return [
        ("POST", "/api/v1/session", "anyone", 200,
         lambda role: ("/api/v1/session", {"username": "viewer", "password": PASSWORD["viewer"]},
                       None)),
        ("GET", "/api/v1/session", "signed_in", 200, fixed("/api/v1/session")),
        ("DELETE", "/api/v1/session", "signed_in", 204, sign_out),
        ("GET", "/api/v1/units", "signed_in", 200, fixed("/api/v1/units")),
        ("GET", "/api/v1/units/{unit_id}", "signed_in", 200, fixed("/api/v1/units/unit-0001")),
        ("GET", "/api/v1/units/{unit_id}/series", "signed_in", 200,
         fixed("/api/v1/units/unit-0001/series", params={"width": 50})),
        ("GET", "/api/v1/units/{unit_id}/household", "signed_in", 200,
         fixed("/api/v1/units/unit-0001/household", params={"width": 50})),
        ("GET", "/api/v1/meters", "signed_in", 200, fixed("/api/v1/meters")),
        ("GET", "/api/v1/meters/{meter_id}", "signed_in", 200,
         fixed("/api/v1/meters/unit-0001", params={"width": 50})),
        ("GET", "/api/v1/units/{unit_id}/labels", "signed_in", 200,
         fixed("/api/v1/units/unit-0001/labels")),
        ("GET", "/api/v1/categories", "signed_in", 200, fixed("/api/v1/categories")),
        ("POST", "/api/v1/labels", "reviewer", 201,
         fixed("/api/v1/labels", {"unit_id": "unit-0001", "start": start + 5 * DAY,
                                  "end": start + 5 * DAY + 60_000, "category": "sensor_fault"})),
        ("PATCH", "/api/v1/labels/{id}", "reviewer", 200,
         label_call("", lambda l: {"version": l["version"], "notes": "matrix"})),
        ("DELETE", "/api/v1/labels/{id}", "admin", 204, delete_call),
        ("POST", "/api/v1/labels/{id}/restore", "admin", 200, restore_call),
        ("POST", "/api/v1/labels/{id}/confirm", "reviewer", 200,
         label_call("/confirm", lambda l: {"version": l["version"]})),
        ("POST", "/api/v1/labels/{id}/reject", "reviewer", 200,
         label_call("/reject", lambda l: {"version": l["version"]})),
        ("POST", "/api/v1/labels/{id}/split", "reviewer", 200,
         label_call("/split", lambda l: {"version": l["version"], "at": l["start"] + 60_000})),
        ("GET", "/api/v1/labels/{id}/history", "signed_in", 200,
         fixed(f"/api/v1/labels/{some_label['id']}/history")),
        ("GET", "/api/v1/labels/{id}/similar", "signed_in", 200,
         fixed(f"/api/v1/labels/{some_label['id']}/similar")),
        ("POST", "/api/v1/labels/{id}/similar", "reviewer", 200,
         fixed(f"/api/v1/labels/{some_label['id']}/similar", {"top": 2})),
        ("GET", "/api/v1/runs", "signed_in", 200, fixed("/api/v1/runs")),
        ("GET", "/api/v1/runs/compare", "signed_in", 200,
         fixed("/api/v1/runs/compare", params={"a": run_id, "b": run_id})),
        ("GET", "/api/v1/runs/{run_id}", "signed_in", 200, fixed(f"/api/v1/runs/{run_id}")),
        ("GET", "/api/v1/runs/{run_id}/note", "signed_in", 200,
         fixed(f"/api/v1/runs/{run_id}/note")),
        ("PUT", "/api/v1/runs/{run_id}/note", "reviewer", 200, note_call),
        ("GET", "/api/v1/runs/{run_id}/units/{unit_id}/scores", "signed_in", 200,
         fixed(f"/api/v1/runs/{run_id}/units/unit-0001/scores", params={"width": 50})),
        ("GET", "/api/v1/runs/{run_id}/units/{unit_id}/alarms", "signed_in", 200,
         fixed(f"/api/v1/runs/{run_id}/units/unit-0001/alarms")),
        ("GET", "/api/v1/runs/{run_id}/review", "signed_in", 200,
         fixed(f"/api/v1/runs/{run_id}/review")),
        ("POST", "/api/v1/runs/{run_id}/review/{key}", "reviewer", 200, review_call),
        ("DELETE", "/api/v1/runs/{run_id}/review/{key}", "reviewer", 200, undo_call),
        ("GET", "/api/v1/runs/{run_id}/review/decisions", "signed_in", 200,
         fixed(f"/api/v1/runs/{run_id}/review/decisions")),
        ("GET", "/api/v1/users", "admin", 200, fixed("/api/v1/users")),
        ("POST", "/api/v1/users", "admin", 201, user_call),
    ]


def test_authorization_matrix_covers_every_endpoint_and_role(server, clients):
    calls = endpoint_calls(server, clients)
    covered = {(m, t) for m, t, *_ in calls}
    spec = {(m.upper(), p) for p, ops in SPEC["paths"].items() for m in ops}
    assert covered == spec, f"matrix misses {spec - covered}, has extra {covered - spec}"
    failures = []
    for method, template, access, success, make in calls:
        assert SPEC["paths"][template][method.lower()]["x-heatloop-access"] == access
        for role in ROLES:
            # A fresh client per call: sign-out must not end the shared sessions.
            client = Client(server["url"], None if role == "anonymous" else role)
            path, body, params = make(role)
            r = client.call(method, path, body=body, params=params)
            if role in ALLOWED[access]:
                expected = success
            else:
                expected = 401 if role == "anonymous" else 403
            if r.status_code != expected:
                failures.append(f"{role:9} {method} {template}: {r.status_code} != {expected}"
                                f" {r.text[:120]}")
            elif expected == 403:
                assert r.json()["error"]["code"] == "forbidden"
    assert not failures, "\n".join(failures)


def test_state_changing_requests_without_csrf_token_are_403(server, clients):
    calls = endpoint_calls(server, clients)
    for method, template, access, success, make in calls:
        if method == "GET" or template == "/api/v1/session" and method == "POST":
            continue
        for token in (None, "wrong-token"):
            client = Client(server["url"], "admin")
            path, body, params = make("admin")
            headers = {"X-CSRF-Token": token} if token else {}
            r = client.http.request(method, server["url"] + path, json=body, params=params,
                                    headers=headers)
            assert r.status_code == 403, (method, template, token, r.text)
            assert r.json()["error"]["code"] == "csrf"


def test_fifty_concurrent_clients_lose_and_duplicate_no_write(server, clients):
    admin = clients["admin"]
    start = json_unit(clients, "unit-0002")["start"] + 2 * DAY
    cookies = admin.http.cookies.get_dict()

    def worker(i):
        s = requests.Session()
        s.cookies.update(cookies)
        h = {"X-CSRF-Token": admin.csrf}
        r = s.post(server["url"] + "/api/v1/labels", headers=h, timeout=120, json={
            "unit_id": "unit-0002", "start": start + i * 60_000, "end": start + (i + 1) * 60_000,
            "category": "shower_event", "notes": f"w{i}"})
        assert r.status_code == 201, r.text
        label = r.json()
        for k in range(3):
            r = s.patch(server["url"] + f"/api/v1/labels/{label['id']}", headers=h, timeout=120,
                        json={"version": label["version"], "notes": f"w{i}-{k}"})
            assert r.status_code == 200, r.text
            label = r.json()
        return label

    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        made = list(pool.map(worker, range(50)))
    ids = [l["id"] for l in made]
    assert len(set(ids)) == 50
    stored = {l["id"]: l for l in admin.get("/api/v1/units/unit-0002/labels").json()["labels"]}
    for l in made:
        assert stored[l["id"]]["version"] == 4
        assert stored[l["id"]]["notes"] == l["notes"] == f"w{l['notes'][1:].split('-')[0]}-2"
    notes = [stored[i]["notes"] for i in ids]
    assert len(set(notes)) == 50

    # 50 clients editing ONE label at the same version: exactly one wins, the rest get 409.
    target = new_label(clients, unit="unit-0002", day=3, hours=(20, 21))

    def racer(i):
        s = requests.Session()
        s.cookies.update(cookies)
        return s.patch(server["url"] + f"/api/v1/labels/{target['id']}", timeout=120,
                       headers={"X-CSRF-Token": admin.csrf},
                       json={"version": target["version"], "notes": f"racer {i}"}).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        codes = list(pool.map(racer, range(50)))
    assert sorted(codes).count(200) == 1 and codes.count(409) == 49, codes
    history = admin.get(f"/api/v1/labels/{target['id']}/history").json()["history"]
    assert [h["version"] for h in history] == [1, 2]
