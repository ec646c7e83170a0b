"""The teacher's dashboard over the class's SSH door: a teacher's key lands in it, a learner's never does
(not by default, not by asking for the command), so no learner sees another learner's answers."""

from __future__ import annotations

from pathlib import Path

from fixtures.classroom import STUCK, make_class


def test_a_teachers_key_reaches_the_dashboard_and_a_learners_key_never_does(
    start_server, enrol, terminal, class_dir: Path
):
    make_class(class_dir)  # learners answering through the engine; one is stuck right now
    teacher = enrol("olga", teacher=True)
    learner = enrol("alice")
    server = start_server()

    terminal.start(server.ssh_argv("olga", teacher, "-tt"), server.client_environment())
    # The title and the table's rows can reach the terminal in different frames: wait for the rows.
    screen = terminal.wait_for("5 wrong answers")
    assert f" {STUCK} " in screen and "Needs help (2)" in screen
    terminal.keys("Enter")  # the stuck learner's answers on the step
    terminal.wait_for("Answers on the highlighted step")
    terminal.keys("C-q")
    terminal.wait_for_exit()
    assert "begin learner=olga" in server.wait_for_log("mode=teacher")

    terminal.start(server.ssh_argv("alice", learner, "-tt"), server.client_environment())
    screen = terminal.wait_for("Pick a lesson")
    assert "Needs help" not in screen and STUCK not in screen
    terminal.keys("C-q")
    terminal.wait_for_exit()

    asked = server.ssh("alice", learner, "-T", command="gdtutor class watch")
    assert "Needs help" not in asked.stdout and STUCK not in asked.stdout
    assert "are not run" in asked.stdout + asked.stderr
