"""gdtutor serve under a class: N learners over SSH at once, the tutor beside a bare Textual echo app.

Run:  python benchmarks/bench_server.py [--sizes 10 25 50] [--answers 20]   (not part of the test run)
      python benchmarks/bench_server.py --dashboard [--sizes 50] [--answers 20] [--rounds 6]
      python benchmarks/bench_server.py --postgres [--sizes 50] [--answers 20] [--rounds 3] [--pairs 2]

For each N, the same server (``gdtutor serve``) is started twice on a fresh class folder, once serving the
tutor and once a bare Textual app with one input (benchmarks/echo_app.py), the order alternating; for each:

- first screen: N clients connect at once (asyncssh clients with a PTY, 80×24, in this process); the time
  from each one's connect to its first screen (the picker's "Pick a lesson", the echo app's text): p50/p95;
- start CPU: each session process's own CPU time (user + system, from /proc) when every client has its
  first screen, and 3 s later (start-up work after the first paint included): p50;
- memory: after the answers below (the tutor with a lesson open), each session process's private memory
  (USS: Private_Clean + Private_Dirty) and PSS from /proc/PID/smaps_rollup, median per session, and the
  warm parent's PSS;
- idle CPU: CPU seconds the N sessions used over 10 s without input, per session, as % of one core;
- answer latency: one learner sends an answer and Enter every 0.3 s (each answer different, so the screen
  must change: text that is not a number for the tutor, which quotes it and says so, and any text for the
  echo app, which echoes it), timed from Enter to the reply on screen; meanwhile the N - 1 others each send
  an answer every 1–3 s. p50/p95 of the measured learner.

With ``--dashboard``, the teacher's dashboard's cost to the learners instead: one server, the tutor, N
learners answering as above, and rounds of two blocks of ``--answers`` measured answers each, one block with a
teacher's ``class watch`` open over SSH (connected, its first screen drawn, polling every second while the
class answers) and one without, the order alternating. Per round the ratio with ÷ without of the measured
learner's p50 and p95; min/median/max of those ratios over the rounds. In the blocks with the dashboard, also
how soon the teacher sees each answer: from the reply on the learner's screen (the answer is saved before
it is acknowledged) to the measured learner's answer count going up in F2 Learners on the teacher's screen,
as it arrives over SSH; min/median/p95/max (target: within 2 s with 50 learners answering).

With ``--postgres``, the same figures for N learners on two servers sharing one PostgreSQL (fsync on,
tests/pgcluster.py), N/2 connecting to each, beside N on one server on SQLite. Each round a fresh class and
database for each; both classes are served at once (connected one after the other, their idle CPU taken
together), then answer in turn: ``--pairs`` pairs of blocks, in the order ABBA…, one class answering while
the other's sessions sit idle, so that load from elsewhere hits both sides of a pair alike. In a block two
learners (one per PostgreSQL server) answer ``--answers`` times every 0.3 s as above, and every answer the
N - 2 others give meanwhile (every 1–3 s: type it, wait for it on screen, Enter) is timed too: about 250
answers a block at N = 50, so a p95 is not one learner's second-slowest answer; and the CPU per answer of
everything serving the block (servers, sessions and the database's processes, from /proc). Per pair the
ratio PostgreSQL ÷ SQLite of the answer p50 and p95 and of the CPU per answer; min/median/max of those over
all pairs. Target: the median answer p95 ratio ≤ 1.2.

The clients and the server share the machine: 2 cores here, often with other work on them (the load
average is printed). Targets: first screen p95 ≤ 1 s at N = 50; ≤ 25 MB private memory per session;
answer p95 ≤ 100 ms with 50 learners answering.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncssh
from pairs import compile_gdtutor, machine_load, summary

HERE = Path(__file__).parent
ESCAPES = re.compile(
    rb"\x1b(\[[0-9;?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78DEHMc])"
)
LISTENING = re.compile(r"listening on \S+ port (\d+)")
APPS = {
    "tutor": {"options": [], "ready": "Pick a lesson"},
    "echo": {"options": ["--session-app", "echo_app:run"], "ready": "Ready when you are"},
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Client:
    """One learner: an SSH connection with a PTY, the screen's text (escapes removed) as it arrives."""

    def __init__(self, name: str, key: asyncssh.SSHKey) -> None:
        self.name = name
        self.key = key
        self.text = bytearray()  # grows in place: a bytes object would be copied on every read
        self.changed = asyncio.Event()
        self.process: asyncssh.SSHClientProcess | None = None
        self.connection: asyncssh.SSHClientConnection | None = None

    async def connect(self, port: int) -> None:
        self.connection = await asyncssh.connect(
            "127.0.0.1", port, username=self.name, client_keys=[self.key], known_hosts=None, agent_path=None
        )
        self.process = await self.connection.create_process(
            term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        assert self.process is not None
        while True:
            data = await self.process.stdout.read(65536)
            if not data:
                return
            self.text += ESCAPES.sub(b"", data)
            self.changed.set()

    async def wait_for(self, marker: str, since: int = 0, timeout: float = 60) -> None:
        wanted = marker.encode()
        deadline = time.monotonic() + timeout
        while self.text.find(wanted, since) < 0:
            self.changed.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{self.name}: {marker!r} never showed")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), remaining)

    def send(self, text: str) -> None:
        assert self.process is not None
        self.process.stdin.write(text.encode())

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def make_class(folder: Path, count: int, prefix: str = "learner", *options: str) -> list[asyncssh.SSHKey]:
    """``count`` keys enrolled as ``learner0``… (``--teacher`` in ``options``: as teachers)."""
    keys = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(count)]
    listing = folder / f"{prefix}-keys.txt"
    lines = [f"{prefix}{index} {key.export_public_key().decode().strip()}" for index, key in enumerate(keys)]
    listing.write_text("\n".join(lines) + "\n")
    subprocess.run(
        [sys.executable, "-m", "gdtutor", "class", "import", "--class", str(folder / "class"), str(listing),
         *options],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return keys


def start_server(
    class_dir: Path, app: str, count: int, store: str | None = None
) -> tuple[subprocess.Popen[str], int]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    caps = ["--max-sessions", str(count + 5), "--max-per-learner", "1", "--auth-failures", "1000"]
    stored = ["--store", store] if store else []
    process = subprocess.Popen(
        [sys.executable, "-m", "gdtutor", "serve", "--class", str(class_dir), "--port", "0", *caps, *stored,
         *APPS[app]["options"]],
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        found = LISTENING.search(line)
        if found:
            return process, int(found.group(1))
    raise RuntimeError("the server did not start")


def session_pids(class_dir: Path, learner: str = r"\S+") -> list[int]:
    log = (class_dir / "server.log").read_text()
    return [int(pid) for pid in re.findall(rf"\bbegin learner={learner} .* pid=(\d+)", log)]


def memory(pid: int) -> tuple[float, float]:
    """(USS, PSS) in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) / 1024
    return fields["Private_Clean"] + fields["Private_Dirty"], fields["Pss"]


def cpu_seconds(pid: int) -> float:
    parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def process_tree(roots: list[int]) -> list[int]:
    """``roots`` and every process under them, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, ValueError):
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, waiting = [], list(roots)
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        waiting += children.get(pid, [])
    return found


def cpu_by_process(pids: list[int]) -> dict[int, float]:
    """Each process's CPU seconds so far, leaving out those that have ended."""
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            found[pid] = cpu_seconds(pid)
    return found


def cpu_since(before: dict[int, float]) -> float:
    """CPU seconds the processes of ``before`` (from ``cpu_by_process``) used since then."""
    now = cpu_by_process(list(before))
    return sum(now[pid] - before[pid] for pid in now)


def warm_parent_pid(server: subprocess.Popen[str]) -> int:
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    return int(children[0])


async def open_tutor_question(client: Client) -> None:
    """In the tutor: open the first lesson and Enter past its reading to the first question (a number)."""
    client.send("\r")
    await client.wait_for("step 1/")
    mark = len(client.text)
    client.send("\r")
    await client.wait_for("step 2/", since=mark)


@contextlib.asynccontextmanager
async def class_answering(
    clients: list[Client], timed: list[float] | None = None, first: int = 0
) -> AsyncIterator[None]:
    """While inside: each of ``clients`` sends an answer and Enter every 1–3 s. With ``timed``, each types
    its answer, waits for it on screen, sends Enter and waits for the reply, and the Enter-to-reply time of
    each of those answers goes into ``timed`` (numbered from ``first``, so that no answer repeats one on
    the screen)."""
    stop = asyncio.Event()

    async def answer_now_and_then(client: Client, seed: int) -> None:
        chance = random.Random(seed + first)
        number = first
        while not stop.is_set():
            await asyncio.sleep(chance.uniform(1, 3))
            number += 1
            if timed is None:
                client.send(f"x{seed}n{number}\r")
            elif not stop.is_set():
                timed.extend(await answer_latencies(client, 1, first=number, pause=0))

    background = [asyncio.create_task(answer_now_and_then(c, i)) for i, c in enumerate(clients)]
    try:
        yield
    finally:
        stop.set()
        await asyncio.gather(*background, return_exceptions=True)


async def answer_latencies(measured: Client, answers: int, first: int = 0, pause: float = 0.3) -> list[float]:
    """Enter-to-reply times of ``answers`` answers, each different (numbered from ``first``), ``pause`` s
    apart."""
    latencies = []
    for number in range(first, first + answers):
        text = f"q{number}"
        measured.send(text)
        await measured.wait_for(text, since=max(0, len(measured.text) - 200))
        mark = len(measured.text)
        started = time.monotonic()
        measured.send("\r")
        await measured.wait_for(f"“{text}”", since=mark)
        latencies.append(time.monotonic() - started)
        await asyncio.sleep(pause)
    return latencies


class Served:
    """One class served by one ``gdtutor serve`` per entry of ``stores`` (None: SQLite), the clients spread
    over the servers (learner ``i`` on server ``i % len(stores)``); its methods take the figures."""

    def __init__(
        self, app: str, count: int, folder: Path, keys: list[asyncssh.SSHKey], stores: tuple[str | None, ...]
    ) -> None:
        self.app = app
        self.count = count
        self.class_dir = folder / "class"
        self.servers = [start_server(self.class_dir, app, count, store) for store in stores]
        self.clients = [Client(f"learner{index}", key) for index, key in enumerate(keys[:count])]
        self.pids: list[int] = []

    async def connect(self) -> dict[str, list[float]]:
        """Every client at once; each one's time to its first screen, and each session's CPU to it and 3 s
        later."""
        ready = APPS[self.app]["ready"]

        async def first_screen(client: Client, port: int) -> float:
            started = time.monotonic()
            await client.connect(port)
            await client.wait_for(ready, timeout=120)
            return time.monotonic() - started

        ports = [port for _, port in self.servers]
        firsts = await asyncio.gather(
            *(first_screen(client, ports[index % len(ports)]) for index, client in enumerate(self.clients))
        )
        self.pids = session_pids(self.class_dir)[-self.count :]
        start_cpu = [cpu_seconds(pid) for pid in self.pids]  # each session's own CPU to its first screen
        await asyncio.sleep(3)  # let start-up work (the tutor's lesson check) finish before measuring
        return {"first": firsts, "start_cpu": start_cpu, "settled_cpu": [cpu_seconds(p) for p in self.pids]}

    async def idle_cpu(self, seconds: float = 10) -> float:
        """CPU the sessions use over ``seconds`` without input, per session, as % of one core."""
        before = sum(cpu_seconds(pid) for pid in self.pids)
        await asyncio.sleep(seconds)
        return (sum(cpu_seconds(pid) for pid in self.pids) - before) / seconds / self.count * 100

    async def open_questions(self) -> None:
        if self.app == "tutor":
            await asyncio.gather(*(open_tutor_question(client) for client in self.clients))

    async def answer(
        self, answers: int, measured: int = 1, time_everyone: bool = False, first: int = 0
    ) -> list[float]:
        """The first ``measured`` learners each answer ``answers`` times every 0.3 s (numbered from
        ``first``) while the others answer every 1–3 s; the measured answers' latencies, and with
        ``time_everyone`` those of the others' answers meanwhile."""
        timed: list[float] | None = [] if time_everyone else None
        async with class_answering(self.clients[measured:], timed, first):
            found = await asyncio.gather(
                *(answer_latencies(client, answers, first) for client in self.clients[:measured])
            )
        return [latency for latencies in found for latency in latencies] + (timed or [])

    def memory(self) -> dict[str, float]:
        """The sessions' median USS and PSS and the (first) warm parent's PSS, in MB."""
        usage = [memory(pid) for pid in self.pids]
        return {
            "uss": statistics.median(u for u, _ in usage),
            "pss": statistics.median(p for _, p in usage),
            "parent_pss": memory(warm_parent_pid(self.servers[0][0]))[1],
        }

    def stop(self) -> None:
        for client in self.clients:
            client.close()
        for server, _ in self.servers:
            server.send_signal(signal.SIGTERM)
        for server, _ in self.servers:
            server.wait(60)


async def measure(
    app: str,
    count: int,
    answers: int,
    folder: Path,
    keys: list[asyncssh.SSHKey],
    stores: tuple[str | None, ...] = (None,),
) -> dict:
    """The figures of one class (see ``Served``): one learner's answers every 0.3 s, the others' every
    1–3 s."""
    served = Served(app, count, folder, keys, stores)
    try:
        found: dict = await served.connect()
        found["idle_cpu"] = await served.idle_cpu()
        await served.open_questions()
        found["answer"] = await served.answer(answers)
        found.update(served.memory())  # with a lesson open and answered (the tutor's plots drawn)
    finally:
        served.stop()
    return found


REPLY = re.compile("“q(\\d+)”".encode())  # the tutor quoting an answer of answer_latencies back
SEEN_POLL_SECONDS = 0.02  # how often the watch below looks at both screens: the resolution of its figure


def learner_row(name: str) -> re.Pattern[bytes]:
    """A learner's row of F2 Learners as it arrives on the teacher's screen, escapes removed; group 1 is
    their answer count (the column before "last", which reads like "3 s", "2 min" or "–")."""
    return re.compile(
        re.escape(name.encode()) + " +● connected .*? (\\d+) +(?:\\d+ (?:s|min|h|d)|–)".encode()
    )


async def shown_to_teacher(measured: Client, teacher: Client, stop: asyncio.Event) -> tuple[list[float], int]:
    """Until ``stop`` and then until every answer is accounted for (at most 30 s more): for each answer the
    measured learner gets a reply to, the seconds from that reply to the teacher's screen showing the
    learner's answer count up to it. (The delays, and how many answers never showed.)"""
    row = learner_row(measured.name)
    counts = [int(found) for found in row.findall(teacher.text)]
    while not counts:  # the dashboard's first screen with the learner's row
        await asyncio.sleep(SEEN_POLL_SECONDS)
        counts = [int(found) for found in row.findall(teacher.text)]
    before = shown = counts[-1]
    replies, teacher_mark = len(measured.text), len(teacher.text)
    acknowledged: dict[bytes, float] = {}  # each answer's first reply, by its number
    delays: list[float] = []
    give_up: float | None = None
    while give_up is None or (len(delays) < len(acknowledged) and time.monotonic() < give_up):
        await asyncio.sleep(SEEN_POLL_SECONDS)
        now = time.monotonic()
        for found in REPLY.finditer(measured.text, replies):
            acknowledged.setdefault(found.group(1), now)
            replies = found.end()
        for found in row.finditer(teacher.text, teacher_mark):
            shown, teacher_mark = max(shown, int(found.group(1))), found.end()
        times = list(acknowledged.values())
        delays += [now - moment for moment in times[len(delays) : shown - before]]
        if stop.is_set() and give_up is None:
            give_up = time.monotonic() + 30
    return delays, len(acknowledged) - len(delays)


async def measure_dashboard(count: int, answers: int, rounds: int, folder: Path) -> dict[str, list[float]]:
    """Rounds of answers with and without a teacher's dashboard open (see the module docstring)."""
    keys = make_class(folder, count)
    teacher = Client("teacher0", make_class(folder, 1, "teacher", "--teacher")[0])
    class_dir = folder / "class"
    server, port = start_server(class_dir, "tutor", count + 1)
    clients = [Client(f"learner{index}", key) for index, key in enumerate(keys)]
    ratios: dict[str, list[float]] = {"p50": [], "p95": []}
    blocks: dict[bool, list[list[float]]] = {True: [], False: []}
    dashboard_cpu: list[float] = []  # the dashboard process's CPU seconds per second, per block
    shown: list[float] = []  # seconds from an answer's acknowledgement to the teacher's screen showing it
    never_shown = 0
    try:
        for client in clients:  # one at a time: the connection storm is measured elsewhere
            await client.connect(port)
            await client.wait_for("Pick a lesson", timeout=120)
        await asyncio.gather(*(open_tutor_question(client) for client in clients))
        measured, others = clients[0], clients[1:]
        number = 0
        async with class_answering(others):
            await answer_latencies(measured, 5, first=10_000)  # warm-up
            for round_number in range(rounds):
                block: dict[bool, list[float]] = {}
                for watching in (False, True) if round_number % 2 == 0 else (True, False):
                    if watching:
                        teacher.text = bytearray()
                        await teacher.connect(port)
                        await teacher.wait_for("Needs help", timeout=120)
                        await asyncio.sleep(2)  # its first polls read every store once
                        dashboard = session_pids(class_dir, "teacher0")[-1]
                        cpu_before, started = cpu_seconds(dashboard), time.monotonic()
                        answered = asyncio.Event()
                        seen = asyncio.create_task(shown_to_teacher(measured, teacher, answered))
                    block[watching] = await answer_latencies(measured, answers, first=number)
                    number += answers
                    if watching:
                        answered.set()
                        delays, missing = await seen
                        shown += delays
                        never_shown += missing
                        dashboard_cpu.append(
                            (cpu_seconds(dashboard) - cpu_before) / (time.monotonic() - started)
                        )
                        teacher.close()
                        await asyncio.sleep(1)
                    blocks[watching].append(block[watching])
                for name, fraction in (("p50", 0.5), ("p95", 0.95)):
                    with_, without = percentile(block[True], fraction), percentile(block[False], fraction)
                    ratios[name].append(with_ / without)
                print(
                    f"  round {round_number + 1}: p50 {percentile(block[False], 0.5) * 1000:.0f} ms without,"
                    f" {percentile(block[True], 0.5) * 1000:.0f} ms with the dashboard",
                    flush=True,
                )
    finally:
        teacher.close()
        for client in clients:
            client.close()
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    everything = {watching: [t for block in found for t in block] for watching, found in blocks.items()}
    return {
        **ratios,
        "without": everything[False],
        "with": everything[True],
        "dashboard_cpu": dashboard_cpu,
        "shown": shown,
        "never_shown": [never_shown],
    }


def show_dashboard(count: int, found: dict[str, list[float]]) -> None:
    print(f"N = {count} learners answering, a teacher's dashboard open or not ({machine_load()})")
    cpu = " / ".join(f"{f(found['dashboard_cpu']) * 100:.1f}" for f in (min, statistics.median, max))
    print(f"  the dashboard's own CPU while open, % of one core, min / median / max per block: {cpu}")
    shown, missing = found["shown"], int(found["never_shown"][0])
    spread = " / ".join(
        f"{value * 1000:.0f}"
        for value in (min(shown), statistics.median(shown), percentile(shown, 0.95), max(shown))
    )
    print(
        f"  answer acknowledged -> on the teacher's screen, min / median / p95 / max: {spread} ms"
        f" over {len(shown)} answers, {missing} never shown   (target: p95 <= 2000 ms)"
    )
    for name, fraction in (("p50", 0.5), ("p95", 0.95)):
        without, with_ = percentile(found["without"], fraction), percentile(found["with"], fraction)
        spread = " / ".join(f"{f(found[name]):.2f}" for f in (min, statistics.median, max))
        print(
            f"  answer {name}: without {without * 1000:6.1f} ms   with {with_ * 1000:6.1f} ms"
            f"   ratio per round min / median / max {spread}"
        )
    sys.stdout.flush()


def show(count: int, results: dict[str, dict], names: tuple[str, str] = ("tutor", "echo")) -> None:
    """Each figure of ``names[0]`` beside ``names[1]``'s, and their ratio."""
    tutor, echo = results[names[0]], results[names[1]]
    a, b = (f"{name:>8}" for name in names)

    def line(what: str, key: str, fraction: float, unit: str = "ms", scale: float = 1000) -> None:
        t, e = percentile(tutor[key], fraction) * scale, percentile(echo[key], fraction) * scale
        print(f"  {what:<34} {a} {t:8.1f} {unit}   {b} {e:8.1f} {unit}   ratio {t / e:5.2f}")

    print(f"N = {count} ({machine_load()})")
    line("first screen p50", "first", 0.5)
    line("first screen p95 (target <= 1000)", "first", 0.95)
    line("session CPU to first screen, p50", "start_cpu", 0.5)
    line("session CPU 3 s after it, p50", "settled_cpu", 0.5)
    print(
        f"  {'private memory per session, USS':<34} {a} {tutor['uss']:8.1f} MB   {b} {echo['uss']:8.1f} MB"
        f"   ratio {tutor['uss'] / echo['uss']:5.2f}   (target <= 25 MB)"
    )
    for what, key, unit in (("PSS per session", "pss", "MB"), ("warm parent PSS", "parent_pss", "MB")):
        print(f"  {what:<34} {a} {tutor[key]:8.1f} {unit}   {b} {echo[key]:8.1f} {unit}")
    idle = f"{a} {tutor['idle_cpu']:8.2f} %    {b} {echo['idle_cpu']:8.2f} %"
    print(f"  {'idle CPU per session (% of a core)':<34} {idle}")
    line("answer p50", "answer", 0.5)
    line("answer p95 (target <= 100)", "answer", 0.95)
    for name in names:
        fastest, slowest = min(results[name]["answer"]) * 1000, max(results[name]["answer"]) * 1000
        print(
            f"  answer, {name}: min {fastest:.1f} / max {slowest:.1f} ms over {len(results[name]['answer'])}"
            " answers"
        )
    if names[0] == "tutor":
        print(f"  targets (set for N = 50), N = {count}: " + "; ".join(target_verdicts(tutor)))
    sys.stdout.flush()


def target_verdicts(found: dict) -> list[str]:
    """Issue 13's three targets, each with the figure measured and whether it is met."""
    checks = (
        ("first screen p95", percentile(found["first"], 0.95) * 1000, 1000, "ms"),
        ("USS per session", found["uss"], 25, "MB"),
        ("answer p95", percentile(found["answer"], 0.95) * 1000, 100, "ms"),
    )
    return [
        f"{what} {value:.0f} {unit} <= {limit} {unit}: {'met' if value <= limit else 'NOT met'}"
        for what, value, limit, unit in checks
    ]


async def compare_stores(count: int, answers: int, rounds: int, pairs: int) -> None:
    """``--postgres``: N learners on two servers sharing one PostgreSQL (N/2 each) against N on one server on
    SQLite, a fresh class and database each round; both classes served at once, answering in turn."""
    sys.path.insert(0, str(HERE.resolve().parent / "tests"))
    from pgcluster import APP, OWNER, start_cluster

    from gdtutor.progress.postgres import PostgresStore

    names = ("postgres", "sqlite")
    cluster = start_cluster(durable=True)
    database_pid = int((cluster.data / "postmaster.pid").read_text().split()[0])
    ratios: dict[str, list[float]] = {"p50": [], "p95": [], "cpu": []}
    try:
        for round_number in range(rounds):
            database = cluster.new_database()
            PostgresStore.open(cluster.url(database, OWNER), "setup").close()  # the schema, as its owner
            stores: dict[str, tuple[str | None, ...]] = {
                "postgres": (cluster.url(database, APP),) * 2,
                "sqlite": (None,),
            }
            with contextlib.ExitStack() as stack:
                served: dict[str, Served] = {}
                for name in names:
                    folder = Path(
                        stack.enter_context(tempfile.TemporaryDirectory(prefix="gdtutor-bench-server-"))
                    )
                    served[name] = Served("tutor", count, folder, make_class(folder, count), stores[name])
                    stack.callback(served[name].stop)
                results: dict[str, dict] = {}
                order = names if round_number % 2 else names[::-1]
                for name in order:  # one connection storm at a time
                    results[name] = await served[name].connect()
                idle = await asyncio.gather(*(served[name].idle_cpu() for name in names))
                for name, cpu in zip(names, idle, strict=True):
                    results[name].update(idle_cpu=cpu, answer=[])
                await asyncio.gather(*(served[name].open_questions() for name in names))
                for pair in range(pairs):
                    block: dict[str, list[float]] = {}
                    cpu: dict[str, float] = {}  # CPU seconds per answer of the servers, sessions and database
                    for name in order if pair % 2 == 0 else order[::-1]:
                        number = (2 * pair + len(block)) * 1000
                        roots = [server.pid for server, _ in served[name].servers]
                        before = cpu_by_process(process_tree(roots + [database_pid] * (name == "postgres")))
                        block[name] = await served[name].answer(
                            answers, measured=2, time_everyone=True, first=number
                        )
                        cpu[name] = cpu_since(before) / len(block[name])
                        results[name]["answer"] += block[name]
                    for ratio, fraction in (("p50", 0.5), ("p95", 0.95)):
                        found = [percentile(block[name], fraction) for name in names]
                        ratios[ratio].append(found[0] / found[1])
                    ratios["cpu"].append(cpu["postgres"] / cpu["sqlite"])
                    print(
                        f"  round {round_number + 1}, pair {pair + 1}: answer p95 postgres"
                        f" {percentile(block['postgres'], 0.95) * 1000:.1f} ms, sqlite"
                        f" {percentile(block['sqlite'], 0.95) * 1000:.1f} ms, ratio {ratios['p95'][-1]:.2f};"
                        f" CPU per answer postgres {cpu['postgres'] * 1000:.1f} ms,"
                        f" sqlite {cpu['sqlite'] * 1000:.1f} ms",
                        flush=True,
                    )
                for name in names:
                    results[name].update(served[name].memory())
            print(f"round {round_number + 1}: two servers on PostgreSQL against one on SQLite")
            show(count, results, names)
    finally:
        cluster.stop()
    print(
        f"N = {count}, {rounds} rounds × {pairs} pairs of blocks, PostgreSQL ÷ SQLite per pair"
        f" ({machine_load()}):"
    )
    for name in ("p50", "p95"):
        print(f"  answer {name} ratio per pair: {summary(ratios[name])}")
    print(f"  CPU per answer (servers, sessions, database) ratio per pair: {summary(ratios['cpu'])}")
    verdict = "met" if statistics.median(ratios["p95"]) <= 1.2 else "NOT met"
    print(f"  target, the median answer p95 ratio <= 1.2: {verdict}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--dashboard", action="store_true", help="the teacher's dashboard's cost instead")
    parser.add_argument("--rounds", type=int, default=6, help="rounds of --dashboard or --postgres")
    parser.add_argument("--postgres", action="store_true", help="two servers on PostgreSQL against SQLite")
    parser.add_argument("--pairs", type=int, default=2, help="pairs of answering blocks per --postgres round")
    args = parser.parse_args()
    compile_gdtutor()
    if args.postgres:
        for count in args.sizes:
            await compare_stores(count, args.answers, args.rounds, args.pairs)
        return
    if args.dashboard:
        for count in args.sizes:
            with tempfile.TemporaryDirectory(prefix="gdtutor-bench-server-") as temporary:
                found = await measure_dashboard(count, args.answers, args.rounds, Path(temporary))
            show_dashboard(count, found)
        return
    for round_number, count in enumerate(args.sizes):
        with tempfile.TemporaryDirectory(prefix="gdtutor-bench-server-") as temporary:
            folder = Path(temporary)
            keys = make_class(folder, count)
            order = ["tutor", "echo"] if round_number % 2 == 0 else ["echo", "tutor"]
            results = {app: await measure(app, count, args.answers, folder, keys) for app in order}
        show(count, results)


if __name__ == "__main__":
    asyncio.run(main())
