#!/usr/bin/env bash
# Runs every benchmark and peer comparison; `make bench` calls it after building with
# -DHEATLOOP_BUILD_BENCH=ON and setting up .venv from bench/requirements.txt.
# Each result goes to bench/out/<name>.json (and the terminal); bench/README.md records them.
#   bench/run.sh [io|labels|pandas|mlflow|iforest|web|quality|forecasters|forecast|faults|showers|torch|python|dask]...  (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
py=.venv/bin/python
which=("$@")
[[ ${#which[@]} -eq 0 ]] && which=(io labels pandas mlflow iforest web quality forecasters forecast faults showers torch python dask)

for b in "${which[@]}"; do
  echo "== $b" >&2
  case $b in
    io)
      build/bench_io --benchmark_out="$out/bench_io.json" --benchmark_out_format=json ;;
    labels)
      # SQLite and a throwaway PostgreSQL cluster in one process.
      scripts/with-postgres.sh build/bench_labels \
        --benchmark_out="$out/bench_labels.json" --benchmark_out_format=json ;;
    pandas)
      "$py" bench/compare_pandas.py --heatloop build/heatloop --json >"$out/compare_pandas.json" ;;
    mlflow)
      "$py" bench/compare_mlflow.py --heatloop build/heatloop --json >"$out/compare_mlflow.json" ;;
    iforest)
      "$py" bench/compare_iforest.py --tool build/iforest_bench --json >"$out/compare_iforest.json" ;;
    web)
      bench/compare_web.sh build/heatloop build/web_load >"$out/compare_web.json" ;;
    quality)
      "$py" bench/quality_fast_fleet.py --heatloop build/heatloop --json >"$out/quality_fast_fleet.json" ;;
    forecasters)
      "$py" bench/quality_forecasters.py --heatloop build/heatloop --json >"$out/quality_forecasters.json" ;;
    forecast)
      # gradient_boosting vs LightGBM and XGBoost's Python package, one thread (~2 min).
      "$py" bench/compare_forecast.py --heatloop build/heatloop --threads 1 --json >"$out/compare_forecast.json" ;;
    faults)
      # Every registry detector per fault category; writes quality_faults.{md,json} (~6 min).
      nice -n 10 "$py" bench/quality_faults.py --heatloop build/heatloop --out "$out" >/dev/null ;;
    showers)
      # Shower detection against draws.csv, 10 households x 8 weeks at 1 and 5 min; writes
      # quality_showers.{md,json} (~30 s).
      "$py" bench/quality_showers.py --heatloop build/heatloop --out "$out" >/dev/null ;;
    torch)
      # The neural layer against PyTorch eager (issue 11): PyTorch in its own venv, so the
      # test venv never downloads it. Writes compare_torch_{demo,fleet}.json (~6 min) and,
      # for the hot-water forecasters' networks (issue 12), compare_torch_forecaster.json (~1.5 min).
      VENV=.venv-torch scripts/python-env.sh bench/requirements-torch.txt
      .venv-torch/bin/python bench/compare_torch.py --tool build/nn_bench --size demo --repeats 3 --out "$out"
      .venv-torch/bin/python bench/compare_torch.py --tool build/nn_bench --size fleet --out "$out"
      .venv-torch/bin/python bench/compare_torch.py --tool build/nn_bench --size forecaster --repeats 3 --out "$out" ;;
    python)
      # The Python package (issue 15): a unit-year into pandas through heatloop vs Parquet and
      # CSV, and the call overhead of scoring from Python (~3 min). Needs the package's venv
      # (make test-python makes build/python-venv); pyarrow is added to it.
      build/python-venv/bin/pip install -q --disable-pip-version-check -r bench/requirements-python.txt
      build/python-venv/bin/python bench/python_package.py --heatloop build/heatloop --json >"$out/python_package.json" ;;
    dask)
      # heatloop.dask on a LocalCluster of 2 workers against one process, 50 units x 30 days
      # (~3 min); the package's venv (make test-python) has dask and distributed.
      build/python-venv/bin/python bench/dask_fanout.py --heatloop build/heatloop --units 50 --days 30 \
        | tee "$out/dask_fanout.txt" ;;
    *)
      echo "bench/run.sh: unknown benchmark '$b' (io, labels, pandas, mlflow, iforest, web, quality, forecasters, forecast, faults, showers, torch, python, dask)" >&2
      exit 2 ;;
  esac
done
