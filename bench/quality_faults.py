"""Every registered detector against the simulator's faults, per fault category and sensor-fault
kind (issue 11, item 3): event recall, median detection delay, false alarms per unit-month and
event F1, from heatloop's own evaluation (`heatloop run`, evaluation.json breakdowns
"category" and "fault_kind").

Fleet: `heatloop simulate --units TRAIN+EVAL --days 90 --step 5min --seed 11` (default 40 + 200
units, start 2024-01-01, so the heating season), ingested with its units and weather, the
simulator's ground truth (labels_truth.csv) imported as the labels. The first TRAIN units
(whole locations: four units to a location) are the training and calibration fleet; the other
EVAL units are evaluated on all their days. Every unit and location draws from its own random
stream (docs/simulator.md "Determinism"), so the two groups are independent fleets.

Each detector runs with its own configs/<name>.toml ([model] and [alarms] as written), with the
benchmark's [data] and [evaluation] in place of the config's, the same for every detector:
split = "units" (fit on the training units' normal operation, labelled spans kept out),
calibration_fraction = 0.25 (a quantile, contamination or k-sigma threshold comes from the
last quarter of the training units' rows, held out of fitting; a fixed threshold needs no
data), tolerance 1h, deadline 6h. No threshold and no parameter is chosen on the evaluated
units or on any label.

Per fault row, the fault is measured as if it were the only one (docs/evaluation.md
"Aggregation and breakdowns"): its labels, the alarms that detect one of them as true alarms,
and the fleet's false alarms (alarms outside every label), so false alarms per unit-month is
the detector's, the same in every row.

    .venv/bin/python bench/quality_faults.py --heatloop build/heatloop [--out bench/out]
        [--seed 11] [--train-units 40] [--eval-units 200] [--days 90] [--step 5min]
        [--detectors a,b] [--configs configs] [--workspace DIR] [--json]
"""

import argparse
import csv
import json
import math
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVALUATION = '[evaluation]\nconfidence_floor = 0.5\ntolerance = "1h"\ndeadline = "6h"\n'
CATEGORIES = ["compressor_failure", "refrigerant_leak", "sensor_fault", "sensor_fault/stuck",
              "sensor_fault/drift", "sensor_fault/spike", "short_cycling",
              "circulation_failure", "aux_heater_stuck"]


class HeatloopError(Exception):
    pass


def heatloop(binary, *args):
    r = subprocess.run([binary, *map(str, args)], capture_output=True, text=True)
    if r.returncode != 0:
        raise HeatloopError(f"heatloop {' '.join(map(str, args))} failed ({r.returncode}): "
                            f"{r.stderr.strip()}")
    return r.stdout


def bench_config(path: Path, eval_units: list[str]) -> str:
    """The detector's config with the benchmark's [data] and [evaluation] tables."""
    text = path.read_text()
    cfg = tomllib.loads(text)
    if cfg.get("model", {}).get("scope", "fleet") != "fleet":
        sys.exit(f"{path}: [model] scope = \"{cfg['model']['scope']}\": the benchmark trains "
                 "on other units than it evaluates, which needs scope = \"fleet\"")
    kept, skip = [], False
    for line in text.splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            name = header.group(1).strip()
            skip = name in ("data", "evaluation") or name.startswith(("data.", "evaluation."))
        if not skip:
            kept.append(line)
    data = ('[data]\nsplit = "units"\neval_units = [' + ", ".join(f'"{u}"' for u in eval_units)
            + ']\ncalibration_fraction = 0.25\nexclude_labels_from_training = true\n')
    return "\n".join(kept) + "\n" + data + EVALUATION


def rows_by_key(evaluation: dict) -> dict:
    out = {}
    for name in ("category", "fault_kind"):
        for row in evaluation["breakdowns"].get(name, []):
            out[row["key"]] = {"labels": row["counts"]["labels"],
                               "detected": row["counts"]["detected"],
                               "true_alarms": row["counts"]["true_alarms"],
                               **{k: row["metrics"].get(k) for k in (
                                   "event_recall", "event_precision", "event_f1",
                                   "delay_median_h", "false_alarms_per_unit_month")}}
    return out


TEMPERATURES = ["t_outdoor", "t_supply", "t_return", "t_tank_top", "t_tank_mid", "t_indoor",
                "t_brine_in", "t_brine_out"]


def signature_checks(data: Path, eval_units: list[str]) -> dict:
    """How visible the sensor faults are to two one-line rules on the faulty sensor (not
    detectors: they are told which sensor and span to look at): "flat", a reading unchanged
    for an hour (stuck), and "spike", a one-step excursion of more than 10 K that comes back
    (spike). For each: the share of faults of that kind where it fires inside the fault, and
    how often it fires on any temperature of the evaluated units outside every fault."""
    import pandas as pd
    sensors = pd.read_csv(data / "sensors.csv", parse_dates=["timestamp"])
    sensors = sensors[sensors.unit_id.isin(eval_units)]
    labels = pd.read_csv(data / "labels_truth.csv", parse_dates=["start", "end"])
    labels = labels[labels.unit_id.isin(eval_units)]
    step = sensors.timestamp.iloc[1] - sensors.timestamp.iloc[0]
    hour = max(1, int(pd.Timedelta("1h") / step))

    def flat(x):
        return x.diff().abs().rolling(hour).max() == 0

    def spike(x):
        d = x.diff()
        return (d.abs() > 10) & (d.shift(-1).abs() > 10) & (d * d.shift(-1) < 0)

    rules = {"flat": (flat, "stuck"), "spike": (spike, "spike")}
    out = {name: {"kind": kind, "faults": 0, "fired": 0, "events_outside": 0}
           for name, (_, kind) in rules.items()}
    normal_months = 0.0
    for unit, g in sensors.groupby("unit_id"):
        g = g.set_index("timestamp")
        faulty = pd.Series(False, index=g.index)
        for _, l in labels[labels.unit_id == unit].iterrows():
            faulty |= (g.index >= l.start) & (g.index < l.end)
            m = re.search(r"injected: (\w+) .*\(kind: (\w+)\)", str(l.notes))
            for name, (rule, kind) in rules.items():
                if m and m.group(2) == kind:
                    inside = g[m.group(1)][(g.index >= l.start) & (g.index < l.end)]
                    out[name]["faults"] += 1
                    out[name]["fired"] += bool(rule(inside).any())
        normal_months += (~faulty).sum() * (step / pd.Timedelta("1D")) / (365.2425 / 12)
        for c in TEMPERATURES:
            if g[c].isna().all():
                continue
            for name, (rule, _) in rules.items():
                f = rule(g[c]) & ~faulty
                out[name]["events_outside"] += int((f & ~f.shift(1, fill_value=False)).sum())
    for r in out.values():
        r["recall"] = r["fired"] / r["faults"] if r["faults"] else None
        r["events_per_unit_month"] = r["events_outside"] / normal_months
    return out


def fault_days(data: Path, eval_units: list[str]) -> dict:
    """Durations (days) of the evaluated ground-truth faults by breakdown key."""
    out = {}
    with open(data / "labels_truth.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["unit_id"] not in eval_units:
                continue
            days = (datetime.fromisoformat(row["end"].replace("Z", "+00:00")) -
                    datetime.fromisoformat(row["start"].replace("Z", "+00:00"))
                    ).total_seconds() / 86400
            m = re.search(r"\(kind: (\w+)\)", row["notes"])
            keys = [row["category"]] + ([f"{row['category']}/{m.group(1)}"] if m else [])
            for k in keys:
                out.setdefault(k, []).append(days)
    return out


def chance_recall(rate_per_month, alarmed_share, days):
    """Recall alarms placed at random would reach: a fault is missed when it starts outside
    an alarm (1 - the share of normal time under alarm) and no alarm starts inside it
    (Poisson at the false-alarm rate); the mean over the faults."""
    if rate_per_month is None or alarmed_share is None or not days:
        return None
    month = 365.2425 / 12
    return sum(1 - (1 - alarmed_share) * math.exp(-rate_per_month * d / month)
               for d in days) / len(days)


def fmt(v, digits=2):
    return "-" if v is None else f"{v:.{digits}f}"


def markdown(res: dict) -> str:
    dets = [d["detector"] for d in res["detectors"]]
    f = res["fleet"]
    lines = [
        f"Fleet: `heatloop simulate --units {f['units']} --days {f['days']} --start {f['start']} "
        f"--step {f['step']} --seed {f['seed']} --households 0`; training and calibration units "
        f"{f['train_units'][0]}..{f['train_units'][-1]}, evaluated units "
        f"{f['eval_units'][0]}..{f['eval_units'][-1]} ({len(f['eval_units'])} units x "
        f"{f['days']} days, {f['evaluated_labels']} ground-truth faults).", "",
        "| detector | threshold (source) | event precision | event recall | event F1 | "
        "false alarms / unit-month | normal time under alarm | median delay h | run s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for d in res["detectors"]:
        m = d["overall"]
        lines.append(f"| {d['detector']} | {d['threshold']} | {fmt(m['event_precision'])} | "
                     f"{fmt(m['event_recall'])} | {fmt(m['event_f1'])} | "
                     f"{fmt(m['false_alarms_per_unit_month'])} | "
                     f"{fmt(None if m['point_fpr'] is None else 100 * m['point_fpr'], 1)}% | "
                     f"{fmt(m['delay_median_h'], 1)} | "
                     f"{d['seconds']:.0f} |")
    for d in res.get("failed", []):
        lines.append(f"| {d['detector']} | **failed**: {d['error'][-300:]} |" + " |" * 7)
    tables = [("Event recall", "event_recall", 2), ("Median detection delay, hours",
              "delay_median_h", 1), ("Event F1 (the fault alone against the fleet's false "
                                     "alarms)", "event_f1", 2)]
    for title, key, digits in tables:
        lines += ["", f"{title}:", "",
                  "| fault | labels | " + " | ".join(dets) + " |",
                  "|---|---:|" + "---:|" * len(dets)]
        if key == "event_recall":
            lines[-2:-2] = ["In brackets: the recall the detector's alarms would reach placed at "
                            "random (same false-alarm rate and normal time under alarm, the "
                            "faults' durations).", ""]
        for cat in res["faults"]:
            vals = [d["faults"].get(cat, {}).get(key) for d in res["detectors"]]
            labels = next((d["faults"][cat]["labels"] for d in res["detectors"]
                           if cat in d["faults"]), 0)
            best = None
            if key != "delay_median_h":
                finite = [v for v in vals if v is not None]
                best = max(finite) if finite and max(finite) > 0 else None
            cells = [("**" + fmt(v, digits) + "**") if best is not None and v == best
                     else fmt(v, digits) for v in vals]
            if key == "event_recall":
                cells = [c + f" ({fmt(d['chance_recall'].get(cat))})"
                         for c, d in zip(cells, res["detectors"])]
            lines.append(f"| {cat} | {labels} | " + " | ".join(cells) + " |")
        if key == "event_f1":
            lines.append("| **overall** | " + str(f["evaluated_labels"]) + " | " + " | ".join(
                fmt(d["overall"]["event_f1"]) for d in res["detectors"]) + " |")
    checks = res.get("signature_checks")
    if checks:
        lines += ["", "Signature checks on the faulty sensor (one-line rules told which sensor "
                  "and span to look at; not detectors):", "",
                  "| rule | fault kind | faults | fires inside the fault | "
                  "fires outside faults, per unit-month (any temperature) |",
                  "|---|---|---:|---:|---:|"]
        for name, r in checks.items():
            lines.append(f"| {name} | {r['kind']} | {r['faults']} | {fmt(r['recall'])} | "
                         f"{r['events_per_unit_month']:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    try:
        run()
    except HeatloopError as e:
        sys.exit(str(e))


def run() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--heatloop", default=str(ROOT / "build" / "heatloop"))
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--train-units", type=int, default=40)
    p.add_argument("--eval-units", type=int, default=200)
    p.add_argument("--days", type=int, default=90)
    p.add_argument("--start", default="2024-01-01")
    p.add_argument("--step", default="5min")
    p.add_argument("--detectors", default="", help="comma-separated; default: every detector "
                   "of `heatloop models list --kind detector`")
    p.add_argument("--configs", default=str(ROOT / "configs"))
    p.add_argument("--workspace", help="keep the fleet and the runs here (default: a temp dir)")
    p.add_argument("--out", help="write quality_faults.md and quality_faults.json here")
    p.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    a = p.parse_args()
    if a.train_units % 4 or a.train_units <= 0 or a.eval_units <= 0:
        sys.exit("--train-units must be a positive multiple of 4 (whole locations), "
                 "--eval-units positive")
    registry = [m["name"] for m in json.loads(
        heatloop(a.heatloop, "models", "list", "--kind", "detector", "--json"))]
    # Event detectors (their configs evaluate only shower_event) find normal use, not faults:
    # bench/quality_showers.py measures them.
    def event_detector(d):
        cfg = Path(a.configs) / f"{d}.toml"
        return cfg.is_file() and tomllib.loads(cfg.read_text()).get(
            "evaluation", {}).get("categories") == ["shower_event"]

    registry_faults = [d for d in registry if not event_detector(d)]
    detectors = a.detectors.split(",") if a.detectors else registry_faults
    for d in detectors:
        if d not in registry:
            sys.exit(f"unknown detector '{d}' (registry: {', '.join(registry)})")
        if not (Path(a.configs) / f"{d}.toml").is_file():
            sys.exit(f"detector '{d}' has no config {Path(a.configs) / f'{d}.toml'}")

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(a.workspace) if a.workspace else Path(tmp)
        data, ws = base / "fleet", base / "ws"
        units = a.train_units + a.eval_units
        if not (ws / "heatloop.db").exists():
            heatloop(a.heatloop, "simulate", "--units", units, "--days", a.days, "--start",
                     a.start, "--step", a.step, "--seed", a.seed, "--households", 0,
                     "--out", data)
            heatloop(a.heatloop, "ingest", data / "units.csv", data / "sensors.csv",
                     data / "weather.csv", "--workspace", ws, "--resample", a.step)
            heatloop(a.heatloop, "labels", "import", data / "labels_truth.csv",
                     "--workspace", ws)
        ids = [f"unit-{i:04d}" for i in range(1, units + 1)]
        train, evaluated = ids[:a.train_units], ids[a.train_units:]
        results = []
        failed = []
        for name in detectors:
            cfg = base / f"{name}.bench.toml"
            cfg.write_text(bench_config(Path(a.configs) / f"{name}.toml", evaluated))
            t0 = time.monotonic()
            try:
                r = json.loads(heatloop(a.heatloop, "run", cfg, "--workspace", ws, "--json"))
            except HeatloopError as e:  # reported in every table and the exit code, not skipped
                print(f"{name}: {e}", file=sys.stderr)
                failed.append({"detector": name, "error": str(e)})
                continue
            seconds = time.monotonic() - t0
            summary = json.loads((ws / "artifacts" / r["run_id"] / "summary.json").read_text())
            th = summary["thresholds"][0]
            policy = summary["alarm_policy"]
            threshold = f"{policy['method']} {policy['value']:g}"
            if th["threshold_source"] != "fixed":
                threshold += f": {th['threshold']:.3g} from {th['threshold_rows']} " \
                             f"{th['threshold_source']} rows of the training units"
            ev = r["evaluation"]
            results.append({
                "detector": name, "run_id": r["run_id"], "seconds": seconds,
                "threshold": threshold, "threshold_detail": summary["thresholds"],
                "overall": {k: ev["micro"].get(k) for k in (
                    "event_precision", "event_recall", "event_f1", "delay_median_h",
                    "false_alarms_per_unit_month", "detected_within_deadline", "point_fpr")},
                "counts": {k: ev["totals"].get(k) for k in (
                    "labels", "detected", "true_alarms", "false_alarms", "evaluated_months")},
                "faults": rows_by_key(ev)})
            print(f"{name}: event F1 {fmt(ev['micro'].get('event_f1'))} in {seconds:.0f} s",
                  file=sys.stderr)
        checks = signature_checks(data, evaluated) if (data / "sensors.csv").exists() else None
        days = fault_days(data, set(evaluated))
        for d in results:
            m = d["overall"]
            d["chance_recall"] = {k: chance_recall(m["false_alarms_per_unit_month"],
                                                   m["point_fpr"], v) for k, v in days.items()}
    keys = [k for k in CATEGORIES if any(k in d["faults"] for d in results)]
    keys += sorted({k for d in results for k in d["faults"]} - set(keys))
    res = {"fleet": {"seed": a.seed, "units": units, "days": a.days, "start": a.start,
                     "step": a.step, "train_units": train, "eval_units": evaluated,
                     "evaluated_labels": results[0]["counts"]["labels"] if results else None,
                     "protocol": 'split = "units", calibration_fraction = 0.25, '
                                 'exclude_labels_from_training, tolerance 1h, deadline 6h'},
           "faults": keys, "detectors": results, "failed": failed, "signature_checks": checks}
    md = markdown(res)
    if a.out:
        Path(a.out).mkdir(parents=True, exist_ok=True)
        (Path(a.out) / "quality_faults.json").write_text(json.dumps(res, indent=2) + "\n")
        (Path(a.out) / "quality_faults.md").write_text(md)
    print(json.dumps(res, indent=2) if a.json else md)
    if failed:
        sys.exit(f"{len(failed)} detector(s) failed: {', '.join(d['detector'] for d in failed)}")


if __name__ == "__main__":
    main()
