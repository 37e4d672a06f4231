"""Real exports in the shapes vendors and utilities produce (issue 10), each from a small
hand-made fixture in tests/integration/fixtures/, and hostile input that must be refused
with a clear error (exit 2), before anything is allocated or stored."""

import gzip
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def inspect(heatloop, ws, unit=None):
    args = ["inspect", "--workspace", ws, "--json"]
    if unit:
        args += ["--unit", unit]
    code, out, err = heatloop(*args)
    assert code == 0, err
    return json.loads(out)


def channel(report, unit_id, name):
    unit = next(u for u in report["units"] if u["unit_id"] == unit_id)
    return next(c for c in unit["channels"] if c["name"] == name)


# 1. --signal-unit / --signal-channel, as the README documents them.
def test_signal_unit_and_channel_flags(heatloop, tmp_path):
    src = tmp_path / "export.csv"
    src.write_text("timestamp,value\n2024-01-01T00:00:00Z,41\n2024-01-01T00:01:00Z,42\n")
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", src, "--workspace", ws, "--format", "signal",
                            "--signal-unit", "hp1", "--signal-channel", "t_return")
    assert code == 0, err
    c = channel(inspect(heatloop, ws), "hp1", "t_return")
    assert (c["min"], c["max"]) == (41, 42)


# 2. A vendor export: trailing delimiter, soft hyphens and no-break spaces in names, the
# sentinel -32768 for missing, a footer line.
VENDOR_FLAGS = ["--map", "Zeit=timestamp", "--map", "Vorlauf BT2=t_supply", "--tz",
                "Europe/Berlin", "--signal-unit", "hp7", "--missing", "-32768"]


def test_vendor_export_with_documented_options(heatloop, tmp_path):
    ws = tmp_path / "ws"
    code, out, err = heatloop("ingest", FIXTURES / "vendor_export.csv", "--workspace", ws,
                              *VENDOR_FLAGS, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["files"][0]["footer_lines"] == 1
    assert "GMT+0100" in report["files"][0]["footer"]
    assert "footer" in err  # a warning names the footer line that was ignored
    data = inspect(heatloop, ws)
    names = {c["name"] for c in data["units"][0]["channels"]}
    # Names as they are addressed: invisible characters gone, no-break spaces plain spaces.
    assert names == {"t_supply", "R\u00fccklauf BT3", "Au\u00dfentemp"}
    assert channel(data, "hp7", "t_supply")["present"] == 3
    # The sentinel is missing, not a value of -32768.
    assert channel(data, "hp7", "R\u00fccklauf BT3")["min"] == pytest.approx(30.1)
    assert channel(data, "hp7", "Au\u00dfentemp")["min"] == pytest.approx(4.5)
    assert data["units"][0]["start"] == "2025-11-12T07:00:00Z"  # 08:00 in Berlin (CET)


def test_vendor_export_without_the_options_names_what_to_do(heatloop, tmp_path):
    code, _, err = heatloop("ingest", FIXTURES / "vendor_export.csv", "--workspace",
                            tmp_path / "ws", "--map", "Zeit=timestamp", "--tz", "Europe/Berlin",
                            "--signal-unit", "hp7", "--on-error", "fail")
    # Without --missing the sentinel is a value; the footer alone is not an error.
    assert code == 0, err
    data = inspect(heatloop, tmp_path / "ws")
    assert channel(data, "hp7", "Au\u00dfentemp")["min"] == -32768


def test_names_with_invisible_characters_are_shown_visibly(heatloop, tmp_path):
    src = tmp_path / "dup.csv"
    src.write_text("timestamp;unit_id;Vor\u00adlauf;Vorlauf\n2024-01-01T00:00:00Z;u1;1;2\n",
                   encoding="utf-8")
    code, _, err = heatloop("ingest", src, "--workspace", tmp_path / "ws")
    assert code == 2
    assert "Vor<U+00AD>lauf" in err  # the soft hyphen is shown, not hidden


# 3. Timestamps: --time-format, day/month order, fixed offsets.
def test_time_format_with_single_digit_fields_and_utc_offset(heatloop, tmp_path):
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "us_logger.csv", "--workspace", ws,
                            "--time-format", "%m/%d/%Y %H:%M", "--utc-offset", "-08:00",
                            "--signal-unit", "logger")
    assert code == 0, err
    unit = inspect(heatloop, ws)["units"][0]
    assert unit["start"] == "2007-08-28T08:00:00Z"
    assert unit["end"] == "2007-08-28T18:03:00Z"  # half-open: the last cell 18:02 included


def test_tz_etc_gmt_plus_8_is_the_same_as_utc_offset(heatloop, tmp_path):
    code, _, err = heatloop("ingest", FIXTURES / "us_logger.csv", "--workspace", tmp_path / "ws",
                            "--date-order", "mdy", "--tz", "Etc/GMT+8", "--signal-unit", "logger")
    assert code == 0, err
    assert inspect(heatloop, tmp_path / "ws")["units"][0]["start"] == "2007-08-28T08:00:00Z"


def test_ambiguous_day_month_order_is_refused_not_guessed(heatloop, tmp_path):
    ws = tmp_path / "ws"
    code, out, err = heatloop("ingest", FIXTURES / "ambiguous_dates.csv", "--workspace", ws)
    assert code == 2, err
    assert "ambiguous_dates.csv:2:1" in err and "--date-order" in err
    assert not ws.exists()
    code, _, err = heatloop("ingest", FIXTURES / "ambiguous_dates.csv", "--workspace", ws,
                            "--date-order", "mdy", "--tz", "UTC")
    assert code == 0, err
    assert inspect(heatloop, ws)["units"][0]["start"] == "2017-03-11T00:00:00Z"


def test_day_first_proven_by_a_day_after_the_12th(heatloop, tmp_path):
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "dayfirst_dates.csv", "--workspace", ws,
                            "--tz", "UTC")
    assert code == 0, err
    assert inspect(heatloop, ws)["units"][0]["start"] == "2017-11-03T00:00:00Z"


# 4. Duplicate column names: the advice in the error is followed exactly as printed.
def test_duplicate_columns_advice_is_followable(heatloop, tmp_path):
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "duplicate_columns.csv", "--workspace", ws)
    assert code == 2
    advice = re.search(r'e\.g\. (--map "[^"]+")', err)
    assert advice, err
    flag, value = shlex.split(advice.group(1))
    assert flag == "--map" and value == "#4=t_supply_2"
    code, _, err = heatloop("ingest", FIXTURES / "duplicate_columns.csv", "--workspace", ws,
                            flag, value)
    assert code == 0, err
    data = inspect(heatloop, ws)
    assert channel(data, "u1", "t_supply")["max"] == 35.5
    assert channel(data, "u1", "t_supply_2")["max"] == 36.5


# 5. --drop and unit conversion in the mapping.
def test_drop_and_fahrenheit_conversion(heatloop, tmp_path):
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "fahrenheit.csv", "--workspace", ws,
                            "--map", "Temp (F)=t_supply:degF", "--drop", "Comment")
    assert code == 0, err
    data = inspect(heatloop, ws)
    supply = channel(data, "u1", "t_supply")
    assert (supply["min"], supply["max"]) == (pytest.approx(0), pytest.approx(100))
    assert {c["name"] for c in data["units"][0]["channels"]} == {"t_supply"}


def test_energy_per_interval_becomes_power(heatloop, tmp_path):
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "meter_kwh.csv", "--workspace", ws,
                            "--map", "kwh=load:kWh")
    assert code == 0, err
    meter = inspect(heatloop, ws)["meters"][0]
    load = next(c for c in meter["channels"] if c["name"] == "load")
    assert (load["min"], load["max"]) == (pytest.approx(1.0), pytest.approx(2.0))  # kWh / 0.25 h


def test_unknown_unit_lists_the_known_ones(heatloop, tmp_path):
    code, _, err = heatloop("ingest", FIXTURES / "fahrenheit.csv", "--workspace", tmp_path / "ws",
                            "--map", "Temp (F)=t_supply:furlongs")
    assert code == 2 and "furlongs" in err and "degF" in err


# 6. A channel with its own, coarser sampling is not full of gaps.
def test_hourly_counter_on_minute_grid_is_not_a_gap(heatloop, tmp_path):
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "hourly_counter.csv", "--workspace", ws)
    assert code == 0, err
    unit = inspect(heatloop, ws, "u1")["units"][0]
    counter = next(c for c in unit["channels"] if c["name"] == "energy_counter")
    assert counter["native_interval"] == "1h"
    assert counter["gap_count"] == 0
    assert not [g for g in unit["gaps"] if g["channel"] == "energy_counter"]
    supply = next(c for c in unit["channels"] if c["name"] == "t_supply")
    assert supply["native_interval"] == "1min"


# 7. One message per kind of problem, with a count.
def test_one_message_per_problem_class_with_a_count(heatloop, tmp_path):
    src = tmp_path / "naive.csv"
    src.write_text("timestamp,unit_id,t_supply\n" + "".join(
        f"2024-01-01 {h:02d}:{m:02d}:00,u1,35\n" for h in range(2) for m in range(60)))
    code, _, err = heatloop("ingest", src, "--workspace", tmp_path / "ws")
    assert code == 2
    assert "120 lines: local time without a zone" in err
    assert err.count("local time without a zone") == 1, err


# 8. Absurd spans and sizes: refused before allocating, naming file, lines and span.
def test_mistyped_year_refused_naming_the_lines(heatloop, tmp_path):
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", FIXTURES / "mistyped_year.csv", "--workspace", ws)
    assert code == 2, err
    assert "mistyped_year.csv" in err and "line 19" in err and "years" in err
    assert not ws.exists()


def test_twenty_digit_epoch_is_out_of_range(heatloop, tmp_path):
    src = tmp_path / "epoch.csv"
    src.write_text("timestamp,unit_id,t_supply\n1704067200,u1,1\n99999999999999999999,u1,2\n")
    code, _, err = heatloop("ingest", src, "--workspace", tmp_path / "ws")
    assert code == 2
    assert "epoch.csv:3:1" in err and "out of range" in err


def test_huge_unit_id_is_refused(heatloop, tmp_path):
    src = tmp_path / "big.csv"
    src.write_text("timestamp,unit_id,t_supply\n2024-01-01T00:00:00Z," + "u" * 20_000_000 + ",1\n")
    code, _, err = heatloop("ingest", src, "--workspace", tmp_path / "ws")
    assert code == 2
    assert "big.csv:2:2" in err and "20000000 bytes" in err and "limit is 256" in err
    assert len(err) < 2000  # the id is not echoed


# Invalid UTF-8 in ids and channel names: an input error that never reaches the store.
@pytest.mark.parametrize("body, where", [
    (b"timestamp,unit_id,t_supply\n2024-01-01T00:00:00Z,u\xff1,1\n", "bad.csv:2:2"),
    (b"unit_id,timestamp,channel,value\nu1,2024-01-01T00:00:00Z,t_\xfe,1\n", "bad.csv:2:3"),
])
def test_invalid_utf8_names_are_input_errors(heatloop, tmp_path, tree_digest, body, where):
    ws = tmp_path / "ws"
    good = tmp_path / "good.csv"
    good.write_text("timestamp,unit_id,t_supply\n2024-01-01T00:00:00Z,u1,1\n")
    assert heatloop("ingest", good, "--workspace", ws)[0] == 0
    before = tree_digest(ws)
    (tmp_path / "bad.csv").write_bytes(body)
    code, _, err = heatloop("ingest", tmp_path / "bad.csv", "--workspace", ws)
    assert code == 2, err
    assert where in err and "not valid UTF-8" in err and "<0x" in err
    assert tree_digest(ws) == before


# 10. Skip mode: the report never fails after a commit; all files failing is an error.
def test_skip_json_with_invalid_utf8_values_reports_and_commits(heatloop, tmp_path):
    src = tmp_path / "mixed.csv"
    src.write_bytes(b"timestamp,unit_id,t_supply\n2024-01-01T00:00:00Z,u1,1\n"
                    b"2024-01-01T00:01:00Z,u1,\xff\xfe\n")
    ws = tmp_path / "ws"
    code, out, err = heatloop("ingest", src, "--workspace", ws, "--on-error", "skip", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["files"][0]["status"] == "ingested"
    assert report["files"][0]["skipped_count"] == 1
    code, out, err = heatloop("ingest", src, "--workspace", ws, "--on-error", "skip", "--json")
    assert code == 0 and json.loads(out)["files"][0]["status"] == "already_ingested"


def test_skip_mode_where_every_file_failed_exits_non_zero(heatloop, tmp_path):
    (tmp_path / "junk1.csv").write_text("nothing,we,know\n1,2,3\n")
    (tmp_path / "junk2.csv").write_text("")
    ws = tmp_path / "ws"
    code, _, err = heatloop("ingest", tmp_path / "junk1.csv", tmp_path / "junk2.csv",
                            "--workspace", ws, "--on-error", "skip")
    assert code == 2
    assert "none of the 2 file(s)" in err
    assert not ws.exists()


# 11. Leftovers of a killed ingest are swept by the next one.
def test_leftovers_of_a_killed_ingest_are_removed(heatloop, tmp_path):
    ws = tmp_path / "ws"
    good = tmp_path / "good.csv"
    good.write_text("timestamp,unit_id,t_supply\n2024-01-01T00:00:00Z,u1,1\n")
    assert heatloop("ingest", good, "--workspace", ws)[0] == 0
    staging = ws / "data" / ".staging-999999" / "units"
    staging.mkdir(parents=True)
    (staging / "u1.1.hlf").write_bytes(b"x" * 100)
    tmp_manifest = ws / "data" / "manifest.json.tmp-999999"
    tmp_manifest.write_text("{")
    more = tmp_path / "more.csv"
    more.write_text("timestamp,unit_id,t_supply\n2024-01-01T00:05:00Z,u2,1\n")
    code, _, err = heatloop("ingest", more, "--workspace", ws)
    assert code == 0, err
    assert not (ws / "data" / ".staging-999999").exists()
    assert not tmp_manifest.exists()


# 13. A directory, and garbage after a gzip stream.
def test_directory_given_as_input_says_so(heatloop, tmp_path):
    (tmp_path / "exports").mkdir()
    code, _, err = heatloop("ingest", tmp_path / "exports", "--workspace", tmp_path / "ws")
    assert code == 2, err
    assert "is a directory" in err and "no such file" not in err


def test_trailing_garbage_after_gzip_is_an_error(heatloop, tmp_path):
    src = tmp_path / "sensors.csv.gz"
    src.write_bytes(gzip.compress(b"timestamp,unit_id,t_supply\n2024-01-01T00:00:00Z,u1,1\n")
                    + b"this is not gzip")
    code, _, err = heatloop("ingest", src, "--workspace", tmp_path / "ws")
    assert code == 2, err
    assert "sensors.csv.gz" in err and "after the end of the gzip stream" in err
    # Two members one after the other are fine (cat a.gz b.gz).
    two = tmp_path / "two.csv.gz"
    two.write_bytes(gzip.compress(b"timestamp,unit_id,t_supply\n2024-01-01T00:00:00Z,u1,1\n")
                    + gzip.compress(b"2024-01-01T00:01:00Z,u1,2\n"))
    code, out, err = heatloop("ingest", two, "--workspace", tmp_path / "ws2", "--json")
    assert code == 0, err
    assert json.loads(out)["files"][0]["rows"] == 2


def test_weather_history_may_span_decades(heatloop, tmp_path):
    # Hourly weather keeps its own grid: 30 years of it is 263,000 rows, not a memory hazard.
    src = tmp_path / "weather.csv"
    src.write_text("timestamp,location,outdoor_temp\n" + "".join(
        f"{y}-01-01T{h:02d}:00:00Z,Bern,{h}\n" for y in (1995, 2025) for h in range(6)))
    code, out, err = heatloop("ingest", src, "--workspace", tmp_path / "ws", "--json")
    assert code == 0, err
    assert json.loads(out)["weather_locations"] == ["Bern"]
