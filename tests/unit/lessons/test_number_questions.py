"""Number questions never grade an answer against a value that overflowed."""

from gdtutor.checking import GDQuestion, NumberRule
from gdtutor.core.expr import parse
from gdtutor.core.objectives import ExpressionObjective
from gdtutor.lessons.questions import NumberQuestion


def test_a_value_too_large_to_work_out_makes_every_answer_unreadable_not_wrong():
    question = NumberQuestion(
        GDQuestion(ExpressionObjective(parse("theta^2")), [1e308], 0.1, "gradient"), NumberRule(decimals=3)
    )
    assert question.overflows
    for answer in ("2e308", "0", "inf"):
        verdict = question.check(answer)
        assert verdict.status == "invalid"
        assert verdict.message.startswith("This step overflows")
