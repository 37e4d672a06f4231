"""Bad input: a failed ingest names file:line:column and leaves the workspace byte-identical
(or not created at all); --on-error skip reports the problem and carries on."""

import json

import pytest

GOOD = "timestamp,unit_id,t_supply,t_return\n2024-01-01T00:00:00Z,u1,35,30\n"
BAD = (
    "timestamp,unit_id,t_supply,t_return\n"
    "2024-01-01T01:00:00Z,u1,35,30\n"
    "2024-01-01T01:01:00Z,u1,35.5,30\n"
    "2024-01-01T01:02:00Z,u2,36,31\n"
    "2024-01-01T01:03:00Z,u2,abc,31\n"  # line 5, column 3
    "2024-01-01T01:04:00Z,u2,37,32\n"
)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "good.csv").write_text(GOOD)
    (tmp_path / "name.csv").write_text(BAD)
    (tmp_path / "more.csv").write_text(GOOD.replace("00:00:00", "00:30:00").replace("u1", "u9"))
    return tmp_path


def test_bad_value_fails_and_leaves_workspace_identical(heatloop, files, tree_digest):
    ws = files / "ws"
    code, _, err = heatloop("ingest", files / "good.csv", "--workspace", ws)
    assert code == 0, err
    before = tree_digest(ws)
    assert "data/manifest.json" in before

    code, out, err = heatloop("ingest", files / "more.csv", files / "name.csv", "--workspace", ws)
    assert code == 2
    assert "name.csv:5:3" in err and "abc" in err
    assert err.startswith("error: ")
    assert out == ""
    assert tree_digest(ws) == before  # byte-identical, no staging left behind


def test_failed_first_ingest_creates_no_workspace(heatloop, files):
    ws = files / "new" / "ws"
    code, _, err = heatloop("ingest", files / "good.csv", files / "name.csv", "--workspace", ws)
    assert code == 2 and "name.csv:5:3" in err
    assert not (files / "new").exists()


def test_missing_file_fails_cleanly(heatloop, files):
    code, _, err = heatloop("ingest", files / "good.csv", files / "nope.csv",
                            "--workspace", files / "ws")
    assert code == 3 and "nope.csv" in err
    assert not (files / "ws").exists()


def test_on_error_skip_reports_and_continues(heatloop, files):
    ws = files / "ws"
    code, out, err = heatloop("ingest", files / "name.csv", files / "good.csv",
                              "--workspace", ws, "--on-error", "skip", "--json")
    assert code == 0, err
    report = json.loads(out)
    name = next(f for f in report["files"] if f["file"].endswith("name.csv"))
    assert name["status"] == "ingested"
    assert name["skipped_count"] == 1
    problem = name["skipped"][0]
    assert (problem["line"], problem["column"]) == (5, 3)
    assert "name.csv:5:3" in problem["message"]
    assert report["totals"]["problems_skipped"] == 1

    code, out, _ = heatloop("inspect", "--workspace", ws, "--json")
    u2 = next(u for u in json.loads(out)["units"] if u["unit_id"] == "u2")
    supply = next(c for c in u2["channels"] if c["name"] == "t_supply")
    assert supply["present"] == 3  # 01:02, 01:03 (filled over the bad value), 01:04


def test_on_error_skip_human_summary_and_unreadable_file(heatloop, files):
    (files / "junk.csv").write_text("nothing,we,know\n1,2,3\n")
    code, out, err = heatloop("ingest", files / "name.csv", files / "junk.csv",
                              "--workspace", files / "ws", "--on-error", "skip")
    assert code == 0, err
    assert "skipped" in out and "name.csv:5:3" in out
    assert "failed" in out
    assert "warning:" in err and "junk.csv" in err


def test_bad_options(heatloop, files):
    code, _, err = heatloop("ingest", files / "good.csv", "--workspace", files / "ws",
                            "--resample", "fast")
    assert code == 2 and "fast" in err
    code, _, err = heatloop("ingest", files / "good.csv", "--workspace", files / "ws",
                            "--map", "no-equals-sign")
    assert code == 2 and "no-equals-sign" in err
    code, _, err = heatloop("ingest", files / "good.csv", "--workspace", files / "ws",
                            "--tz", "Mars/Olympus")
    assert code == 2 and "Mars/Olympus" in err
    assert not (files / "ws").exists()


def test_foreign_directory_is_refused(heatloop, files):
    home = files / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine")
    code, _, err = heatloop("ingest", files / "good.csv", "--workspace", home)
    assert code == 2 and "not a heatloop workspace" in err
    assert sorted(p.name for p in home.iterdir()) == ["notes.txt"]
