"""Answer checking: an answer and a reference -> a Verdict, with the mistake library's diagnosis.

Numbers and vectors are judged with tolerances and the lesson's digits (``NumberRule``); numeric questions
about a step of descent are ``GDQuestion``s, which know the expected value and every mistaken one; formulas
are equivalent when they agree at random points; choices are numbers, letters or the option's text. Answers
are untrusted plain text throughout.
"""

from gdtutor.checking.checker import check_number, check_vector
from gdtutor.checking.choices import check_choice, how_to_choose
from gdtutor.checking.formulas import FormulaMistake, check_formula, derive_mistakes
from gdtutor.checking.gd_questions import GDQuestion
from gdtutor.checking.mistakes import LIBRARY, MISTAKES, Mistake, Mistaken
from gdtutor.checking.numbers import parse_number, parse_vector, read_number, read_vector
from gdtutor.checking.plaintext import AnswerError, quote
from gdtutor.checking.tolerance import NumberRule
from gdtutor.checking.verdict import Verdict

__all__ = [
    "LIBRARY",
    "MISTAKES",
    "AnswerError",
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
    "parse_number",
    "parse_vector",
    "quote",
    "read_number",
    "read_vector",
]
