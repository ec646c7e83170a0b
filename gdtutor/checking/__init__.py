"""Answer checking: an answer and a reference -> a Verdict, with the mistake library's diagnosis.

Numbers and vectors are judged with tolerances and the lesson's digits (``NumberRule``); numeric questions
about a step of descent are ``GDQuestion``s, which know the expected value and every mistaken one; formulas
are equivalent when they agree at random points; choices are numbers, letters or the option's text. Answers
are untrusted plain text throughout.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gdtutor.checking.checker import check_number, check_vector
    from gdtutor.checking.choices import check_choice, how_to_choose
    from gdtutor.checking.formula_mistakes import FormulaMistake, derive_mistakes
    from gdtutor.checking.formulas import FormulaCheck, check_formula
    from gdtutor.checking.gd_questions import GDQuestion
    from gdtutor.checking.mistakes import LIBRARY, MISTAKES, Mistake, Mistaken
    from gdtutor.checking.numbers import parse_number, parse_vector, read_number, read_vector
    from gdtutor.checking.plaintext import AnswerError, quote
    from gdtutor.checking.tolerance import NumberRule
    from gdtutor.checking.verdict import Verdict

# Loaded on first use, so that importing a light module of this package (``plaintext`` for the plain
# front-end's text) does not load the checkers, the expression engine and numpy.
_HOMES = {
    "check_number": "checker",
    "check_vector": "checker",
    "check_choice": "choices",
    "how_to_choose": "choices",
    "FormulaCheck": "formulas",
    "FormulaMistake": "formula_mistakes",
    "check_formula": "formulas",
    "derive_mistakes": "formula_mistakes",
    "GDQuestion": "gd_questions",
    "LIBRARY": "mistakes",
    "MISTAKES": "mistakes",
    "Mistake": "mistakes",
    "Mistaken": "mistakes",
    "parse_number": "numbers",
    "parse_vector": "numbers",
    "read_number": "numbers",
    "read_vector": "numbers",
    "AnswerError": "plaintext",
    "quote": "plaintext",
    "NumberRule": "tolerance",
    "Verdict": "verdict",
}


def load_checkers() -> None:
    """Load every module of the package now: a front-end calls it while the learner reads, so that the first
    answer of each kind is not also the one that loads its judge (the descent questions' take about 10 ms)."""
    for home in sorted(set(_HOMES.values())):
        importlib.import_module(f"gdtutor.checking.{home}")


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        value = getattr(importlib.import_module(f"gdtutor.checking.{_HOMES[name]}"), name)
        globals()[name] = value  # found here from now on: the questions ask for their judges on every answer
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "LIBRARY",
    "MISTAKES",
    "AnswerError",
    "FormulaCheck",
    "FormulaMistake",
    "GDQuestion",
    "Mistake",
    "Mistaken",
    "NumberRule",
    "Verdict",
    "check_choice",
    "check_formula",
    "check_number",
    "check_vector",
    "derive_mistakes",
    "how_to_choose",
    "load_checkers",
    "parse_number",
    "parse_vector",
    "quote",
    "read_number",
    "read_vector",
]
