"""The neural layer's libtorch module (src/nn/README.md): `heatloop` does not link libtorch; it
loads build/libheatloop_torch.so (and through it libtorch's ~290 libraries) the first time a
network is made. A command without a network never loads it; one with a network does; a
program whose module is missing says what is missing and where it looked, and
HEATLOOP_TORCH_MODULE points it at one elsewhere.

glibc's LD_DEBUG=files lists every shared object a process loads (on stderr).
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

DATA = Path(os.environ.get("HEATLOOP_SMARTMETER_DATA", "/work/shared/data/smart-meter-hp"))
ROOT = Path(__file__).resolve().parents[2]
ROWS = 14 * 96  # two weeks of 15-minute intervals


def run(binary, *args, cwd, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "HEATLOOP_TORCH_MODULE"}
    env.update(env_extra or {})
    proc = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


def loaded(stderr: str) -> set:
    """The file names LD_DEBUG=files reports as loaded."""
    out = set()
    for line in stderr.splitlines():
        part = line.split("file=", 1)
        if len(part) == 2:
            out.add(part[1].split()[0].split("/")[-1])
    return out


@pytest.fixture
def household(tmp_path):
    real = DATA / "1058711.csv"
    if not real.is_file():
        pytest.fail(f"the shared smart-meter households are missing: {DATA} (set "
                    "HEATLOOP_SMARTMETER_DATA to their folder)")
    cut = tmp_path / "1058711.csv"
    cut.write_text("".join(real.read_text().splitlines(keepends=True)[: ROWS + 1]))
    return cut


def test_commands_without_a_network_never_load_libtorch(tmp_path):
    binary = Path(os.environ["HEATLOOP_BIN"])
    for args in (["--version"], ["models", "list"]):
        code, out, err = run(binary, *args, cwd=tmp_path, env_extra={"LD_DEBUG": "files"})
        assert code == 0, err
        libs = loaded(err)
        assert libs, "LD_DEBUG=files reported nothing: the check would pass unchecked"
        assert not any("torch" in lib for lib in libs), (args, sorted(libs))
        assert not any("opencv" in lib for lib in libs), (args, sorted(libs))


def test_a_network_loads_the_module_and_libtorch_on_first_use(tmp_path, household):
    binary = Path(os.environ["HEATLOOP_BIN"])
    code, out, err = run(binary, "smartmeter", "disaggregate", "--model", "seq2point",
                         "--models", ROOT / "models", household, "--out", "est",
                         cwd=tmp_path, env_extra={"LD_DEBUG": "files"})
    assert code == 0, err[-3000:]
    libs = loaded(err)
    assert "libheatloop_torch.so" in libs and any(lib.startswith("libtorch_cpu") for lib in libs)
    assert (tmp_path / "est" / "1058711.csv").is_file()


def test_a_missing_module_is_named_and_the_environment_can_point_at_it(tmp_path, household):
    built = Path(os.environ["HEATLOOP_BIN"])
    alone = tmp_path / "bin" / "heatloop"  # a copy without the module beside it
    alone.parent.mkdir()
    shutil.copy2(built, alone)
    args = ("smartmeter", "disaggregate", "--model", "seq2point", "--models", ROOT / "models",
            household)
    code, out, err = run(alone, *args, "--out", "a", cwd=tmp_path)
    assert code not in (0, 70), err
    assert "libheatloop_torch.so" in err and "HEATLOOP_TORCH_MODULE" in err, err
    assert str(alone.parent / "libheatloop_torch.so") in err, err  # where it looked
    assert not (tmp_path / "a").exists()  # nothing written
    # The default model (gradient boosting) needs no network: it still works there.
    code, out, err = run(alone, "smartmeter", "disaggregate", "--model", "default", "--models",
                         ROOT / "models", household, "--out", "b", cwd=tmp_path)
    assert code == 0, err
    module = built.parent / "libheatloop_torch.so"
    code, out, err = run(alone, *args, "--out", "c", cwd=tmp_path,
                         env_extra={"HEATLOOP_TORCH_MODULE": str(module)})
    assert code == 0, err
    assert (tmp_path / "c" / "1058711.csv").is_file()
