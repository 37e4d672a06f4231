"""Cross-checks `heatloop forecast screen` against statsmodels' OLS on the same data.

A small hot-water tank series (10-min steps, two households in different time zones) is
written as CSV and ingested; the same lag and calendar features are built independently with
pandas (shift, local-time ISO week and hour) and regressed with statsmodels. Coefficients,
standard errors, p-values and R^2 must agree. The heatloop CLI's path is in HEATLOOP_BIN.
"""

import json
import os
import subprocess

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

STEP = pd.Timedelta("10min")
ZONES = {"hh1": "Europe/Zurich", "hh2": "Etc/GMT+8"}


def _heatloop(*args):
    binary = os.environ.get("HEATLOOP_BIN")
    assert binary and os.access(binary, os.X_OK), "HEATLOOP_BIN must name the heatloop CLI"
    proc = subprocess.run([binary, *map(str, args)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _tank(seed: int) -> pd.DataFrame:
    """Three weeks of a tank that is reheated and drawn at routine hours, with noise."""
    rng = np.random.default_rng(seed)
    time = pd.date_range("2024-03-18", periods=21 * 144, freq=STEP, tz="UTC")
    hour = (time.hour + time.minute / 60).to_numpy()
    routine = np.where((hour > 6) & (hour < 7.5), -8.0, 0.0) + np.where(
        (hour > 19) & (hour < 20), -5.0, 0.0
    )
    mid = 50 + np.cumsum(rng.normal(0, 0.3, len(time))) * 0.2 + routine + rng.normal(0, 0.5, len(time))
    top = mid + 5 + rng.normal(0, 0.4, len(time))
    mid[rng.random(len(time)) < 0.01] = np.nan  # a few dropouts
    return pd.DataFrame({"t_tank_mid": mid.round(3), "t_tank_top": top.round(3)}, index=time)


def _features(frame: pd.DataFrame, zone: str, horizon: int) -> pd.DataFrame:
    lags = {"10min": 1, "20min": 2, "30min": 3, "90min": 9}
    out = {}
    for channel in ["t_tank_mid", "t_tank_top"]:
        for name, rows in lags.items():
            out[f"{channel}_lag_{name}"] = frame[channel].shift(horizon + rows)
    out["t_tank_top"] = frame["t_tank_top"].shift(horizon)
    local = frame.index.tz_convert(zone)
    out["hour"] = local.hour.astype(float)
    out["week_of_year"] = local.isocalendar().week.astype(float).to_numpy()
    return pd.DataFrame(out, index=frame.index)


def test_screen_matches_statsmodels(tmp_path):
    rows = []
    for k, unit in enumerate(ZONES):
        frame = _tank(seed=10 + k)
        for t, r in frame.iterrows():
            rows.append(
                {
                    "timestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "unit_id": unit,
                    "t_tank_mid": r.t_tank_mid,
                    "t_tank_top": r.t_tank_top,
                }
            )
    pd.DataFrame(rows).to_csv(tmp_path / "tanks.csv", index=False)
    pd.DataFrame(
        {"unit_id": list(ZONES), "type": "ASHP", "location": "x", "time_zone": list(ZONES.values())}
    ).to_csv(tmp_path / "units.csv", index=False)
    ws = tmp_path / "ws"
    _heatloop(
        "ingest", tmp_path / "units.csv", tmp_path / "tanks.csv", "--workspace", ws,
        "--resample", "10min", "--ffill-max-gap", "0s",
    )

    horizon = 3
    report = json.loads(
        _heatloop(
            "forecast", "screen", "--workspace", ws, "--horizon", horizon,
            "--calendar", "hour,week_of_year", "--json",
        )
    )
    assert [u["unit"] for u in report["units"]] == list(ZONES)
    for k, (unit, zone) in enumerate(ZONES.items()):
        ours = report["units"][k]
        assert ours["time_zone"] == zone
        frame = _tank(seed=10 + k)
        x = _features(frame, zone, horizon)
        data = pd.concat([frame["t_tank_mid"].rename("y"), x], axis=1).dropna()
        fit = sm.OLS(data["y"], sm.add_constant(data.drop(columns="y"))).fit()
        assert ours["observations"] == int(fit.nobs)
        assert ours["r2"] == pytest.approx(fit.rsquared, rel=1e-8)
        assert ours["f_statistic"] == pytest.approx(fit.fvalue, rel=1e-6)
        names = [c["name"] for c in ours["coefficients"]]
        assert names == list(fit.params.index)
        for c in ours["coefficients"]:
            assert c["estimate"] == pytest.approx(fit.params[c["name"]], rel=1e-6, abs=1e-9)
            assert c["std_error"] == pytest.approx(fit.bse[c["name"]], rel=1e-6)
            assert c["p_value"] == pytest.approx(fit.pvalues[c["name"]], rel=1e-5, abs=1e-12)
