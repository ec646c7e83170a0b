"""Enter to feedback in a real terminal: gdtutor's lesson screen beside a bare echo app of the same size.

Run:  python benchmarks/bench_feedback.py [--rounds 3] [--gdtutor PROGRAM]   (prints ratios, exits 0; not
part of the test run; --gdtutor times another tree's program, for a before/after)

Both programs run in detached 80×24 tmux sessions, side by side. Baseline: a bare Textual app whose
Enter copies an Input into a Static. Subject: `gdtutor descent-on-theta-squared`, answering the
lesson's questions (a derivative, values of θ and of the step; one answer is a mistake). For each
answer, typed first and then Enter sent, the script measures
  - wall: from Enter until the pane shows something new (the feedback, or the echo);
  - CPU: the process's CPU time (all its threads, from /proc/PID/task/*/schedstat) from just before
    Enter until the screen has not changed for SETTLE seconds, so a plot redrawn after the feedback is
    counted. Target: CPU per answer ≤ 2× the bare app's.
Each answer is typed a key at a time first, and the CPU of each key until the screen settles is taken too
(typing is most of what a class of learners does on a served tutor; the issue sets no target for it).

Three more programs are timed beside them, as a reference for what the target asks: a bare Textual app of the
lesson screen's shape (a header line; a scrolling column of a problem line, two paragraphs, a question,
an answer box and a feedback line; a plot's rows; a footer of keys) whose Enter changes what a step
change changes (the header's step, both paragraphs, the question, the feedback; the box emptied), and
does nothing else: no tutor, no store, no plot drawn. Its ratio to the echo app is Textual's own cost of
that frame; gdtutor's ratio to it is what gdtutor adds. The same app runs a second time drawing the least
any step change must: the step number (a repaint), the prompt and its question as one block, the box
emptied; the feedback stays as it is. A third time, it draws that least step with the prompt, an answer
line and the feedback as one hand-made widget that edits its own answer line (no Input): what a lesson
screen drawn by hand could cost at best.
The programs take turns answer by answer, the order rotating; ratios are per pair. The answers
start once gdtutor is idle: the check of every lesson, which starts 1.5 s after start-up in a thread, would
otherwise land in the first answers' CPU.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

import bench_startup
from bench_startup import gdtutor
from pairs import Pairs, compile_gdtutor, machine_load, report
from tmux_session import TmuxSession, base_env, cpu_seconds

LESSON = "descent-on-theta-squared"
ANSWERS = ("2*theta", "6", "0.6", "3.6", "2.4")  # right, right, right, a mistake, right
SETTLE = 0.3
KEY_SETTLE = 0.15  # a key changes the answer box alone: it is drawn within a frame or two
CHECK_STARTED = 2.5  # s after the lesson showed: the check of every lesson has started by then
ECHO_APP = """
from textual.app import App
from textual.widgets import Input, Static


class Echo(App):
    def compose(self):
        yield Static("Ready", id="echo")
        yield Input(id="answer")

    def on_input_submitted(self, event):
        self.query_one("#echo", Static).update("You said " + event.value)
        event.input.value = ""


Echo().run()
"""
LESSON_SHAPED_APP = """
import sys

from textual.app import App
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

PARAGRAPHS = [
    "Gradient descent picks a starting value and then repeats one move: it takes the slope of the cost "
    "where it stands, scales it by the learning rate, and steps against it.",
    "What is the slope at the start?",
    "The amount the parameter moves on an update is the learning rate times the slope. How big is it "
    "for the first update, from the starting value?",
    "Keep going. Each row starts from the value reached so far; fill in the step for that row, then the "
    "value of the next row. Give 3 decimals.",
    "What is the value after the first update?",
]
PLOT = "\\n".join("|" + " " * 60 + "*" for _ in range(10))
# "shaped": Enter changes what a step change changes. "least": only what no design can leave alone: the step
# number (a repaint, its line's height never changes), the prompt with its question as one block, the answer
# box emptied. "one": as "least", the step drawn as one hand-made widget that edits its own answer line.
MODE = sys.argv[1]


def prompt_of(step):
    paragraphs = [PARAGRAPHS[step % len(PARAGRAPHS)], PARAGRAPHS[(step + 2) % len(PARAGRAPHS)]]
    return "\\n".join([*paragraphs, f"→ question {step}"])


class OneWidgetStep(Widget, can_focus=True):
    DEFAULT_CSS = "OneWidgetStep { height: auto; }"
    prompt = prompt_of(0)
    value = ""
    feedback = ""

    def render(self):
        return Content(f"{self.prompt}\\n> {self.value}█\\n{self.feedback}")  # words, never markup

    def on_key(self, event):
        if event.key == "enter":
            event.stop()
            self.app.answer(self.value)
        elif event.key == "backspace":
            self.value = self.value[:-1]
            self.refresh()
        elif event.is_printable and event.character:
            self.value += event.character
            self.refresh()


class LessonShaped(App):
    CSS = "#work { height: 1fr; } #plot { height: 10; }"
    AUTO_FOCUS = "#step" if MODE == "one" else "#answer"
    BINDINGS = [
        Binding("f1", "bell", "Help"),
        Binding("f2", "bell", "Hint"),
        Binding("f3", "bell", "Solve"),
        Binding("f4", "bell", "Plot"),
        Binding("f5", "bell", "Back"),
        Binding("f6", "bell", "Skip"),
        Binding("escape", "bell", "Lessons"),
    ]
    step = 2

    def compose(self):
        yield Static("Descent on a bowl    step 2/9", id="header")
        with VerticalScroll(id="work", can_focus=False):
            yield Static("J(θ) = θ², θ = 3, α = 0.1", id="problem")
            if MODE == "one":
                yield OneWidgetStep(id="step")
            else:
                if MODE == "least":
                    yield Static(prompt_of(0), id="first")
                else:
                    yield Static(PARAGRAPHS[0], id="first")
                    yield Static(PARAGRAPHS[1], id="second")
                    yield Static("→ a derivative", id="question")
                yield Input(id="answer")
                yield Static("", id="feedback")
        yield Static(PLOT, id="plot")
        yield Footer()

    def on_input_submitted(self, event):
        self.answer(event.value)
        event.input.value = ""

    def answer(self, value):
        self.step += 1
        step = self.step
        # the step number's line never changes height: only the naive "shaped" asks for a layout with it
        title = f"Descent on a bowl    step {step}/9"
        self.query_one("#header", Static).update(title, layout=MODE == "shaped")
        if MODE == "one":
            widget = self.query_one(OneWidgetStep)
            widget.prompt, widget.value, widget.feedback = prompt_of(step), "", "Correct: " + value
            widget.refresh(layout=True)
        elif MODE == "least":
            self.query_one("#first", Static).update(prompt_of(step))
        else:
            self.query_one("#first", Static).update(PARAGRAPHS[step % len(PARAGRAPHS)])
            self.query_one("#second", Static).update(PARAGRAPHS[(step + 2) % len(PARAGRAPHS)])
            self.query_one("#question", Static).update(f"→ question {step}")
            self.query_one("#feedback", Static).update("Correct: " + value)


LessonShaped().run()
"""


def wait_until_idle(pid: int, quiet: float = 0.01, window: float = 0.5, timeout: float = 30.0) -> None:
    """Until the process uses less than ``quiet`` s of CPU in ``window`` s (at least one window)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        before = cpu_seconds(pid)
        time.sleep(window)
        if cpu_seconds(pid) - before < quiet:
            return


def settled(session: TmuxSession, screen: str, quiet: float) -> None:
    """Until the pane has not changed for ``quiet`` seconds (``screen``: what it showed last)."""
    last_change = time.perf_counter()
    while time.perf_counter() - last_change < quiet:
        time.sleep(0.01)
        current = session.screen()
        if current != screen:
            screen, last_change = current, time.perf_counter()


def type_keys(session: TmuxSession, pid: int, text: str) -> list[float]:
    """Type ``text`` a key at a time; the CPU of each key until the pane has shown it and settled."""
    cpus = []
    for key in text:
        before, cpu_before = session.screen(), cpu_seconds(pid)
        session.type(key)
        deadline = time.perf_counter() + 10
        while (screen := session.screen()) == before and time.perf_counter() < deadline:
            time.sleep(0.002)
        settled(session, screen, KEY_SETTLE)
        cpus.append(cpu_seconds(pid) - cpu_before)
    return cpus


Answered = tuple[float, float, list[float]]


def answer(session: TmuxSession, pid: int, text: str) -> Answered:
    """Type ``text`` a key at a time, press Enter; returns (wall to the first change, CPU until settled, the
    CPU of each key)."""
    keys = type_keys(session, pid, text)
    deadline = time.perf_counter() + 10
    while text not in session.screen() and time.perf_counter() < deadline:
        time.sleep(0.005)
    time.sleep(SETTLE)
    before = session.screen()
    cpu_before = cpu_seconds(pid)
    started = time.perf_counter()
    session.send("Enter")
    while (screen := session.screen()) == before:
        time.sleep(0.002)
    wall = time.perf_counter() - started
    settled(session, screen, SETTLE)
    return wall, cpu_seconds(pid) - cpu_before, keys


REFERENCES = ("shaped", "least", "one")  # LESSON_SHAPED_APP's modes
PROGRAMS = ("echo", *REFERENCES, "gdtutor")  # the order they start in; their turns rotate


def one_round(
    scripts: tuple[Path, Path], data_dir: Path, measured: dict[str, list[Answered]], round_number: int
) -> None:
    echo_script, shaped_script = scripts
    env = base_env(data_dir)
    commands = {
        "echo": [sys.executable, str(echo_script)],
        **{mode: [sys.executable, str(shaped_script), mode] for mode in REFERENCES},
        "gdtutor": [gdtutor(), LESSON],
    }
    with contextlib.ExitStack() as stack:
        sessions = {name: stack.enter_context(TmuxSession(commands[name], env)) for name in PROGRAMS}
        for session in sessions.values():
            session.start()
        sessions["echo"].wait_for("Ready", timeout=60)
        for name in REFERENCES:
            sessions[name].wait_for("step 2/", timeout=60)
        ours = sessions["gdtutor"]
        shown = ours.wait_for("step 1/", timeout=60)
        ours.send("Enter")  # past the first step, which is reading
        ours.wait_for("step 2/", timeout=30)
        pids = {name: session.program_pid() for name, session in sessions.items()}
        # The start-up's own work (the check of every lesson, started CHECK_UNDER_A_LESSON_SECONDS after the
        # lesson opens) is not an answer's: quiet is waited for once it has started. A gdtutor idle sooner
        # after step 2 would otherwise have that check (about 0.2 s of CPU) land on its first answer.
        time.sleep(max(0.0, shown + CHECK_STARTED - time.perf_counter()))
        for name in PROGRAMS:
            wait_until_idle(pids[name])
        for index, text in enumerate(ANSWERS):
            turn = (index + round_number) % len(PROGRAMS)
            for name in PROGRAMS[turn:] + PROGRAMS[:turn]:
                measured[name].append(answer(sessions[name], pids[name], text))
        for session in sessions.values():
            session.send("C-q")


def pairs(measured: dict[str, list[Answered]], baseline: str, subject: str, part: int) -> Pairs:
    """Answer by answer, ``part`` of ``subject``'s measure against ``baseline``'s (0 wall, 1 CPU)."""
    return Pairs(
        [answered[part] for answered in measured[baseline]],
        [answered[part] for answered in measured[subject]],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--gdtutor", help="the program to time (default: the installed gdtutor)")
    options = parser.parse_args()
    rounds = options.rounds
    bench_startup.OPTIONS.gdtutor = options.gdtutor
    print(machine_load())
    compile_gdtutor()
    measured: dict[str, list[Answered]] = {name: [] for name in PROGRAMS}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        scripts = (work / "echo_app.py", work / "lesson_shaped_app.py")
        for script, source in zip(scripts, (ECHO_APP, LESSON_SHAPED_APP), strict=True):
            script.write_text(source)
        for round_number in range(rounds):
            one_round(scripts, work / f"data-{round_number}", measured, round_number)
    echo = "bare echo app"
    report(
        "Enter to feedback visible (80×24, tmux), wall",
        f"{echo}, Enter to echo",
        pairs(measured, "echo", "gdtutor", 0),
    )
    report(
        "CPU per answer, until the screen settles", echo, pairs(measured, "echo", "gdtutor", 1), target=2.0
    )
    shaped = "lesson-shaped bare app"
    report(f"Reference: CPU per answer of the {shaped}", echo, pairs(measured, "echo", "shaped", 1))
    least = "the least a step change draws"
    report(f"Reference: the {shaped}, {least}", echo, pairs(measured, "echo", "least", 1))
    one = "drawn as one hand-made widget that edits its own answer line"
    report(f"Reference: the least a step change draws, {one}", echo, pairs(measured, "echo", "one", 1))
    report("CPU per answer, gdtutor against the reference", shaped, pairs(measured, "shaped", "gdtutor", 1))
    keys = Pairs(
        [key for answered in measured["echo"] for key in answered[2]],
        [key for answered in measured["gdtutor"] for key in answered[2]],
    )
    report("CPU per key typed, until the screen settles", echo, keys)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
