"""A student's session over real SSH: enrolled key in, the tutor on a PTY, answers kept, resumed next time.

The answers typed come from the engine's own questions for this learner's variant, never from the test.
"""

from __future__ import annotations

from pathlib import Path

from gdtutor.classroom.live_sessions import connected_learners
from gdtutor.engine import Tutor
from gdtutor.lessons.catalog import discover
from gdtutor.progress.learner import lesson_seed
from gdtutor.progress.store import ProgressStore


def first_lesson_tutor(learner: str, class_dir: Path) -> Tutor:
    """The course's first lesson as ``learner`` sees it (same seed as the app), to know what to type.

    The seed includes the learner's secret salt, made here (as the session would) in their store.
    """
    lesson = discover([]).entries[0].lesson
    with ProgressStore.open(learner, class_dir / "learners") as store:
        salt = store.seed_salt()
    return Tutor(lesson, seed=lesson_seed(salt, learner, lesson.id))


def walk_to_first_question(terminal, tutor: Tutor) -> None:
    """From the lesson's first step, Enter past the reading until a question is asked."""
    total = tutor.view().total
    step = 1
    terminal.wait_for(f"step {step}/{total}")
    while tutor.view().kind == "read":
        terminal.keys("Enter")
        tutor.next()
        step += 1
        terminal.wait_for(f"step {step}/{total}")


def test_an_enrolled_student_answers_leaves_and_resumes_over_ssh(classroom, terminal):
    key = classroom.enrol("Alice")  # names are case-folded: she signs in as alice
    server, class_dir = classroom.server, classroom.dir
    tutor = first_lesson_tutor("alice", classroom.dir)
    total = tutor.view().total

    terminal.start(server.ssh_argv("alice", key, "-tt"), server.client_environment())
    terminal.wait_for("Pick a lesson")
    terminal.keys("Enter")
    walk_to_first_question(terminal, tutor)
    asked = tutor.view().number
    terminal.answer(tutor.question().answer())
    terminal.wait_for(f"step {asked + 1}/{total}")
    assert "alice" in connected_learners(class_dir)  # the teacher's dashboard sees her connected

    terminal.keys("C-q")
    terminal.wait_for_exit()
    log = server.wait_for_log("session learner=alice")
    assert "end=exit status=0" in log
    assert "alice" not in connected_learners(class_dir)

    # What she answered is in her store in the class folder, under her name.
    store = ProgressStore.open("alice", class_dir / "learners")
    try:
        assert [attempt.verdict for attempt in store.attempts()] == ["correct"]
    finally:
        store.close()

    # Back again: the picker is on her lesson and Enter resumes after the step she answered.
    resume_and_leave(terminal, server, "alice", key, f"step {asked + 1}/{total}")


def resume_and_leave(terminal, server, learner: str, key: Path, step: str) -> None:
    """Connect again: the picker is on the learner's lesson and Enter opens it at ``step``; then quit."""
    terminal.start(server.ssh_argv(learner, key, "-tt"), server.client_environment())
    terminal.wait_for("steps done", timeout=60)  # a server just started may still be warming its parent
    terminal.keys("Enter")
    terminal.wait_for(step)
    terminal.keys("C-q")
    terminal.wait_for_exit()


def test_a_window_change_reaches_the_app(classroom, terminal):
    key = classroom.enrol("bob")
    server = classroom.server
    terminal.start(server.ssh_argv("bob", key, "-tt"), server.client_environment(), width=80, height=24)
    terminal.wait_for("Pick a lesson")
    title = next(line for line in terminal.screen().splitlines() if "gdtutor —" in line)
    terminal.tmux("resize-window", "-x", "120", "-y", "40")
    # The title is centred: at 120 columns it starts 20 columns further right than at 80.
    wider = terminal.wait_until(
        lambda screen: any(
            "gdtutor —" in line and line.index("gdtutor") == title.index("gdtutor") + 20
            for line in screen.splitlines()
        ),
        "the app redrawn at 120 columns",
    )
    assert len(wider.splitlines()) >= 39
    terminal.keys("C-q")
    terminal.wait_for_exit()


def test_without_a_pty_the_plain_tutor_answers_on_standard_streams(classroom):
    key = classroom.enrol("carol")
    server = classroom.server
    result = server.ssh("carol", key, "-T", stdin="1\n")
    assert result.returncode == 0, result.stderr
    assert "Which lesson?" in result.stdout
    assert "Lesson: The maths you need" in result.stdout
    assert "Step 1 of " in result.stdout
