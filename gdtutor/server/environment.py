"""A session's environment, built from nothing: the client may set only a few harmless variables.

An SSH client can send any variable (``SetEnv``/``SendEnv``); on a login server that is how LD_PRELOAD or
PYTHONPATH would run someone's code. Here a session gets TERM (from its PTY request), COLORTERM, LANG,
LC_* and NO_COLOR from the client, each checked, and the rest from the server: the learner's name and data
folder, and a PATH without anything the learner could have written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

ALLOWED_NAMES = ("TERM", "COLORTERM", "LANG", "NO_COLOR")
_LOCALE_NAME = re.compile(r"LC_[A-Z]{1,20}")
_TERM_VALUE = re.compile(r"[A-Za-z0-9._+-]{1,64}")
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9._@+=:-]{0,64}")
DEFAULT_TERM = "xterm-256color"
SAFE_PATH = "/usr/local/bin:/usr/bin:/bin"


def allowed(name: str) -> bool:
    return name in ALLOWED_NAMES or bool(_LOCALE_NAME.fullmatch(name))


def client_variables(sent: Mapping[str, str], term_type: str | None) -> tuple[dict[str, str], list[str]]:
    """The variables kept from what the client sent, and the names ignored (for the connection log)."""
    kept: dict[str, str] = {}
    ignored: list[str] = []
    for name, value in sent.items():
        if allowed(name) and name != "TERM" and _PLAIN_VALUE.fullmatch(value):
            kept[name] = value
        else:
            ignored.append(name)
    if term_type and _TERM_VALUE.fullmatch(term_type):
        kept["TERM"] = term_type
    else:
        kept["TERM"] = "dumb" if term_type is None else DEFAULT_TERM
    return kept, sorted(ignored)


def session_environment(
    client: Mapping[str, str], learner: str, data_dir: str, store: str | None = None
) -> dict[str, str]:
    """The whole environment of a session's process; ``store`` is the server's PostgreSQL store, if any."""
    environment = {
        "PATH": SAFE_PATH,
        "HOME": data_dir,
        "LANG": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "GDTUTOR_DATA_DIR": data_dir,
        "GDTUTOR_LEARNER": learner,
    }
    if store is not None:
        environment["GDTUTOR_STORE"] = store
    environment.update(client)
    return environment
