"""The public names no other test file exercised (test_public_api.py lists them): the
package version, the Run and Model classes as returned, Model.configure, Workspace.close."""

import re

import numpy as np
import pytest

import heatloop


def test_version_is_the_distribution_version():
    from importlib.metadata import version
    assert re.fullmatch(r"\d+\.\d+\.\d+", heatloop.__version__)
    assert heatloop.__version__ == version("heatloop")


def test_run_and_model_are_the_classes_returned(runs_ws):
    w, a, _ = runs_ws
    assert isinstance(a, heatloop.Run) and isinstance(w.get_run(a.id), heatloop.Run)
    assert isinstance(heatloop.models.make("isolation_forest"), heatloop.models.Model)


def test_model_configure_sets_params_and_clears_the_fit(base_ws):
    with heatloop.Workspace(base_ws) as ws:
        frame = ws.load("unit-0001", channels=["t_supply", "t_return"])
    model = heatloop.models.make("isolation_forest", n_trees=10, sample_size=64,
                                 channels=["t_supply", "t_return"], window="10 steps")
    assert model.configure(n_trees=20, channels=["t_supply", "t_return"]) is model
    # configure() sets the whole param set: what it does not name returns to the default.
    defaults = heatloop.models.params("isolation_forest")
    assert model.params["n_trees"] == 20
    assert model.params["sample_size"] == defaults["sample_size"] != 64
    model.fit(frame, seed=1)
    assert model.fitted
    model.configure(n_trees=30, channels=["t_supply", "t_return"])
    assert not model.fitted and model.params["n_trees"] == 30
    with pytest.raises(ValueError):
        model.score(frame)  # not fitted any more
    with pytest.raises(ValueError, match="no_such_param"):
        model.configure(no_such_param=1)
    assert np.isfinite(model.fit(frame, seed=1).score(frame).to_numpy()).any()


def test_close_releases_the_database_and_reopens_on_demand(ws):
    n = len(ws.labels())
    ws.close()
    ws.close()  # twice is harmless
    assert len(ws.labels()) == n  # the next call opens the connection again
    with heatloop.Workspace(ws.path) as other:
        assert len(other.labels()) == n
