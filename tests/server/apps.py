"""Programs the server's tests serve instead of the tutor (``gdtutor serve --session-app apps:NAME``), to see
from inside a session what the tutor would be given."""

import json
import os
import resource


def show_environment(request) -> int:
    """Print the session's environment and its limits (memory, CPU) as JSON, and end."""
    limits = {
        "memory": resource.getrlimit(resource.RLIMIT_AS),
        "cpu": resource.getrlimit(resource.RLIMIT_CPU),
        "core": resource.getrlimit(resource.RLIMIT_CORE),
    }
    print(json.dumps({"environment": dict(os.environ), "limits": limits}, sort_keys=True), flush=True)
    return 0
