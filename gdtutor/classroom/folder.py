"""The class folder: everything `gdtutor serve` and the teacher's commands share, in one place.

```
CLASS/
  host_key          the server's SSH host key (0600), made on first start
  roster.yaml       enrolled learners and teachers with their public keys
  learners/         one progress store per learner (the data folder every learner's session runs with)
  archive/          what `gdtutor class forget` moved aside; nothing is deleted
  live/             one marker per session running now (gdtutor.classroom.live_sessions)
  server.log        one line per connection: time, learner, address, duration, exit (never answers)
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ClassFolder:
    root: Path

    @property
    def host_key(self) -> Path:
        return self.root / "host_key"

    @property
    def roster(self) -> Path:
        return self.root / "roster.yaml"

    @property
    def learners(self) -> Path:
        """The data folder of every learner's session: stores are ``learners/<file_stem>.sqlite3``."""
        return self.root / "learners"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def live(self) -> Path:
        return self.root / "live"

    @property
    def log(self) -> Path:
        return self.root / "server.log"
