"""Knowledge tracing's parameters for a skill whose lesson's ``bkt`` leaves them out (``progress.mastery``
explains each and why these values).

They live apart from the lesson model so that the progress store, which the picker opens before its first
paint, reads them without importing the model's many dataclasses.
"""

from __future__ import annotations

from collections.abc import Mapping

BKT_DEFAULTS: Mapping[str, float] = {"p_init": 0.2, "p_transit": 0.15, "p_slip": 0.1, "p_guess": 0.2}
