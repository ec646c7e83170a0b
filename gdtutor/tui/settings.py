"""The app's own small settings (the theme), kept as JSON in the learner's data folder.

A missing, unreadable or malformed file means the defaults: a broken settings file must never stop
a lesson, and the next save replaces it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from gdtutor.paths import user_data_dir, write_private_file

SETTINGS_FILE = "tui-settings.json"


@dataclass
class Settings:
    theme: str | None = None


def settings_path() -> Path:
    return user_data_dir() / SETTINGS_FILE


def load_settings() -> Settings:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    theme = data.get("theme") if isinstance(data, dict) else None
    return Settings(theme=theme if isinstance(theme, str) else None)


def save_settings(settings: Settings) -> None:
    """Write the settings atomically and 0600 (a crash mid-write leaves the old file intact)."""
    write_private_file(settings_path(), json.dumps(asdict(settings), indent=2))
