"""Everything but the tutor is refused, each time with one line saying why, and nothing runs.

One server for the module (caps: one session per learner, two in all; three failed sign-ins per address),
with enrolment open. Each test connects from its own loopback address, so failures never add up across tests.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from harness import (
    Server,
    enrol_into,
    fresh_address,
    gdtutor,
    make_key,
    stop_all,
    wait_until,
)

from gdtutor.classroom.roster import load_roster
from gdtutor.server.session import AGENT_REFUSED

PERMISSION_DENIED = "Permission denied (publickey)"
HERE = Path(__file__).parent


class Class:
    def __init__(self, root: Path, *options: str) -> None:
        self.dir = root / "class"
        self.dir.mkdir(mode=0o700)
        self.home = root / "home"
        self.home.mkdir()
        self.dana = enrol_into(self.dir, self.home, "dana")
        self.erin = enrol_into(self.dir, self.home, "erin")
        self.fred = enrol_into(self.dir, self.home, "fred")
        opened = gdtutor("class", "join-code", "--class", str(self.dir))
        assert opened.returncode == 0, opened.stderr
        self.join_code = opened.stdout.split("join code: ")[1].split()[0]
        caps = ("--max-per-learner", "1", "--max-sessions", "2", "--auth-failures", "3")
        self.server = Server(self.dir, self.home, *caps, *options, environment={"PYTHONPATH": str(HERE)})


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Class:
    pytest.importorskip("asyncssh")
    from conftest import require_ssh

    require_ssh()
    room = Class(tmp_path_factory.mktemp("refusals"))
    yield room
    stop_all([room.server])


def one_line_reason(stderr: str) -> str:
    """The server's line (``gdtutor: …``) among the client's own messages."""
    lines = [line for line in stderr.splitlines() if line.startswith("gdtutor: ")]
    assert len(lines) == 1, stderr
    return lines[0]


def test_an_unknown_key_is_refused_with_its_reason(room, tmp_path):
    stranger = make_key(tmp_path, "stranger")
    result = room.server.ssh("dana", stranger, address=fresh_address())
    assert result.returncode == 255
    assert "this key is not enrolled for dana" in one_line_reason(result.stderr)
    assert PERMISSION_DENIED in result.stderr


@pytest.mark.parametrize(
    "user",
    ["../x", ".hidden", "a" * 200, "x/y", "1abc"],
    ids=["dot-dot-slash", "leading-dot", "200-characters", "slash", "leading-digit"],
)
def test_a_name_that_cannot_be_one_is_refused(room, user):
    result = room.server.ssh(user, room.dana, address=fresh_address())
    assert result.returncode == 255
    assert "cannot be a name" in one_line_reason(result.stderr)
    assert PERMISSION_DENIED in result.stderr


def test_a_name_with_an_escape_never_reaches_the_roster_or_the_log_raw(room):
    result = room.server.ssh("x\x1b[31my", room.dana, address=fresh_address())
    assert result.returncode == 255
    assert "\x1b" not in room.server.log()
    assert all(person.name != "x\x1b[31my" for person in load_roster(room.dir / "roster.yaml").people)


def test_a_command_is_not_run(room, tmp_path):
    marker = tmp_path / "ran"
    result = room.server.ssh("dana", room.dana, address=fresh_address(), command=f"id; touch {marker}")
    assert result.returncode == 1
    assert "commands such as" in one_line_reason(result.stderr)
    assert "uid=" not in result.stdout
    assert not marker.exists()


def test_sftp_is_not_offered(room):
    options = room.server.ssh_argv("dana", room.dana, address=fresh_address())[1:]
    options[options.index("-p")] = "-P"  # sftp spells the port option in capitals
    result = subprocess.run(
        ["sftp", "-b", "-", *options],
        input="ls /\n",
        capture_output=True,
        text=True,
        timeout=30,
        env=room.server.client_environment(),
    )
    assert result.returncode != 0
    assert "the “sftp” subsystem is not offered" in one_line_reason(result.stderr)
    assert "/bin" not in result.stdout


def test_remote_forwarding_is_refused(room):
    result = room.server.ssh(
        "dana",
        room.dana,
        "-T",
        "-o",
        "ExitOnForwardFailure=yes",
        "-R",
        "0:127.0.0.1:9",
        address=fresh_address(),
    )
    assert result.returncode == 255
    assert "remote port forwarding failed" in result.stderr
    room.server.wait_for_log("refused-forwarding learner=dana address=127.0.0.")


def test_local_forwarding_is_refused(room):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        local_port = probe.getsockname()[1]
    target = socket.create_server(("127.0.0.1", 0))  # what the forwarding would reach: nothing may
    target.settimeout(0.5)
    argv = room.server.ssh_argv(
        "erin",
        room.erin,
        "-N",
        "-L",
        f"{local_port}:127.0.0.1:{target.getsockname()[1]}",
        address=fresh_address(),
    )
    client = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True, env=room.server.client_environment())
    try:
        wait_until(lambda: _connects(local_port), "the client listening for the forwarding")
        with pytest.raises(TimeoutError):
            target.accept()
    finally:
        client.send_signal(signal.SIGTERM)
        _, stderr = client.communicate(timeout=10)
        target.close()
    assert "administratively prohibited: gdtutor serves the tutor only: forwarding is switched off" in stderr


def _connects(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.settimeout(2)
            connection.recv(1)  # the client closes it once the server refuses
        return True
    except OSError:
        return False


def test_the_session_gets_only_the_allowed_environment_no_agent_and_its_limits(tmp_path):
    """A server of its own serves a program that prints the environment and limits the tutor would get."""
    limits = ("--memory-mb", "700", "--cpu-seconds", "90")
    room = Class(tmp_path, "--session-app", "apps:show_environment", *limits)
    agent_socket = tmp_path / "agent"
    agent = subprocess.Popen(["ssh-agent", "-D", "-a", str(agent_socket)], stdout=subprocess.DEVNULL)
    try:
        wait_until(agent_socket.exists, "the agent listening")
        argv = room.server.ssh_argv(
            "fred",
            room.fred,
            "-T",
            "-A",
            "-o", "SetEnv=LD_PRELOAD=/tmp/evil.so LC_TIME=C.UTF-8",
            "-o", "SendEnv=PYTHONPATH NO_COLOR",
            address=fresh_address(),
        )  # fmt: skip
        environment = {
            **room.server.client_environment(),
            "SSH_AUTH_SOCK": str(agent_socket),
            "PYTHONPATH": "/tmp/evil",
            "NO_COLOR": "1",
        }
        result = subprocess.run(argv, capture_output=True, text=True, env=environment, timeout=30)
    finally:
        agent.terminate()
        agent.wait()
        stop_all([room.server])
    assert result.returncode == 0, result.stderr
    assert one_line_reason(result.stderr) == f"gdtutor: {AGENT_REFUSED}"  # the session still runs
    shown = json.loads(result.stdout)
    seen = shown["environment"]
    assert shown["limits"] == {"memory": [700 << 20, 700 << 20], "cpu": [90, 95], "core": [0, 0]}
    assert "LD_PRELOAD" not in seen and "PYTHONPATH" not in seen
    assert "SSH_AUTH_SOCK" not in seen
    assert seen["LC_TIME"] == "C.UTF-8" and seen["NO_COLOR"] == "1"
    assert seen["GDTUTOR_LEARNER"] == "fred"
    assert seen["GDTUTOR_DATA_DIR"] == str((room.dir / "learners").resolve())
    log = room.server.log()
    assert "ignored-environment learner=fred" in log
    assert "LD_PRELOAD" in log and "PYTHONPATH" in log


def test_too_many_sessions_are_refused_with_the_reason(room):
    first = subprocess.Popen(
        room.server.ssh_argv("dana", room.dana, "-T", address=fresh_address()),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=room.server.client_environment(),
    )
    second = None
    try:
        room.server.session_pid("dana")
        again = room.server.ssh("dana", room.dana, "-T", address=fresh_address())
        assert again.returncode == 1
        assert "dana already has 1 session(s) open" in one_line_reason(again.stderr)

        second = subprocess.Popen(
            room.server.ssh_argv("erin", room.erin, "-T", address=fresh_address()),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=room.server.client_environment(),
        )
        room.server.session_pid("erin")
        full = room.server.ssh("fred", room.fred, "-T", address=fresh_address())
        assert full.returncode == 1
        assert "the class is full (2 sessions)" in one_line_reason(full.stderr)
    finally:
        for client in (first, second):
            if client is not None:
                client.communicate(b"", timeout=20)
    assert first.returncode == 0


def test_a_new_key_with_the_join_code_claims_a_free_name(room, tmp_path):
    key = make_key(tmp_path, "gina")
    result = room.server.ssh("Gina", key, "-T", stdin=f"{room.join_code}\n", address=fresh_address())
    assert result.returncode == 0, result.stderr
    assert "type the class's join code" in result.stdout
    assert "Which lesson?" in result.stdout  # then the tutor, at once
    person = load_roster(room.dir / "roster.yaml").get("gina")
    assert person is not None and person.role == "learner"
    assert room.server.wait_for_log("enrolled learner=gina")

    # The name is hers now: another new key cannot take it, even with the code.
    other = make_key(tmp_path, "other")
    taken = room.server.ssh("gina", other, "-T", stdin=f"{room.join_code}\n", address=fresh_address())
    assert taken.returncode == 255
    assert "this key is not enrolled for gina" in one_line_reason(taken.stderr)


def test_a_wrong_join_code_enrols_nothing_and_repeated_failures_block_the_address(room, tmp_path):
    address = fresh_address()
    key = make_key(tmp_path, "hugo")
    for _ in range(3):
        result = room.server.ssh("hugo", key, "-T", stdin="not-the-code\n", address=address)
        assert result.returncode == 1
        assert "that is not the class's join code; nothing was enrolled" in one_line_reason(result.stderr)
    assert load_roster(room.dir / "roster.yaml").get("hugo") is None

    # Three failures from this address: even an enrolled key is turned away from it for a while ...
    blocked = room.server.ssh("dana", room.dana, "-T", address=address)
    assert blocked.returncode == 255
    assert "too many failed sign-ins from " + address in one_line_reason(blocked.stderr)
    # ... while another address is not.
    started = time.monotonic()
    fine = room.server.ssh("dana", room.dana, "-T", address=fresh_address())
    assert fine.returncode == 0, fine.stderr
    assert time.monotonic() - started < 30
