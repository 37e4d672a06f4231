"""The model registry: every built-in model of every kind, made, fitted, used, saved and
loaded from Python (docs/models.md lists them and their params)."""

from __future__ import annotations

import builtins
import json
import os
from typing import Any, Dict, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _heatloop as _hl
from ._convert import df_to_frame, utc_index

Frames = Union[pd.DataFrame, Sequence[pd.DataFrame], Mapping[str, pd.DataFrame]]


def list(kind: Optional[str] = None) -> pd.DataFrame:  # noqa: A001 (the registry's verb)
    """The registered models (of one kind: detector, forecaster, classifier,
    disaggregator): name, kind, summary."""
    if kind is not None:
        _hl.model_kind_check(kind)
    return pd.DataFrame(_hl.model_list(kind), columns=["name", "kind", "summary"])


def params(name: str) -> Dict[str, Any]:
    """A model's default params (ValueError listing the models for an unknown name)."""
    return _hl.model_params(name)


def make(name: str, **params: Any) -> "Model":
    """A new model with these params (the rest default); ValueError for an unknown name or
    an invalid param, with the message `heatloop run` gives."""
    return Model(_hl.model_make(name, params))


def load(source: Union[str, "os.PathLike[str]", Mapping[str, Any]],
         side: Optional[bytes] = None) -> "Model":
    """A fitted model from a save() document (a dict, or the path of the JSON file that
    save(path) wrote; its side file <path>.bin, when there is one, is read too)."""
    if isinstance(source, Mapping):
        return Model(_hl.model_load(dict(source), side or b""))
    path = os.fspath(source)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if side is None and os.path.exists(path + ".bin"):
        with open(path + ".bin", "rb") as f:
            side = f.read()
    return Model(_hl.model_load(doc, side or b""))


def _frames(frames: Frames) -> builtins.list:
    if isinstance(frames, pd.DataFrame):
        return [df_to_frame(frames)]
    if isinstance(frames, Mapping):
        return [df_to_frame(df, unit) for unit, df in frames.items()]
    return [df_to_frame(df) for df in frames]


class Model:
    """A registered model. Frames are DataFrames with a UTC DatetimeIndex on a regular grid
    (as Workspace.load gives), one column per channel, the unit in df.attrs["unit_id"]
    (or pass a dict {unit: frame})."""

    def __init__(self, native: Any) -> None:
        self._native = native

    @property
    def name(self) -> str:
        return self._native.name

    @property
    def kind(self) -> str:
        return self._native.kind

    @property
    def params(self) -> Dict[str, Any]:
        """Every param in force (defaults filled in)."""
        return self._native.params

    @property
    def fitted(self) -> bool:
        return self._native.fitted

    def __repr__(self) -> str:
        return f"<heatloop model {self.name} ({self.kind}){' fitted' if self.fitted else ''}>"

    def configure(self, **params: Any) -> "Model":
        """Sets the params: those given, the others at their defaults (as make(name,
        **params) would). Clears the fitted state."""
        self._native.configure(params)
        return self

    def fit(self, frames: Frames, targets: Optional[Sequence[float]] = None, *, seed: int = 0,
            threads: int = 1) -> "Model":
        """Fits on one frame, a list of frames or a dict {unit: frame}; classifiers take one
        target (0/1) per frame."""
        t = None if targets is None else [float(x) for x in targets]
        self._native.fit(_frames(frames), t, seed, threads)
        return self

    def score(self, frame: pd.DataFrame, unit_id: Optional[str] = None) -> pd.Series:
        """A detector's score per row (higher = more anomalous, NaN = not scored)."""
        f = df_to_frame(frame, unit_id)
        return pd.Series(self._native.score(f), index=utc_index(f[1]), name="score")

    def predict(self, frame: pd.DataFrame, unit_id: Optional[str] = None) -> Any:
        """Forecasters: a DataFrame with one column per horizon step ("step_1", ...: the
        forecast of the target at each row, issued that many steps earlier). Disaggregators:
        the component series. Classifiers: a DataFrame of periods (start, end, probability)."""
        f = df_to_frame(frame, unit_id)
        out = self._native.predict(f)
        if self.kind == "forecaster":
            target, steps = out
            df = pd.DataFrame({f"step_{i + 1}": s for i, s in enumerate(steps)},
                              index=utc_index(f[1]))
            df.attrs["target"] = target
            return df
        if self.kind == "disaggregator":
            return pd.Series(out, index=utc_index(f[1]), name="component")
        df = pd.DataFrame(out, columns=["start", "end", "probability"])
        for k in ["start", "end"]:
            df[k] = pd.to_datetime(df[k].astype(np.int64), unit="ms", utc=True)
        return df

    def save(self, path: Union[str, "os.PathLike[str]", None] = None) -> Dict[str, Any]:
        """The versioned model document {format_version, model, kind, params, state}. With
        a path, also writes it there as JSON (and the binary side file, if any, to
        <path>.bin)."""
        doc, side = self._native.save()
        if path is not None:
            p = os.fspath(path)
            with open(p, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            if side:
                with open(p + ".bin", "wb") as f:
                    f.write(side)
        return doc

    def side_file(self) -> bytes:
        """The binary side file that goes with save()'s document (b"" for most models)."""
        return self._native.save()[1]
