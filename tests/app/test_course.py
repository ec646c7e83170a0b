"""The course behind the picker: lessons named on the command line, missing folders, ids used twice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gdtutor.cli import main
from gdtutor.errors import GdtutorError


def test_a_lesson_is_named_by_id_or_a_unique_beginning(make_course):
    course = make_course()
    assert course.resolve("fixture-descent") == "fixture-descent"
    assert course.resolve("fixture-desc") == "fixture-descent"
    with pytest.raises(GdtutorError, match="fixture-brackets"):
        course.resolve("no-such-lesson")


def test_the_command_line_names_an_unknown_lesson_in_one_line(capsys):
    code = main(["no-such-lesson", "--lessons", str(Path(__file__).parent / "lessons")])
    assert code == 2
    error = capsys.readouterr().err
    assert error.startswith("gdtutor: no lesson") and error.count("\n") == 1


def test_a_missing_lessons_folder_is_a_one_line_error(capsys, tmp_path: Path):
    assert main(["--lessons", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == f"gdtutor: --lessons {tmp_path / 'nowhere'}: no such folder\n"


def test_a_lesson_id_used_twice_is_a_problem_and_the_first_one_stays(make_course, tmp_path: Path):
    copy = tmp_path / "again.yaml"
    copy.write_text((Path(__file__).parent / "lessons" / "descent.yaml").read_text(), encoding="utf-8")
    course = make_course(Path(__file__).parent / "lessons", tmp_path)
    course.check()
    duplicate = f'{copy}:1:5: lesson id "fixture-descent" is already defined in '
    assert any(problem.startswith(duplicate) for problem in course.known_problems())
    assert [entry.id for entry in course.entries()].count("fixture-descent") == 1


def test_a_preloaded_course_is_reused_until_a_file_changes(tmp_path: Path, monkeypatch):
    """The SSH server's warm parent loads the course once; a lesson edited since is read again."""
    import shutil

    from gdtutor.lessons.folders import lesson_paths
    from gdtutor.tui import course as course_module
    from gdtutor.tui.course import Course

    folder = tmp_path / "lessons"
    shutil.copytree(Path(__file__).parent / "lessons", folder)
    monkeypatch.setattr(course_module, "_preloaded", None)
    course_module.preload(lesson_paths([folder]))
    preloaded = course_module._preloaded[1]

    course = Course.open([folder])
    course.check()
    assert course._catalog is preloaded
    course.close()

    edited = sorted(folder.glob("*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    course = Course.open([folder])
    course.check()
    assert course._catalog is not preloaded
    assert [entry.id for entry in course._catalog.entries] == [entry.id for entry in preloaded.entries]
    course.close()


def test_an_unchanged_lesson_opens_on_its_kept_view_before_the_lesson_model_loads(isolated_data_dir: Path):
    """The first opening of a lesson checks it in full and keeps, beside it in the lesson cache, the view
    each step opens on; the next (a new process) draws its view from that before the lesson model, the
    expression engine or numpy load (nor the lesson index, which only the picker's progress reads), and its
    tutor, built after, draws the same view."""
    probe = (
        "import sys\n"
        "from gdtutor.tui.course import Course\n"
        "course = Course.open()\n"
        "opening = course.opening('descent-on-theta-squared')\n"
        "heavy = ('gdtutor.lessons.model', 'gdtutor.core.expr', 'gdtutor.lessons.index', 'numpy')\n"
        "print(opening.view is not None, sorted(name for name in heavy if name in sys.modules))\n"
        "print(opening.tutor().view() == opening.view)\n"
        "course.close()\n"
    )

    def run() -> list[str]:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        return done.stdout.splitlines()

    first, again = run(), run()
    assert first == ["True ['gdtutor.core.expr', 'gdtutor.lessons.model']", "True"]
    assert again == ["True []", "True"]
