"""Hostile input to `heatloop labels` (issue 10, items 9 and 13): text that is not UTF-8 or
holds a NUL in --why/--user, label files and fields is an input error (exit 2, file:line:column
and reason) that leaves the store as it was; text an older heatloop stored anyway is repaired
on read; numbers beyond double, -0 confidences and out-of-range --version are handled; the
CLI prints whole error messages, NUL and control characters shown visibly."""

import json
import os
import sqlite3
import subprocess

import pytest

UNITS = "unit_id,type,location\nu1,ASHP,Bern\nu2,GSHP,Bern\n"
HEADER = "unit_id,start,end,category,confidence,status,reviewer,notes\n"
ROW = "u1,2024-01-01T06:00:00Z,2024-01-01T12:00:00Z,sensor_fault,0.90,proposed,ann,fine\n"


def run(*args):
    """Runs the CLI with arguments that may be bytes (not UTF-8): (code, stdout, stderr)."""
    argv = [os.fsencode(os.environ["HEATLOOP_BIN"])]
    argv += [a if isinstance(a, bytes) else os.fsencode(str(a)) for a in args]
    p = subprocess.run(argv, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def ok(result):
    code, out, err = result
    assert code == 0, f"exit {code}: {err}"
    return out


@pytest.fixture
def ws(tmp_path):
    (tmp_path / "units.csv").write_text(UNITS)
    ws = tmp_path / "ws"
    ok(run("ingest", tmp_path / "units.csv", "--workspace", ws))
    (tmp_path / "labels.csv").write_text(HEADER + ROW)
    ok(run("labels", "import", tmp_path / "labels.csv", "--workspace", ws))
    return ws


def history_rows(ws):
    with sqlite3.connect(ws / "heatloop.db") as db:
        return db.execute("SELECT COUNT(*) FROM label_history").fetchone()[0], \
            db.execute("SELECT COUNT(*) FROM label_revisions").fetchone()[0]


def test_an_invalid_why_or_user_is_refused_and_never_stored(ws):
    before = history_rows(ws)
    code, _, err = run("labels", "confirm", 1, "--version", 1, "--workspace", ws,
                       "--why", b"broken \xff reason")
    assert code == 2, err
    assert "why: not valid UTF-8 (byte 0xFF at byte 8): 'broken <0xFF> reason'" in err
    code, _, err = run("labels", "reject", 1, "--version", 1, "--workspace", ws,
                       "--user", b"\xc3(")
    assert code == 2 and "who: not valid UTF-8" in err, err
    code, _, err = run("labels", "edit", 1, "--version", 1, "--workspace", ws,
                       "--notes", b"caf\xe9")
    assert code == 2 and "notes: not valid UTF-8" in err, err
    assert history_rows(ws) == before
    # The history reads (and prints as JSON) as before.
    history = json.loads(ok(run("labels", "history", 1, "--workspace", ws, "--json")))
    assert [e["action"] for e in history] == ["import"]


def test_text_an_older_heatloop_stored_is_repaired_on_read(ws):
    # What `labels confirm --why $'\xff'` used to leave in the append-only history.
    ok(run("labels", "confirm", 1, "--version", 1, "--workspace", ws, "--why", "ok"))
    # The history is append-only (triggers refuse UPDATE): the old store is simulated by
    # rewriting it with the triggers gone, as text (CAST), as the old binary wrote it.
    with sqlite3.connect(ws / "heatloop.db") as db:
        db.execute("DROP TRIGGER label_history_no_update")
        db.execute("DROP TRIGGER label_revisions_no_update")
        db.execute("UPDATE label_history SET why = CAST(? AS TEXT), who = CAST(? AS TEXT) "
                   "WHERE version = 2", (b"old \xff why", b"b\xffo"))
        db.execute("UPDATE label_revisions SET why = CAST(? AS TEXT) WHERE revision = 2",
                   (b"old \xff why",))
    code, out, err = run("labels", "history", 1, "--workspace", ws, "--json")
    assert code == 0, err
    history = json.loads(out)
    assert history[1]["why"] == "old \ufffd why"
    assert history[1]["who"] == "b\ufffdo"
    code, out, err = run("labels", "history", 1, "--workspace", ws)
    assert code == 0 and "old \ufffd why" in out, err


def stored(ws):
    """What the store holds: the labels as JSON and the history and revision row counts."""
    return ok(run("labels", "list", "--workspace", ws, "--json")), history_rows(ws)


def test_label_files_with_bad_text_name_line_and_column_and_import_nothing(ws, tmp_path):
    before = stored(ws)
    bad = tmp_path / "bad.csv"
    bad.write_bytes((HEADER + ROW.replace("fine", "second")).encode()
                    + b"u2,2024-01-02T00:00:00Z,2024-01-02T01:00:00Z,sensor_fault,1,,,caf\xe9\n")
    code, _, err = run("labels", "import", bad, "--workspace", ws)
    assert code == 2, err
    assert "bad.csv:3:8: notes: not valid UTF-8 (byte 0xE9 at byte 4): 'caf<0xE9>'" in err
    js = tmp_path / "bad.json"
    js.write_text('[\n {"unit_id": "u1", "start": "2024-01-05", "end": "2024-01-06",\n'
                  '  "category": "sensor_fault", "confidence": 1e309}\n]\n')
    code, _, err = run("labels", "import", js, "--workspace", ws)
    assert code == 2, err
    assert "bad.json:3:45: number 1e309 is out of range" in err
    utf = tmp_path / "bad_utf8.json"
    utf.write_bytes(b'[{"unit_id": "u1", "start": "2024-01-05", "end": "2024-01-06", '
                    b'"category": "sensor_fault", "notes": "\xff"}]')
    code, _, err = run("labels", "import", utf, "--workspace", ws)
    assert code == 2 and "bad_utf8.json:1:102: not valid UTF-8 (byte 0xFF)" in err, err
    assert stored(ws) == before


def test_a_nul_in_an_error_message_does_not_cut_it_short(ws, tmp_path):
    js = tmp_path / "nul_key.json"
    js.write_text('[{"unit_id": "u1", "start": "2024-01-05", "end": "2024-01-06", '
                  '"category": "sensor_fault", "no\\u0000tes": "x"}]')
    code, _, err = run("labels", "import", js, "--workspace", ws)
    assert code == 2, err
    # The message goes on past the NUL, which shows as <U+0000>.
    assert "unknown column 'no<U+0000>tes' (expected unit_id,start,end" in err, err
    assert "\x00" not in err


def test_negative_zero_confidence_is_stored_as_zero(ws, tmp_path):
    f = tmp_path / "zero.csv"
    f.write_text(HEADER + "u2,2024-01-03T00:00:00Z,2024-01-03T01:00:00Z,sensor_fault,-0.0,,,\n")
    ok(run("labels", "import", f, "--workspace", ws))
    ok(run("labels", "add", "--unit", "u2", "--start", "2024-01-04T00:00:00Z", "--end",
           "2024-01-04T01:00:00Z", "--category", "sensor_fault", "--confidence", "-0",
           "--workspace", ws, "--user", "ann"))
    out = ok(run("labels", "list", "--workspace", ws, "--json", "--unit", "u2"))
    assert [l["confidence"] for l in json.loads(out)] == [0.0, 0.0]
    assert '"confidence": -0' not in out
    assert ",0.00,proposed" in ok(run("labels", "export", "--workspace", ws, "--unit", "u2"))
    # -0 and 0 are the same confidence: importing the file again finds the exact duplicate
    # (SQLite reads the stored -0 back as 0; a -0 kept in memory would miss it).
    code, _, err = run("labels", "import", f, "--workspace", ws)
    assert code == 2 and "exact duplicate of existing label" in err, err


def test_integer_options_out_of_range_are_errors_not_clamped(ws):
    for args in (["confirm", 1, "--version", "99999999999999999999"],
                 ["history", "99999999999999999999"],
                 ["list", "--revision", "99999999999999999999"]):
        code, _, err = run("labels", *args, "--workspace", ws)
        assert code == 2, (args, err)
        assert "99999999999999999999 is out of range (at most 9223372036854775807)" in err, err
    code, _, err = run("labels", "confirm", 1, "--version", "0x1", "--workspace", ws)
    assert code == 2 and "'0x1' is not a whole number" in err, err
    # Nothing was confirmed by a clamped or reinterpreted version.
    labels = json.loads(ok(run("labels", "list", "--workspace", ws, "--json")))
    assert labels[0]["status"] == "proposed" and labels[0]["version"] == 1
    # Leading zeros are decimal (CLI11 alone reads 010 as octal 8).
    code, _, err = run("labels", "confirm", 1, "--version", "010", "--workspace", ws)
    assert code == 4 and "based on version 10 but current is 1" in err, err
    ok(run("labels", "confirm", "001", "--version", "01", "--workspace", ws))
