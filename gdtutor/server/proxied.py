"""Listening behind a load balancer: each connection's PROXY header read first, then SSH on the same socket.

Used only when ``gdtutor serve --proxy-from`` names balancers (``gdtutor.server.proxyheader`` says what is
trusted). A connection from a balancer whose header is missing or malformed is closed and logged; one from
any other address goes straight to SSH with its own address, as without the option.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable
from typing import Any

import asyncssh

from gdtutor.server.connlog import untrusted
from gdtutor.server.proxyheader import ProxyHeaderError, balancer_networks, is_balancer, read_client_address
from gdtutor.server.service import ClassService
from gdtutor.server.sshserver import ClassSSHServer


class ProxiedListener:
    """What ``asyncssh.create_server`` returns, as far as ``gdtutor.server.main`` uses it."""

    def __init__(self, sock: socket.socket, accepting: asyncio.Task[None]) -> None:
        self.sockets = [sock]
        self._accepting = accepting

    def close(self) -> None:
        """Stop accepting; connections already made go on (as asyncssh's listener does)."""
        self._accepting.cancel()
        self.sockets[0].close()


async def listen_behind_balancers(service: ClassService, options: dict[str, Any]) -> ProxiedListener:
    """Listen on the settings' host and port; SSH with ``options`` on every connection, after its header."""
    settings = service.settings
    networks = balancer_networks(settings.proxy_from)
    family = socket.getaddrinfo(settings.host, settings.port, type=socket.SOCK_STREAM)[0][0]
    sock = socket.create_server((settings.host, settings.port), family=family)
    sock.setblocking(False)
    loop = asyncio.get_running_loop()
    connections: set[asyncio.Task[None]] = set()

    async def accept() -> None:
        while True:
            connection, peer = await loop.sock_accept(sock)
            task = loop.create_task(serve_one(connection, str(peer[0])))
            connections.add(task)
            task.add_done_callback(connections.discard)

    async def serve_one(connection: socket.socket, peer: str) -> None:
        connection.setblocking(False)
        address = peer
        if is_balancer(peer, networks):
            try:
                address = await read_client_address(connection, peer)
            except (ProxyHeaderError, OSError) as error:
                service.log.write("refused", address=peer, reason=untrusted(f"balancer: {error}"))
                connection.close()
                return
        factory: Callable[[], ClassSSHServer] = lambda: ClassSSHServer(service, address)  # noqa: E731
        with contextlib.suppress(asyncssh.Error, OSError):  # the server object has logged what went wrong
            await asyncssh.run_server(connection, server_factory=factory, **options)

    return ProxiedListener(sock, loop.create_task(accept()))
