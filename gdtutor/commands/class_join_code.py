"""``gdtutor class join-code [--close]``: open enrolment with a fresh code to read out in class, or close it.

While enrolment is open, a student with a key nobody has enrolled connects as ``ssh NAME@host`` with a free
name, types the code when asked, and is enrolled. Only a salted hash of the code is kept in the roster, so
the code is shown once, here; a new code replaces the old one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gdtutor.classroom.folder import ClassFolder
from gdtutor.classroom.roster import JoinCode, load_roster, new_join_code, save_roster


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--close", action="store_true", help="close enrolment: only enrolled keys get in")


def run(args: argparse.Namespace) -> int:
    folder = ClassFolder(Path(args.class_dir))
    roster = load_roster(folder.roster)
    if args.close:
        save_roster(folder.roster, roster.with_join_code(None))
        print("enrolment is closed")
        return 0
    code = new_join_code()
    save_roster(folder.roster, roster.with_join_code(JoinCode.make(code)))
    print(f"join code: {code}")
    print("students connect with ssh -p PORT NAME@HOST and type it when asked; close with --close")
    return 0
