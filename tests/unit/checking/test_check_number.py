from gdtutor.checking import Mistaken, NumberRule, check_number, check_vector

THREE = NumberRule(decimals=3)
MISTAKEN = [("uphill", 3.6, "You added the step."), ("step-not-theta", 0.6), ("off-by-one", 3.0)]


def test_a_right_answer_is_correct_and_keeps_its_value():
    verdict = check_number(" 2.40 ", 2.4, THREE, MISTAKEN)
    assert (verdict.status, verdict.value, verdict.mistake) == ("correct", 2.4, None)


def test_a_coarse_answer_is_almost_with_the_rounding_mistake():
    verdict = check_number("1.23", 1.2288, THREE)
    assert verdict.status == "almost"
    assert verdict.mistake == "rounding"
    assert verdict.message == "Right, but give 3 decimals."


def test_a_wrong_answer_matching_a_mistake_gets_its_id_and_explanation():
    verdict = check_number("3.6", 2.4, THREE, MISTAKEN)
    assert (verdict.status, verdict.mistake) == ("wrong", "uphill")
    assert verdict.explanation == "You added the step."
    assert verdict.message == "Not quite: you added the step instead of subtracting it."


def test_a_mistake_without_its_own_explanation_gets_the_library_one():
    verdict = check_number("0.600", 2.4, THREE, MISTAKEN)
    assert verdict.mistake == "step-not-theta"
    assert "new θ" in verdict.explanation


def test_a_mistaken_value_within_the_rounding_is_matched_and_a_coarse_one_noted():
    assert check_number("3.600", 2.4, THREE, MISTAKEN).mistake == "uphill"
    coarse = check_number("3.61", 2.4, NumberRule(decimals=3), [("uphill", 3.6123)])
    assert coarse.mistake == "uphill" and "give 3 decimals" in coarse.message


def test_an_unknown_wrong_answer_is_just_wrong():
    verdict = check_number("2.5", 2.4, THREE, MISTAKEN)
    assert (verdict.status, verdict.mistake, verdict.explanation) == ("wrong", None, None)


def test_a_mistake_that_coincides_with_the_right_value_is_never_claimed():
    accepted = check_number("2.4", 2.4, THREE, [("sequential-update", 2.4)])
    assert accepted.status == "correct"
    # 2.4008 rounds to 2.401, but a learner at 2.4 rounding 2.4005 up would type that too: no accusation.
    near = check_number("2.401", 2.4, THREE, [("sequential-update", 2.4008)])
    assert near.status == "wrong" and near.mistake is None
    apart = check_number("2.402", 2.4, THREE, [("sequential-update", 2.4018)])
    assert apart.mistake == "sequential-update"


def test_two_mistakes_with_one_value_report_the_more_fundamental_and_mention_the_other():
    verdict = check_number("3.6", 2.4, THREE, [("sign-of-error", 3.6), ("uphill", 3.6)])
    assert verdict.mistake == "uphill"
    assert "y − h" in verdict.explanation


def test_a_lesson_mistake_comes_before_the_library():
    lesson = [Mistaken("forgot-square", 3.6, "J is θ squared: square it.")]
    verdict = check_number("3.6", 2.4, THREE, MISTAKEN, lesson_mistakes=lesson)
    assert verdict.mistake == "forgot-square"
    assert verdict.explanation.startswith("J is θ squared")
    assert verdict.message == "Not quite."


def test_a_coarse_answer_that_could_also_be_a_mistake_asks_for_digits_without_calling_it_right():
    verdict = check_number("2.4", 2.41, THREE, [("off-by-one", 2.38)])
    assert verdict.status == "almost"
    assert "could also come from a mistake" in verdict.message


def test_unreadable_answers_are_invalid_with_a_message_never_an_exception():
    for text in ["", "2,4", "nan", "zzz", "\x1b[2J", "[@click=app.quit]", "x" * 10_000]:
        verdict = check_number(text, 2.4, THREE, MISTAKEN)
        assert verdict.status == "invalid"
        assert verdict.message and "\n" not in verdict.message and "\x1b" not in verdict.message
        assert len(verdict.message) < 120
    assert check_number("", 1.0).message == "Type a number"


def test_vectors_are_judged_component_by_component():
    assert check_vector("(2.4, -1)", (2.4, -1.0), THREE).status == "correct"
    assert check_vector("2.4 -1", (2.4, -1.0), THREE).reading == "read as: (2.4, −1)"
    almost = check_vector("2.4, -1.23", (2.4, -1.2288), THREE)
    assert (almost.status, almost.mistake) == ("almost", "rounding")
    wrong = check_vector("2.4, 5", (2.4, -1.0), THREE)
    assert wrong.status == "wrong" and wrong.message == "Not quite: θ₀ is right, θ₁ not."


def test_a_vector_matching_a_mistaken_vector_is_diagnosed():
    verdict = check_vector("3.6 -1", (2.4, -1.0), THREE, [("uphill", (3.6, -1.0))])
    assert verdict.mistake == "uphill"


def test_a_vector_of_the_wrong_length_says_what_to_give():
    verdict = check_vector("2.4", (2.4, -1.0), THREE, names=("theta0", "theta1"))
    assert verdict.status == "invalid"
    assert verdict.message == "Give 2 numbers: θ₀ and θ₁ (you gave 1)"
