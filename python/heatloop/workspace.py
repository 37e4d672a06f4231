"""A heatloop workspace: its data, its label store and its runs (docs/python.md)."""

from __future__ import annotations

import datetime as _dt
import getpass
import os
import tomllib
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import pandas as pd

from . import _heatloop as _hl
from ._convert import TimeLike, frame_to_df, to_ms, utc_times
from ._python_model import Bridge, check_model, model_name

PathLike = Union[str, "os.PathLike[str]"]

_LABEL_COLUMNS = ["id", "unit_id", "start", "end", "category", "confidence", "status", "source",
                  "reviewer", "notes", "created_at", "updated_at", "version", "revision"]
_LABEL_TIMES = ["start", "end", "created_at", "updated_at"]


def _user(user: Optional[str]) -> str:
    if user:
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        raise ValueError("user: cannot tell who you are; pass user=NAME") from None


def _label(d: Mapping[str, Any]) -> Dict[str, Any]:
    out = dict(d)
    for k in _LABEL_TIMES:
        out[k] = pd.Timestamp(out[k])
    return out


def _labels_df(rows: List[Mapping[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=_LABEL_COLUMNS)
    for k in _LABEL_TIMES:
        df[k] = utc_times(df[k]) if len(df) else pd.Series(dtype="datetime64[ms, UTC]")
    return df.set_index("id")


class Workspace:
    """A workspace directory (data cache, label store, runs), as `heatloop --workspace`.

    ``db`` is a ``postgresql://`` URL for labels and runs on PostgreSQL (default: SQLite
    heatloop.db in the workspace); ``mlflow`` mirrors every run to an MLflow server. Use it
    as a context manager, or call close(), to close the database connection.
    """

    def __init__(self, path: PathLike, db: Optional[str] = None,
                 mlflow: Optional[str] = None) -> None:
        self._session = _hl.Session(os.fspath(path), db or "", mlflow or "")

    @property
    def path(self) -> str:
        """The workspace directory."""
        return str(self._session.path)

    def close(self) -> None:
        """Closes the database connection (opened again by the next call that needs it)."""
        self._session.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workspace({self.path!r})"

    # ---- data ----
    def units(self) -> List[str]:
        """Every unit id, sorted."""
        return list(_hl.unit_ids(self._session))

    def load(self, unit: str, channels: Optional[Sequence[str]] = None,
             start: Optional[TimeLike] = None, end: Optional[TimeLike] = None,
             weather: bool = False) -> pd.DataFrame:
        """A unit's channels on the workspace grid as a DataFrame with a UTC DatetimeIndex
        (NaN = missing), rows in [start, end). ``weather=True`` joins the unit's weather.
        The columns are read-only views of memory the C++ library allocated; ``df.attrs``
        holds unit_id, step, gaps and attributes. KeyError for an unknown unit or channel."""
        frame = _hl.load_unit(self._session, unit,
                              list(channels) if channels is not None else None,
                              to_ms(start, "start"), to_ms(end, "end"), weather)
        return frame_to_df(frame)

    def ingest(self, files: Union[PathLike, Iterable[PathLike]], *, format: str = "auto",
               meter: str = "total", tz: Optional[str] = None, step: Optional[str] = None,
               ffill_max_gap: Optional[str] = None, hold_max: Optional[str] = None,
               column_map: Optional[Mapping[str, str]] = None,
               missing: Sequence[str] = (), drop: Sequence[str] = (),
               signal_unit: Optional[str] = None, signal_channel: Optional[str] = None,
               time_format: Optional[str] = None, date_order: Optional[str] = None,
               utc_offset: Optional[str] = None, on_error: str = "fail") -> Dict[str, Any]:
        """Ingests export files (the options of `heatloop ingest`; durations as text, e.g.
        step="1min"). All or nothing with on_error="fail". Returns the ingest report
        (as `heatloop ingest --json`)."""
        if isinstance(files, (str, os.PathLike)):
            files = [files]
        return _hl.ingest(self._session, [os.fspath(f) for f in files], format=format,
                          meter=meter, tz=tz or "", step=step, ffill_max_gap=ffill_max_gap,
                          hold_max=hold_max, column_map=dict(column_map or {}),
                          missing=[str(m) for m in missing], drop=list(drop),
                          signal_unit=signal_unit or "", signal_channel=signal_channel or "",
                          time_format=time_format or "", date_order=date_order or "",
                          utc_offset=utc_offset or "", on_error=on_error)

    def inspect(self, unit: Optional[str] = None) -> Dict[str, Any]:
        """The fleet summary (or one unit's detail) as `heatloop inspect --json`."""
        return _hl.inspect(self._session, unit)

    # ---- labels ----
    def labels(self, revision: Optional[int] = None, as_of: Optional[TimeLike] = None,
               unit: Optional[str] = None, status: Optional[str] = None) -> pd.DataFrame:
        """The labels now, at a store revision or as of a past time, indexed by id;
        ``df.attrs["revision"]`` is the revision they are."""
        r = _hl.labels_list(self._session, revision, to_ms(as_of, "as_of"), unit, status)
        df = _labels_df(r["labels"])
        df.attrs["revision"] = r["revision"]
        return df

    def label(self, id: int) -> Dict[str, Any]:
        """One label (KeyError when there is none)."""
        return _label(_hl.labels_get(self._session, id))

    def add_label(self, unit: str, start: TimeLike, end: TimeLike, category: str, *,
                  confidence: float = 1.0, status: str = "proposed", source: str = "human",
                  reviewer: str = "", notes: str = "", user: Optional[str] = None,
                  why: str = "") -> Dict[str, Any]:
        """Creates a label (version 1); ValueError for bad fields or an unknown unit."""
        return _label(_hl.labels_add(self._session, unit, to_ms(start, "start"),
                                     to_ms(end, "end"), category, confidence, status, source,
                                     reviewer, notes, _user(user), why))

    def edit_label(self, id: int, version: int, *, start: Optional[TimeLike] = None,
                   end: Optional[TimeLike] = None, category: Optional[str] = None,
                   confidence: Optional[float] = None, notes: Optional[str] = None,
                   reviewer: Optional[str] = None, user: Optional[str] = None,
                   why: str = "") -> Dict[str, Any]:
        """Changes the given fields of label ``id`` based on ``version``; ConflictError when
        someone changed it since."""
        return _label(_hl.labels_edit(self._session, id, version, start=to_ms(start, "start"),
                                      end=to_ms(end, "end"), category=category,
                                      confidence=confidence, notes=notes, reviewer=reviewer,
                                      who=_user(user), why=why))

    def confirm_label(self, id: int, version: int, *, user: Optional[str] = None,
                      why: str = "") -> Dict[str, Any]:
        """proposed|rejected -> confirmed; ConflictError when ``version`` is stale."""
        return _label(_hl.labels_confirm(self._session, id, version, _user(user), why))

    def reject_label(self, id: int, version: int, *, user: Optional[str] = None,
                     why: str = "") -> Dict[str, Any]:
        """proposed|confirmed -> rejected; ConflictError when ``version`` is stale."""
        return _label(_hl.labels_reject(self._session, id, version, _user(user), why))

    def delete_label(self, id: int, version: int, *, user: Optional[str] = None,
                     why: str = "") -> None:
        """Deletes a label (its history stays); ConflictError when ``version`` is stale."""
        _hl.labels_delete(self._session, id, version, _user(user), why)

    def history(self, id: int) -> pd.DataFrame:
        """Every change of label ``id``, oldest first: revision, version, who, at, action,
        why, before and after (label dicts; before is None for the creation)."""
        rows = _hl.labels_history(self._session, id)
        df = pd.DataFrame(rows, columns=["revision", "label_id", "version", "who", "at",
                                         "action", "why", "before", "after"])
        df["at"] = utc_times(df["at"])
        return df

    def import_labels(self, file: PathLike, *, user: Optional[str] = None,
                      why: str = "") -> Dict[str, Any]:
        """Imports a label file (CSV or JSON) all or nothing: {"revision", "imported"}."""
        return _hl.labels_import(self._session, os.fspath(file), _user(user), why)

    def categories(self) -> Dict[str, str]:
        """The label categories and their descriptions."""
        return _hl.labels_categories(self._session)

    # ---- runs ----
    def run(self, config: Union[PathLike, Mapping[str, Any]], *, model: Any = None,
            threads: int = 0) -> "Run":
        """Runs a configuration: a TOML file or a dict of the same tables ({"model": {"name":
        ...}, "data": {...}, ...}, docs/runs.md). Trains, scores, raises alarms, evaluates and
        logs the run, as `heatloop run`.

        ``model``: a detector, forecaster or classifier written in Python (an object with
        fit(frames) and score(frame), or predict(frame): docs/python.md) run instead of a
        registered one: the config's [model] table may only set the scope; the run is logged
        under the model's name."""
        if model is not None:
            return self._run_python(config, model, threads)
        if isinstance(config, Mapping):
            text = _hl.toml_from_dict(dict(config))
            result = _hl.run_toml(self._session, text, "<dict>", threads)
        else:
            result = _hl.run_file(self._session, os.fspath(config), threads)
        return Run(self, result["run_id"], result)

    def _run_python(self, config: Union[PathLike, Mapping[str, Any]], model: Any,
                    threads: int) -> "Run":
        check_model(model)
        if isinstance(config, Mapping):
            table, source = dict(config), "<dict>"
        else:
            source = os.fspath(config)
            try:
                with open(source, "rb") as f:
                    table = tomllib.load(f)
            except FileNotFoundError:
                raise KeyError(f"{source}: no such file") from None
            except tomllib.TOMLDecodeError as e:
                raise ValueError(f"{source}: {e}") from None
        name = model_name(model)
        section = dict(table.get("model") or {})
        if section.get("name", name) != name:
            raise ValueError(f"{source}: [model] name = {section['name']!r}: the model given "
                             f"is the Python model {name!r} (leave the name out)")
        section["name"] = name
        table["model"] = section
        text = _hl.toml_from_dict(_plain(table))
        result = _hl.run_python_model(self._session, text, source, name, Bridge(model), threads)
        return Run(self, result["run_id"], result)

    def runs(self, experiment: Optional[str] = None, limit: int = 1000) -> pd.DataFrame:
        """Runs newest first, indexed by id."""
        rows = _hl.runs_list(self._session, experiment, limit)
        df = pd.DataFrame(rows, columns=["id", "experiment", "name", "status", "start_time",
                                         "end_time", "git_commit", "dataset_fingerprint",
                                         "label_revision", "mlflow_run_id", "mlflow_synced"])
        for k in ["start_time", "end_time"]:
            df[k] = utc_times(df[k])
        return df.set_index("id")

    def get_run(self, run: str) -> "Run":
        """A run by id or unique prefix (KeyError when unknown)."""
        return Run(self, _hl.run_get(self._session, run)["id"])

    def evaluate(self, run: Union[str, "Run"], labels_revision: Optional[int] = None, *,
                 record: bool = True) -> Dict[str, Any]:
        """Re-evaluates a run's stored scores and alarms against a label revision (None =
        the latest) without retraining, as `heatloop evaluate`; ``record`` keeps it with the
        run. Returns run_id, original_revision, revision, changes and evaluation."""
        return _hl.evaluate_run(self._session, _run_id(run), labels_revision, record)

    def compare(self, baseline: Union[str, "Run"], candidate: Union[str, "Run"], *,
                metric: str = "event_f1", labels_revision: Optional[int] = None,
                seed: int = 0) -> Dict[str, Any]:
        """Paired per-unit comparison of two runs, as `heatloop runs compare --json`:
        deltas, units improved/worse, Wilcoxon p-value and a bootstrap CI of the mean."""
        return _hl.compare_runs(self._session, _run_id(baseline), _run_id(candidate), metric,
                                labels_revision, seed)


def _plain(value: Any) -> Any:
    """TOML dates and times (as tomllib reads them) as their ISO text, as a run config takes
    them."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return value


def _run_id(run: Union[str, "Run"]) -> str:
    return run.id if isinstance(run, Run) else str(run)


class Run:
    """A tracked run of a workspace and its stored outputs."""

    def __init__(self, workspace: Workspace, run_id: str,
                 result: Optional[Dict[str, Any]] = None) -> None:
        self.workspace = workspace
        self.id = run_id
        self.result = result  # what run() returned (None for a run looked up)

    def __repr__(self) -> str:
        return f"Run({self.id!r})"

    def info(self) -> Dict[str, Any]:
        """Name, experiment, status, times, label revision, ... (as `heatloop runs show`)."""
        return _hl.run_get(self.workspace._session, self.id)

    def params(self) -> Dict[str, str]:
        """The logged params."""
        return _hl.run_params(self.workspace._session, self.id)

    def scores(self, unit: str) -> pd.DataFrame:
        """The stored outputs of one evaluated unit: "score" (and the detector's extra score
        channels), with "mode"/"t_outdoor" when the unit has them, on a UTC index."""
        return frame_to_df(_hl.run_scores(self.workspace._session, self.id, unit))

    def alarms(self) -> pd.DataFrame:
        """Every alarm: unit_id, start, end, peak_score, peak_time."""
        rows = _hl.run_json(self.workspace._session, self.id, "alarms.json")
        df = pd.DataFrame(rows, columns=["unit_id", "start", "end", "peak_score", "peak_time"])
        for k in ["start", "end", "peak_time"]:
            df[k] = utc_times(df[k])
        return df

    def evaluation(self) -> Dict[str, Any]:
        """The stored evaluation.json (micro, macro, units, breakdowns)."""
        return _hl.run_json(self.workspace._session, self.id, "evaluation.json")

    def metrics(self) -> pd.DataFrame:
        """The tracked metrics: one row per (key, unit) series with its last value."""
        rows = _hl.run_metric_summaries(self.workspace._session, self.id)
        return pd.DataFrame(rows, columns=["key", "unit_id", "count", "last", "last_step",
                                           "min", "max"])
