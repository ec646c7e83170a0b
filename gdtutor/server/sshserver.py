"""One SSH connection: who it is (a name and a public key from the roster), and everything it may not do.

The user name is the learner's name; the key must be one enrolled for that name. While enrolment is open,
a free, valid name with a key nobody has enrolled is let in to be asked the join code (the session asks,
before anything runs). Each refusal sends one line in the authentication banner, which ``ssh`` prints.
Port forwarding in either direction and Unix-socket forwarding are refused; agent and X11 forwarding are
switched off when the server is created.
"""

from __future__ import annotations

import contextlib
import math

import asyncssh

from gdtutor.classroom.roster import PublicKey, RosterError, normalise_name
from gdtutor.server.connlog import untrusted
from gdtutor.server.service import ClassService, Identity
from gdtutor.server.session import TutorSession

FORWARDING_REFUSED = "gdtutor serves the tutor only: forwarding is switched off"


class ClassSSHServer(asyncssh.SSHServer):
    def __init__(self, service: ClassService, address: str | None = None) -> None:
        """``address``: the client's, when a load balancer's PROXY header gave it (else the peer's)."""
        self.service = service
        self.connection: asyncssh.SSHServerConnection | None = None
        self.address = address or "?"
        self._address_given = address is not None
        self.name: str | None = None
        self.identity: Identity | None = None
        self.refused: str | None = None  # the reason told to the client (once)
        self.barred = False  # no key can get in on this connection (a bad name, too many failures)

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.connection = conn
        peer = conn.get_extra_info("peername")
        if not self._address_given:
            self.address = str(peer[0]) if peer else "?"

    def connection_lost(self, exc: Exception | None) -> None:
        if self.identity is None:
            self.service.limiter.record_failure(self.address)
            reason = self.refused or (str(exc) if exc else "no enrolled key offered")
            self.service.log.write(
                "refused", address=self.address, user=untrusted(self.name or "?"), reason=reason
            )

    # ------------------------------------------------------------ authentication

    def begin_auth(self, username: str) -> bool:
        self.name = username
        wait = self.service.limiter.blocked_for(self.address)
        if wait > 0:
            minutes = math.ceil(wait / 60)
            self.bar(f"too many failed sign-ins from {self.address}; try again in {minutes} minute(s)")
            return True
        try:
            self.name = normalise_name(username)
        except RosterError as error:
            self.bar(error.message)
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        if self.barred or self.name is None:
            return False
        offered = PublicKey(key.algorithm.decode("ascii", "replace"), key.public_data)
        roster = self.service.roster()
        person = roster.get(self.name)
        if person is not None:
            if any(offered.same_key(mine) for mine in person.keys):
                self.identity = Identity(person.name, person.role, self.address)
                return True
            self.refuse(f"this key is not enrolled for {person.name}; check the name, or ask your teacher")
            return False
        if roster.join_code is None:
            self.refuse(
                f"no one named {self.name} is enrolled in this class; ask your teacher to enrol your key"
            )
            return False
        if roster.owner_of(offered) is not None:
            self.refuse("this key is already enrolled under another name; connect with that name")
            return False
        self.identity = Identity(self.name, "learner", self.address, pending_key=offered)
        return True

    def bar(self, reason: str) -> None:
        self.barred = True
        self.refuse(reason)

    def refuse(self, reason: str) -> None:
        """Say why in the banner, once per connection (a client may offer several keys)."""
        if self.refused is None and self.connection is not None:
            self.refused = reason
            with contextlib.suppress(OSError):
                self.connection.send_auth_banner(f"gdtutor: {reason}\r\n")

    # ------------------------------------------------------------ channels

    def session_requested(self) -> TutorSession | bool:
        if self.identity is None:
            return False
        return TutorSession(self.service, self.identity)

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        self._log_forwarding("tcp")
        raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, FORWARDING_REFUSED)

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self._log_forwarding("remote-tcp")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self._log_forwarding("unix")
        raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, FORWARDING_REFUSED)

    def unix_server_requested(self, listen_path: str) -> bool:
        self._log_forwarding("remote-unix")
        return False

    def _log_forwarding(self, kind: str) -> None:
        name = self.identity.name if self.identity else "?"
        self.service.log.write("refused-forwarding", learner=name, address=self.address, kind=kind)
