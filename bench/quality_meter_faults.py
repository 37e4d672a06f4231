"""Heat-pump failures from the household meter alone (issue 14, item 6): the same failure
detector on the heat pump's own telemetry (the sub-metered path) and on the heat-pump load a
shipped disaggregator estimates from the household meter (`[data] derive`, the meter-only
path), against the simulator's ground truth: per fault category, event recall, median
detection delay and false alarms per unit-month (heatloop's own evaluation, as in
bench/quality_faults.py).

Fleet: `heatloop simulate --units TRAIN+EVAL --days DAYS --step 15min --seed 11
--households 0` (start 2024-01-01, the heating season): units, sensors, weather and the
household meters (smartmeter.csv: base load + everything the heat pump draws, so a stopped
compressor shows in it), labels_truth.csv as the labels. The first TRAIN units (whole
locations) train and calibrate, the other EVAL units are evaluated; [data] and [evaluation] as
bench/quality_faults.py sets them (split = "units", calibration_fraction = 0.25, tolerance 1h,
deadline 6h). Detector: predicted_vs_actual (configs/predicted_vs_actual.toml) with target
compressor_power (sub-metered) or load_heat_pump_est (meter only; its features: t_outdoor).

    .venv/bin/python bench/quality_meter_faults.py --heatloop build/heatloop
        [--train-units 20] [--eval-units 40] [--days 60] [--seed 11] [--model default] [--json]
"""

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_faults import bench_config, heatloop, rows_by_key  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CATEGORIES = ["compressor_failure", "circulation_failure", "refrigerant_leak",
              "aux_heater_stuck", "short_cycling", "sensor_fault"]


def path_config(base: str, eval_units, meter_only: bool, model: str, models_dir: str) -> str:
    text = bench_config(ROOT / "configs" / "predicted_vs_actual.toml", eval_units)
    if not meter_only:
        return text
    text = re.sub(r'(?m)^target = .*$', 'target = "load_heat_pump_est"', text)
    text = re.sub(r'(?m)^feature_channels = .*$', 'feature_channels = ["t_outdoor"]', text)
    text = re.sub(r'(?m)^name = "pva-compressor"', 'name = "pva-estimated-load"', text)
    extra = f', models = "{models_dir}"' if models_dir else ""
    return text.replace("[data]\n", "[data]\nderive = { load_heat_pump_est = { disaggregator = "
                        f'"{model}"{extra} }} }}\n', 1)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--heatloop", default=str(ROOT / "build" / "heatloop"))
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--train-units", type=int, default=20)
    p.add_argument("--eval-units", type=int, default=40)
    p.add_argument("--days", type=int, default=60)
    p.add_argument("--model", default="default", help="the shipped disaggregator")
    p.add_argument("--models-dir", default="", help="the shipped models' directory")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    if a.train_units % 4 or a.train_units <= 0 or a.eval_units <= 0:
        sys.exit("--train-units must be a positive multiple of 4 (whole locations)")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        data, ws = Path(tmp) / "fleet", Path(tmp) / "ws"
        units = a.train_units + a.eval_units
        heatloop(a.heatloop, "simulate", "--units", units, "--days", a.days, "--step", "15min",
                 "--seed", a.seed, "--households", 0, "--out", data)
        heatloop(a.heatloop, "ingest", data / "units.csv", data / "sensors.csv",
                 data / "weather.csv", data / "smartmeter.csv", "--workspace", ws,
                 "--resample", "15min")
        heatloop(a.heatloop, "labels", "import", data / "labels_truth.csv", "--workspace", ws)
        ids = [f"unit-{i:04d}" for i in range(1, units + 1)]
        evaluated = ids[a.train_units:]
        for label, meter_only in (("sub-metered: compressor_power", False),
                                  (f"meter only: load_heat_pump_est ({a.model})", True)):
            cfg = Path(tmp) / f"{'meter' if meter_only else 'sub'}.toml"
            cfg.write_text(path_config("", evaluated, meter_only, a.model, a.models_dir))
            t0 = time.monotonic()
            r = json.loads(heatloop(a.heatloop, "run", cfg, "--workspace", ws, "--json"))
            ev = r["evaluation"]
            results.append({"path": label, "seconds": round(time.monotonic() - t0, 1),
                            "overall": {k: ev["micro"].get(k) for k in (
                                "event_recall", "event_precision", "delay_median_h",
                                "false_alarms_per_unit_month")},
                            "faults": rows_by_key(ev)})
    if a.json:
        print(json.dumps(results, indent=2))
        return

    def f(v, d=2):
        return "-" if v is None else f"{v:.{d}f}"

    print(f"fleet: {a.train_units} + {a.eval_units} units, {a.days} days at 15 min, seed {a.seed}")
    print("| path | fault | labels | detected | recall | median delay h | false alarms / unit-month |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        o = r["overall"]
        print(f"| {r['path']} | all | | | {f(o['event_recall'])} | {f(o['delay_median_h'], 1)} | "
              f"{f(o['false_alarms_per_unit_month'])} |")
        for c in CATEGORIES:
            row = r["faults"].get(c)
            if row:
                print(f"| {r['path']} | {c} | {row['labels']} | {row['detected']} | "
                      f"{f(row['event_recall'])} | {f(row['delay_median_h'], 1)} | "
                      f"{f(row['false_alarms_per_unit_month'])} |")
    for r in results:
        print(f"{r['path']}: {r['seconds']} s (fit + score + evaluate)")


if __name__ == "__main__":
    main()
