"""The package itself: what it exports, its type stubs, the error classes."""

import ast
import pathlib

import heatloop
from heatloop import _heatloop


def test_public_names():
    for name in heatloop.__all__:
        assert hasattr(heatloop, name), name
    assert issubclass(heatloop.ConflictError, Exception)
    assert heatloop.ConflictError is _heatloop.ConflictError


def test_stubs_ship_and_match_the_extension():
    pkg = pathlib.Path(heatloop.__file__).parent
    assert (pkg / "py.typed").is_file()
    stub = pkg / "_heatloop.pyi"
    assert stub.is_file(), "the extension's type stubs are not installed"
    tree = ast.parse(stub.read_text())
    in_stub = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    in_module = {n for n in dir(_heatloop) if not n.startswith("_")}
    assert in_stub == in_module
    # Every method of the extension's classes is in the stub too.
    for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
        stub_members = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)}
        real = {n for n in dir(getattr(_heatloop, cls.name)) if not n.startswith("_")}
        assert real <= stub_members | {"args", "with_traceback", "add_note"}, cls.name
