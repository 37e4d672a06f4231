"""The evaluation contract on scores and alarms computed anywhere (docs/evaluation.md)."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Union

import numpy as np
import pandas as pd

from . import _heatloop as _hl
from ._convert import index_ms, to_ms


def _scores(unit: str, s: Union[pd.Series, pd.DataFrame]) -> pd.Series:
    if isinstance(s, pd.DataFrame):
        if "score" not in s.columns:
            raise ValueError(f"unit {unit}: a scores frame needs a 'score' column")
        s = s["score"]
    if not isinstance(s, pd.Series):
        raise ValueError(f"unit {unit}: scores must be a pandas Series or DataFrame")
    return s


def evaluate_scores(scores_by_unit: Mapping[str, Union[pd.Series, pd.DataFrame]],
                    labels: pd.DataFrame, alarms: Optional[pd.DataFrame] = None, *,
                    alarm_policy: Optional[Mapping[str, Any]] = None,
                    options: Optional[Mapping[str, Any]] = None,
                    unit_types: Optional[Mapping[str, str]] = None) -> Dict[str, Any]:
    """Evaluates scores against labels exactly as a run is evaluated.

    scores_by_unit: {unit: Series of scores on a DatetimeIndex (NaN = not scored)}.
    labels: unit_id, start, end, category and optionally confidence (1), status (confirmed),
    notes (a "kind: WORD" tag) - Workspace.labels() fits. Superseded labels are left out.
    alarms: unit_id, start, end and optionally peak_score, peak_time; or, for units without
    alarms, alarm_policy (the [alarms] table of a run, e.g. {"method": "fixed", "value": 3})
    raises them from the unit's own scores. options: the [evaluation] table.
    Returns the evaluation (as a run's evaluation.json): micro, macro, units, breakdowns.
    """
    types = dict(unit_types or {})
    by_unit: Dict[str, list] = {u: [] for u in scores_by_unit}
    if alarms is not None:
        for col in ["unit_id", "start", "end"]:
            if col not in alarms.columns:
                raise ValueError(f"alarms: missing column {col!r}")
        for row in alarms.itertuples(index=False):
            unit = str(row.unit_id)
            if unit not in by_unit:
                raise ValueError(f"alarms: unit {unit} has no scores")
            start, end = to_ms(row.start, "alarms.start"), to_ms(row.end, "alarms.end")
            peak = float(getattr(row, "peak_score", np.nan))
            at = getattr(row, "peak_time", None)
            by_unit[unit].append((start, end, peak, to_ms(at, "alarms.peak_time")
                                  if at is not None else start))
    units = []
    for unit, s in scores_by_unit.items():
        s = _scores(unit, s)
        given = alarms is not None
        units.append((str(unit), types.get(unit, ""), index_ms(s.index, f"unit {unit}"),
                      np.ascontiguousarray(s.to_numpy(dtype=np.float64)), 0,
                      by_unit[unit] if given else None, []))
    for col in ["unit_id", "start", "end", "category"]:
        if col not in labels.columns:
            raise ValueError(f"labels: missing column {col!r}")
    n = len(labels)
    conf = labels["confidence"] if "confidence" in labels.columns else [1.0] * n
    status = labels["status"] if "status" in labels.columns else ["confirmed"] * n
    notes = labels["notes"] if "notes" in labels.columns else [""] * n
    rows = [(str(u), to_ms(a, "labels.start"), to_ms(b, "labels.end"), str(c), float(k),
             str(st), "" if nt is None or (isinstance(nt, float) and np.isnan(nt)) else str(nt))
            for u, a, b, c, k, st, nt in zip(labels["unit_id"], labels["start"], labels["end"],
                                             labels["category"], conf, status, notes)]
    return _hl.evaluate_scores(units, rows, dict(alarm_policy) if alarm_policy else None,
                               dict(options or {}))
