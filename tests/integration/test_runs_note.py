"""`heatloop runs note`: print, save, conflict, bad input, stdin and history (the CLI over
RunStore's notes; the store itself is tested in tests/unit/tracking/run_notes_test.cpp)."""

import json
import subprocess
import os


def test_runs_note_saves_versions_refuses_stale_and_bad_input(heatloop, tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    code, out, err = heatloop("runs", "log", "--workspace", ws, "--name", "noted", "--json")
    assert code == 0, err
    run = json.loads(out)["run_id"]

    code, out, err = heatloop("runs", "note", run[:8], "--workspace", ws)
    assert code == 0, err
    assert "has no note" in out

    code, out, err = heatloop("runs", "note", run, "--workspace", ws, "--set", "first\nline 2",
                              "--user", "alice", "--json")
    assert code == 0, err
    note = json.loads(out)
    assert (note["version"], note["text"], note["author"]) == (1, "first\nline 2", "alice")

    # A stale version: exit 4, nothing stored.
    code, out, err = heatloop("runs", "note", run, "--workspace", ws, "--set", "late",
                              "--version", "0", "--user", "bob")
    assert code == 4, (out, err)
    assert "you edited version 0, it is at version 1 (saved by alice)" in err

    # Too long and not UTF-8: exit 2 naming the reason, nothing stored.
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * (64 * 1024 + 1))
    code, out, err = heatloop("runs", "note", run, "--workspace", ws, "--file", big)
    assert code == 2 and "65537 bytes long, at most 65536" in err, err
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"caf\xe9 au lait")
    code, out, err = heatloop("runs", "note", run, "--workspace", ws, "--file", bad)
    assert code == 2 and "not valid UTF-8 (byte 3" in err, err
    code, out, err = heatloop("runs", "note", run, "--workspace", ws, "--file", tmp_path / "none")
    assert code == 3, err

    # From stdin, based on the current version by default; "" clears (a version too).
    proc = subprocess.run([os.environ["HEATLOOP_BIN"], "runs", "note", run, "--workspace", str(ws),
                           "--file", "-", "--user", "bob"], input="from **stdin**\n",
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "note version 2 saved by bob" in proc.stdout
    code, out, err = heatloop("runs", "note", run, "--workspace", ws, "--set", "", "--user", "c")
    assert code == 0, err

    code, out, err = heatloop("runs", "note", run, "--workspace", ws, "--history", "--json")
    assert code == 0, err
    history = json.loads(out)
    assert [(n["version"], n["text"], n["author"]) for n in history] == [
        (1, "first\nline 2", "alice"), (2, "from **stdin**\n", "bob"), (3, "", "c")]
    assert all(n["written_at"].endswith("Z") for n in history)
    code, out, err = heatloop("runs", "note", run, "--workspace", ws, "--history", "--set", "x")
    assert code != 0 and "excludes" in err.lower(), err
