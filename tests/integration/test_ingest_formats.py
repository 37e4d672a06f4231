"""Export quirks ingest accepts: semicolons with decimal commas, a byte-order mark, gzip,
naive local time with --tz, and vendor column names renamed with --map / --map-file."""

import gzip
import json


def unit_channels(heatloop, ws, unit):
    code, out, err = heatloop("inspect", "--workspace", ws, "--unit", unit, "--json")
    assert code == 0, err
    doc = json.loads(out)["units"][0]
    return doc, {c["name"]: c for c in doc["channels"]}


def test_semicolon_decimal_comma_and_bom(heatloop, tmp_path):
    f = tmp_path / "export.csv"
    f.write_bytes(
        "\ufefftimestamp;unit_id;t_supply;t_return\n"
        "2024-01-01T00:00:00Z;u1;21,5;18,25\n"
        "2024-01-01T00:01:00Z;u1;22,5;19,25\n".encode("utf-8")
    )
    code, _, err = heatloop("ingest", f, "--workspace", tmp_path / "ws")
    assert code == 0, err
    _, ch = unit_channels(heatloop, tmp_path / "ws", "u1")
    assert (ch["t_supply"]["min"], ch["t_supply"]["max"]) == (21.5, 22.5)
    assert ch["t_return"]["mean"] == 18.75


def test_gzip(heatloop, tmp_path):
    text = "timestamp,unit_id,t_supply\n" + "".join(
        f"2024-01-01T00:{m:02d}:00Z,u1,{30 + m}\n" for m in range(10))
    f = tmp_path / "sensors.csv.gz"
    f.write_bytes(gzip.compress(text.encode()))
    code, out, err = heatloop("ingest", f, "--workspace", tmp_path / "ws", "--json")
    assert code == 0, err
    assert json.loads(out)["files"][0]["rows"] == 10
    doc, ch = unit_channels(heatloop, tmp_path / "ws", "u1")
    assert doc["rows"] == 10 and ch["t_supply"]["max"] == 39


def test_naive_local_time_with_tz(heatloop, tmp_path):
    f = tmp_path / "local.csv"
    f.write_text("timestamp,unit_id,t_supply\n01-01-2024 00:00:00,u1,30\n01-01-2024 00:05:00,u1,31\n")
    code, _, err = heatloop("ingest", f, "--workspace", tmp_path / "ws")
    assert code == 2 and "--tz" in err
    code, _, err = heatloop("ingest", f, "--workspace", tmp_path / "ws", "--tz", "Europe/Zurich")
    assert code == 0, err
    doc, _ = unit_channels(heatloop, tmp_path / "ws", "u1")
    assert doc["start"] == "2023-12-31T23:00:00Z"


def test_map_renames_vendor_columns(heatloop, tmp_path):
    f = tmp_path / "vendor.csv"
    f.write_text("timestamp,unit_id,Vorlauftemperatur,Ruecklauf Temp\n"
                 "2024-01-01T00:00:00Z,u1,40,35\n")
    ws = tmp_path / "ws"
    # --map before the file: each --map takes exactly one value.
    code, _, err = heatloop("ingest", "--map", "Vorlauftemperatur=t_supply", f,
                            "--map", "Ruecklauf Temp=t_return", "--workspace", ws)
    assert code == 0, err
    _, ch = unit_channels(heatloop, ws, "u1")
    assert sorted(ch) == ["t_return", "t_supply"]
    assert ch["t_supply"]["max"] == 40


def test_map_file(heatloop, tmp_path):
    f = tmp_path / "vendor.csv"
    f.write_text("Zeit,Anlage,Vorlauf\n2024-01-01T00:00:00Z,u1,40\n")
    m = tmp_path / "map.txt"
    m.write_text("# vendor=heatloop\nZeit=timestamp\nAnlage=unit_id\nVorlauf=t_supply\n")
    code, _, err = heatloop("ingest", f, "--map-file", m, "--workspace", tmp_path / "ws")
    assert code == 0, err
    _, ch = unit_channels(heatloop, tmp_path / "ws", "u1")
    assert list(ch) == ["t_supply"]


def test_smartmeter_and_explicit_format(heatloop, tmp_path):
    f = tmp_path / "meter.csv"
    f.write_text("id,datetime,load\n" + "".join(
        f"m1,2024-01-01T{q // 4:02d}:{15 * (q % 4):02d}:00Z,{q / 10}\n" for q in range(8)))
    code, out, err = heatloop("ingest", f, "--workspace", tmp_path / "ws", "--format",
                              "smartmeter", "--json")
    assert code == 0, err
    assert json.loads(out)["meters"] == ["m1"]
    code, out, _ = heatloop("inspect", "--workspace", tmp_path / "ws", "--json")
    meter = json.loads(out)["meters"][0]
    assert (meter["meter_id"], meter["step"], meter["rows"]) == ("m1", "15min", 8)
