"""The roster: names, keys and the join code, as a teacher's commands and the server read them."""

from __future__ import annotations

import base64
import re
import subprocess
from pathlib import Path

import pytest

from gdtutor.classroom.roster import (
    JoinCode,
    PublicKey,
    RosterError,
    dump_roster,
    load_roster,
    new_join_code,
    normalise_name,
    parse_roster,
    save_roster,
)
from gdtutor.cli import main


def key_line(seed: int, comment: str = "someone@laptop") -> str:
    blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + bytes([seed]) * 32
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} {comment}"


@pytest.mark.parametrize("text, name", [("Alice", "alice"), ("  bob-2 ", "bob-2"), ("c_d", "c_d")])
def test_names_are_case_folded(text, name):
    assert normalise_name(text) == name


@pytest.mark.parametrize("text", ["../x", ".hidden", "a/b", "", "1abc", "x" * 33, "x\x1b[31m", "ünï"])
def test_a_name_that_could_be_a_path_or_drive_a_terminal_is_refused(text):
    with pytest.raises(RosterError, match="cannot be a name") as caught:
        normalise_name(text)
    assert "\x1b" not in caught.value.message and "\n" not in caught.value.message


def test_a_key_is_compared_by_its_bytes_not_its_comment():
    assert PublicKey.parse(key_line(1, "home")).same_key(PublicKey.parse(key_line(1, "work")))
    assert not PublicKey.parse(key_line(1)).same_key(PublicKey.parse(key_line(2)))
    assert PublicKey.parse(key_line(1)).fingerprint.startswith("SHA256:")


@pytest.mark.parametrize(
    "line, message",
    [
        ("-----BEGIN OPENSSH PRIVATE KEY-----", "that is a private key"),
        ("ssh-dss AAAA", "not a public key type"),
        ("ssh-ed25519 not*base64", "not valid base64"),
        (f"ssh-rsa {key_line(1).split()[1]}", "does not hold a ssh-rsa key"),
        ("ssh-ed25519", "expected 'TYPE BASE64 [comment]'"),
    ],
)
def test_a_bad_key_line_says_what_is_wrong(line, message):
    with pytest.raises(RosterError, match=re.escape(message)):
        PublicKey.parse(line)


def test_the_roster_round_trips_and_a_key_belongs_to_one_person(tmp_path: Path):
    path = tmp_path / "roster.yaml"
    roster = load_roster(path).with_person("Ann", PublicKey.parse(key_line(1)))
    roster = roster.with_person("ann", PublicKey.parse(key_line(2)))
    roster = roster.with_person("tess", PublicKey.parse(key_line(3)), role="teacher")
    save_roster(path, roster)
    assert path.stat().st_mode & 0o777 == 0o600
    again = load_roster(path)
    assert [(p.name, p.role, len(p.keys)) for p in again.people] == [
        ("ann", "learner", 2),
        ("tess", "teacher", 1),
    ]
    with pytest.raises(RosterError, match="already enrolled for ann"):
        again.with_person("zoe", PublicKey.parse(key_line(1)))
    with pytest.raises(RosterError, match="tess is enrolled as a teacher"):
        again.with_person("tess", PublicKey.parse(key_line(4)))


@pytest.mark.parametrize(
    "text, message",
    [
        ("people: [", "roster.yaml:1: not valid YAML"),
        ("people: {}", "'people' must be a list"),
        ("people:\n  - name: ../x\n", "person 1: “../x” cannot be a name"),
        ("people:\n  - {name: a}\n  - {name: A}\n", "person 2: a is already person 1"),
        ("people:\n  - {name: a, role: admin}\n", "role must be learner or teacher"),
        ("!!python/object:os.system {}", "not valid YAML"),
        ("teachers: []", "unknown key"),
    ],
)
def test_a_broken_roster_gets_one_line(text, message):
    with pytest.raises(RosterError, match=re.escape(message)):
        parse_roster(text)


def test_the_join_code_is_kept_only_as_a_salted_hash():
    code = new_join_code()
    kept = JoinCode.make(code)
    assert kept.matches(code) and kept.matches(f" {code.upper()} ")
    assert not kept.matches("aaaa-bbbb-cccc")
    assert code not in dump_roster(parse_roster("").with_join_code(kept))


def test_class_add_enrols_and_refuses_in_one_line(tmp_path: Path, capsys):
    key = tmp_path / "id.pub"
    key.write_text(key_line(7) + "\n")
    assert main(["class", "add", "--class", str(tmp_path / "c"), "Pia", str(key)]) == 0
    assert "enrolled pia (learner)" in capsys.readouterr().out
    assert main(["class", "add", "--class", str(tmp_path / "c"), "../pia", str(key)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "gdtutor: “../pia” cannot be a name: a name is 1 to 32 letters a-z, digits, '-' or '_', "
        "starting with a letter"
    ]
    assert main(["class", "add", "--class", str(tmp_path / "c"), "pia", str(tmp_path / "missing.pub")]) == 2
    assert "no file named" in capsys.readouterr().err


def test_class_import_enrols_everyone_or_no_one(tmp_path: Path, capsys):
    listing = tmp_path / "keys.txt"
    listing.write_text(f"# from the code host\numa {key_line(1)}\nvic {key_line(2)}\nwes not-a-key\n")
    assert main(["class", "import", "--class", str(tmp_path), str(listing)]) == 2
    assert "keys.txt:4:" in capsys.readouterr().err
    assert load_roster(tmp_path / "roster.yaml").people == ()
    listing.write_text(f"uma {key_line(1)}\nvic {key_line(2)}\numa {key_line(3)}\n")
    assert main(["class", "import", "--class", str(tmp_path), str(listing)]) == 0
    people = load_roster(tmp_path / "roster.yaml").people
    assert [(p.name, len(p.keys)) for p in people] == [("uma", 2), ("vic", 1)]


def test_a_real_ssh_keygen_key_is_accepted(tmp_path: Path):
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", str(tmp_path / "k")], check=True
    )
    key = PublicKey.parse((tmp_path / "k.pub").read_text())
    shown = subprocess.run(
        ["ssh-keygen", "-l", "-f", str(tmp_path / "k.pub")], capture_output=True, text=True
    )
    assert key.kind == "ssh-rsa" and key.fingerprint in shown.stdout
