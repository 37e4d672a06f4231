#!/usr/bin/env bash
# Times each stage of `make test` on a clean clone (bench/README.md, "make test's time"):
#   scripts/time-make-test.sh [DIR]     (default /tmp/heatloop-timed; the clone is made there)
# Stages run one at a time in make test's order; the log is DIR.log, the times DIR.times.
# Set CMAKE_CXX_COMPILER_LAUNCHER=ccache to use a compiler cache (leave it unset for the
# figures of a fresh machine).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-/tmp/heatloop-timed}
rm -rf "$DIR" && git clone -q "$ROOT" "$DIR" && cd "$DIR" || exit 1
: >"$DIR.log"; : >"$DIR.times"
start=$(date +%s)
for t in test-unit test-asan test-integration test-web test-e2e test-postgres test-fuzz test-python; do
  s=$(date +%s)
  make "$t" >>"$DIR.log" 2>&1
  rc=$?
  echo "$t rc=$rc $(( $(date +%s) - s )) s" | tee -a "$DIR.times"
  [[ $rc -eq 0 ]] || exit $rc
done
echo "total $(( $(date +%s) - start )) s" | tee -a "$DIR.times"
