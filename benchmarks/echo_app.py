"""The baseline bench_server.py serves beside the tutor: a bare Textual app with one input that echoes each
line entered (``gdtutor serve --session-app echo_app:run``, with this folder on PYTHONPATH)."""

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

READY = "Ready when you are"


class EchoApp(App):
    def compose(self) -> ComposeResult:
        yield Static(READY)
        yield Input(placeholder="type, then Enter")
        yield Static("", id="echo", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#echo", Static).update(f"“{event.value}” received")
        event.input.value = ""


def run(request) -> int:
    EchoApp().run()
    return 0
