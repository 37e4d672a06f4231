"""Times and frames between pandas and the C++ library (milliseconds since the epoch, UTC)."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping, Optional, Union

import numpy as np
import pandas as pd

TimeLike = Union[str, int, _dt.datetime, np.datetime64, pd.Timestamp]


def to_ms(value: Optional[TimeLike], what: str = "time") -> Optional[int]:
    """A time as milliseconds since the epoch (UTC); naive times are read as UTC, an int is
    already milliseconds. None stays None."""
    if value is None:
        return None
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as e:
        raise ValueError(f"{what}: not a time: {value!r} ({e})") from None
    if ts is pd.NaT:
        raise ValueError(f"{what}: not a time: {value!r}")
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    return int(ts.value // 1_000_000)


def utc_index(ms: np.ndarray, name: str = "time") -> pd.DatetimeIndex:
    """A UTC DatetimeIndex over int64 milliseconds (pandas copies them to attach the zone)."""
    return pd.DatetimeIndex(np.asarray(ms).view("datetime64[ms]"), name=name).tz_localize("UTC")


def utc_times(values: Any) -> pd.Series:
    """ISO 8601 text (or ms) as UTC timestamps."""
    return pd.to_datetime(values, utc=True, format="ISO8601")


def frame_to_df(frame: Mapping[str, Any]) -> pd.DataFrame:
    """A native frame dict as a DataFrame with a UTC DatetimeIndex. The columns are views of
    the C++ frame's memory (read-only); the frame is freed when the last view goes."""
    df = pd.DataFrame(dict(frame["channels"]), index=utc_index(frame["time"]), copy=False)
    df.attrs["unit_id"] = frame["unit_id"]
    df.attrs["step"] = pd.Timedelta(milliseconds=frame["step"])
    df.attrs["gaps"] = [
        (pd.Timestamp(s, unit="ms", tz="UTC"), pd.Timestamp(e, unit="ms", tz="UTC"), c)
        for s, e, c in frame["gaps"]
    ]
    df.attrs["attributes"] = dict(frame["attributes"])
    return df


def index_ms(index: pd.Index, what: str) -> np.ndarray:
    """A DatetimeIndex as int64 milliseconds since the epoch, UTC (naive = UTC)."""
    if not isinstance(index, pd.DatetimeIndex):
        raise ValueError(f"{what}: the index must be a DatetimeIndex, not {type(index).__name__}")
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    return np.ascontiguousarray(index.as_unit("ms").asi8, dtype=np.int64)


def df_to_frame(df: pd.DataFrame, unit_id: Optional[str] = None) -> tuple:
    """A DataFrame (UTC DatetimeIndex, one numeric column per channel) as the native frame
    tuple (unit_id, times, {channel: float64 array}, attributes)."""
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"a frame must be a pandas DataFrame, not {type(df).__name__}")
    unit = unit_id if unit_id is not None else df.attrs.get("unit_id")
    if not unit:
        raise ValueError("a frame needs its unit: pass unit_id= or set df.attrs['unit_id']")
    channels = {}
    for col in df.columns:
        try:
            channels[str(col)] = np.ascontiguousarray(df[col].to_numpy(dtype=np.float64))
        except (TypeError, ValueError) as e:
            raise ValueError(f"unit {unit}: column {col!r} is not numeric ({e})") from None
    attributes = {str(k): str(v) for k, v in df.attrs.get("attributes", {}).items()}
    return (str(unit), index_ms(df.index, f"unit {unit}"), channels, attributes)
