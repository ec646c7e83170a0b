"""The class roster: who may connect to ``gdtutor serve``, with which public keys, as learner or teacher.

``roster.yaml`` in the class folder::

    people:
      - name: alice
        role: learner
        keys:
          - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI... alice@laptop
    join_code:            # present only while enrolment is open (gdtutor class join-code)
      salt: 6f1c...
      sha256: 9a0b...

A name is what a student types before the ``@`` in ``ssh NAME@host``; it also names their progress file,
so it is short, lower case and plain (``NAME_PATTERN``). Names are case-folded: ``Alice`` is ``alice``.
A key is compared by its type and its bytes, never by the comment after them. The file is read with
``yaml.safe_load`` and every problem is one line naming the file and the entry.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from gdtutor.checking.plaintext import quote
from gdtutor.errors import GdtutorError

NAME_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,31}")
NAME_RULE = "a name is 1 to 32 letters a-z, digits, '-' or '_', starting with a letter"
ROLES = ("learner", "teacher")
KEY_TYPES = frozenset(
    {
        "ssh-ed25519",
        "ssh-rsa",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    }
)
_MAX_KEY_LINE = 16_384
_JOIN_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud in a classroom


class RosterError(GdtutorError):
    """A roster file, a name or a key that cannot be used; the message is one line."""


def normalise_name(text: str) -> str:
    """The enrolled form of ``text`` (case-folded), or RosterError saying why it cannot be a name."""
    name = text.strip().casefold()
    if not NAME_PATTERN.fullmatch(name):
        raise RosterError(f"{quote(text)} cannot be a name: {NAME_RULE}")
    return name


@dataclass(frozen=True)
class PublicKey:
    """An OpenSSH public key: its algorithm and bytes (what identifies it) and the comment after them."""

    kind: str
    blob: bytes
    comment: str = ""

    @classmethod
    def parse(cls, line: str) -> PublicKey:
        """One ``authorized_keys``-style line (``type base64 [comment]``); RosterError says what is wrong."""
        if len(line) > _MAX_KEY_LINE:
            raise RosterError(f"a public key line is {len(line)} characters: far too long for a key")
        parts = line.strip().split(maxsplit=2)
        if len(parts) < 2:
            raise RosterError(f"{quote(line)} is not a public key: expected 'TYPE BASE64 [comment]'")
        kind, encoded = parts[0], parts[1]
        if kind not in KEY_TYPES:
            if "PRIVATE KEY" in line:
                raise RosterError(
                    "that is a private key: enrol the .pub file, and keep the private key secret"
                )
            raise RosterError(f"{quote(kind)} is not a public key type gdtutor accepts (e.g. ssh-ed25519)")
        try:
            blob = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise RosterError(f"the {kind} key's data is not valid base64") from None
        if _first_string(blob) != kind.encode("ascii"):
            raise RosterError(f"the key's data does not hold a {kind} key")
        return cls(kind, blob, parts[2].strip() if len(parts) > 2 else "")

    @property
    def fingerprint(self) -> str:
        """``SHA256:…`` as ``ssh-keygen -l`` prints it."""
        digest = base64.b64encode(hashlib.sha256(self.blob).digest()).decode("ascii").rstrip("=")
        return f"SHA256:{digest}"

    def line(self) -> str:
        encoded = base64.b64encode(self.blob).decode("ascii")
        return f"{self.kind} {encoded} {self.comment}".rstrip()

    def same_key(self, other: PublicKey) -> bool:
        return self.kind == other.kind and self.blob == other.blob


@dataclass(frozen=True)
class Person:
    name: str
    role: str = "learner"
    keys: tuple[PublicKey, ...] = ()

    @property
    def is_teacher(self) -> bool:
        return self.role == "teacher"


@dataclass(frozen=True)
class JoinCode:
    """A salted hash of the class's join code: the roster never holds the code itself."""

    salt: str
    sha256: str

    @classmethod
    def make(cls, code: str) -> JoinCode:
        salt = secrets.token_hex(16)
        return cls(salt, _hash_code(salt, code))

    def matches(self, code: str) -> bool:
        return hmac.compare_digest(self.sha256, _hash_code(self.salt, code))


@dataclass(frozen=True)
class Roster:
    people: tuple[Person, ...] = ()
    join_code: JoinCode | None = None
    source: str = "roster.yaml"
    _by_name: dict[str, Person] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update((person.name, person) for person in self.people)

    def get(self, name: str) -> Person | None:
        return self._by_name.get(name)

    def owner_of(self, key: PublicKey) -> Person | None:
        """Who enrolled ``key``, if anyone (a key belongs to one person only)."""
        for person in self.people:
            if any(key.same_key(mine) for mine in person.keys):
                return person
        return None

    def with_person(self, name: str, key: PublicKey, role: str = "learner") -> Roster:
        """The roster with ``key`` enrolled for ``name`` (added, or one more key for that person).

        RosterError when the key already belongs to someone else or the name is enrolled with another role.
        """
        name = normalise_name(name)
        owner = self.owner_of(key)
        if owner is not None and owner.name != name:
            raise RosterError(f"that key is already enrolled for {owner.name}")
        current = self.get(name)
        if current is None:
            people = (*self.people, Person(name, role, (key,)))
        else:
            if current.role != role:
                raise RosterError(f"{name} is enrolled as a {current.role}, not a {role}")
            keys = current.keys if owner is not None else (*current.keys, key)
            people = tuple(replace(p, keys=keys) if p.name == name else p for p in self.people)
        return replace(self, people=people, _by_name={})

    def with_join_code(self, join_code: JoinCode | None) -> Roster:
        return replace(self, join_code=join_code, _by_name={})


def new_join_code() -> str:
    """A code to read out in class: three groups of four easy-to-tell-apart characters."""
    groups = ("".join(secrets.choice(_JOIN_CODE_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def load_roster(path: Path) -> Roster:
    """The roster in ``path`` (an empty one when the file does not exist yet)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Roster(source=path.name)
    except (OSError, UnicodeDecodeError) as error:
        raise RosterError(f"{path.name}: cannot be read ({error.__class__.__name__})") from None
    return parse_roster(text, path.name)


def parse_roster(text: str, source: str = "roster.yaml") -> Roster:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise RosterError(f"{source}{where}: not valid YAML") from None
    if data is None:
        return Roster(source=source)
    if not isinstance(data, dict):
        raise RosterError(f"{source}: expected 'people:' and optionally 'join_code:' at the top")
    unknown = set(data) - {"people", "join_code"}
    if unknown:
        raise RosterError(f"{source}: unknown key {quote(str(sorted(map(str, unknown))[0]))}")
    people_data = data.get("people")
    people_data = [] if people_data is None else people_data
    if not isinstance(people_data, list):
        raise RosterError(f"{source}: 'people' must be a list")
    people: list[Person] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(people_data, 1):
        person = _parse_person(entry, f"{source}: person {index}")
        if person.name in seen:
            raise RosterError(
                f"{source}: person {index}: {person.name} is already person {seen[person.name]}"
            )
        seen[person.name] = index
        people.append(person)
    roster = Roster(tuple(people), _parse_join_code(data.get("join_code"), source), source)
    _check_keys_unique(roster)
    return roster


def dump_roster(roster: Roster) -> str:
    people = [
        {"name": person.name, "role": person.role, "keys": [key.line() for key in person.keys]}
        for person in roster.people
    ]
    data: dict[str, object] = {"people": people}
    if roster.join_code is not None:
        data["join_code"] = {"salt": roster.join_code.salt, "sha256": roster.join_code.sha256}
    header = "# gdtutor class roster: edit with `gdtutor class add` (or by hand, then reload the server)\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


def save_roster(path: Path, roster: Roster) -> None:
    """Write the roster atomically (a temporary file renamed over it), readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(dump_roster(roster))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def parse_key_lines(lines: Iterable[str], source: str) -> list[PublicKey]:
    """The keys in an ``authorized_keys``-style text (blank lines and ``#`` comments skipped)."""
    keys = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            keys.append(PublicKey.parse(line))
        except RosterError as error:
            raise RosterError(f"{source}:{number}: {error.message}") from None
    if not keys:
        raise RosterError(f"{source}: no public key in it")
    return keys


def _parse_person(entry: object, where: str) -> Person:
    if not isinstance(entry, dict):
        raise RosterError(f"{where}: expected name, role and keys")
    unknown = set(entry) - {"name", "role", "keys"}
    if unknown:
        raise RosterError(f"{where}: unknown key {quote(str(sorted(map(str, unknown))[0]))}")
    raw_name = entry.get("name")
    if not isinstance(raw_name, str):
        raise RosterError(f"{where}: 'name' must be text")
    try:
        name = normalise_name(raw_name)
    except RosterError as error:
        raise RosterError(f"{where}: {error.message}") from None
    role = entry.get("role", "learner")
    if role not in ROLES:
        raise RosterError(f"{where} ({name}): role must be learner or teacher")
    raw_keys = entry.get("keys") or []
    if not isinstance(raw_keys, list) or not all(isinstance(key, str) for key in raw_keys):
        raise RosterError(f"{where} ({name}): 'keys' must be a list of public key lines")
    keys = []
    for line in raw_keys:
        try:
            keys.append(PublicKey.parse(line))
        except RosterError as error:
            raise RosterError(f"{where} ({name}): {error.message}") from None
    return Person(name, role, tuple(keys))


def _parse_join_code(data: object, source: str) -> JoinCode | None:
    if data is None:
        return None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("salt"), str)
        or not isinstance(data.get("sha256"), str)
        or not re.fullmatch(r"[0-9a-f]{64}", data["sha256"])
    ):
        raise RosterError(
            f"{source}: 'join_code' must hold salt and sha256 (made by gdtutor class join-code)"
        )
    return JoinCode(data["salt"], data["sha256"])


def _check_keys_unique(roster: Roster) -> None:
    owners: dict[tuple[str, bytes], str] = {}
    for person in roster.people:
        for key in person.keys:
            owner = owners.setdefault((key.kind, key.blob), person.name)
            if owner != person.name:
                raise RosterError(f"{roster.source}: one key is enrolled for both {owner} and {person.name}")


def _hash_code(salt: str, code: str) -> str:
    canonical = code.strip().casefold().replace(" ", "")
    return hashlib.sha256(f"{salt}:{canonical}".encode()).hexdigest()


def _first_string(blob: bytes) -> bytes | None:
    if len(blob) < 4:
        return None
    length = int.from_bytes(blob[:4], "big")
    return blob[4 : 4 + length] if 4 + length <= len(blob) else None
