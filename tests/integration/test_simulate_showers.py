"""Ground truth of hot-water use: `heatloop simulate` writes every draw to draws.csv and
one shower_event label per shower to labels_showers.csv; the labels import into the label
store and `labels list` shows them at the showers' times."""

import csv
import json
from collections import Counter
from datetime import datetime


def _rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def _minutes(start, end):
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (parse(end) - parse(start)).total_seconds() / 60.0


def test_simulate_draws_then_import_showers_as_labels(heatloop, tmp_path):
    out = tmp_path / "d"
    code, stdout, err = heatloop("simulate", "--units", 3, "--days", 10, "--seed", 4,
                                 "--households", 0, "--out", out, "--json")
    assert code == 0, err
    summary = json.loads(stdout)
    files = {f["name"]: f for f in summary["files"]}
    assert {"draws.csv", "labels_showers.csv"} <= set(files)

    draws = _rows(out / "draws.csv")
    assert list(draws[0].keys()) == ["unit_id", "start", "end", "kind", "volume_l",
                                     "flow_l_min", "temp_c"]
    assert files["draws.csv"]["rows"] == len(draws)
    kinds = Counter(d["kind"] for d in draws)
    assert set(kinds) <= {"shower", "bath", "tap"}
    assert dict(summary["draws"]) == {k: kinds.get(k, 0) for k in ("bath", "shower", "tap")}
    assert kinds["shower"] >= 10 and kinds["tap"] >= 20
    for d in draws:
        assert d["unit_id"] in {"unit-0001", "unit-0002", "unit-0003"}
        assert "2024-01-01T00:00:00Z" <= d["start"] < "2024-01-11T00:00:00Z"
        assert d["start"] < d["end"]
        volume = float(d["flow_l_min"]) * _minutes(d["start"], d["end"])
        assert abs(float(d["volume_l"]) - volume) < 0.02

    showers = [d for d in draws if d["kind"] == "shower"]
    labels_file = _rows(out / "labels_showers.csv")
    assert summary["labels_showers"] == len(labels_file) == len(showers)

    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", out / "units.csv", out / "sensors.csv", "--workspace", ws)
    assert code == 0, err
    code, stdout, err = heatloop("labels", "import", out / "labels_showers.csv",
                                 "--workspace", ws, "--json")
    assert code == 0, err
    assert json.loads(stdout)["imported"] == len(showers)

    code, stdout, err = heatloop("labels", "list", "--workspace", ws, "--json")
    assert code == 0, err
    listed = json.loads(stdout)
    assert len(listed) == len(showers)
    assert {l["category"] for l in listed} == {"shower_event"}
    assert {l["status"] for l in listed} == {"confirmed"}
    got = sorted((l["unit_id"], l["start"], l["end"]) for l in listed)
    want = sorted((d["unit_id"], d["start"], d["end"]) for d in showers)
    assert got == want

    # One unit's showers only, as a reviewer would list them.
    code, stdout, err = heatloop("labels", "list", "--workspace", ws, "--unit", "unit-0002",
                                 "--json")
    assert code == 0, err
    assert sorted(l["start"] for l in json.loads(stdout)) == sorted(
        d["start"] for d in showers if d["unit_id"] == "unit-0002")
