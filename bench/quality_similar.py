"""Find-similar against the simulator's ground truth (issue 16, item 7): for every fault
category, take ground-truth events of that category as query labels, search the fleet for the
20 most similar windows (`heatloop labels similar --label ID --top 20 --dry-run
--include-labelled --json`) and measure recall@20: the share of the *other* events of the
same category (all units, the query's own unit included) that at least one of the 20 windows
overlaps, averaged over the queries. Beside it, the same recall for 20 random windows of the
query's length (uniform over the fleet's data, 50 draws per query): the chance level.

Fleet: `heatloop simulate --units N --days D --step STEP --seed S` (default 60 units, 180 days
from 2024-01-01 at 5 min, seed 16), ingested with its units and weather, labels_truth.csv
imported (the query labels are its rows). `--dry-run` stores nothing; `--include-labelled`
because every event is labelled here (the default skips windows already labelled with the
query's category, which in this set-up would be exactly the events to find).

    .venv/bin/python bench/quality_similar.py --heatloop build/heatloop [--units 60]
        [--days 180] [--step 5min] [--seed 16] [--queries 8] [--top 20] [--channels a,b]
        [--workspace DIR] [--json]
"""

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

CATEGORIES = ["compressor_failure", "refrigerant_leak", "sensor_fault", "short_cycling",
              "circulation_failure", "aux_heater_stuck"]


def heatloop(binary, *args):
    r = subprocess.run([binary, *map(str, args)], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"heatloop {' '.join(map(str, args))} failed ({r.returncode}): {r.stderr.strip()}")
    return r.stdout


def overlaps(a0, a1, b0, b1):
    return a0 < b1 and b0 < a1


def recall(hits, others):
    """Share of `others` (labels) overlapped by at least one hit (unit_id, start, end)."""
    if not others:
        return None
    found = sum(1 for o in others
                if any(h[0] == o["unit_id"] and overlaps(h[1], h[2], o["start_ms"], o["end_ms"])
                       for h in hits))
    return found / len(others)


def random_windows(rng, spans, length, n):
    """n random windows of `length` ms, uniform over the fleet's data (unit spans)."""
    units = [u for u, (s, e) in spans.items() if e - s > length]
    weights = [spans[u][1] - spans[u][0] - length for u in units]
    out = []
    for u in rng.choices(units, weights=weights, k=n):
        s, e = spans[u]
        start = s + rng.randrange(0, e - s - length)
        out.append((u, start, start + length))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--heatloop", default="build/heatloop")
    ap.add_argument("--units", type=int, default=60)
    ap.add_argument("--days", type=int, default=180)
    ap.add_argument("--step", default="5min")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--queries", type=int, default=8, help="queries per category (at most)")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--channels", default="", help="channels to compare (default: the CLI's)")
    ap.add_argument("--workspace", help="reuse this workspace (built when missing)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    binary = str(Path(a.heatloop).resolve())

    tmp = tempfile.TemporaryDirectory(prefix="heatloop-similar-")
    ws = Path(a.workspace) if a.workspace else Path(tmp.name) / "ws"
    if not (ws / "heatloop.db").exists():
        data = Path(tmp.name) / "data"
        heatloop(binary, "simulate", "--units", a.units, "--days", a.days, "--step", a.step,
                 "--seed", a.seed, "--out", data)
        heatloop(binary, "ingest", data / "units.csv", data / "sensors.csv", data / "weather.csv",
                 "--workspace", ws)
        heatloop(binary, "labels", "import", data / "labels_truth.csv", "--workspace", ws)
    labels = json.loads(heatloop(binary, "labels", "list", "--workspace", ws, "--json"))
    if isinstance(labels, dict):
        labels = labels["labels"]
    for l in labels:
        l["start_ms"] = l["start_ms"] if "start_ms" in l else iso_ms(l["start"])
        l["end_ms"] = l["end_ms"] if "end_ms" in l else iso_ms(l["end"])
    summary = json.loads(heatloop(binary, "inspect", "--workspace", ws, "--json"))
    spans = {u["unit_id"]: (iso_ms(u["start"]), iso_ms(u["end"])) for u in summary["units"]
             if u.get("start")}

    by_cat = defaultdict(list)
    for l in labels:
        by_cat[l["category"]].append(l)
    rng = random.Random(a.seed)
    rows, seconds = [], []
    for cat in CATEGORIES:
        events = sorted(by_cat.get(cat, []), key=lambda l: l["id"])
        if len(events) < 2:
            rows.append({"category": cat, "events": len(events), "queries": 0})
            continue
        queries = events if len(events) <= a.queries else random.Random(a.seed).sample(events, a.queries)
        rec, chance, precision = [], [], []
        for q in queries:
            args = ["labels", "similar", "--label", q["id"], "--top", a.top, "--dry-run",
                    "--include-labelled", "--workspace", ws, "--json"]
            if a.channels:
                args += ["--channels", a.channels]
            t = time.perf_counter()
            r = json.loads(heatloop(binary, *args))
            seconds.append(time.perf_counter() - t)
            hits = [(h["unit_id"], h["start_ms"], h["end_ms"]) for h in r["hits"]]
            others = [e for e in events if e["id"] != q["id"]]
            rec.append(recall(hits, others))
            same = sum(1 for h in hits if any(
                h[0] == e["unit_id"] and overlaps(h[1], h[2], e["start_ms"], e["end_ms"])
                for e in others))
            precision.append(same / len(hits) if hits else 0.0)
            length = q["end_ms"] - q["start_ms"]
            chance.append(statistics.mean(
                recall(random_windows(rng, spans, length, a.top), others) for _ in range(50)))
        rows.append({"category": cat, "events": len(events), "queries": len(queries),
                     "recall_at_top": statistics.mean(rec), "chance": statistics.mean(chance),
                     "hits_on_category": statistics.mean(precision),
                     "channels": r["channels"]})
    result = {"units": a.units, "days": a.days, "step": a.step, "seed": a.seed, "top": a.top,
              "rows": rows, "median_seconds_per_query": statistics.median(seconds) if seconds else None}
    if a.json:
        print(json.dumps(result, indent=1))
        return
    print(f"fleet: {a.units} units x {a.days} days at {a.step}, seed {a.seed}; "
          f"median {result['median_seconds_per_query']:.2f} s per query (CLI, whole fleet)")
    print(f"| category | events | queries | recall@{a.top} | chance | hits on the category |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        if not r["queries"]:
            print(f"| {r['category']} | {r['events']} | 0 | – | – | – |")
            continue
        print(f"| {r['category']} | {r['events']} | {r['queries']} | {r['recall_at_top']:.2f} | "
              f"{r['chance']:.2f} | {r['hits_on_category']:.2f} |")


def iso_ms(text):
    from datetime import datetime
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


if __name__ == "__main__":
    main()
