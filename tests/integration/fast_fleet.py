"""A fleet of short, fast-sampled units as public benchmark sets hold them: 1-s samples,
about 1,000 rows per unit, anomalies only in the last 60% of each unit (so a unit's first
rows are normal and can train a model of that unit).

Each unit has its own operating point (supply temperature, power level, cycling period):
one fleet-wide model and threshold fit them badly, one model per unit fits each. Anomalies
are 20-60 s segments of one of: a power spike, a supply-temperature drop, a stuck return
sensor. Written as a wide sensor CSV and a label CSV (confirmed labels) heatloop ingests.

    python fast_fleet.py OUT_DIR [--units 30] [--rows 1000] [--seed 1]
"""

import argparse
import csv
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

START = datetime(2024, 1, 1, tzinfo=timezone.utc)


# The [model] and [alarms] tables this fleet is measured with (tests/integration and
# bench/quality_fast_fleet.py): one-step features, so a row's score depends on that row.
PVA_MODEL = """
[model]
name = "predicted_vs_actual"
scope = "{scope}"
[model.params]
target = "compressor_power"
feature_channels = ["t_supply", "t_return"]
calendar = false
window = "1 step"
long_window = "1 step"
direction = "both"
fit_stride = 1
[alarms]
method = "quantile"
value = 0.95
dedupe_window = "0s"
"""


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_fast_fleet(out: Path, units: int = 30, rows: int = 1000, seed: int = 1) -> dict:
    """Writes out/sensors.csv and out/labels.csv; returns {"units", "rows", "labels"}."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    labels = []
    with open(out / "sensors.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["timestamp", "unit_id", "compressor_power", "t_supply", "t_return",
                    "t_outdoor"])
        for u in range(units):
            unit = f"fast-{u + 1:02d}"
            t = np.arange(rows)
            level = rng.uniform(2.0, 8.0)          # kW
            supply = rng.uniform(32.0, 50.0)       # degrees C
            period = rng.uniform(120.0, 300.0)     # s, compressor modulation
            phase = rng.uniform(0, 2 * np.pi)
            wave = np.sin(2 * np.pi * t / period + phase)
            power = level * (1 + 0.15 * wave) + rng.normal(0, 0.05 * level, rows)
            t_supply = supply + 1.5 * wave + rng.normal(0, 0.15, rows)
            t_return = t_supply - (4 + 0.5 * wave) + rng.normal(0, 0.15, rows)
            t_outdoor = rng.uniform(-5, 10) + 0.2 * np.sin(2 * np.pi * t / rows) + \
                rng.normal(0, 0.05, rows)
            # 1-3 anomalies, all in the last 60% of the unit.
            taken = np.zeros(rows, dtype=bool)
            for _ in range(int(rng.integers(1, 4))):
                length = int(rng.integers(20, 61))
                start = int(rng.integers(int(0.4 * rows), rows - length))
                if taken[max(0, start - 30):start + length + 30].any():
                    continue
                taken[start:start + length] = True
                kind = int(rng.integers(0, 3))
                seg = slice(start, start + length)
                if kind == 0:
                    power[seg] += level * rng.uniform(0.8, 1.5)
                elif kind == 1:
                    t_supply[seg] -= rng.uniform(6, 10)
                else:
                    t_return[seg] = t_return[start]
                    power[seg] += level * 0.5
                labels.append([unit, iso(START + timedelta(seconds=start)),
                               iso(START + timedelta(seconds=start + length)),
                               ["compressor_failure", "circulation_failure", "sensor_fault"][kind],
                               1.0, "confirmed", "generator", "fast_fleet.py"])
            for i in range(rows):
                w.writerow([iso(START + timedelta(seconds=i)), unit, f"{power[i]:.4f}",
                            f"{t_supply[i]:.3f}", f"{t_return[i]:.3f}", f"{t_outdoor[i]:.3f}"])
    with open(out / "labels.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["unit_id", "start", "end", "category", "confidence", "status", "reviewer",
                    "notes"])
        w.writerows(labels)
    return {"units": units, "rows": rows, "labels": len(labels)}


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--units", type=int, default=30)
    p.add_argument("--rows", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    print(write_fast_fleet(Path(a.out), a.units, a.rows, a.seed))
