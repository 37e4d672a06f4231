"""examples/torch_autoencoder.py (a PyTorch autoencoder written in Python, run as a heatloop
run) as a user runs it: with Debian's python3-torch, in the venv HEATLOOP_TORCH_PYTHON names
(`make test-python` makes it: /usr/bin/python3 -m venv --system-site-packages, the heatloop
wheel installed with --no-deps; docs/python.md "PyTorch"). Without that interpreter the test
fails: it is never skipped."""

import os
import re
import shutil
import subprocess

import numpy as np
import pytest

import heatloop
from conftest import REPO


@pytest.fixture(scope="module")
def torch_python() -> str:
    path = os.environ.get("HEATLOOP_TORCH_PYTHON", "")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("HEATLOOP_TORCH_PYTHON must name a Python with torch and heatloop "
                    f"(got {path!r}): run `make test-python`, which makes build/torch-venv")
    return path


def test_torch_autoencoder_example(torch_python, base_ws, tmp_path):
    path = tmp_path / "ws"
    shutil.copytree(base_ws, path)
    out = subprocess.run([torch_python, str(REPO / "examples" / "torch_autoencoder.py"),
                          str(path)], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert re.search(r"^torch 1\.13", out.stdout, re.M), out.stdout
    m = re.search(r"event F1: (\S+) \(torch_autoencoder\), (\S+) \(isolation_forest\)",
                  out.stdout)
    assert m, out.stdout
    assert 0 <= float(m.group(1)) <= 1
    assert re.search(r"per unit: \d+ better, \d+ worse, \d+ unchanged", out.stdout)
    with heatloop.Workspace(path) as ws:
        runs = ws.runs()
        assert set(runs["name"]) == {"torch_autoencoder", "isolation_forest"}
        assert set(runs["status"]) == {"FINISHED"}
        run = ws.get_run(runs.index[runs["name"] == "torch_autoencoder"][0])
        assert run.params()["model"] == "torch_autoencoder"
        assert len(run.alarms()) > 0
        for unit in ws.units():
            s = run.scores(unit)["score"].to_numpy()
            scored = s[np.isfinite(s)]
            # Scored from the first complete half hour on, reconstruction errors >= 0 that vary.
            assert len(scored) > 0.9 * len(s) and (scored >= 0).all() and scored.std() > 0
