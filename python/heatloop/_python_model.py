"""The bridge between a run and a model written in Python (Workspace.run(config, model=...)).

The model is any object with ``fit(frames)`` (a list of DataFrames: each unit's training rows,
labelled spans masked to NaN as the config says, unit in ``df.attrs["unit_id"]``) and
``score(frame)`` (one unit's DataFrame -> one score per row, higher = more anomalous, NaN =
not scored). Each model the run trains (one for the fleet, or one per unit or fold) is a deep
copy of the object given.
"""

from __future__ import annotations

import copy
import re
from typing import Any, List, Mapping

import numpy as np

from ._convert import frame_to_df


def model_name(model: Any) -> str:
    """The name a Python model is logged under: its ``name`` attribute, else its class name
    in snake_case."""
    name = getattr(model, "name", None)
    if isinstance(name, str) and name:
        return name
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(model).__name__).lower()


def check_model(model: Any) -> None:
    for method in ("fit", "score"):
        if not callable(getattr(model, method, None)):
            raise ValueError(f"model: a {type(model).__name__} has no {method}() method "
                             "(a Python model needs fit(frames) and score(frame))")


class Bridge:
    """What the C++ side calls: frames arrive as native frame dicts (copies the model may
    keep), scores leave as a float64 array."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.class_name = f"{type(model).__module__}.{type(model).__qualname__}"

    def new(self) -> "Bridge":
        return Bridge(copy.deepcopy(self.model))

    def fit(self, frames: List[Mapping[str, Any]], seed: int) -> None:
        self.model.fit([frame_to_df(f) for f in frames])

    def score(self, frame: Mapping[str, Any]) -> np.ndarray:
        out = self.model.score(frame_to_df(frame))
        try:
            return np.ascontiguousarray(np.asarray(out, dtype=np.float64).reshape(-1))
        except (TypeError, ValueError) as e:
            raise ValueError(f"model {model_name(self.model)}: score() must return numbers, "
                             f"one per row ({e})") from None
