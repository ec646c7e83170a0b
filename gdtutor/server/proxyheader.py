"""The PROXY protocol (HAProxy's, versions 1 and 2): the client's own address, from a load balancer.

Behind a TCP balancer every connection comes from the balancer's address, so the per-address limit on
failed sign-ins would count a whole class as one address. A balancer that speaks the PROXY protocol sends,
before the client's first byte, a header naming the client's address. It is trusted only from the
balancers the teacher names (``gdtutor serve --proxy-from ADDRESS``): from them the header is required, and
from anyone else it is never read (an SSH client that sent one would fail its handshake), so nobody can
claim another address by sending a header of their own.

The header is read exactly, never past its end: what follows belongs to the SSH handshake.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import struct

V1_PREFIX = b"PROXY"
V1_LONGEST = 107  # the protocol's bound for a version-1 line, CRLF included
V2_SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"
V2_LONGEST = 4096  # addresses and TLVs; balancers send a few dozen bytes
HEADER_SECONDS = 10.0

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ProxyHeaderError(Exception):
    """A connection from a balancer without a valid PROXY header; the message says what was wrong."""


def balancer_networks(addresses: tuple[str, ...]) -> tuple[Network, ...]:
    """The networks of ``--proxy-from`` (an address or a CIDR each); ValueError names a bad one."""
    networks = []
    for text in addresses:
        try:
            networks.append(ipaddress.ip_network(text.strip(), strict=False))
        except ValueError:
            raise ValueError(f"--proxy-from {text!r}: not an IP address or network") from None
    return tuple(networks)


def is_balancer(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


async def read_client_address(sock: socket.socket, balancer: str) -> str:
    """Read the PROXY header at the start of ``sock`` (non-blocking) and return the client's address.

    A version-2 LOCAL header, or a version-1 ``UNKNOWN``, is the balancer speaking for itself (a health
    check): its own address is returned. Raises ProxyHeaderError for anything else that is not a header.
    """
    try:
        return await asyncio.wait_for(_read_header(sock, balancer), HEADER_SECONDS)
    except asyncio.TimeoutError:
        raise ProxyHeaderError(f"no PROXY header within {HEADER_SECONDS:g} s") from None


async def _read_header(sock: socket.socket, balancer: str) -> str:
    start = await _read_exactly(sock, len(V1_PREFIX))
    if start == V1_PREFIX:
        return _parse_v1(start + await _read_line(sock, V1_LONGEST - len(start)), balancer)
    if start == V2_SIGNATURE[: len(start)]:
        head = start + await _read_exactly(sock, 16 - len(start))
        if head[:12] != V2_SIGNATURE:
            raise ProxyHeaderError("not a PROXY header")
        length = struct.unpack("!H", head[14:16])[0]
        if length > V2_LONGEST:
            raise ProxyHeaderError(f"a PROXY header of {length} bytes is too long")
        return _parse_v2(head, await _read_exactly(sock, length), balancer)
    raise ProxyHeaderError("not a PROXY header")


def _parse_v1(line: bytes, balancer: str) -> str:
    """``PROXY TCP4 SOURCE DESTINATION SPORT DPORT\\r\\n`` (or TCP6, or ``UNKNOWN …``)."""
    parts = line.removesuffix(b"\r\n").split(b" ")
    if len(parts) >= 2 and parts[1] == b"UNKNOWN":
        return balancer
    if len(parts) != 6 or parts[1] not in (b"TCP4", b"TCP6"):
        raise ProxyHeaderError("a PROXY version 1 line of the wrong shape")
    try:
        source = ipaddress.ip_address(parts[2].decode("ascii"))
        ipaddress.ip_address(parts[3].decode("ascii"))
        ports = [int(part) for part in parts[4:6]]
    except (UnicodeDecodeError, ValueError):
        raise ProxyHeaderError("a PROXY version 1 line with a bad address or port") from None
    if source.version != (4 if parts[1] == b"TCP4" else 6) or not all(0 <= port < 65536 for port in ports):
        raise ProxyHeaderError("a PROXY version 1 line with a bad address or port")
    return str(source)


def _parse_v2(head: bytes, body: bytes, balancer: str) -> str:
    version, command = head[12] >> 4, head[12] & 0x0F
    if version != 2 or command not in (0, 1):
        raise ProxyHeaderError("a PROXY version 2 header of an unknown version or command")
    if command == 0:  # LOCAL
        return balancer
    family = head[13] >> 4
    if family == 1 and len(body) >= 12:  # AF_INET: source, destination, ports
        return str(ipaddress.IPv4Address(body[:4]))
    if family == 2 and len(body) >= 36:  # AF_INET6
        return str(ipaddress.IPv6Address(body[:16]))
    if family == 0:  # AF_UNSPEC
        return balancer
    raise ProxyHeaderError("a PROXY version 2 header with an address family this server does not take")


async def _read_exactly(sock: socket.socket, count: int) -> bytes:
    loop = asyncio.get_running_loop()
    data = b""
    while len(data) < count:
        chunk = await loop.sock_recv(sock, count - len(data))
        if not chunk:
            raise ProxyHeaderError("the connection closed inside the PROXY header")
        data += chunk
    return data


async def _read_line(sock: socket.socket, longest: int) -> bytes:
    """Bytes up to and including CRLF, read one at a time so nothing after the line is taken."""
    line = b""
    while not line.endswith(b"\r\n"):
        if len(line) >= longest:
            raise ProxyHeaderError("a PROXY version 1 line longer than the protocol allows")
        line += await _read_exactly(sock, 1)
    return line
