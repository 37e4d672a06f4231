"""Every public name of the package is exercised by a test: the functions of each public
module and the public methods and properties of each public class must appear in a test
file as a call or an attribute access (``.name(`` / ``.name``). A public name added without a
test makes this test fail, naming it. And the error mapping of docs/python.md: one test per
CLI exit code, each mapped to its Python exception."""

import importlib
import inspect
import pathlib
import pkgutil
import re

import pytest

import heatloop

HERE = pathlib.Path(__file__).resolve().parent


def public_names():
    """(qualified name, attribute) for every public function, class, method and property."""
    names = set()
    for info in pkgutil.iter_modules(heatloop.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"heatloop.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            names.add((f"heatloop.{info.name}.{name}", name))
            if inspect.isclass(value):
                for member, _ in inspect.getmembers(value):
                    if not member.startswith("_"):
                        names.add((f"heatloop.{info.name}.{name}.{member}", member))
    for name in heatloop.__all__:
        names.add((f"heatloop.{name}", name))
    return sorted(names)


def test_the_public_surface_is_what_the_guide_lists():
    names = {q for q, _ in public_names()}
    # A sample of what docs/python.md documents: if these vanish, the listing is broken.
    assert {"heatloop.workspace.Workspace.load", "heatloop.workspace.Run.scores",
            "heatloop.models.Model.predict", "heatloop.models.make",
            "heatloop.evaluation.evaluate_scores", "heatloop.ConflictError"} <= names
    assert len(names) > 40


def test_every_public_name_has_a_test():
    text = "\n".join(p.read_text() for p in HERE.glob("test_*.py")
                     if p.name != pathlib.Path(__file__).name)
    text += (HERE.parents[1] / "examples" / "sklearn_isolation_forest.py").read_text()
    untested = []
    for qualified, attr in public_names():
        if attr.startswith("__"):  # __version__
            pattern = rf"\b{re.escape(attr)}\b"
        elif attr[0].isupper():  # a class or exception: named, constructed or caught
            pattern = rf"\b{re.escape(attr)}\b"
        else:
            pattern = rf"\.{re.escape(attr)}\b|\b{re.escape(attr)}\("
        if not re.search(pattern, text):
            untested.append(qualified)
    assert not untested, f"public names no test uses: {untested}"


# The error mapping: CLI exit code -> Python exception, with the CLI's message.

def test_invalid_input_is_a_value_error_with_the_cli_message(ws, heatloop_bin):
    import subprocess
    with pytest.raises(ValueError) as e:
        ws.add_label("unit-0001", "2024-01-03", "2024-01-02", "sensor_drift")
    cli = subprocess.run([heatloop_bin, "labels", "add", "--workspace", ws.path,
                          "--unit", "unit-0001", "--start", "2024-01-03",
                          "--end", "2024-01-02", "--category", "sensor_drift"],
                         capture_output=True, text=True)
    assert cli.returncode == 2
    assert f"error: {e.value}" in cli.stderr


def test_not_found_is_a_key_error(ws):
    with pytest.raises(KeyError, match="no-such-unit"):
        ws.load("no-such-unit")
    with pytest.raises(KeyError):
        ws.get_run("ffffffffffff")
    with pytest.raises(KeyError):
        ws.label(999999)


def test_a_stale_version_is_a_conflict_error(ws):
    first = ws.labels().index[0]
    version = int(ws.label(first)["version"])
    ws.edit_label(first, version, notes="one")
    with pytest.raises(heatloop.ConflictError):
        ws.edit_label(first, version, notes="two")
    assert issubclass(heatloop.ConflictError, Exception)
    assert not issubclass(heatloop.ConflictError, (ValueError, KeyError, OSError))


def test_io_failure_is_an_os_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(OSError):
        heatloop.Workspace(blocker / "ws").ingest([blocker])
