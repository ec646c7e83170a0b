"""``gdtutor class import FILE``: enrol everyone listed in FILE, one person per line::

    alice ssh-ed25519 AAAAC3Nza... alice@laptop
    bob   ssh-rsa AAAAB3Nza...
    # a line starting with # is a comment; a name may appear on several lines, one key each

(what a code-hosting site publishes at ``https://HOST/USER.keys``, with the name put in front). Nothing is
enrolled unless every line is good: the first problem is reported as ``FILE:LINE: message``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gdtutor.classroom.folder import ClassFolder
from gdtutor.classroom.roster import PublicKey, RosterError, load_roster, save_roster
from gdtutor.commands.class_add import read_key_text


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="lines of NAME followed by a public key")
    parser.add_argument("--teacher", action="store_true", help="enrol them all as teachers")


def run(args: argparse.Namespace) -> int:
    folder = ClassFolder(Path(args.class_dir))
    roster = load_roster(folder.roster)
    role = "teacher" if args.teacher else "learner"
    source = Path(args.file).name
    names: set[str] = set()
    for number, line in enumerate(read_key_text(args.file).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, key_text = line.strip().partition(" ")
        try:
            roster = roster.with_person(name, PublicKey.parse(key_text), role)
        except RosterError as error:
            raise RosterError(f"{source}:{number}: {error.message}") from None
        names.add(name.casefold())
    if not names:
        raise RosterError(f"{source}: no one in it (expected lines of NAME and a public key)")
    save_roster(folder.roster, roster)
    print(f"enrolled {len(names)} {'person' if len(names) == 1 else 'people'} from {source}")
    return 0
