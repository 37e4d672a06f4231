"""Workspace: units, load into pandas, ingest, inspect, and the error mapping."""

import numpy as np
import pandas as pd
import pytest

import heatloop


def test_units(ws):
    assert ws.units() == ["unit-0001", "unit-0002", "unit-0003"]


def test_load_is_a_utc_frame_of_views(ws):
    df = ws.load("unit-0001")
    assert isinstance(df.index, pd.DatetimeIndex)
    assert str(df.index.tz) == "UTC"
    assert len(df) == 14 * 24 * 60
    assert df.index[0] == pd.Timestamp("2024-01-01T00:00:00Z")
    assert df.attrs["unit_id"] == "unit-0001"
    assert df.attrs["step"] == pd.Timedelta("1min")
    assert {"t_supply", "t_return", "compressor_power"} <= set(df.columns)
    col = df["t_supply"].to_numpy()
    assert col.dtype == np.float64
    assert not col.flags.writeable  # a read-only view of the C++ frame
    assert np.nanmax(col) > np.nanmin(col)


def test_load_shares_the_libraries_memory(ws):
    from heatloop import _heatloop
    from heatloop._convert import frame_to_df
    frame = _heatloop.load_unit(ws._session, "unit-0001")
    df = frame_to_df(frame)
    for name, values in frame["channels"].items():
        assert np.shares_memory(df[name].to_numpy(), values), name
    np.testing.assert_array_equal(df.index.asi8, frame["time"])  # the UTC index is a copy
    del frame
    assert np.nanmean(df["t_supply"].to_numpy()) > 0  # still alive through the frame's views


def test_load_channels_and_time_range(ws):
    df = ws.load("unit-0002", channels=["t_return", "t_supply"], start="2024-01-03",
                 end=pd.Timestamp("2024-01-04T06:00:00Z"))
    assert list(df.columns) == ["t_return", "t_supply"]
    assert df.index[0] == pd.Timestamp("2024-01-03T00:00:00Z")
    assert df.index[-1] == pd.Timestamp("2024-01-04T05:59:00Z")
    assert len(df) == 30 * 60
    full = ws.load("unit-0002")
    pd.testing.assert_series_equal(df["t_supply"], full["t_supply"].loc[df.index])


def test_load_with_weather(ws):
    df = ws.load("unit-0001", weather=True)
    assert "t_outdoor" in df.columns


def test_load_errors(ws):
    with pytest.raises(KeyError, match="unit-9999"):
        ws.load("unit-9999")
    with pytest.raises(KeyError, match="no_such_channel"):
        ws.load("unit-0001", channels=["no_such_channel"])
    with pytest.raises(ValueError, match="start"):
        ws.load("unit-0001", start="not a time")


def test_inspect(ws):
    fleet = ws.inspect()
    assert [u["unit_id"] for u in fleet["units"]] == ws.units()
    one = ws.inspect("unit-0003")
    assert [u["unit_id"] for u in one["units"]] == ["unit-0003"]
    with pytest.raises(KeyError):
        ws.inspect("nope")


def test_ingest_new_workspace_and_idempotence(tmp_path, fleet):
    with heatloop.Workspace(tmp_path / "w") as w:
        report = w.ingest([fleet / "units.csv", fleet / "sensors.csv"])
        assert report["changed"] is True
        assert sorted(report["units_created"]) == ["unit-0001", "unit-0002", "unit-0003"]
        again = w.ingest(fleet / "sensors.csv")
        assert again["changed"] is False
        assert w.units() == ["unit-0001", "unit-0002", "unit-0003"]


def test_failed_ingest_raises_value_error_and_changes_nothing(ws, tmp_path):
    manifest = (tmp_path / "ws" / "data" / "manifest.json").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("timestamp,unit_id,t_supply\n2024-03-01T00:00:00Z,unit-0001,40\n"
                   "2024-03-01T00:01:00Z,unit-0001,forty\n")
    with pytest.raises(ValueError, match=r"bad\.csv:3:3: channel t_supply: expected a number"):
        ws.ingest(bad)
    assert (tmp_path / "ws" / "data" / "manifest.json").read_bytes() == manifest
    skipped = ws.ingest(bad, on_error="skip")
    assert skipped["totals"]["problems_skipped"] == 1
    assert skipped["totals"]["values"] == 1


def test_ingest_option_errors(ws, tmp_path, fleet):
    with pytest.raises(ValueError, match="on_error"):
        ws.ingest(fleet / "sensors.csv", on_error="maybe")
    with pytest.raises(ValueError):
        ws.ingest(fleet / "sensors.csv", format="nonsense")
    with pytest.raises(KeyError):  # a file that does not exist: not found, as the CLI's exit 3
        ws.ingest(tmp_path / "missing.csv")


def test_not_a_workspace(tmp_path):
    with pytest.raises(KeyError):
        heatloop.Workspace(tmp_path / "nothing").units()
