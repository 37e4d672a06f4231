"""`heatloop bench failures` end to end on a small simulated fleet."""

import json
import os
import subprocess

import pytest


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    """A workspace with 3 simulated units (21 days) and their noisy labels imported."""
    binary = os.environ["HEATLOOP_BIN"]
    base = tmp_path_factory.mktemp("bench")
    data, ws = base / "d", base / "ws"

    def run(*args):
        subprocess.run([binary, *map(str, args)], check=True, capture_output=True)

    run("simulate", "--units", 3, "--days", 21, "--seed", 3, "--out", data)
    run("ingest", data / "units.csv", data / "sensors.csv", data / "weather.csv",
        "--workspace", ws)
    run("labels", "import", data / "labels_initial.csv", "--workspace", ws)
    return ws


def test_bench_failures_json_and_report(heatloop, fleet, tmp_path):
    out = tmp_path / "bench"
    code, stdout, stderr = heatloop("bench", "failures", "--workspace", fleet,
                                    "--detectors", "time_off_threshold,spectral",
                                    "--json", "--out", out)
    assert code == 0, stderr
    result = json.loads(stdout)
    assert result["format_version"] == 1
    assert result["options"]["failures_per_unit"] == 3
    assert result["options"]["deadline"] == "6h"
    assert len(result["units"]) == 3
    assert all(u["tau_source"] in ("fitted", "default") and u["tau_h"] > 0
               for u in result["units"])
    failures = result["failures"]
    assert 1 <= len(failures) <= 9
    assert sum(u["failures"] for u in result["units"]) == len(failures)
    assert [d["detector"] for d in result["detectors"]] == ["time_off_threshold", "spectral"]
    for d in result["detectors"]:
        assert d["error"] is None, d["error"]
        k = d["kpis"]
        assert k["injected"] == len(failures)
        assert 0 <= k["within_deadline"] <= k["detected"] <= k["injected"]
        assert len(d["outcomes"]) == len(failures)
        assert sum(o["detected"] for o in d["outcomes"]) == k["detected"]
        delays = [o["delay_h"] for o in d["outcomes"] if o["detected"]]
        assert all(0 <= x < 24 for x in delays)
        assert k["false_alarms"] >= 0 and k["false_alarms_per_unit_month"] >= 0
        assert d["curve"], "the threshold sweep has points"
        assert d["operating_point"]["quantile"] is None
        assert d["config"].endswith(".toml (built in)")
    # Stopped consumption is what the time-off threshold is made for.
    time_off = result["detectors"][0]["kpis"]
    assert time_off["detected"] == time_off["injected"]

    saved = json.loads((out / "results.json").read_text())
    assert saved["failures"] == failures
    html = (out / "report.html").read_text()
    assert "<svg" in html and "<script" not in html
    assert "time_off_threshold" in html and "spectral" in html


def test_bench_failures_table_and_default_out(heatloop, fleet):
    code, stdout, stderr = heatloop("bench", "failures", "--workspace", fleet,
                                    "--detectors", "time_off_threshold",
                                    "--failures-per-unit", 1, "--seed", 5)
    assert code == 0, stderr
    assert "time_off_threshold" in stdout and "FA/unit-mo" in stdout
    reports = list((fleet / "bench").glob("failures-*/report.html"))
    assert len(reports) == 1


def test_bench_failures_rejects_unknown_detector(heatloop, fleet, tmp_path):
    code, _, stderr = heatloop("bench", "failures", "--workspace", fleet,
                               "--detectors", "nope", "--out", tmp_path / "x")
    assert code == 2
    assert "nope" in stderr and "time_off_threshold" in stderr
