"""The plain front-end and the lesson tools run without loading textual or plotext."""

import subprocess
import sys

MODULES = [
    "gdtutor.commands.plain",
    "gdtutor.commands.validate",
    "gdtutor.commands.lessons",
    "gdtutor.engine.selftest",
    "gdtutor.lessons.questions",
    "gdtutor.engine.figures",
]


def test_plain_tools_do_not_import_textual_or_plotext():
    code = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in MODULES)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'plotext', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
