"""Start to first screen of ``gdtutor`` in a real terminal, as a ratio to a bare Textual app.

Both programs start the same way in the same run: in a detached 80×24 tmux session, polling the pane
every 5 ms until their first screen shows ("Pick a lesson"). The bare app has a Header, a Markdown page,
an Input and a Footer. Rounds alternate between the two so that machine load hits both alike.
Target: median ratio at most 1.0.

    python benchmarks/bench_startup.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from tmux_session import TmuxSession, base_env

MARKER = "Pick a lesson"
BARE_APP = f'''
from textual.app import App
from textual.widgets import Footer, Header, Input, Markdown

PAGE = """# Lessons

{MARKER}. Your progress is kept as you go.

```python
theta = theta - alpha * gradient
```
"""


class Bare(App):
    def compose(self):
        yield Header()
        yield Markdown(PAGE)
        yield Input(placeholder="answer")
        yield Footer()


Bare().run()
'''


def gdtutor_command() -> list[str]:
    beside_python = Path(sys.executable).with_name("gdtutor")
    found = shutil.which("gdtutor") or (str(beside_python) if beside_python.exists() else None)
    if found is None:
        raise SystemExit("gdtutor is not installed in this environment")
    return [found]


def time_to_first_screen(command: list[str], data_dir: Path) -> float:
    with TmuxSession(command, base_env(data_dir)) as session:
        started = session.start()
        seen = session.wait_for(MARKER)
        session.send("C-q")
    return seen - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        bare_script = work / "bare_app.py"
        bare_script.write_text(BARE_APP)
        data_dir = work / "data"
        bare, ours = [], []
        time_to_first_screen(gdtutor_command(), data_dir)  # warm caches, create the store
        time_to_first_screen([sys.executable, str(bare_script)], data_dir)
        for _ in range(rounds):
            bare.append(time_to_first_screen([sys.executable, str(bare_script)], data_dir))
            ours.append(time_to_first_screen(gdtutor_command(), data_dir))
    bare_median, ours_median = statistics.median(bare), statistics.median(ours)
    print(f"bare Textual app (Header, Markdown, Input, Footer): median {bare_median * 1000:.0f} ms")
    print(f"gdtutor picker:                                     median {ours_median * 1000:.0f} ms")
    print(f"ratio gdtutor / bare: {ours_median / bare_median:.2f} (target <= 1.00), {rounds} rounds each")


if __name__ == "__main__":
    main()
