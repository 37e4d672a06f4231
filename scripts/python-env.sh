#!/usr/bin/env bash
# Creates .venv with the Python tools the tests and benchmarks use (from PyPI, pinned in
# the requirements file given as $1). Re-runs pip only when that file changed.
set -euo pipefail
req=${1:-tests/requirements.txt}
venv=${VENV:-.venv}
stamp="$venv/.stamp-${req//\//_}"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
if [[ ! -f "$stamp" || "$req" -nt "$stamp" ]]; then
  # NODEPS=1: install exactly the pinned packages, without their declared dependencies.
  "$venv/bin/python" -m pip install -q --disable-pip-version-check ${NODEPS:+--no-deps} -r "$req"
  touch "$stamp"
fi
