"""gdtutor serve under a class: N learners over SSH at once, the tutor beside a bare Textual echo app.

Run:  python benchmarks/bench_server.py [--sizes 10 25 50] [--answers 20]   (not part of the test run)
      python benchmarks/bench_server.py --dashboard [--sizes 50] [--answers 20] [--rounds 6]
      python benchmarks/bench_server.py --postgres [--sizes 50] [--answers 20] [--rounds 2]

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
tests/pgcluster.py), N/2 connecting to each, beside one server on SQLite with all N; each round a fresh class
and database, the order alternating. Target: answer p95 within 1.2× of SQLite's.

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
from pairs import compile_gdtutor, machine_load

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
        self.text = b""
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
        while wanted not in self.text[since:]:
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
async def class_answering(clients: list[Client]) -> AsyncIterator[None]:
    """While inside: each of ``clients`` sends an answer and Enter every 1–3 s."""
    stop = asyncio.Event()

    async def answer_now_and_then(client: Client, seed: int) -> None:
        chance = random.Random(seed)
        number = 0
        while not stop.is_set():
            await asyncio.sleep(chance.uniform(1, 3))
            number += 1
            client.send(f"x{seed}n{number}\r")

    background = [asyncio.create_task(answer_now_and_then(c, i)) for i, c in enumerate(clients)]
    try:
        yield
    finally:
        stop.set()
        await asyncio.gather(*background, return_exceptions=True)


async def answer_latencies(measured: Client, answers: int, first: int = 0) -> list[float]:
    """Enter-to-reply times of ``answers`` answers, each different (numbered from ``first``), 0.3 s apart."""
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
        await asyncio.sleep(0.3)
    return latencies


async def measure(
    app: str,
    count: int,
    answers: int,
    folder: Path,
    keys: list[asyncssh.SSHKey],
    stores: tuple[str | None, ...] = (None,),
) -> dict:
    """The figures of one server per entry of ``stores`` (None: SQLite), the clients spread over them."""
    class_dir = folder / "class"
    servers = [start_server(class_dir, app, count, store) for store in stores]
    clients = [Client(f"learner{index}", key) for index, key in enumerate(keys[:count])]
    ready = APPS[app]["ready"]
    try:

        async def first_screen(client: Client, port: int) -> float:
            started = time.monotonic()
            await client.connect(port)
            await client.wait_for(ready, timeout=120)
            return time.monotonic() - started

        ports = [port for _, port in servers]
        firsts = await asyncio.gather(
            *(first_screen(client, ports[index % len(ports)]) for index, client in enumerate(clients))
        )

        pids = session_pids(class_dir)[-count:]
        start_cpu = [cpu_seconds(pid) for pid in pids]  # each session's own CPU to its first screen
        await asyncio.sleep(3)  # let start-up work (the tutor's lesson check) finish before measuring
        settled_cpu = [cpu_seconds(pid) for pid in pids]
        before = sum(settled_cpu)
        await asyncio.sleep(10)
        idle_cpu = (sum(cpu_seconds(pid) for pid in pids) - before) / 10 / count * 100

        if app == "tutor":
            await asyncio.gather(*(open_tutor_question(client) for client in clients))
        measured, others = clients[0], clients[1:]
        async with class_answering(others):
            latencies = await answer_latencies(measured, answers)
        usage = [memory(pid) for pid in pids]  # with a lesson open and answered (the tutor's plots drawn)
        parent_pss = memory(warm_parent_pid(servers[0][0]))[1]
    finally:
        for client in clients:
            client.close()
        for server, _ in servers:
            server.send_signal(signal.SIGTERM)
        for server, _ in servers:
            server.wait(60)
    return {
        "first": firsts,
        "uss": statistics.median(u for u, _ in usage),
        "pss": statistics.median(p for _, p in usage),
        "parent_pss": parent_pss,
        "idle_cpu": idle_cpu,
        "start_cpu": start_cpu,
        "settled_cpu": settled_cpu,
        "answer": latencies,
    }


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
                        teacher.text = b""
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
    fastest, slowest = min(tutor["answer"]) * 1000, max(tutor["answer"]) * 1000
    print(
        f"  answer, {names[0]}: min {fastest:.1f} / max {slowest:.1f} ms over {len(tutor['answer'])} answers"
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


async def compare_stores(count: int, answers: int, rounds: int) -> None:
    """``--postgres``: N learners on two servers sharing one PostgreSQL (N/2 each) against one server on
    SQLite, a fresh class and database each time, the order alternating; the figures of each round."""
    sys.path.insert(0, str(HERE.resolve().parent / "tests"))
    from pgcluster import APP, OWNER, start_cluster

    from gdtutor.progress.postgres import PostgresStore

    cluster = start_cluster(durable=True)
    try:
        for round_number in range(rounds):
            order = ["sqlite", "postgres"] if round_number % 2 == 0 else ["postgres", "sqlite"]
            results = {}
            for store in order:
                stores: tuple[str | None, ...] = (None,)
                if store == "postgres":
                    database = cluster.new_database()
                    PostgresStore.open(
                        cluster.url(database, OWNER), "setup"
                    ).close()  # the schema, as its owner
                    stores = (cluster.url(database, APP),) * 2
                with tempfile.TemporaryDirectory(prefix="gdtutor-bench-server-") as temporary:
                    keys = make_class(Path(temporary), count)
                    results[store] = await measure("tutor", count, answers, Path(temporary), keys, stores)
            print(f"round {round_number + 1}: two servers on PostgreSQL against one on SQLite")
            show(count, results, ("postgres", "sqlite"))
    finally:
        cluster.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--dashboard", action="store_true", help="the teacher's dashboard's cost instead")
    parser.add_argument("--rounds", type=int, default=6, help="rounds of --dashboard or --postgres")
    parser.add_argument("--postgres", action="store_true", help="two servers on PostgreSQL against SQLite")
    args = parser.parse_args()
    compile_gdtutor()
    if args.postgres:
        for count in args.sizes:
            await compare_stores(count, args.answers, args.rounds)
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
