"""Lessons at the limits of gdtutor/limits.py: what each command costs in wall time and peak memory.

The goal: no lesson file under the limits makes any command take more than 5 s or 500 MB. This
builds lessons at the limits (the fixtures in tests/fixtures/lessons/at-limits, and a lesson of nearly
LESSON_BYTES of prose full of Markdown markers) and runs each command on each of them as a child process
under /usr/bin/time, interleaved with a baseline run of ``gdtutor lessons`` on the shipped course. It prints
per command and lesson the median wall time and the peak RSS, min/median/max of the wall-time ratios to the
baseline, and whether the 5 s / 500 MB goal held.

    python benchmarks/bench_limits.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pairs import compile_gdtutor, machine_load, summary

from gdtutor import limits

ROOT = Path(__file__).resolve().parents[1]
AT_LIMITS = ROOT / "tests/fixtures/lessons/at-limits"
SECONDS, MEGABYTES = 5.0, 500.0


def big_prose_lesson(folder: Path) -> str:
    """A lesson just under LESSON_BYTES: read steps of long prompts mixing every Markdown marker."""
    chunk = "Some **bold** and _it_ text, `code`, [a link](https://e.org) and $\\theta_1^2$; _*[![ **a "
    prompt = (chunk * (limits.TEXT_CHARS // len(chunk)))[: limits.TEXT_CHARS - 100]
    head = "id: at-limit-bytes\ntitle: As large as a lesson may be\nproblem:\n  objective: theta^2\n"
    head += "  start: {theta: 3}\nsteps:\n"
    steps, index = [], 0
    while len(head) + sum(map(len, steps)) + len(prompt) + 200 < limits.LESSON_BYTES:
        steps.append(f"  - id: read-{index}\n    kind: read\n    prompt: {prompt!r}\n")
        index += 1
    (folder / "at-limit-bytes.yaml").write_text(head + "".join(steps), encoding="utf-8")
    return "at-limit-bytes"


def timed_run(argv: list[str], stdin: str, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one child process, from /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", report.name, *argv],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        wall, kilobytes = Path(report.name).read_text().split()[-2:]
    return float(wall), int(kilobytes) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    compile_gdtutor()
    gdtutor = [sys.executable, "-m", "gdtutor"]
    print(machine_load())
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "lessons"
        shutil.copytree(AT_LIMITS, folder)
        lessons = {path.stem: path for path in sorted(folder.glob("*.yaml"))}
        big = big_prose_lesson(folder)
        lessons[big] = folder / f"{big}.yaml"
        print(f"{big}.yaml: {lessons[big].stat().st_size:,} bytes (limit {limits.LESSON_BYTES:,})\n")
        env = {**os.environ, "GDTUTOR_DATA_DIR": str(Path(scratch) / "data"), "GDTUTOR_LEARNER": "bench"}
        baseline = ([*gdtutor, "lessons"], "")
        ids = {stem: _lesson_id(path) for stem, path in lessons.items()}
        cases = [("lessons", [*gdtutor, "lessons", "--lessons", str(folder)], "")]
        cases += [("progress", [*gdtutor, "progress", "--lessons", str(folder)], "")]
        for stem, path in lessons.items():
            cases.append((f"validate {stem}", [*gdtutor, "validate", str(path)], ""))
            script = "solution\n\n" * 150 + "quit\n"
            cases.append(
                (f"--plain {stem}", [*gdtutor, "--plain", "--lessons", str(folder), ids[stem]], script)
            )
        failures = []
        for name, argv, stdin in cases:
            base_times, times, memories = [], [], []
            for round_number in range(args.rounds):
                order = [(baseline, base_times, None), ((argv, stdin), times, memories)]
                for (command, text), walls, peaks in order if round_number % 2 == 0 else order[::-1]:
                    wall, peak = timed_run(command, text, env)
                    walls.append(wall)
                    if peaks is not None:
                        peaks.append(peak)
            ratios = [subject / max(base, 1e-3) for base, subject in zip(base_times, times, strict=True)]
            held = max(times) <= SECONDS and max(memories) <= MEGABYTES
            if not held:
                failures.append(name)
            verdict = "held" if held else "NOT held"
            print(name)
            print(
                f"  wall median {statistics.median(times):.2f} s (max {max(times):.2f}), "
                f"peak RSS max {max(memories):.0f} MB; "
                f"baseline `gdtutor lessons` median {statistics.median(base_times):.2f} s"
            )
            print(f"  subject/baseline per pair: {summary(ratios)}  goal 5 s and 500 MB: {verdict}")
        print(
            f"\n{len(cases) - len(failures)} of {len(cases)} held the goal"
            + (f"; not: {', '.join(failures)}" if failures else "")
        )


def _lesson_id(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("id: "):
            return line[4:].strip()
    raise ValueError(f"{path} has no id line")


if __name__ == "__main__":
    main()
