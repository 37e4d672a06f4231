#!/usr/bin/env bash
# Installs the Debian packages heatloop needs, only those missing. Idempotent; uses sudo
# when not root. The list is the one place system dependencies are named.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates tzdata
  python3 python3-venv python3-pip python3-dev
  nlohmann-json3-dev libfmt-dev libcli11-dev libhowardhinnant-date-dev libfast-float-dev
  zlib1g-dev libssl-dev libsqlite3-dev libpqxx-dev postgresql libcpp-httplib-dev
  libgtest-dev libgmock-dev libbenchmark-dev clang-format
  libfftw3-dev libeigen3-dev libboost-dev libxgboost-dev xgboost libtomlplusplus-dev libsodium-dev chromium fonts-dejavu-core
  # the neural layer (src/nn, self_supervised): libtorch CPU, with OpenBLAS (~4x faster training)
  libtorch-dev libopenblas0-pthread
  # PyTorch for /usr/bin/python3: the Python package's autoencoder example (make test-python)
  python3-torch
  # libFuzzer targets (fuzz/, make fuzz / make test-fuzz)
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "deps: all ${#packages[@]} Debian packages present"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
