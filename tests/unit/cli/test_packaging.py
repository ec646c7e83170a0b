"""The wheel and the sdist carry the license, the metadata, the guides and the example data.

Both are built with hatchling, the project's build backend, from the repository as it is; the wheel is then
unpacked and `gdtutor where` run from it, to show that the guides it points to are really installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("dist")
    script = (
        "import sys\nfrom hatchling.build import build_sdist, build_wheel\n"
        "print(build_wheel(sys.argv[1]))\nprint(build_sdist(sys.argv[1]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(out)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    wheel, sdist = result.stdout.split()
    return out / wheel, out / sdist


def test_the_wheel_has_the_license_the_guides_and_the_examples(built):
    wheel, _ = built
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "gdtutor-0.1.0.dist-info/licenses/LICENSE" in names
    assert "gdtutor/docs/authoring.md" in names
    assert "gdtutor/examples/houses.csv" in names
    assert any(name.startswith("gdtutor/course/") for name in names)
    # the course's lessons name the schema beside them: "$schema=lesson.schema.json"
    assert "gdtutor/course/lesson.schema.json" in names


def test_the_wheel_metadata_names_authors_license_keywords_and_classifiers(built):
    wheel, _ = built
    with zipfile.ZipFile(wheel) as archive:
        metadata = HeaderParser().parsestr(archive.read("gdtutor-0.1.0.dist-info/METADATA").decode())
    assert metadata["License-Expression"] == "MIT"
    assert metadata["License-File"] == "LICENSE"
    assert "the gdtutor authors" in metadata["Author"]
    assert "gradient descent" in metadata["Keywords"]
    assert "Intended Audience :: Education" in metadata.get_all("Classifier")
    assert "platformdirs>=3.6" in metadata.get_all("Requires-Dist")


def test_the_sdist_has_the_license_the_guides_the_examples_and_the_tests(built):
    _, sdist = built
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    for path in ("LICENSE", "docs/authoring.md", "examples/houses.csv", "tests/conftest.py", ".ci/run"):
        assert f"gdtutor-0.1.0/{path}" in names


def run_installed(wheel: Path, tmp_path: Path, *args: str) -> str:
    """``gdtutor ARGS`` run from the wheel unpacked into tmp_path/site; its output."""
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    result = subprocess.run(
        [sys.executable, "-m", "gdtutor", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_where_run_from_the_installed_wheel_points_at_its_guides(built, tmp_path):
    wheel, _ = built
    output = run_installed(wheel, tmp_path, "where")
    rows = dict(line.split("  ", 1) for line in output.splitlines())
    guides = Path(rows["guides"].strip())
    assert guides == tmp_path / "site" / "gdtutor" / "docs"
    assert (guides / "authoring.md").is_file()
    assert Path(rows["example data"].strip()) == tmp_path / "site" / "gdtutor" / "examples"


def test_the_installed_course_names_the_schema_gdtutor_schema_path_prints(built, tmp_path):
    wheel, _ = built
    schema = Path(run_installed(wheel, tmp_path, "schema", "--path").strip())
    assert schema == tmp_path / "site" / "gdtutor" / "course" / "lesson.schema.json"
    for lesson in sorted(schema.parent.glob("*.yaml")):
        target = lesson.read_text(encoding="utf-8").splitlines()[0].split("$schema=", 1)[1]
        assert (lesson.parent / target).resolve() == schema.resolve(), lesson.name
