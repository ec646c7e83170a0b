"""Keystroke to feedback in the lesson screen, headless: the work from Enter to verdict and plot drawn.

Samples are Enters in the built-in lesson's iterate table (a mistaken answer, then the right one, cell by
cell), at 120×40. Two measurements:
- work: what the app computes for one Enter, timed in one go: the handler (the engine's check, the feedback
  and step redrawn), the next frame's layout and render of what changed, and, when the plot's data changed,
  the plot drawn at its size (the app does that in a worker thread, so typing never waits for it).
  Target: median at most 16 ms.
- wall: Enter pressed through the Pilot until the app is idle and the plot worker done, against the same
  for a bare Textual app whose Enter copies an Input into a Static (Pilot and event-loop overhead included).

    python benchmarks/bench_feedback.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time

LESSON = "descent-on-theta-squared"
TABLE_STEP = "ten-iterations"


async def bare_textual(samples: int) -> list[float]:
    from textual.app import App
    from textual.widgets import Input, Static

    class Echo(App[None]):
        def compose(self):
            yield Input(id="answer")
            yield Static(id="echo")

        def on_input_submitted(self, event: Input.Submitted) -> None:
            self.query_one("#echo", Static).update(event.value)

    times = []
    app = Echo()
    async with app.run_test(size=(80, 24)) as pilot:
        for index in range(samples):
            app.query_one(Input).value = str(index)
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            times.append(time.perf_counter() - started)
    return times


async def open_table(app, pilot):
    """Open the lesson from the start (progress reset) and skip to its iterate table."""
    from gdtutor.tui.screens.lesson import LessonScreen

    if isinstance(app.screen, LessonScreen):
        app.pop_screen()
    app.course.reset(LESSON)
    app.open_lesson(LESSON)
    await pilot.pause()
    screen = app.screen
    while screen.tutor.view().step_id != TABLE_STEP:
        screen.tutor.skip()
    screen.show_step(screen.tutor.view())
    await pilot.pause()
    await app.workers.wait_for_complete()
    return screen


def table_answers(tutor):
    """A mistaken answer and then the right one, cell by cell, until the table is complete."""
    while tutor.view().step_id == TABLE_STEP and not tutor.view().complete:
        question = tutor.question()
        yield from [*[text for _, text in question.mistaken_answers()][:1], question.answer()]


async def lesson_screen() -> tuple[list[float], list[float], list[float], list[float]]:
    from textual.widgets import Input

    from gdtutor.lessons.catalog import lesson_paths
    from gdtutor.paths import builtin_lessons_dir
    from gdtutor.progress.store import ProgressStore
    from gdtutor.tui.app import GdtutorApp
    from gdtutor.tui.course import Course
    from gdtutor.tui.widgets.plot import PlotView, draw_plot

    course = Course(lesson_paths([builtin_lessons_dir()], standard=False), ProgressStore.open)
    app = GdtutorApp(course)
    work, wall, checks, draws = [], [], [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = await open_table(app, pilot)
        tutor = screen.tutor
        # The parts on their own: the engine's check, and one plot drawn from scratch.
        for _ in range(20):
            started = time.perf_counter()
            tutor.question().check("0.5")
            checks.append(time.perf_counter() - started)
            started = time.perf_counter()
            draw_plot(tutor.plots()[0], 58, 36)
            draws.append(time.perf_counter() - started)
        for answer in table_answers(tutor):
            plots_before = tutor.plots()
            started = time.perf_counter()
            screen.apply(tutor.submit(answer))  # what Enter in the answer box runs
            compositor = screen._compositor  # the frame Textual draws next: layout, then render
            compositor.reflow(screen, screen.size)
            compositor.render_strips()
            elapsed = time.perf_counter() - started
            if tutor.plots() != plots_before:  # compared outside the timing: the app does not do this
                started = time.perf_counter()
                for plot in screen.query(PlotView):
                    if plot.display:
                        draw_plot(plot.spec, plot.size.width, plot.size.height)
                elapsed += time.perf_counter() - started
            work.append(elapsed)
            await pilot.pause()
            await app.workers.wait_for_complete()
        screen = await open_table(app, pilot)
        for answer in table_answers(screen.tutor):
            screen.query_one("#answer", Input).value = answer
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            wall.append(time.perf_counter() - started)
    course.close()
    return work, wall, checks, draws


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["GDTUTOR_DATA_DIR"] = data_dir
        os.environ["GDTUTOR_LEARNER"] = "bench"
        work, wall, checks, draws = asyncio.run(lesson_screen())
        bare = asyncio.run(bare_textual(len(wall)))
    work_ms = statistics.median(work) * 1000
    wall_ms, bare_ms = statistics.median(wall) * 1000, statistics.median(bare) * 1000
    print(
        f"work per Enter (check + feedback + frame + plot): median {work_ms:.1f} ms, "
        f"max {max(work) * 1000:.1f} ms ({len(work)} samples); target <= 16 ms"
    )
    print(
        f"  of which the engine's check alone: median {statistics.median(checks) * 1000:.2f} ms; "
        f"one plot drawn from scratch (58x36): median {statistics.median(draws) * 1000:.2f} ms"
    )
    print(
        f"wall through the Pilot: gdtutor median {wall_ms:.1f} ms, bare Textual app median {bare_ms:.1f} ms, "
        f"ratio {wall_ms / bare_ms:.2f}"
    )


if __name__ == "__main__":
    main()
