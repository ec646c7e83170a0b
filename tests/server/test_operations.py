"""The server's own life and its faults: idle timeout, SIGTERM drain, SIGKILL, a cut connection, SIGHUP
reload, and a teacher's key. Tests that stop or kill the server have one of their own."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
from pathlib import Path

from harness import wait_until
from test_serve import first_lesson_tutor, resume_and_leave, walk_to_first_question

from gdtutor.classroom.folder import ClassFolder
from gdtutor.classroom.live_sessions import connected_learners
from gdtutor.paths import builtin_lessons_dir
from gdtutor.progress.store import ProgressStore
from gdtutor.server.service import ClassService
from gdtutor.server.settings import ServeSettings
from gdtutor.stopping import STOPPED_UNSAVED


def kept_open(argv: list[str]) -> list[str]:
    """The client under a shell that stays after it ends, so its last words and exit status stay on screen."""
    command = " ".join(f"'{part}'" for part in argv)
    return ["sh", "-c", f'{command}; echo "[client exit $?]"; sleep 60']


def answered_attempts(class_dir: Path, learner: str) -> list[str]:
    store = ProgressStore.open(learner, class_dir / "learners")
    try:
        return [attempt.verdict for attempt in store.attempts()]
    finally:
        store.close()


def integrity(class_dir: Path, learner: str) -> str:
    with sqlite3.connect(class_dir / "learners" / f"{learner}.sqlite3") as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def answer_one_step(terminal, server, key: Path, learner: str) -> int:
    """Connect, open the first lesson, answer its first question right; the step now shown."""
    tutor = first_lesson_tutor(learner, server.class_dir)
    terminal.start(kept_open(server.ssh_argv(learner, key, "-tt")), server.client_environment())
    terminal.wait_for("Pick a lesson")
    terminal.keys("Enter")
    walk_to_first_question(terminal, tutor)
    asked = tutor.view().number
    terminal.answer(tutor.question().answer())
    terminal.wait_for(f"step {asked + 1}/{tutor.view().total}")
    return asked + 1


def no_process_left_in(class_dir: Path) -> bool:
    for process in Path("/proc").iterdir():
        try:
            if process.name.isdigit() and Path(process, "cwd").resolve() == class_dir.resolve():
                return False
        except OSError:
            continue
    return True


def test_an_idle_session_is_warned_then_ended_with_its_reason(start_server, enrol, terminal, class_dir):
    key = enrol("ida")
    server = start_server("--idle-timeout", "5", "--idle-warning", "3")
    terminal.start(kept_open(server.ssh_argv("ida", key, "-tt")), server.client_environment())
    terminal.wait_for("Pick a lesson")
    terminal.wait_for("idle a while", timeout=10)
    screen = terminal.wait_for("[client exit", timeout=15)
    assert "gdtutor: disconnected after 5 seconds idle; your progress is saved" in screen
    assert "end=idle" in server.wait_for_log("session learner=ida")


def test_sigterm_drains_sessions_saved_and_told(start_server, enrol, terminal, class_dir):
    key = enrol("jo")
    server = start_server()
    answer_one_step(terminal, server, key, "jo")
    assert server.stop(signal.SIGTERM) == 0
    screen = terminal.wait_for("[client exit")
    assert "gdtutor: the server is shutting down; your progress is saved" in screen
    assert "end=shutdown" in server.log()
    assert answered_attempts(class_dir, "jo") == ["correct"]
    assert wait_until(lambda: no_process_left_in(class_dir), "every session process gone", timeout=10)


def test_the_learner_is_told_progress_is_saved_only_when_the_session_stopped_with_all_saved(tmp_path):
    service = ClassService(ServeSettings(class_dir=tmp_path, idle_timeout=300))
    try:
        stopped, hung_up = 128 + signal.SIGTERM, 128 + signal.SIGHUP
        assert (
            service.ending_message("shutdown", stopped)
            == "the server is shutting down; your progress is saved"
        )
        assert (
            service.ending_message("idle", hung_up)
            == "disconnected after 5 minute(s) idle; your progress is saved"
        )
        for status in (STOPPED_UNSAVED, 128 + signal.SIGKILL):  # kept answers lost, or killed after the drain
            said = service.ending_message("shutdown", status)
            assert said == "the server is shutting down; your last answers may not be saved"
    finally:
        service.log.close()


def test_after_sigkill_sessions_end_the_store_is_whole_and_the_next_start_resumes(
    start_server, enrol, terminal, class_dir
):
    key = enrol("kim")
    server = start_server()
    fingerprint = server.known_hosts.read_text().split()[-1]
    next_step = answer_one_step(terminal, server, key, "kim")
    assert connected_learners(class_dir) == {"kim"}
    server.stop(signal.SIGKILL)
    terminal.wait_for("[client exit 255]")
    # The session lost its terminal (a hang-up) and the warm parent its server: both are gone.
    assert wait_until(lambda: no_process_left_in(class_dir), "every session process gone", timeout=15)
    assert integrity(class_dir, "kim") == "ok"
    assert answered_attempts(class_dir, "kim") == ["correct"]
    # Its live-session marker stays behind, but no longer counts: the server that wrote it is gone.
    assert len(list(ClassFolder(class_dir).live.iterdir())) == 1
    assert connected_learners(class_dir) == frozenset()

    again = start_server()
    assert list(ClassFolder(class_dir).live.iterdir()) == []  # cleared by the next server
    assert again.known_hosts.read_text().split()[-1] == fingerprint  # the same host key: no warning
    resume_and_leave(terminal, again, "kim", key, f"step {next_step}/")


def test_a_connection_cut_mid_answer_loses_nothing_acknowledged(classroom, terminal):
    key = classroom.enrol("lee")
    server, class_dir = classroom.server, classroom.dir
    answer_one_step(terminal, server, key, "lee")
    terminal.type("0.12")  # half an answer, never sent with Enter
    client = subprocess.run(["pgrep", "-f", "-n", "lee@127.0.0.1"], capture_output=True, text=True)
    client_pid = int(client.stdout.split()[0])
    subprocess.run(["kill", "-KILL", str(client_pid)], check=True)
    log = server.wait_for_log("session learner=lee")
    assert "end=exit" in log
    assert wait_until(lambda: no_process_left_in_but_server(class_dir, server), "lee's session gone")
    assert integrity(class_dir, "lee") == "ok"
    assert answered_attempts(class_dir, "lee") == ["correct"]


def test_a_session_stuck_after_its_connection_is_lost_is_killed_and_its_slot_freed(
    start_server, enrol, terminal
):
    """A tutor that cannot act on the hang-up keeps running after its connection is lost: here the real
    tutor, stopped (SIGSTOP, as a debugger would hold it), which then acts on no signal but SIGKILL; a tutor
    stuck saving to a locked store is another such case. After its grace time (1 s here; 30 s by default,
    longer than a PostgreSQL store's wait at close) the server kills its process group and frees its slot:
    with one session per learner, she connects again at once."""
    server = start_server("--hangup-grace", "1", "--max-per-learner", "1")
    key = enrol("uma")
    terminal.start(server.ssh_argv("uma", key, "-tt"), server.client_environment())
    terminal.wait_for("Pick a lesson", timeout=60)
    pid = server.session_pid("uma")
    os.kill(pid, signal.SIGSTOP)
    client = subprocess.run(["pgrep", "-f", "-n", "uma@127.0.0.1"], capture_output=True, text=True)
    subprocess.run(["kill", "-KILL", client.stdout.split()[0]], check=True)
    log = server.wait_for_log("session learner=uma")
    assert "killed learner=uma address=127.0.0.1" in log
    assert f"pid={pid} reason=“still running 1 s after its connection was lost”" in log
    assert "end=killed status=137" in log
    assert not Path(f"/proc/{pid}").exists()  # reaped: the exit status came from its parent
    assert subprocess.run(["pgrep", "-g", str(pid)], capture_output=True).returncode == 1  # its group gone
    again = server.ssh("uma", key, "-T")
    assert again.returncode == 0, again.stderr


def no_process_left_in_but_server(class_dir: Path, server) -> bool:
    """Only the warm parent (the server's child) is left working in the class folder."""
    children = subprocess.run(
        ["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True
    ).stdout.split()
    for process in Path("/proc").iterdir():
        try:
            here = Path(process, "cwd").resolve() == class_dir.resolve()
        except OSError:
            continue
        if process.name.isdigit() and here and process.name not in children:
            return False
    return True


def test_sighup_reloads_lessons_and_a_roster_edit_needs_no_restart(classroom):
    key = classroom.enrol("max")
    server, class_dir = classroom.server, classroom.dir
    lessons = class_dir / "learners" / "lessons"
    lessons.mkdir()
    original = (builtin_lessons_dir() / "01-notation-and-cost.yaml").read_text(encoding="utf-8")
    added = original.replace("id: notation-and-cost", "id: class-extra", 1)
    added = added.replace('title: "Notation and the MSE cost"', 'title: "A lesson the teacher added"', 1)
    (lessons / "extra.yaml").write_text(added, encoding="utf-8")
    server.process.send_signal(signal.SIGHUP)
    server.wait_for_log("reloaded")
    listed = server.ssh("max", key, "-T")
    assert listed.returncode == 0, listed.stderr
    assert "class-extra: A lesson the teacher added" in listed.stdout

    newcomer = classroom.enrol("nia")  # while the server runs: the edited roster is read again at once
    result = server.ssh("nia", newcomer, "-T")
    assert result.returncode == 0, result.stderr


def test_a_teachers_key_opens_the_dashboard_never_the_tutor(classroom, terminal):
    from gdtutor.commands.class_ import SUBCOMMANDS

    key = classroom.enrol("olga", teacher=True)
    server = classroom.server
    without_terminal = server.ssh("olga", key, "-T")
    assert without_terminal.returncode == 1
    assert without_terminal.stderr.strip().splitlines()[-1] == (
        "gdtutor: the class dashboard needs a terminal: connect with ssh -t"
    )
    terminal.start(kept_open(server.ssh_argv("olga", key, "-tt")), server.client_environment())
    if "watch" in SUBCOMMANDS:
        assert "begin learner=olga" in server.wait_for_log("mode=teacher")
        terminal.wait_until(lambda screen: "Pick a lesson" not in screen and screen.strip(), "the dashboard")
        assert "Pick a lesson" not in terminal.screen()
    else:
        screen = terminal.wait_for("[client exit 1]")
        assert "this is a teacher's key, and this gdtutor has no teacher's dashboard yet" in screen
