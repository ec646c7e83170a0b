"""Bayesian Knowledge Tracing against updates computed by hand."""

import random
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdtutor.engine import Tutor
from gdtutor.errors import GdtutorError
from gdtutor.lessons.loading import load_lesson
from gdtutor.paths import builtin_lessons_dir
from gdtutor.progress.mastery import DEFAULT_PARAMS, BKTParams, is_mastered, observation, posterior, update
from gdtutor.progress.store import Attempt
from gdtutor.progress.stores import open_store


def test_the_documented_defaults():
    assert BKTParams(p_init=0.2, p_transit=0.15, p_slip=0.1, p_guess=0.2) == DEFAULT_PARAMS


def test_a_right_first_answer_from_the_prior():
    # P(L|right) = 0.2·0.9 / (0.2·0.9 + 0.8·0.2) = 0.18 / 0.34 = 0.52941...
    assert posterior(0.2, True, DEFAULT_PARAMS) == pytest.approx(0.18 / 0.34)
    # P(L') = 0.52941 + 0.47059·0.15 = 0.6
    assert update(0.2, True) == pytest.approx(0.18 / 0.34 + (1 - 0.18 / 0.34) * 0.15)
    assert update(0.2, True) == pytest.approx(0.6)


def test_a_wrong_first_answer_from_the_prior():
    # P(L|wrong) = 0.2·0.1 / (0.2·0.1 + 0.8·0.8) = 0.02 / 0.66 = 0.030303...
    assert posterior(0.2, False, DEFAULT_PARAMS) == pytest.approx(0.02 / 0.66)
    # P(L') = 0.030303 + 0.969697·0.15 = 0.175758
    assert update(0.2, False) == pytest.approx(0.175757576, abs=1e-9)


def test_a_sequence_right_right_wrong_right():
    # from 0.6 (after one right answer): 0.6·0.9 / (0.54 + 0.4·0.2) = 0.54 / 0.62 = 0.870968;
    #   + 0.129032·0.15 = 0.890323
    second = update(0.6, True)
    assert second == pytest.approx(0.54 / 0.62 + (1 - 0.54 / 0.62) * 0.15)
    # wrong: 0.890323·0.1 / (0.0890323 + 0.109677·0.8) = 0.0890323 / 0.1767742 = 0.503650;
    #   + 0.496350·0.15 = 0.578102
    third = update(second, False)
    assert third == pytest.approx(0.578102, abs=1e-6)
    # right: 0.578102·0.9 / (0.520292 + 0.421898·0.2) = 0.520292 / 0.604672 = 0.860453;
    #   + 0.139547·0.15 = 0.881385
    assert update(third, True) == pytest.approx(0.881385, abs=1e-6)


def test_lesson_parameters_change_the_update():
    params = BKTParams(p_init=0.5, p_transit=0.0, p_slip=0.05, p_guess=0.25)
    # 0.5·0.95 / (0.475 + 0.5·0.25) = 0.475 / 0.6 = 0.791667, and no learning transition
    assert update(0.5, True, params) == pytest.approx(0.475 / 0.6)


def test_mastery_threshold_is_095():
    assert is_mastered(0.95)
    assert not is_mastered(0.9499)


@pytest.mark.parametrize(
    ("verdict", "hints", "expected"),
    [
        ("correct", 0, True),
        ("almost", 0, True),
        ("correct", 1, False),
        ("wrong", 0, False),
        ("invalid", 0, None),
    ],
)
def test_which_first_attempts_count_as_evidence(verdict, hints, expected):
    assert observation(verdict, hints) is expected


@pytest.mark.parametrize(
    "mapping",
    [
        {"p_slip": 1.5},
        {"p_guess": "high"},
        {"p_slip": 0.6, "p_guess": 0.5},
        {"p_learn": 0.1},
        {"p_init": True},
    ],
)
def test_bad_parameters_are_refused_with_a_message(mapping):
    with pytest.raises(GdtutorError) as error:
        BKTParams.from_mapping(mapping)
    assert "\n" not in str(error.value)
    assert "BKT parameter" in str(error.value)


@pytest.mark.usefixtures("store_backend")
def test_the_store_updates_mastery_from_first_attempts_only():
    store = open_store("ada")
    store.record_attempt(Attempt("l", "a", 1, "3", "correct", skills=("chain-rule", "power-rule")))
    store.record_attempt(Attempt("l", "b", 1, "2", "wrong", skills=("chain-rule",)))
    store.record_attempt(Attempt("l", "b", 1, "3", "correct", first_attempt=False, skills=("chain-rule",)))
    store.record_attempt(Attempt("l", "c", 1, "?", "invalid", skills=("chain-rule",)))
    mastery = store.mastery()
    # chain-rule: right (0.2 -> 0.6) then wrong: 0.6·0.1 / (0.06 + 0.4·0.8) = 0.06 / 0.38 = 0.157895;
    #   + 0.842105·0.15 = 0.284211. The retry and the unreadable answer are no evidence.
    assert mastery["chain-rule"].p_known == pytest.approx(0.06 / 0.38 + (1 - 0.06 / 0.38) * 0.15)
    assert (mastery["chain-rule"].observations, mastery["chain-rule"].right) == (2, 1)
    assert mastery["power-rule"].p_known == pytest.approx(0.6)


@pytest.mark.usefixtures("store_backend")
def test_a_lessons_bkt_overrides_apply_to_its_attempts_only():
    lesson = SimpleNamespace(
        id="strict", bkt={"update": {"p_init": 0.5, "p_transit": 0.0, "p_slip": 0.05, "p_guess": 0.25}}
    )
    store = open_store("ada")
    store.use_lesson(lesson)
    store.record_attempt(Attempt("strict", "s", 1, "1", "correct", skills=("update", "other")))
    store.record_attempt(Attempt("relaxed", "s", 1, "1", "correct", skills=("update2",)))
    mastery = store.mastery()
    assert mastery["update"].p_known == pytest.approx(0.475 / 0.6)
    assert mastery["other"].p_known == pytest.approx(0.6)
    assert mastery["update2"].p_known == pytest.approx(0.6)


probability = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@st.composite
def bkt_params(draw):
    slip = draw(st.floats(min_value=0.0, max_value=0.49))
    guess = draw(st.floats(min_value=0.0, max_value=0.49))
    return BKTParams(p_init=draw(probability), p_transit=draw(probability), p_slip=slip, p_guess=guess)


@settings(max_examples=200, deadline=None)
@given(p_known=probability, params=bkt_params())
def test_a_right_answer_never_lowers_the_estimate_and_a_wrong_one_never_beats_it(p_known, params):
    after_right = update(p_known, True, params)
    after_wrong = update(p_known, False, params)
    assert 0.0 <= after_wrong <= after_right <= 1.0
    assert after_right >= p_known - 1e-12


def test_a_course_finished_mostly_right_reads_mostly_mastered_and_says_what_mastery_means(
    tmp_path, monkeypatch
):
    """Every built-in lesson worked through with four first tries in five right (a known
    mistake the fifth time, then the answer) through the real store; progress then names most skills
    mastered, in words, and explains the percentage."""
    chance = random.Random(1)
    with open_store() as store:
        for path in sorted(builtin_lessons_dir().glob("*.yaml")):
            lesson = load_lesson(path)
            tutor = Tutor(lesson, seed=0, recorder=store)
            while not tutor.finished:
                first = True
                while tutor.view().is_question and not tutor.view().complete:
                    question = tutor.question()
                    wrong = [answer for _, answer in question.mistaken_answers()]
                    miss = first and wrong and chance.random() < 0.2
                    tutor.submit(wrong[0] if miss else question.answer())
                    first = False
                tutor.next()
    result = subprocess.run(
        [sys.executable, "-m", "gdtutor", "progress"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    summary = next(line for line in result.stdout.splitlines() if "skills mastered" in line.casefold())
    counts = re.search(r"(\d+) of (\d+)", summary)
    if counts is not None:
        assert int(counts[1]) >= int(counts[2]) * 2 // 3, summary
    assert "Mastery is how sure the tutor is that you know a skill" in result.stdout
    levels = [line for line in result.stdout.splitlines() if line.startswith("    mastery:")]
    assert not any("half-mse" in line for line in levels) and any(
        "the one-half MSE" in line for line in levels
    )
