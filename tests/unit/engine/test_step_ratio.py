"""The step ratio a plot says in words ("each step about 0.8 of the one before") is numpy's median of the
ratios, worked out without loading numpy.ma in the middle of an answer."""

import math
import subprocess
import sys

import numpy as np
import pytest

from gdtutor.engine import plots


def test_a_plot_of_a_run_does_not_load_numpy_ma_in_the_middle_of_an_answer():
    """np.median imports numpy.ma on its first call (10 ms or more, during the first answer whose plot
    has three iterates); the step ratio in words is the same median without it."""
    script = (
        "import sys\n"
        "from gdtutor.engine.plots import describe_costs, describe_path\n"
        "path = describe_path([[3.0], [2.4], [1.92], [1.536]], ['θ'])\n"
        "words = path, describe_costs([9.0, 5.76, 3.69, 2.36])\n"
        "assert 'numpy.ma' not in sys.modules, 'numpy.ma loaded'\n"
        "print(words)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "each step about 0.8 of the one before" in done.stdout


@pytest.mark.parametrize(
    "values",
    [[0.8], [0.8, 0.9], [0.8, 0.9, 0.7], [3.0, 1.0, 2.0, 4.0], [1.0, math.inf, 2.0], [1.0, math.nan, 2.0]],
)
def test_the_step_ratios_median_is_numpys(values):
    ours, numpys = plots._median(np.array(values)), float(np.median(np.array(values)))
    assert ours == numpys or (math.isnan(ours) and math.isnan(numpys))
