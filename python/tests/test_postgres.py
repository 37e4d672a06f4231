"""The package on PostgreSQL: Workspace(path, db="postgresql://...") keeps labels and runs in
a real PostgreSQL server. `make test-python` runs the suite inside scripts/with-postgres.sh,
which starts a throwaway server and exports HEATLOOP_PG_URL; without it these tests fail
(never skip). Each test gets its own schema (search_path in the URL), dropped afterwards."""

import os
import shutil
import subprocess
import uuid

import pandas as pd
import pytest

import heatloop
from conftest import IFOREST, REPO


def psql(url: str, sql: str) -> str:
    out = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.fixture(scope="module")
def pg_base() -> str:
    url = os.environ.get("HEATLOOP_PG_URL", "")
    if not url.startswith("postgresql://"):
        pytest.fail("HEATLOOP_PG_URL is not set: run the Python suite inside "
                    "scripts/with-postgres.sh (as `make test-python` does)")
    return url


@pytest.fixture
def pg_url(pg_base):
    """A fresh schema of the test database, as a URL whose search_path is that schema."""
    schema = f"py_{uuid.uuid4().hex[:12]}"
    psql(pg_base, f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in pg_base else "?"
    yield f"{pg_base}{sep}options=-csearch_path%3D{schema}", schema
    psql(pg_base, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def pg_ws(base_ws, tmp_path, pg_url, fleet):
    """The base workspace's data with its labels and runs on PostgreSQL."""
    path = tmp_path / "ws"
    shutil.copytree(base_ws, path)
    (path / "heatloop.db").unlink()
    url, schema = pg_url
    with heatloop.Workspace(path, db=url) as w:
        assert w.import_labels(fleet / "labels_initial.csv", user="tester")["imported"] > 0
        yield w, url, schema


def test_labels_live_in_postgres(pg_ws, pg_base):
    w, url, schema = pg_ws
    labels = w.labels()
    assert len(labels) > 0
    assert int(psql(pg_base, f"SELECT count(*) FROM {schema}.labels")) == len(labels)
    first = labels.index[0]
    version = int(labels.loc[first, "version"])
    edited = w.edit_label(first, version, notes="seen on PostgreSQL", user="pg")
    assert edited["version"] == version + 1
    with pytest.raises(heatloop.ConflictError):
        w.edit_label(first, version, notes="stale")
    rejected = w.reject_label(first, edited["version"], user="pg")
    assert rejected["status"] == "rejected"
    assert list(w.history(first)["action"])[-2:] == ["edit", "reject"]
    # No SQLite file was made: the workspace's database is the server.
    assert not os.path.exists(os.path.join(w.path, "heatloop.db"))
    # Another connection (another process, another machine) sees the same store.
    with heatloop.Workspace(w.path, db=url) as other:
        assert other.label(first)["notes"] == "seen on PostgreSQL"
        assert other.labels().attrs["revision"] == w.labels().attrs["revision"]


def test_a_failed_import_leaves_postgres_as_it_was(pg_ws, tmp_path):
    w, _, _ = pg_ws
    before = w.labels()
    bad = tmp_path / "bad.csv"
    bad.write_text("unit_id,start,end,category\nunit-0001,2024-01-02T00:00:00Z,"
                   "2024-01-02T01:00:00Z,sensor_drift\nunit-0001,not a time,,x\n")
    with pytest.raises(ValueError, match="bad.csv"):
        w.import_labels(bad)
    pd.testing.assert_frame_equal(w.labels(), before)


def test_runs_live_in_postgres(pg_ws, pg_base):
    w, url, schema = pg_ws
    a = w.run(IFOREST, threads=2)

    class Deviation:
        name = "pg_deviation"

        def fit(self, frames):
            self.mean = pd.concat([f["t_supply"] for f in frames]).mean()

        def score(self, frame):
            return (frame["t_supply"] - self.mean).abs().to_numpy()

    b = w.run({**IFOREST, "name": "py-on-pg", "model": {}}, model=Deviation())
    assert int(psql(pg_base, f"SELECT count(*) FROM {schema}.runs")) == 2
    with heatloop.Workspace(w.path, db=url) as other:
        runs = other.runs()
        assert set(runs.index) == {a.id, b.id}
        assert set(runs["status"]) == {"FINISHED"}
        assert other.get_run(b.id).params()["model"] == "pg_deviation"
        assert len(other.get_run(a.id).metrics()) > 0
    # Re-evaluated against a newer label revision, recorded on the server.
    first = w.labels().index[0]
    w.reject_label(first, int(w.label(first)["version"]))
    ev = w.evaluate(a)
    assert ev["revision"] == w.labels().attrs["revision"]
    c = w.compare(a, b)
    assert c["baseline_run"] == a.id and c["candidate_run"] == b.id


def test_an_unreachable_server_is_an_os_error(tmp_path):
    w = heatloop.Workspace(tmp_path, db="postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(OSError, match="127.0.0.1"):
        w.labels()
