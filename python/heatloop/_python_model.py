"""The bridge between a run and a model written in Python (Workspace.run(config, model=...)).

Three kinds, as the built-in models (docs/python.md "Models written in Python"):

- a detector: ``fit(frames)`` (a list of DataFrames: each unit's training rows, labelled spans
  masked to NaN as the config says, unit in ``df.attrs["unit_id"]``) and ``score(frame)`` (one
  unit's DataFrame -> one score per row, higher = more anomalous, NaN = not scored);
- a forecaster: ``target`` (a channel), ``horizon`` (steps, default 1), ``fit(frames)`` and
  ``predict(frame)`` -> one forecast per row and horizon step (a DataFrame with columns
  step_1 .. step_H, a (rows, H) array, or one value per row when H = 1): row i of step h is
  the forecast of the target at row i issued h steps earlier;
- a classifier: ``kind = "classifier"``, ``fit(frames, targets)`` (one 0/1 target per frame)
  and ``predict(frame)`` -> a DataFrame of periods: start, end (times) and probability.

The kind is the object's ``kind`` attribute, else "detector" when it has score(), else
"forecaster" when it has a target. Each model the run trains (one for the fleet, or one per
unit or fold) is a deep copy of the object given.
"""

from __future__ import annotations

import copy
import re
from typing import Any, List, Mapping, Sequence, Tuple

import numpy as np
import pandas as pd

from ._convert import frame_to_df

KINDS = ("detector", "forecaster", "classifier")


def model_name(model: Any) -> str:
    """The name a Python model is logged under: its ``name`` attribute, else its class name
    in snake_case."""
    name = getattr(model, "name", None)
    if isinstance(name, str) and name:
        return name
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(model).__name__).lower()


def model_kind(model: Any) -> str:
    """The kind of a Python model: its ``kind`` attribute, else inferred from its methods."""
    kind = getattr(model, "kind", None)
    if kind is None:
        if callable(getattr(model, "score", None)):
            return "detector"
        return "forecaster" if hasattr(model, "target") else "detector"
    if kind not in KINDS:
        raise ValueError(f"model: kind = {kind!r}: a Python model is one of "
                         f"{', '.join(KINDS)}")
    return kind


def check_model(model: Any) -> None:
    kind = model_kind(model)
    needs = {"detector": ("fit", "score"), "forecaster": ("fit", "predict"),
             "classifier": ("fit", "predict")}[kind]
    signature = {"detector": "fit(frames) and score(frame)",
                 "forecaster": "target, fit(frames) and predict(frame)",
                 "classifier": "fit(frames, targets) and predict(frame)"}[kind]
    for method in needs:
        if not callable(getattr(model, method, None)):
            raise ValueError(f"model: a {type(model).__name__} has no {method}() method "
                             f"(a Python {kind} needs {signature})")
    if kind == "forecaster":
        target = getattr(model, "target", None)
        if not isinstance(target, str) or not target:
            raise ValueError(f"model: a {type(model).__name__} forecaster needs a target "
                             "(the channel it forecasts, a str)")
        horizon = getattr(model, "horizon", 1)
        if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) \
                or horizon < 1:
            raise ValueError(f"model: horizon = {horizon!r}: a whole number of steps >= 1")


def _times_ms(values: Any, what: str) -> np.ndarray:
    t = pd.to_datetime(pd.Series(values), utc=True)
    if t.isna().any():
        raise ValueError(f"{what}: a period without a {what.rsplit(' ', 1)[-1]} time")
    return np.ascontiguousarray(t.to_numpy("datetime64[ms]").astype(np.int64))


class Bridge:
    """What the C++ side calls: frames arrive as native frame dicts (copies the model may
    keep), results leave as float64 arrays."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.class_name = f"{type(model).__module__}.{type(model).__qualname__}"
        self.kind = model_kind(model)
        if self.kind == "forecaster":
            self.target = str(model.target)
            self.horizon = int(getattr(model, "horizon", 1))

    def new(self) -> "Bridge":
        return Bridge(copy.deepcopy(self.model))

    def fit(self, frames: List[Mapping[str, Any]], seed: int) -> None:
        self.model.fit([frame_to_df(f) for f in frames])

    def fit_classifier(self, frames: List[Mapping[str, Any]], targets: Sequence[int],
                       seed: int) -> None:
        self.model.fit([frame_to_df(f) for f in frames], list(targets))

    def score(self, frame: Mapping[str, Any]) -> np.ndarray:
        out = self.model.score(frame_to_df(frame))
        try:
            return np.ascontiguousarray(np.asarray(out, dtype=np.float64).reshape(-1))
        except (TypeError, ValueError) as e:
            raise ValueError(f"model {model_name(self.model)}: score() must return numbers, "
                             f"one per row ({e})") from None

    def predict(self, frame: Mapping[str, Any]) -> np.ndarray:
        """A forecaster's forecasts as a (horizon, rows) array."""
        df = frame_to_df(frame)
        out = self.model.predict(df)
        name = model_name(self.model)
        if isinstance(out, pd.DataFrame):
            want = [f"step_{h + 1}" for h in range(self.horizon)]
            missing = [c for c in want if c not in out.columns]
            if missing:
                raise ValueError(f"model {name}: predict() returned a DataFrame without "
                                 f"{', '.join(missing)} (one column per horizon step)")
            out = out[want]
        try:
            a = np.asarray(out, dtype=np.float64)
        except (TypeError, ValueError) as e:
            raise ValueError(f"model {name}: predict() must return numbers ({e})") from None
        if a.ndim == 1 and self.horizon == 1:
            a = a.reshape(-1, 1)
        if a.ndim != 2 or a.shape != (len(df), self.horizon):
            raise ValueError(f"model {name}: predict() returned shape {a.shape} for "
                             f"{len(df)} rows and horizon {self.horizon} (want "
                             f"({len(df)}, {self.horizon}))")
        return np.ascontiguousarray(a.T)

    def predict_periods(self, frame: Mapping[str, Any]) -> Tuple[np.ndarray, ...]:
        """A classifier's periods as (start ms, end ms, probability) arrays."""
        out = self.model.predict(frame_to_df(frame))
        name = model_name(self.model)
        if not isinstance(out, pd.DataFrame) or \
                not {"start", "end", "probability"} <= set(out.columns):
            raise ValueError(f"model {name}: predict() must return a DataFrame with columns "
                             "start, end and probability")
        start = _times_ms(out["start"], f"model {name}: predict(): start")
        end = _times_ms(out["end"], f"model {name}: predict(): end")
        p = np.ascontiguousarray(pd.to_numeric(out["probability"]).to_numpy(np.float64))
        ok = np.isnan(p) | ((p >= 0) & (p <= 1))
        if not ok.all():
            raise ValueError(f"model {name}: predict(): probability {p[~ok][0]} is not in "
                             "[0, 1]")
        if (end <= start).any():
            raise ValueError(f"model {name}: predict(): a period ends before it starts")
        return start, end, p
