"""Shared fixtures for the CLI integration tests.

`heatloop` runs the built CLI (path in the HEATLOOP_BIN environment variable) and returns
(exit code, stdout, stderr); `tree_digest` fingerprints a directory tree so a test can
assert that a failed command left it byte-identical.
"""

import hashlib
import os
import subprocess
from pathlib import Path

import pytest


def _binary() -> str:
    path = os.environ.get("HEATLOOP_BIN")
    if not path or not os.access(path, os.X_OK):
        pytest.fail(f"HEATLOOP_BIN must name the built heatloop CLI (got {path!r})")
    return path


@pytest.fixture
def heatloop():
    """heatloop("ingest", "a.csv", "--workspace", ws) -> (code, stdout, stderr)."""
    binary = _binary()

    def run(*args, cwd=None, timeout=300):
        proc = subprocess.run(
            [binary, *map(str, args)],
            capture_output=True,
            text=True,
            cwd=cwd,
            timeout=timeout,
        )
        return proc.returncode, proc.stdout, proc.stderr

    return run


def _digest(root: Path) -> dict:
    root = Path(root)
    if not root.exists():
        return {}
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        out[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def tree_digest():
    """tree_digest(path) -> {relative path: "dir" | sha256 of the file}; {} when missing."""
    return _digest
