"""Layers below the front-ends never load textual or plotext, so solve and headless use stay light."""

import importlib.util
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

IMPORT_EVERY_MODULE = """
import importlib, json, pkgutil, sys
layer = importlib.import_module(sys.argv[1])
for module in pkgutil.walk_packages(layer.__path__, layer.__name__ + "."):
    importlib.import_module(module.name)
print(json.dumps(sorted(name for name in {front_ends} if name in sys.modules)))
"""


def layer_modules(layer: str) -> list[str]:
    spec = importlib.util.find_spec(layer)
    folder = Path(spec.origin).parent
    return [module.name for module in pkgutil.walk_packages([str(folder)])]


@pytest.mark.parametrize("layer", LOWER_LAYERS)
def test_layer_never_imports_a_front_end(layer):
    if not layer_modules(layer):
        pytest.skip(f"{layer} has no modules yet")
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_MODULE.format(front_ends=FRONT_END_PACKAGES), layer],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"{layer} loaded {result.stdout.strip()}"


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
