"""Layers below the front-ends never load textual or plotext, so solve and headless use stay light."""

import importlib.util
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

LOWER_LAYERS = [
    "gdtutor.core",
    "gdtutor.checking",
    "gdtutor.lessons",
    "gdtutor.engine",
    "gdtutor.progress",
    "gdtutor.classroom",
]
FRONT_END_PACKAGES = ["textual", "plotext", "textual_plotext"]

# One interpreter imports every module of each layer in turn and notes, after each layer, which front-end
# packages are loaded by then: a layer alone loads a subset of what all of them load, so one child process
# proves each layer clean (a layer that loads one also shows it against every layer imported after it).
IMPORT_EVERY_MODULE = """
import importlib, json, pkgutil, sys
loaded = {{}}
for name in sys.argv[1:]:
    layer = importlib.import_module(name)
    for module in pkgutil.walk_packages(layer.__path__, layer.__name__ + "."):
        importlib.import_module(module.name)
    loaded[name] = sorted(front_end for front_end in {front_ends} if front_end in sys.modules)
print(json.dumps(loaded))
"""


def layer_modules(layer: str) -> list[str]:
    spec = importlib.util.find_spec(layer)
    folder = Path(spec.origin).parent
    return [module.name for module in pkgutil.walk_packages([str(folder)])]


@pytest.fixture(scope="module")
def front_ends_loaded() -> dict[str, list[str]]:
    """For each lower layer: the front-end packages loaded once it and the layers before it were imported."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_MODULE.format(front_ends=FRONT_END_PACKAGES), *LOWER_LAYERS],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("layer", LOWER_LAYERS)
def test_layer_never_imports_a_front_end(layer, front_ends_loaded):
    if not layer_modules(layer):
        pytest.skip(f"{layer} has no modules yet")
    earlier = LOWER_LAYERS[: LOWER_LAYERS.index(layer)]
    assert front_ends_loaded[layer] == [], (
        f"{layer} (imported after {earlier}) loaded {front_ends_loaded[layer]}"
    )


SOLVE_ON_DATA = """
import sys
from gdtutor.cli import main
main(["solve", "--data", sys.argv[1], "--normalize", "--alpha", "0.1", "--iterations", "3"])
print(sorted(name for name in ("textual", "gdtutor.core.expr") if name in sys.modules))
"""


def test_solve_never_imports_textual_nor_on_data_the_expression_engine():
    """`solve --data` reads, descends and writes its table without the formula parser and derivatives,
    whose import is tens of milliseconds of every such run."""
    houses = Path(__file__).parents[2] / "examples" / "houses.csv"
    result = subprocess.run(
        [sys.executable, "-c", SOLVE_ON_DATA, str(houses)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "stopped after 3 updates" in result.stdout
    assert result.stdout.splitlines()[-1] == "[]"


def test_only_serve_imports_the_server():
    """gdtutor.server (and asyncssh, an optional extra) load for `gdtutor serve` only."""
    code = (
        "import importlib, pkgutil, sys, gdtutor.commands as c\n"
        "for m in pkgutil.iter_modules(c.__path__):\n"
        "    if m.name != 'serve': importlib.import_module('gdtutor.commands.' + m.name)\n"
        "import gdtutor.tui.app, gdtutor.cli\n"
        "print(sorted(n for n in sys.modules if n.startswith(('gdtutor.server', 'asyncssh'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
