"""heatloop from Python: workspaces, the label store, runs and their evaluation, the model
registry, with pandas and numpy in and out (docs/python.md).

The C++ library does the work (heatloop._heatloop, built from the same CMake tree as the
``heatloop`` program); this package converts between its results and pandas objects.
"""

from ._heatloop import ConflictError
from .evaluation import evaluate_scores
from .workspace import Run, Workspace
from . import models

__version__ = "0.1.0"

__all__ = ["ConflictError", "Run", "Workspace", "evaluate_scores", "models", "__version__"]
