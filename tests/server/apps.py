"""Programs the server's tests serve instead of the tutor (``gdtutor serve --session-app apps:NAME``), to see
from inside a session what the tutor would be given."""

import json
import os


def show_environment(request) -> int:
    """Print the session's environment as JSON and end."""
    print(json.dumps(dict(os.environ), sort_keys=True), flush=True)
    return 0
