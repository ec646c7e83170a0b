import pytest

from gdtutor.checking import check_choice

OPTIONS = ["too large", "too small", "just right"]


@pytest.mark.parametrize("text", ["c", "C", "(c)", "c)", "3", "just right", "  Just   RIGHT "])
def test_a_letter_number_or_the_text_picks_the_option(text):
    verdict = check_choice(text, OPTIONS, 2)
    assert verdict.status == "correct"
    assert verdict.value == 2
    assert verdict.reading == "read as: 3) just right"


def test_the_answer_may_be_given_by_letter_or_text():
    assert check_choice("a", OPTIONS, "too large").status == "correct"
    assert check_choice("a", OPTIONS, "b").status == "wrong"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Pick an option"),
        ("z", "There is no option z"),
        ("7", "There is no option 7"),
        ("[bold]huge[/bold]", "is not one of the options"),
    ],
)
def test_something_that_is_no_option_is_invalid(text, message):
    verdict = check_choice(text, OPTIONS, 0)
    assert verdict.status == "invalid" and message in verdict.message


@pytest.mark.parametrize("text", ["", "z", "7", "none of these"])
def test_every_refusal_says_how_to_pick_the_same_way(text):
    assert check_choice(text, OPTIONS, 0).message.endswith(
        "type its number (1–3), its letter (a–c) or its text"
    )


def test_a_lesson_whose_answer_is_not_an_option_is_a_programming_error():
    with pytest.raises(ValueError):
        check_choice("a", OPTIONS, 5)
