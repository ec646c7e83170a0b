"""The PROXY header reader on a real socket pair: what it accepts, what it refuses in one line, and that it
never reads past the header (the SSH handshake that follows stays in the socket)."""

from __future__ import annotations

import asyncio
import re
import socket

import pytest
from test_proxy_protocol import header

from gdtutor.server.proxyheader import (
    V2_SIGNATURE,
    ProxyHeaderError,
    balancer_networks,
    is_balancer,
    read_client_address,
)

SSH_GREETING = b"SSH-2.0-OpenSSH_9.2\r\n"


def read(sent: bytes) -> tuple[str, bytes]:
    """(the client address read from ``sent``, what is left in the socket after it)."""
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(sent)
        theirs.shutdown(socket.SHUT_WR)
        ours.setblocking(False)
        address = asyncio.run(read_client_address(ours, "10.0.0.5"))
        ours.setblocking(True)
        return address, ours.recv(1000)


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("client", ["203.0.113.7", "2001:db8::7"])
def test_the_client_address_is_read_and_nothing_after_it(version, client):
    assert read(header(version, client, 2222) + SSH_GREETING) == (client, SSH_GREETING)


def test_a_balancer_speaking_for_itself_keeps_its_own_address():
    local = V2_SIGNATURE + bytes([0x20, 0x00, 0, 0])  # v2 LOCAL: a health check
    assert read(local + SSH_GREETING) == ("10.0.0.5", SSH_GREETING)
    assert read(b"PROXY UNKNOWN\r\n" + SSH_GREETING) == ("10.0.0.5", SSH_GREETING)


@pytest.mark.parametrize(
    ("sent", "reason"),
    [
        (SSH_GREETING, "not a PROXY header"),
        (b"PROXY TCP4 203.0.113.7 127.0.0.1 1 2", "the connection closed inside the PROXY header"),
        (b"PROXY TCP4 " + b"9" * 200 + b"\r\n", "longer than the protocol allows"),
        (b"PROXY TCP4 2001:db8::7 127.0.0.1 1 2\r\n", "bad address or port"),
        (b"PROXY TCP4 203.0.113.7 127.0.0.1 1 99999\r\n", "bad address or port"),
        (b"PROXY TCP4 \x1b[2J\r\n", "of the wrong shape"),
        (V2_SIGNATURE + bytes([0x21, 0x31, 0, 0]), "address family this server does not take"),
        (V2_SIGNATURE + bytes([0x31, 0x11, 0, 12]) + bytes(12), "unknown version or command"),
        (V2_SIGNATURE + bytes([0x21, 0x11, 0xFF, 0xFF]), "65535 bytes is too long"),
    ],
)
def test_anything_else_from_a_balancer_is_refused_with_the_reason(sent, reason):
    with pytest.raises(ProxyHeaderError, match=re.escape(reason)):
        read(sent)


def test_only_the_named_balancers_are_trusted():
    networks = balancer_networks(("10.0.0.5", "192.168.4.0/24", "fd00::/8"))
    assert all(is_balancer(a, networks) for a in ("10.0.0.5", "::ffff:10.0.0.5", "192.168.4.77", "fd00::1"))
    assert not any(is_balancer(a, networks) for a in ("10.0.0.6", "192.168.5.1", "2001:db8::1", "?"))
    with pytest.raises(ValueError, match=re.escape("--proxy-from 'balancer.example': not an IP address")):
        balancer_networks(("balancer.example",))
