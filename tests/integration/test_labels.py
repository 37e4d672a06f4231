"""`heatloop labels` against a workspace's SQLite store: the "Done when" of issue 3 for
labels (import/export round trip, export at a past revision, all-or-nothing import that
names the bad line, concurrent edits with exactly one winner) and the rest of the CLI."""

import csv
import io
import json
import os
import subprocess
from datetime import datetime

import pytest

UNITS = "unit_id,type,location\nu1,ASHP,Bern\nu2,GSHP,Bern\nu3,ASHP,Basel\n"
HEADER = "unit_id,start,end,category,confidence,status,reviewer,notes\n"
LABELS = HEADER + (
    "u1,2024-01-01T06:00:00Z,2024-01-01T12:00:00Z,compressor_failure,0.90,confirmed,ann,\n"
    "u1,2024-01-02T00:00:00Z,2024-01-02T00:30:00Z,shower_event,0.55,proposed,,\n"
    'u2,2024-01-03T00:00:00Z,2024-01-04T00:00:00Z,refrigerant_leak,0.40,proposed,,"slow, COP drop"\n'
    "u3,2024-01-01T00:00:00Z,2024-01-01T02:00:00Z,sensor_fault,1.00,rejected,bo,stuck\n"
    "u3,2024-01-05T00:00:00Z,2024-01-05T08:00:00Z,short_cycling,0.70,proposed,,\n"
)


def rows(text):
    """CSV label rows as comparable tuples (times as instants, confidence as a number)."""
    out = []
    for r in csv.DictReader(io.StringIO(text)):
        parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
        out.append((r["unit_id"], parse(r["start"]), parse(r["end"]), r["category"],
                    float(r["confidence"]), r["status"], r["reviewer"], r["notes"]))
    return out


def ok(result):
    code, out, err = result
    assert code == 0, f"exit {code}: {err}"
    return out


@pytest.fixture
def ws(heatloop, tmp_path):
    """A workspace whose units u1..u3 were ingested from units.csv."""
    (tmp_path / "units.csv").write_text(UNITS)
    ws = tmp_path / "ws"
    ok(heatloop("ingest", tmp_path / "units.csv", "--workspace", ws))
    return ws


@pytest.fixture
def imported(heatloop, ws, tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(LABELS)
    doc = json.loads(ok(heatloop("labels", "import", path, "--workspace", ws, "--json")))
    assert doc == {"revision": 1, "imported": 5}
    return ws


def labels_json(heatloop, ws, *args):
    return json.loads(ok(heatloop("labels", "list", "--workspace", ws, "--json", *args)))


def test_simulated_labels_import_then_export_gives_them_back(heatloop, tmp_path):
    data, ws = tmp_path / "d", tmp_path / "ws"
    ok(heatloop("simulate", "--units", 3, "--days", 14, "--seed", 3, "--out", data))
    ok(heatloop("ingest", data / "units.csv", "--workspace", ws))
    text = (data / "labels_initial.csv").read_text()
    doc = json.loads(ok(heatloop("labels", "import", data / "labels_initial.csv",
                                 "--workspace", ws, "--json")))
    assert doc == {"revision": 1, "imported": len(rows(text))}
    exported = ok(heatloop("labels", "export", "--workspace", ws, "--format", "csv"))
    assert rows(exported) == rows(text)
    assert exported == text  # the same CSV shape, byte for byte


def test_list_json_has_every_field(heatloop, imported):
    labels = labels_json(heatloop, imported)
    assert len(labels) == 5
    for label in labels:
        assert {"id", "unit_id", "start", "end", "category", "confidence", "status", "source",
                "reviewer", "notes", "version"} <= set(label)
        assert label["source"] == "import" and label["version"] == 1
    assert labels[2]["notes"] == "slow, COP drop"
    assert labels[0]["start"] == "2024-01-01T06:00:00Z" and labels[0]["confidence"] == 0.9
    only = labels_json(heatloop, imported, "--unit", "u3", "--status", "proposed")
    assert [l["category"] for l in only] == ["short_cycling"]


def test_export_round_trip_and_export_at_the_import_revision(heatloop, imported, tmp_path):
    before = ok(heatloop("labels", "export", "--workspace", imported))
    assert before == LABELS
    label = labels_json(heatloop, imported)[1]
    confirmed = json.loads(ok(heatloop("labels", "confirm", label["id"], "--version", 1,
                                       "--workspace", imported, "--user", "cy", "--json")))
    assert confirmed["status"] == "confirmed" and confirmed["version"] == 2
    assert confirmed["reviewer"] == "cy"
    now = ok(heatloop("labels", "export", "--workspace", imported))
    assert now != before
    assert ok(heatloop("labels", "export", "--workspace", imported, "--revision", 1)) == before
    # JSON export to a file, then as-of the import's time.
    out = tmp_path / "at1.json"
    ok(heatloop("labels", "export", "--workspace", imported, "--revision", 1, "--out", out))
    at1 = json.loads(out.read_text())
    assert [l["status"] for l in at1][1] == "proposed"
    as_of = json.loads(ok(heatloop("labels", "export", "--workspace", imported, "--format",
                                   "json", "--as-of", at1[0]["updated_at"])))
    assert as_of == at1


def test_bad_line_changes_nothing_and_is_named(heatloop, imported, tmp_path):
    state = labels_json(heatloop, imported)
    bad = tmp_path / "more.csv"
    lines = [HEADER,
             "u1,2024-02-01T00:00:00Z,2024-02-01T01:00:00Z,sensor_fault,0.5,proposed,,\n",
             "u2,2024-02-01T00:00:00Z,2024-02-01T01:00:00Z,sensor_fault,0.5,proposed,,\n",
             "u2,2024-02-02T05:00:00Z,2024-02-02T04:00:00Z,sensor_fault,0.5,proposed,,\n",
             "u3,2024-02-01T00:00:00Z,2024-02-01T01:00:00Z,sensor_fault,0.5,proposed,,\n"]
    bad.write_text("".join(lines))
    code, out, err = heatloop("labels", "import", bad, "--workspace", imported, "--json")
    assert code == 2 and out == ""
    assert "more.csv:4: end 2024-02-02T04:00:00Z is not after start" in err
    assert "nothing imported" in err and "more.csv:2" not in err
    assert labels_json(heatloop, imported) == state
    # Every kind of problem is listed, each with its line.
    bad.write_text(HEADER + "u9,2024-02-01T00:00:00Z,2024-02-01T01:00:00Z,sensor_fault,0.5,,,\n"
                   "u1,2024-02-01,2024-02-02,gremlins,1.5,maybe,,\n"
                   "u1,noon,2024-02-02,sensor_fault,0.5,,,\n"
                   + LABELS.splitlines(keepends=True)[1])
    code, _, err = heatloop("labels", "import", bad, "--workspace", imported)
    assert code == 2
    for needle in ("more.csv:2: unknown unit 'u9'", "more.csv:3: confidence 1.5 is outside 0..1",
                   "more.csv:3: unknown status 'maybe'", "more.csv:3: unknown category 'gremlins'",
                   "more.csv:4: start 'noon' is not a time",
                   "more.csv:5: exact duplicate of existing label 1"):
        assert needle in err
    assert "heatloop labels categories add gremlins" in err  # how to add the category
    assert labels_json(heatloop, imported) == state


def test_concurrent_edits_from_one_version_have_one_winner(heatloop, imported):
    binary = os.environ["HEATLOOP_BIN"]
    procs = [subprocess.Popen([binary, "labels", "edit", "3", "--version", "1", "--notes",
                               f"writer {i}", "--workspace", str(imported), "--user", f"w{i}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(6)]
    results = [(p.wait(timeout=60), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    winners = [i for i, (code, _) in enumerate(results) if code == 0]
    assert len(winners) == 1
    for i, (code, err) in enumerate(results):
        if i != winners[0]:
            assert code == 4
            assert "error: label 3: edit based on version 1 but current is 2" in err
    history = json.loads(ok(heatloop("labels", "history", 3, "--workspace", imported, "--json")))
    assert [h["action"] for h in history] == ["import", "edit"]
    assert history[1]["who"] == f"w{winners[0]}"
    assert history[1]["after"]["notes"] == f"writer {winners[0]}"


def test_add_edit_reject_split_and_history(heatloop, imported):
    common = ("--workspace", imported, "--user", "ann", "--json")
    added = json.loads(ok(heatloop("labels", "add", "--unit", "u2", "--start", "2024-03-01",
                                   "--end", "2024-03-02", "--category", "aux_heater_stuck",
                                   "--confidence", 0.8, "--notes", "seen on site", *common)))
    assert added["id"] == 6 and added["source"] == "human" and added["reviewer"] == "ann"
    edited = json.loads(ok(heatloop("labels", "edit", 6, "--version", 1, "--end",
                                    "2024-03-01T12:00:00Z", "--why", "ended at noon", *common)))
    assert edited["end"] == "2024-03-01T12:00:00Z" and edited["version"] == 2
    code, _, err = heatloop("labels", "reject", 6, "--version", 1, *common)
    assert code == 4 and "label 6: reject based on version 1 but current is 2" in err
    code, _, err = heatloop("labels", "confirm", 99, "--version", 1, *common)
    assert code == 3 and "label 99 not found" in err
    ok(heatloop("labels", "reject", 6, "--version", 2, *common))
    ok(heatloop("labels", "split", 5, "--version", 1, "--at", "2024-01-05T04:00:00Z", *common))
    history = json.loads(ok(heatloop("labels", "history", 6, "--workspace", imported, "--json")))
    assert [(h["version"], h["action"], h["who"]) for h in history] == [
        (1, "create", "ann"), (2, "edit", "ann"), (3, "reject", "ann")]
    assert history[1]["why"] == "ended at noon"
    assert history[1]["before"]["end"] == "2024-03-02T00:00:00Z"
    assert history[0]["before"] is None
    text = ok(heatloop("labels", "history", 6, "--workspace", imported))
    assert 'end: "2024-03-02T00:00:00Z" -> "2024-03-01T12:00:00Z"' in text
    statuses = {l["id"]: l["status"] for l in labels_json(heatloop, imported)}
    assert statuses[5] == "superseded" and statuses[7] == statuses[8] == "proposed"
    assert len(labels_json(heatloop, imported, "--revision", 1)) == 5
    code, _, err = heatloop("labels", "list", "--workspace", imported, "--revision", 99)
    assert code == 3 and "revision 99 does not exist" in err


def test_categories_are_extensible(heatloop, imported):
    names = [c["name"] for c in json.loads(ok(heatloop("labels", "categories", "--workspace",
                                                       imported, "--json")))]
    assert {"compressor_failure", "refrigerant_leak", "sensor_fault", "short_cycling",
            "circulation_failure", "aux_heater_stuck", "shower_event"} <= set(names)
    code, _, err = heatloop("labels", "add", "--unit", "u1", "--start", "2024-04-01", "--end",
                            "2024-04-02", "--category", "defrost_failure", "--workspace", imported)
    assert code == 2 and "category 'defrost_failure'" in err
    ok(heatloop("labels", "categories", "add", "defrost_failure", "--description",
                "defrost never ends", "--workspace", imported))
    code, _, err = heatloop("labels", "categories", "add", "defrost_failure", "--workspace",
                            imported)
    assert code == 4 and "already exists" in err
    ok(heatloop("labels", "add", "--unit", "u1", "--start", "2024-04-01", "--end", "2024-04-02",
                "--category", "defrost_failure", "--workspace", imported))


def test_json_import_and_missing_workspace(heatloop, imported, ws, tmp_path):
    exported = ok(heatloop("labels", "export", "--workspace", imported, "--format", "json"))
    labels = json.loads(exported)
    for l in labels:  # a field-visit set: same spans, different notes, no source column
        l["notes"] = "visited"
        del l["source"]
    path = tmp_path / "visit.json"
    path.write_text(json.dumps(labels, indent=2))
    doc = json.loads(ok(heatloop("labels", "import", path, "--workspace", imported,
                                 "--source", "field_visit", "--json")))
    assert doc == {"revision": 2, "imported": 5}
    sources = [l["source"] for l in labels_json(heatloop, imported)]
    assert sources == ["import"] * 5 + ["field_visit"] * 5
    code, _, err = heatloop("labels", "list", "--workspace", tmp_path / "nowhere")
    assert code == 3 and "no such directory" in err
