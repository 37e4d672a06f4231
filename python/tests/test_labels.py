"""The label store: list (now, at a revision, as of a time), changes with versions, stale
edits raising ConflictError, history, import, categories."""

import time

import pandas as pd
import pytest

import heatloop


def test_labels_frame(ws):
    df = ws.labels()
    assert df.index.name == "id"
    assert list(df.index) == [1, 2]
    assert list(df["unit_id"]) == ["unit-0002", "unit-0003"]
    assert list(df["category"]) == ["refrigerant_leak", "short_cycling"]
    assert df["start"].iloc[0] == pd.Timestamp("2024-01-02T17:45:00Z")
    assert str(df["start"].dt.tz) == "UTC"
    assert (df["end"] > df["start"]).all()
    assert (df["version"] == 1).all()
    assert df.attrs["revision"] == 1


def test_add_confirm_reject_edit_with_versions(ws):
    added = ws.add_label("unit-0001", "2024-01-10T00:00:00Z", "2024-01-10T06:00:00Z",
                         "sensor_fault", confidence=0.8, notes="looks stuck", user="alice",
                         why="seen in the plot")
    assert added["version"] == 1 and added["status"] == "proposed"
    assert added["start"] == pd.Timestamp("2024-01-10T00:00:00Z")
    confirmed = ws.confirm_label(added["id"], 1, user="bob")
    assert confirmed["status"] == "confirmed" and confirmed["version"] == 2
    assert confirmed["reviewer"] == "bob"
    edited = ws.edit_label(added["id"], 2, end="2024-01-10T08:00:00Z", notes="longer",
                           user="bob")
    assert edited["version"] == 3
    assert edited["end"] == pd.Timestamp("2024-01-10T08:00:00Z")
    rejected = ws.reject_label(added["id"], 3, user="carol")
    assert rejected["status"] == "rejected"
    assert ws.label(added["id"])["version"] == 4


def test_stale_version_raises_conflict_and_changes_nothing(ws):
    label = ws.label(1)
    ws.reject_label(1, label["version"], user="alice")
    with pytest.raises(heatloop.ConflictError, match="version"):
        ws.edit_label(1, label["version"], notes="based on an old version", user="bob")
    assert ws.label(1)["notes"] == label["notes"]
    assert ws.label(1)["status"] == "rejected"


def test_history(ws):
    ws.reject_label(2, 1, user="alice", why="checked")
    h = ws.history(2)
    assert list(h["action"]) == ["import", "reject"]
    assert list(h["version"]) == [1, 2]
    assert h["who"].iloc[1] == "alice" and h["why"].iloc[1] == "checked"
    assert h["before"].iloc[0] is None
    assert h["after"].iloc[1]["status"] == "rejected"
    assert str(h["at"].dt.tz) == "UTC"


def test_revisions_and_as_of(ws):
    before = pd.Timestamp.now(tz="UTC")
    time.sleep(0.01)
    ws.delete_label(2, 1, user="alice")
    assert list(ws.labels().index) == [1]
    assert ws.labels().attrs["revision"] == 2
    assert list(ws.labels(revision=1).index) == [1, 2]
    assert list(ws.labels(as_of=before).index) == [1, 2]
    assert list(ws.labels(unit="unit-0002")["unit_id"]) == ["unit-0002"]
    assert ws.labels(revision=1).attrs["revision"] == 1
    with pytest.raises(KeyError):
        ws.labels(revision=99)


def test_label_errors(ws):
    with pytest.raises(KeyError, match="42"):
        ws.label(42)
    with pytest.raises(KeyError):
        ws.confirm_label(42, 1, user="alice")
    with pytest.raises(KeyError, match="unit-9999"):
        ws.add_label("unit-9999", "2024-01-01", "2024-01-02", "sensor_fault", user="a")
    with pytest.raises(ValueError, match="categor"):
        ws.add_label("unit-0001", "2024-01-01", "2024-01-02", "no_such_category", user="a")
    with pytest.raises(ValueError, match="status"):
        ws.labels(status="maybe")
    with pytest.raises(ValueError, match="NUL"):
        ws.add_label("unit-0001", "2024-01-01", "2024-01-02", "sensor_fault",
                     notes="a\x00b", user="a")


def test_import_all_or_nothing(ws, tmp_path):
    bad = tmp_path / "labels.csv"
    bad.write_text("unit_id,start,end,category\n"
                   "unit-0001,2024-01-08T00:00:00Z,2024-01-08T01:00:00Z,sensor_fault\n"
                   "unit-0001,2024-01-09T00:00:00Z,2024-01-08T01:00:00Z,sensor_fault\n")
    with pytest.raises(ValueError, match="labels.csv:3"):
        ws.import_labels(bad, user="alice")
    assert len(ws.labels()) == 2
    good = tmp_path / "good.csv"
    good.write_text("unit_id,start,end,category\n"
                    "unit-0001,2024-01-08T00:00:00Z,2024-01-08T01:00:00Z,sensor_fault\n")
    assert ws.import_labels(good, user="alice") == {"revision": 2, "imported": 1}


def test_categories(ws):
    cats = ws.categories()
    assert "sensor_fault" in cats and isinstance(cats["sensor_fault"], str)
