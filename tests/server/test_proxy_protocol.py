"""Behind a load balancer: the PROXY protocol header (v1 and v2) gives each client its own address for the
failed-sign-in limit and the log, and it is taken only from the balancers the teacher named.

The balancer here is a real TCP relay on 127.0.0.1 (the address the server is told to trust): it accepts the
real OpenSSH client, connects to the server, writes the header first and then relays both ways.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import threading

import pytest
from harness import Server, enrol_into, fresh_address, make_key, stop_all

from gdtutor.server.proxyheader import V2_SIGNATURE

BALANCER = "127.0.0.1"  # trusted with --proxy-from
PERMISSION_DENIED = "Permission denied (publickey)"


def header(version: int, client: str, server_port: int) -> bytes:
    """What a balancer sends first: the client's address (IPv4 or IPv6), in PROXY version 1 or 2."""
    source = ipaddress.ip_address(client)
    destination = ipaddress.ip_address("127.0.0.1" if source.version == 4 else "::1")
    if version == 1:
        return f"PROXY TCP{source.version} {source} {destination} 50123 {server_port}\r\n".encode()
    body = source.packed + destination.packed + struct.pack("!HH", 50123, server_port)
    family = 0x11 if source.version == 4 else 0x21  # AF_INET or AF_INET6, over TCP
    return V2_SIGNATURE + bytes([0x21, family]) + struct.pack("!H", len(body)) + body


class Balancer:
    """Accepts connections on a port of its own; each is relayed to the server after ``header``."""

    def __init__(self, server_port: int, source: str = BALANCER) -> None:
        self.server_port = server_port
        self.source = source
        self.header = b""
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(
                ("127.0.0.1", self.server_port), source_address=(self.source, 0)
            )
            upstream.sendall(self.header)
            for one, other in ((client, upstream), (upstream, client)):
                threading.Thread(target=_relay, args=(one, other), daemon=True).start()

    def close(self) -> None:
        self.listener.close()


def _relay(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


@pytest.fixture(scope="module")
def behind(tmp_path_factory):
    """(server, balancer, a learner's key): a server trusting 127.0.0.1, blocking after 2 failed sign-ins."""
    root = tmp_path_factory.mktemp("proxied")
    class_dir, home = root / "class", root / "home"
    class_dir.mkdir(mode=0o700)
    home.mkdir()
    key = enrol_into(class_dir, home, "ada")
    server = Server(class_dir, home, "--proxy-from", BALANCER, "--auth-failures", "2", "--plain")
    balancer = Balancer(server.port)
    yield server, balancer, key
    balancer.close()
    stop_all([server])


@pytest.mark.parametrize(
    ("version", "client", "another_client"),
    [(1, "203.0.113.7", "203.0.113.8"), (2, "2001:db8::7", "198.51.100.8")],
    ids=["v1", "v2"],
)
def test_through_the_balancer_each_client_is_known_by_its_own_address(
    behind, version, client, another_client, tmp_path
):
    server, balancer, key = behind
    balancer.header = header(version, client, server.port)

    answered = server.ssh("ada", key, port=balancer.port, stdin="quit\n")
    assert answered.returncode == 0, answered.stderr
    server.wait_for_log(f"session learner=ada address={client} ")

    # Failed sign-ins count against the client's own address, not the balancer's.
    stranger = make_key(tmp_path, "stranger")
    for _ in range(2):
        assert server.ssh("ada", stranger, port=balancer.port).returncode == 255
    blocked = server.ssh("ada", key, port=balancer.port)
    assert f"gdtutor: too many failed sign-ins from {client}" in blocked.stderr
    balancer.header = header(version, another_client, server.port)
    assert server.ssh("ada", key, port=balancer.port, stdin="quit\n").returncode == 0


def test_a_header_is_required_from_a_balancer_and_never_read_from_anyone_else(behind):
    server, _, key = behind
    direct_from_balancer = server.ssh("ada", key, address=BALANCER, stdin="quit\n")
    assert direct_from_balancer.returncode == 255
    assert "balancer: not a PROXY header" in server.wait_for_log("balancer: not a PROXY header")

    elsewhere = fresh_address()
    direct = server.ssh("ada", key, address=elsewhere, stdin="quit\n")
    assert direct.returncode == 0, direct.stderr
    server.wait_for_log(f"session learner=ada address={elsewhere} ")

    spoofing = Balancer(server.port, source=fresh_address())  # not a trusted balancer, sending a header
    spoofing.header = header(1, "192.0.2.66", server.port)
    try:
        assert server.ssh("ada", key, port=spoofing.port, stdin="quit\n").returncode == 255
    finally:
        spoofing.close()
    assert "192.0.2.66" not in server.log()
