"""Real hot-water tank exports (issue 13 item 6): temperatures stored on change (a row only
when a value changes), `;` delimiters, decimal commas, naive local times, one file per sensor.
Hand-made fixtures in that shape are in tests/integration/fixtures/tank_exports/.

The grid heatloop stores is read back from the workspace's frame file (docs/workspace.md
"data/<kind>/<id>.g<N>.hlf") and compared cell by cell with an independent sample-and-hold
written here: a cell holds the last reading before its end when that reading's cell is at most
--hold-max / step cells earlier, else it is missing."""

import json
import math
import struct
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

FIXTURES = Path(__file__).parent / "fixtures" / "tank_exports"
STEP_MS = 60_000
ZURICH = ZoneInfo("Europe/Zurich")
TANK_FLAGS = ["--tz", "Europe/Zurich", "--hold-max", "2h"]


def read_export(path):
    """[(ms UTC, value)] of a `timestamp;value` export with local times and decimal commas."""
    rows = []
    for line in path.read_text().splitlines()[1:]:
        stamp, value = line.split(";")
        local = datetime.strptime(stamp, "%d.%m.%Y %H:%M:%S").replace(tzinfo=ZURICH)
        rows.append((int(local.timestamp() * 1000), float(value.replace(",", "."))))
    return rows


def sample_and_hold(readings, start, rows, hold_cells):
    """The expected grid of one channel: `rows` cells of STEP_MS from `start`."""
    out = []
    for i in range(rows):
        cell_end = start + (i + 1) * STEP_MS
        before = [(t, v) for t, v in readings if t < cell_end]
        if not before:
            out.append(None)
            continue
        t, v = before[-1]
        out.append(v if i - (t - start) // STEP_MS <= hold_cells else None)
    return out


def read_frame(ws, unit):
    """(header, {channel: [value or None]}) of a unit's frame file in the workspace."""
    manifest = json.loads((Path(ws) / "data" / "manifest.json").read_text())
    entry = next(u for u in manifest["units"] if u["unit_id"] == unit)
    blob = (Path(ws) / "data" / entry["data"]["file"]).read_bytes()
    assert blob[:8] == b"HLFRAME\0"
    (length,) = struct.unpack_from("<Q", blob, 16)
    header = json.loads(blob[24:24 + length])
    offset = (24 + length + 63) // 64 * 64
    rows = header["rows"]
    values = {}
    for k, name in enumerate(header["channels"]):
        data = struct.unpack_from(f"<{rows}d", blob, offset + k * rows * 8)
        values[name] = [None if math.isnan(x) else x for x in data]
    return header, values


def runs_of_missing(cells, start):
    """Maximal runs of missing cells as (start ISO, end ISO), as inspect reports gaps."""
    iso = lambda ms: datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    runs, i = [], 0
    while i < len(cells):
        if cells[i] is None:
            j = i
            while j < len(cells) and cells[j] is None:
                j += 1
            runs.append((iso(start + i * STEP_MS), iso(start + j * STEP_MS)))
            i = j
        else:
            i += 1
    return runs


def inspect_unit(heatloop, ws, unit):
    code, out, err = heatloop("inspect", "--workspace", ws, "--unit", unit, "--json")
    assert code == 0, err
    return next(u for u in json.loads(out)["units"] if u["unit_id"] == unit)


def test_two_sensor_files_land_on_one_grid_with_values_held(heatloop, tmp_path):
    top, mid = FIXTURES / "hh01__t_tank_top.csv", FIXTURES / "hh01__t_tank_mid.csv"
    ws = tmp_path / "ws"
    code, out, err = heatloop("ingest", top, mid, "--workspace", ws, *TANK_FLAGS, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["hold_max"] == "2h"
    assert [f["format"] for f in report["files"]] == ["signal", "signal"]
    assert report["units_created"] == ["hh01"]

    header, values = read_frame(ws, "hh01")
    assert header["step"] == STEP_MS
    assert set(header["channels"]) == {"t_tank_top", "t_tank_mid"}
    readings = {"t_tank_top": read_export(top), "t_tank_mid": read_export(mid)}
    first = min(r[0][0] for r in readings.values()) // STEP_MS * STEP_MS
    last = max(r[-1][0] for r in readings.values()) // STEP_MS * STEP_MS
    assert header["start"] == first  # 06:00 local = 05:00 UTC
    assert header["rows"] == (last - first) // STEP_MS + 1
    for name, r in readings.items():
        expected = sample_and_hold(r, first, header["rows"], hold_cells=120)
        assert values[name] == expected, name

    # Decimal commas were read as decimals, and a value held across a silence shorter than
    # the hold: t_tank_top 53,9 from 07:30:12 until 09:10:00 local (100 min).
    cell = lambda local: (int(datetime.strptime(local, "%d.%m.%Y %H:%M").replace(
        tzinfo=ZURICH).timestamp() * 1000) - first) // STEP_MS
    assert values["t_tank_top"][cell("05.03.2024 07:30")] == 53.9
    assert values["t_tank_top"][cell("05.03.2024 09:09")] == 53.9
    assert values["t_tank_top"][cell("05.03.2024 09:10")] == 53.5
    # t_tank_top's file ends at 10:45:30 while t_tank_mid reports until 12:05: the last
    # value holds to the unit's end (80 min < 2 h), not cut off where its file ends.
    assert values["t_tank_top"][-1] == 58.0
    assert values["t_tank_mid"][-1] == 46.3

    unit = inspect_unit(heatloop, ws, "hh01")
    channels = {c["name"]: c for c in unit["channels"]}
    assert channels["t_tank_top"]["gaps"] == []
    assert channels["t_tank_top"]["present"] == header["rows"]


def test_silence_longer_than_the_hold_stays_missing(heatloop, tmp_path):
    # t_tank_mid is silent from 07:20 to 12:05 local (4 h 45 min, a dead sensor): its value
    # holds for 2 h, then the channel is missing and a gap until the next reading.
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "hh01__t_tank_top.csv",
                            FIXTURES / "hh01__t_tank_mid.csv", "--workspace", ws, *TANK_FLAGS)
    assert code == 0, err
    header, values = read_frame(ws, "hh01")
    expected = sample_and_hold(read_export(FIXTURES / "hh01__t_tank_mid.csv"), header["start"],
                               header["rows"], hold_cells=120)
    gaps = runs_of_missing(expected, header["start"])
    # 07:20 local = 06:20 UTC; held through 08:20 UTC, missing from 08:21 to 11:05 UTC.
    assert gaps == [("2024-03-05T08:21:00Z", "2024-03-05T11:05:00Z")]
    unit = inspect_unit(heatloop, ws, "hh01")
    mid = next(c for c in unit["channels"] if c["name"] == "t_tank_mid")
    assert [(g["start"], g["end"]) for g in mid["gaps"]] == gaps
    assert values["t_tank_mid"][(11 * 60 + 4) - 5 * 60] is None  # 11:04 UTC
    assert values["t_tank_mid"][(8 * 60 + 20) - 5 * 60] == 40.0  # 08:20 UTC, still held


def test_without_hold_max_on_change_data_is_cut_into_gaps(heatloop, tmp_path):
    # The default 30-minute forward fill is for sampled data: the same export then shows
    # t_tank_top missing between readings 40 min apart. --hold-max is what fixes it.
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "hh01__t_tank_top.csv", "--workspace", ws,
                            "--tz", "Europe/Zurich")
    assert code == 0, err
    top = next(c for c in inspect_unit(heatloop, ws, "hh01")["channels"]
               if c["name"] == "t_tank_top")
    assert top["gaps"], "readings 40+ minutes apart leave gaps under a 30-minute fill"


def test_vendor_named_sensor_files_in_one_ingest(heatloop, tmp_path):
    # Files named by the vendor, the sensor in the value column's header: --map names the
    # timestamp and the channels, --signal-unit the household.
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "Speicher_oben.csv",
                            FIXTURES / "Speicher_mitte.csv", "--workspace", ws,
                            "--map", "Zeitstempel=timestamp", "--map", "Speicher oben=t_tank_top",
                            "--map", "Speicher mitte=t_tank_mid", "--signal-unit", "hh02",
                            *TANK_FLAGS)
    assert code == 0, err
    header, values = read_frame(ws, "hh02")
    start = datetime(2024, 3, 5, 5, 0, tzinfo=timezone.utc)  # 06:00 local
    assert header["start"] == int(start.timestamp() * 1000)
    assert values["t_tank_top"][0] == 55.2 and values["t_tank_mid"][0] == 49.9
    # 55,2 holds 2 h (06:00-08:00 local), then t_tank_top is missing until 08:12:44.
    assert values["t_tank_top"][120] == 55.2 and values["t_tank_top"][121] is None
    assert values["t_tank_top"][132] == 54.9
    assert values["t_tank_top"][-1] == 60.1 and values["t_tank_mid"][-1] == 51.0
    # 42,3 from 06:35 holds until the next reading at 08:31:10 (116 min < 2 h).
    assert all(v == 42.3 for v in values["t_tank_mid"][35:151])


def test_bad_value_names_file_line_and_field(heatloop, tmp_path, tree_digest):
    bad = tmp_path / "hh01__t_tank_top.csv"
    text = (FIXTURES / "hh01__t_tank_top.csv").read_text()
    bad.write_text(text.replace("53,9", "53,9x"))
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "hh01__t_tank_mid.csv", bad,
                            "--workspace", ws, *TANK_FLAGS)
    assert code == 2, err
    message = "hh01__t_tank_top.csv:5:2: channel t_tank_top: expected a number, got '53,9x'"
    assert message in err, err
    assert tree_digest(ws) == {}, "a failed first ingest leaves no workspace behind"


def test_failed_ingest_leaves_the_workspace_unchanged(heatloop, tmp_path, tree_digest):
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "hh01__t_tank_top.csv", "--workspace", ws,
                            *TANK_FLAGS)
    assert code == 0, err
    before = tree_digest(ws)
    bad = tmp_path / "hh01__t_tank_bottom.csv"
    bad.write_text("timestamp;value\n05.03.2024 06:00:00;31,0\n05.03.2024 06:10:00;;\n")
    code, _, err = heatloop("ingest", FIXTURES / "hh01__t_tank_mid.csv", bad,
                            "--workspace", ws, *TANK_FLAGS)
    assert code == 2, err
    assert "hh01__t_tank_bottom.csv:3" in err, err
    assert tree_digest(ws) == before


def test_hold_max_must_be_positive(heatloop, tmp_path):
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "hh01__t_tank_top.csv", "--workspace", ws,
                            "--tz", "Europe/Zurich", "--hold-max", "0s")
    assert code == 2
    assert "--hold-max 0s: must be positive" in err
    assert not ws.exists()
