"""The plain front-end as a learner's script would use it: a subprocess with answers piped in."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

from gdtutor.checking import Verdict
from gdtutor.engine.events import Feedback
from gdtutor.engine.plots import PlotSpec, series
from gdtutor.plain.asciiplot import draw
from gdtutor.plain.render import event_lines, prose_lines
from gdtutor.plain.text import clean_line, to_ascii

ROOT = Path(__file__).resolve().parents[3]

# The empty last line: after the explore step's prediction the tutor stays on the run until Enter.
LESSON_2_ANSWERS = """\

2*theta
6
0.6
3.6
2.4
0.48
1.92
hint
0.384
solution
plot
skip
0.322
2
converges

"""


def plain(*args, stdin="", cwd=ROOT, encoding="utf-8"):
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", "--plain", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding=encoding,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_a_whole_lesson_with_piped_answers():
    result = plain("descent-on-theta-squared", stdin=LESSON_2_ANSWERS)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Lesson: Gradient descent on J(θ) = θ²\n")
    assert "J(θ) = θ². Its graph is a bowl" in out  # math as Unicode
    assert "Not quite: you added the step instead of subtracting it." in out
    assert "Hint 1 of 2: The step in a row is 0.1 · 2θ = 0.2 θ for that row's θ." in out
    assert "Solution: Row 3, θ: θ := 1.536 − 0.1 · 2·1.536 = 1.2288" not in out  # the solution is for row 2
    assert "Solution: Row 3, θ: θ := 1.92 − 0.1 · 2·1.92 = 1.536" in out
    assert (
        "Plot: Descent went from θ = 3.0 to θ = 1.92 in 2 iterations; each step about 0.8 of the one before."
        in out
    )
    assert ". J(θ)   o solver   * you" in out  # the ASCII plot's legend
    assert "Yes. The step is α times the slope" in out
    assert "Plot: J fell from 9.0 to 0.1 in 10 iterations; each drop about 0.64 of the one before." in out
    assert out.rstrip().endswith(
        "Lesson finished: 7 of 8 questions solved, 0 with the solution shown, 1 skipped."
    )


def test_end_of_input_ends_cleanly_and_progress_resumes():
    first = plain("descent-on-theta-squared", stdin="\n2*theta\n")
    assert first.returncode == 0
    assert first.stdout.rstrip().endswith("End of input: stopping here. Your progress is kept.")
    second = plain("descent-on-theta-squared", stdin="")
    assert second.returncode == 0
    assert "Step 3 of 9\n" in second.stdout
    assert "Step 1 of 9" not in second.stdout
    assert "first-gradient" not in second.stdout  # the step's id is the author's, never shown to the learner


def test_quit_and_back():
    result = plain("descent", stdin="\nback\nquit\n6\n")
    assert result.returncode == 0
    assert result.stdout.count("Step 1 of 9\n") == 2
    assert result.stdout.rstrip().endswith("Stopping here. Your progress is kept.")


def test_without_a_lesson_it_lists_them_and_asks():
    listing = plain(stdin="")
    assert listing.returncode == 0
    line = next(line for line in listing.stdout.splitlines() if "descent-on-theta-squared:" in line)
    number = line.split(")")[0].strip()
    assert line == f"  {number}) descent-on-theta-squared: Gradient descent on J(θ) = θ²"
    result = plain(stdin=f"no-such\n{number}\n\n")
    assert result.returncode == 0
    assert 'no lesson "no-such"' in result.stdout
    assert "Step 2 of 9\n" in result.stdout


def test_end_of_input_at_the_lesson_menu_ends_the_line_and_says_so():
    result = plain(stdin="")
    assert result.returncode == 0
    assert result.stdout.endswith("> \nEnd of input: no lesson opened.\n")


def test_a_broken_lesson_is_listed_and_refused_with_a_command_that_shows_why(tmp_path):
    folder = tmp_path / "my lessons"
    folder.mkdir()
    for name in ("syntax-error.yaml", "negative-alpha.yaml"):
        (folder / name).write_bytes((ROOT / "tests" / "fixtures" / "lessons" / name).read_bytes())
    result = plain("--lessons", str(folder), stdin="broken\nnegative\n")
    assert "broken: A lesson with a YAML syntax error" in result.stdout
    refusals = [line for line in result.stdout.splitlines() if "cannot be opened" in line]
    assert [line.split('"')[1] for line in refusals] == ["broken", "negative"]
    expected = {
        "syntax-error.yaml": ":6:6: YAML syntax error",
        "negative-alpha.yaml": ":6:10: problem.alpha must be a positive",
    }
    for refusal, (name, problem) in zip(refusals, expected.items(), strict=True):
        assert refusal.endswith(")") and "1 problem in its file (see gdtutor validate " in refusal
        command = shlex.split(refusal.removesuffix(")").partition("(see ")[2])
        shown = subprocess.run(
            [sys.executable, "-m", "gdtutor", *command[1:]], capture_output=True, text=True, cwd=ROOT
        )
        assert shown.returncode == 1  # validate found the problem
        assert f"{folder / name}{problem}" in shown.stdout + shown.stderr
    named = plain("--lessons", str(folder), "broken")
    assert named.returncode == 2
    assert named.stderr.startswith('gdtutor: lesson "broken" cannot be opened')
    assert len(named.stderr.strip().splitlines()) == 1


def test_files_the_menu_cannot_list_are_named_in_one_hint(tmp_path):
    folder = tmp_path / "my lessons"
    folder.mkdir()
    (folder / "headless.yaml").write_text("problem:\n  objective: theta^2\n", encoding="utf-8")
    shipped = ROOT / "lessons" / "02-descent-on-theta-squared.yaml"
    (folder / "again.yaml").write_bytes(shipped.read_bytes())
    result = plain("--lessons", str(folder), stdin="")
    assert result.returncode == 0
    assert result.stdout.count("descent-on-theta-squared:") == 1
    hint = result.stderr.strip().splitlines()[-1]
    assert hint.startswith("(") and " in lesson files were skipped; see gdtutor validate " in hint
    files = shlex.split(hint.removesuffix(")").partition("; see ")[2])[2:]
    assert sorted(Path(name).name for name in files) == ["again.yaml", "headless.yaml"]


def test_an_unknown_lesson_is_a_one_line_usage_error():
    result = plain("no-such-lesson")
    assert result.returncode == 2
    assert result.stderr.startswith('gdtutor: no lesson "no-such-lesson"')
    assert len(result.stderr.strip().splitlines()) == 1


def test_control_characters_never_reach_the_terminal(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "evil.yaml").write_text(
        # \x1b and \x07, not \e and \a: validate reports those as TeX an escape swallowed
        'id: evil\ntitle: "Evil \\x1b[2J\\x1b]0;owned\\x07 title"\n'
        "problem:\n  objective: theta^2\n  start: {theta: 3}\n"
        "steps:\n  - id: s\n    kind: number\n    ask: theta\n"
        '    prompt: "Answer \\x1b[31mred\\x1b[0m"\n',
        encoding="utf-8",
    )
    result = plain("evil", "--lessons", str(folder), stdin="\x1b[2J\x07 2.4\x1b[0m\n[bold]x[/bold]\n")
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "Evil \\x1b[2J\\x1b]0;owned\\x07 title" in result.stdout
    assert "\\x1b[31mred" in result.stdout


def test_a_formula_that_cannot_be_read_gets_a_caret_under_the_spot():
    verdict = Verdict("invalid", "'@' is not allowed (column 4)", explanation="2*t@ + \x1b\n   ^")
    lines = event_lines(Feedback(verdict))
    text_line, caret_line = lines[-2:]
    assert text_line == "2*t@ + \\x1b"
    assert caret_line.index("^") == text_line.index("@")


def test_lessons_command_lists_id_title_and_source(tmp_path):
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "x.yaml").write_text(
        "id: extra\ntitle: Extra\nproblem:\n  objective: theta^2\n  start: {theta: 1}\n"
        "steps:\n  - id: a\n    kind: read\n    prompt: Hi.\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "gdtutor", "lessons", "--lessons", str(folder)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0
    rows = [line.split("  ") for line in result.stdout.splitlines()]
    rows = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    assert ["descent-on-theta-squared", "Gradient descent on J(θ) = θ²", "built-in"] in rows
    assert ["extra", "Extra", f"--lessons {folder}"] in rows


def test_clean_text_shows_control_characters_as_escapes():
    assert clean_line("a\x1b[1mb\tc\nd") == "a\\x1b[1mb\\x09c\\x0ad"
    assert prose_lines("one\n\ttwo\x07") == ["one", "    two\\x07"]


def test_ascii_plot_draws_with_plain_characters():
    plot = PlotSpec(
        kind="cost",
        title="Cost",
        x_label="iteration",
        y_label="J",
        series=(series("solver", [0, 1, 2], [9, 5.76, 3.69]), series("you", [1], [5.76], "marked")),
        summary="",
    )
    lines = draw(plot, width=20, height=5)
    assert lines[0] == "Cost (J against iteration)"
    assert lines[1].startswith(" 9.0 |.")
    assert "*" in lines[3] or "*" in lines[2]
    assert lines[-1].endswith(". solver   * you")
    assert all(ch.isprintable() for line in lines for ch in line)


def test_an_ascii_terminal_gets_the_maths_spelled_out():
    result = plain("descent-on-theta-squared", stdin="\nskip\nskip\nskip\nsolution\n", encoding="ascii")
    assert result.returncode == 0
    assert result.stdout.isascii()
    assert "Lesson: Gradient descent on J(theta) = theta^2" in result.stdout
    assert "Solution: theta := 3 - 0.1 * 2*3 = 2.4" in result.stdout


def test_to_ascii_spells_out_the_notation():
    assert to_ascii("∂J/∂θ₀ = 1/m Σ (h − y)·x⁽ⁱ⁾") == "dJ/dtheta0 = 1/m sum (h - y)*x^(i)"
    assert to_ascii("d/dx uⁿ = n·uⁿ⁻¹") == "d/dx u^n = n*u^(n-1)"


def test_to_ascii_spells_out_accents_from_the_maths():
    assert to_ascii("ŷ and x\u0302 and x\u0304") == "y^ and x^ and x-bar"


def test_glossary_in_the_dialogue_explains_the_symbols_and_the_step_waits():
    result = plain("the-maths-you-need", stdin="\nglossary\n-2\n")
    assert result.returncode == 0, result.stderr
    after = result.stdout.partition("> Glossary")[2]
    assert "x⁽ⁱ⁾, y⁽ⁱ⁾: example number i" in after
    assert "∇: nabla, the gradient" in after
    assert "Correct" in after.partition("iteration: one update")[2]
