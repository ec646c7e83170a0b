"""The class report's figures, checked against the answers the scripted learners gave through the engine."""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict

import pytest

from gdtutor.classroom.report import IDLE_LIMIT_SECONDS, build_report, read_class

LESSON_ID = "descent-on-theta-squared"


@pytest.fixture(scope="module")
def class_report(made_class):
    folder, ledger = made_class
    records, unreadable = read_class(folder)
    return build_report(records, unreadable), records, ledger


def _by_learner(ledger):
    answers = defaultdict(list)
    for answer in ledger.answers:
        answers[answer.learner].append(answer)
    return answers


def test_each_learners_lesson_row_matches_the_answers_they_gave(class_report):
    report, _, ledger = class_report
    rows = {row.learner: row for row in report.lessons if row.lesson_id == LESSON_ID}
    answers = _by_learner(ledger)
    for learner in ledger.learners:
        mine = answers[learner]
        graded = [a for a in mine if a.verdict != "invalid"]
        firsts = {}
        for answer in graded:
            firsts.setdefault(answer.step_id, answer)
        seconds = sum(
            gap
            for earlier, later in itertools.pairwise(mine)
            if (gap := (later.time - earlier.time).total_seconds()) <= IDLE_LIMIT_SECONDS
        )
        row = rows[learner]
        assert row.attempts == len(graded), learner
        assert row.steps_tried == len(firsts), learner
        assert row.first_try_correct == sum(
            a.verdict == "correct" and a.hints_used == 0 for a in firsts.values()
        ), learner
        assert row.steps_done == len(ledger.done[learner]), learner
        assert row.seconds_on_task == pytest.approx(seconds, abs=0.1), learner
        if mine:
            assert row.last_active.startswith(max(a.time for a in mine).strftime("%Y-%m-%dT%H:%M:%S"))


def test_each_steps_figures_and_mistakes_match_the_answers(class_report):
    _, records, ledger = class_report
    engine_learners = set(ledger.learners)
    report = build_report([record for record in records if record.learner in engine_learners])
    steps = {row.step_id: row for row in report.steps if row.lesson_id == LESSON_ID}
    per_step = defaultdict(lambda: defaultdict(list))
    for answer in ledger.answers:
        per_step[answer.step_id][answer.learner].append(answer)
    for step_id, by_learner in per_step.items():
        row = steps[step_id]
        graded = {
            learner: [a for a in mine if a.verdict != "invalid"] for learner, mine in by_learner.items()
        }
        tried = {learner: mine for learner, mine in graded.items() if mine}
        assert row.tried == len(tried), step_id
        assert row.finished == sum(step_id in ledger.done[learner] for learner in engine_learners), step_id
        assert row.first_try_correct == sum(
            mine[0].verdict == "correct" and mine[0].hints_used == 0 for mine in tried.values()
        ), step_id
        assert row.median_attempts == statistics.median(len(mine) for mine in tried.values()), step_id
        mistakes = defaultdict(lambda: [set(), 0])
        for learner, mine in tried.items():
            for answer in mine:
                if answer.mistake_id:
                    mistakes[answer.mistake_id][0].add(learner)
                    mistakes[answer.mistake_id][1] += 1
        found = {m.mistake_id: (m.learners, m.answers) for m in row.mistakes}
        assert found == {mistake: (len(who), count) for mistake, (who, count) in mistakes.items()}, step_id
        for mistake in row.mistakes:
            examples = {
                a.answer for mine in tried.values() for a in mine if a.mistake_id == mistake.mistake_id
            }
            assert mistake.example in examples
    # most learners were scripted to slip on the derivative: the report must say which slip, and how often
    derivative = steps["derivative"]
    assert derivative.mistakes[0].mistake_id == "kept-the-square"
    assert derivative.reached >= derivative.finished >= 1


def test_steps_come_in_the_lessons_order_when_the_lesson_file_is_known(class_report):
    _, records, _ = class_report
    order = ("the-bowl", "derivative", "first-gradient", "first-step", "first-update")
    report = build_report(records, step_order={LESSON_ID: order})
    listed = [row.step_id for row in report.steps if row.lesson_id == LESSON_ID]
    assert listed[: len(order)] == list(order)


def test_a_damaged_store_is_named_and_the_rest_is_read(class_report):
    report, _, ledger = class_report
    assert len(report.unreadable) == 1
    assert report.unreadable[0].startswith("zed-damaged.sqlite3: damaged")
    assert "zed-damaged" not in report.learners
    assert set(ledger.learners) <= set(report.learners)


def test_an_old_schema_store_reads_like_a_new_one(class_report):
    report, _, _ = class_report
    row = next(row for row in report.lessons if row.learner == "old-otto")
    assert (row.attempts, row.steps_tried, row.first_try_correct, row.steps_done) == (3, 2, 1, 3)
    assert row.seconds_on_task == 120.0  # two gaps of a minute


def test_class_totals_add_up(class_report):
    report, _, _ = class_report
    totals = report.totals
    assert totals["learners"] == len(report.learners) == 22
    assert totals["attempts"] == sum(row.attempts for row in report.lessons)
    assert totals["unreadable_stores"] == 1
    assert 0 < totals["first_try_rate"] < 1


def test_mastery_per_skill_comes_from_each_learners_store(class_report):
    report, records, _ = class_report
    for record in records:
        assert report.mastery[record.learner] == dict(sorted(record.mastery.items()))
    power = next(row for row in report.skills if row.skill == "power-rule")
    assert power.learners == sum("power-rule" in record.mastery for record in records)
    assert 0 <= power.mastered <= power.learners


def test_the_report_command_names_the_damaged_store_and_succeeds(made_class, gdtutor):
    folder, _ = made_class
    result = gdtutor("class", "report", "--class", str(folder))
    assert result.returncode == 0, result.stderr
    assert "zed-damaged.sqlite3: damaged" in result.stderr
    assert "Learners × lessons" in result.stdout
    assert "kept-the-square" in result.stdout


def test_a_missing_class_folder_is_one_line(tmp_path, gdtutor):
    result = gdtutor("class", "report", "--class", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no such folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_any_folder_of_stores_works_as_a_class(made_class, tmp_path, gdtutor):
    folder, _ = made_class
    result = gdtutor("class", "report", "--class", str(folder / "learners"), "--json")
    assert result.returncode == 0
    assert '"sam"' in result.stdout


def test_a_folder_without_stores_says_so(tmp_path, gdtutor):
    result = gdtutor("class", "report", "--class", str(tmp_path))
    assert result.returncode == 0
    assert "no progress files in" in result.stderr and "Class: 0 learners" in result.stdout
