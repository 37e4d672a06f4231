"""Runs fanned out over a dask.distributed cluster (docs/python.md, "Dask").

``run(config, client=..., workspace=...)`` is ``Workspace.run`` with the per-unit work (each
unit's fit with ``scope = "unit"``, and the scoring or forecasting of every unit) done in
Dask tasks. The driver (this process) plans the run, fits the models that train on several
units, finishes the run (thresholds, alarms, evaluation, stored outputs) and logs it, with
the same C++ code as a local run: the run is the same, only where the per-unit work happens
differs. Needs ``dask`` and ``distributed`` (``pip install "heatloop[dask]"``).
"""

from __future__ import annotations

import math
import os
import uuid
from typing import Any, List, Mapping, Optional, Sequence, Tuple, Union

from . import _heatloop as _hl
from .workspace import PathLike, Run, Workspace

try:
    import distributed
except ImportError as e:  # pragma: no cover - the test environment has it
    raise ImportError("heatloop.dask needs the packages dask and distributed "
                      "(pip install dask distributed)") from e

__all__ = ["run", "default_batch_size"]

# Tasks per worker thread by default: enough for an even spread when units differ in length,
# few enough that the per-task overhead stays small next to a unit's work.
TASKS_PER_THREAD = 4


def default_batch_size(units: int, threads: int) -> int:
    """Units per task when ``batch_size`` is not given: the units spread over about
    TASKS_PER_THREAD tasks per worker thread of the cluster."""
    return max(1, math.ceil(units / max(1, threads * TASKS_PER_THREAD)))


def _batches(units: Sequence[str], batch_size: int) -> List[Tuple[int, int]]:
    """[begin, end) ranges of work items, each holding the items of at most batch_size
    units; a unit's items (adjacent) never split over two tasks."""
    out: List[Tuple[int, int]] = []
    begin, count = 0, 0
    for k in range(len(units)):
        if k > 0 and units[k] != units[k - 1]:
            count += 1
            if count == batch_size:
                out.append((begin, k))
                begin, count = k, 0
    if len(units) > begin:
        out.append((begin, len(units)))
    return out


def run_batch(workspace: str, shared: bytes, items: List[bytes], threads: int) -> List[bytes]:
    """One task: the worker's part of a batch of work items (the C++ run_unit_work, with the
    GIL released). Reads the units from the workspace directory ``workspace``."""
    return _hl.run_unit_work(workspace, shared, items, threads)


def _cluster_threads(client: "distributed.Client") -> int:
    info = client.scheduler_info()
    return sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()) or 1


def _config_text(config: Union[PathLike, Mapping[str, Any]]) -> Tuple[str, str]:
    if isinstance(config, Mapping):
        return _hl.toml_from_dict(dict(config)), "<dict>"
    source = os.fspath(config)
    try:
        with open(source, encoding="utf-8") as f:
            return f.read(), source
    except FileNotFoundError:
        raise KeyError(f"{source}: no such file") from None


def run(config: Union[PathLike, Mapping[str, Any]], *, client: "distributed.Client",
        workspace: Union[Workspace, PathLike], batch_size: Optional[int] = None,
        threads: int = 0, worker_threads: int = 1,
        worker_workspace: Optional[PathLike] = None) -> Run:
    """Runs ``config`` (a TOML file or a dict, as ``Workspace.run``) with its per-unit work
    on the cluster of ``client``; returns the ``Run``, tracked in ``workspace`` (a
    ``Workspace`` or its path) like any other.

    - ``batch_size``: units per task (default: ``default_batch_size``, about four tasks per
      worker thread); a unit's work is never split over tasks.
    - ``threads``: threads of the driver's own work (fleet-scope fits; 0 = one per core).
    - ``worker_threads``: threads each task's model uses (match the workers' threads).
    - ``worker_workspace``: the workspace directory as the workers see it (default: the
      driver's path, absolute); they read the units' data there, nothing else.

    Detector, forecaster and disaggregator runs of registered models; a classifier run or a
    ``[model]`` the registry does not hold raises ValueError. A task whose worker dies is
    retried by Dask (its ``allowed-failures``); a task that raises ends the run, logged as
    FAILED, with the task's exception."""
    if batch_size is not None and batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    if worker_threads < 1:
        raise ValueError(f"worker_threads must be >= 1, got {worker_threads}")
    own = not isinstance(workspace, Workspace)
    ws = Workspace(workspace) if own else workspace
    try:
        text, source = _config_text(config)
        worker_path = os.path.abspath(os.fspath(worker_workspace or ws.path))
        token = uuid.uuid4().hex[:12]

        def execute(shared: bytes, items: List[bytes], units: List[str]) -> List[bytes]:
            n_units = len(dict.fromkeys(units))
            size = batch_size or default_batch_size(n_units, _cluster_threads(client))
            # The shared part (the model documents fitted here) goes to every worker once.
            shared_future = client.scatter(shared, broadcast=True, hash=False)
            futures = [client.submit(run_batch, worker_path, shared_future, items[b:e],
                                     worker_threads, key=f"heatloop-units-{token}-{k}",
                                     pure=False)
                       for k, (b, e) in enumerate(_batches(units, size))]
            try:
                out: List[bytes] = []
                for part in client.gather(futures):
                    out.extend(part)
                return out
            finally:
                client.cancel(futures + [shared_future])

        result = _hl.run_fan_out(ws._session, text, source, threads, execute)
        return Run(ws, result["run_id"], result)
    finally:
        if own:
            ws.close()
