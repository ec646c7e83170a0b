"""``gdtutor class add NAME KEYFILE [--teacher]``: enrol one person's public key (a ``.pub`` file, or ``-``
for standard input). A second key for the same name is added beside the first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdtutor.classroom.folder import ClassFolder
from gdtutor.classroom.roster import load_roster, parse_key_lines, save_roster
from gdtutor.errors import GdtutorError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="the name the student types in ssh NAME@host")
    parser.add_argument("keyfile", help="their public key file (id_ed25519.pub), or - to read it from stdin")
    parser.add_argument("--teacher", action="store_true", help="a teacher: lands in the class dashboard")


def run(args: argparse.Namespace) -> int:
    folder = ClassFolder(Path(args.class_dir))
    keys = parse_key_lines(read_key_text(args.keyfile).splitlines(), Path(args.keyfile).name)
    roster = load_roster(folder.roster)
    role = "teacher" if args.teacher else "learner"
    for key in keys:
        roster = roster.with_person(args.name, key, role)
    save_roster(folder.roster, roster)
    person = roster.get(args.name.strip().casefold())
    assert person is not None
    print(f"enrolled {person.name} ({person.role}) with {len(person.keys)} key(s): {keys[0].fingerprint}")
    return 0


def read_key_text(source: str) -> str:
    if source == "-":
        return sys.stdin.read(1_000_000)
    try:
        with open(source, encoding="utf-8") as handle:
            return handle.read(1_000_000)
    except FileNotFoundError:
        raise GdtutorError(f"class add: no file named {source}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise GdtutorError(f"class add: {source} cannot be read ({error.__class__.__name__})") from None
