"""``serve(settings)``: start the warm parent, listen, and run until SIGTERM (or ctrl+c) has drained."""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Any

import asyncssh

from gdtutor.server.hostkey import fingerprint, load_or_create_host_key
from gdtutor.server.proxied import listen_behind_balancers
from gdtutor.server.service import ClassService
from gdtutor.server.settings import ServeSettings
from gdtutor.server.sshserver import ClassSSHServer


def serve(settings: ServeSettings) -> int:
    return asyncio.run(_serve(settings))


async def _serve(settings: ServeSettings) -> int:
    service = ClassService(settings)
    host_key = load_or_create_host_key(service.folder.host_key)
    await service.start()
    options: dict[str, Any] = {
        "server_host_keys": [host_key],
        "encoding": None,
        "line_editor": False,
        "agent_forwarding": False,
        "x11_forwarding": False,
        "login_timeout": 60,
        "keepalive_interval": 30,
    }
    listener: Any
    try:
        if settings.proxy_from:
            listener = await listen_behind_balancers(service, options)
        else:
            listener = await asyncssh.create_server(
                lambda: ClassSSHServer(service), settings.host, settings.port, **options
            )
    except OSError as error:
        service.close()
        print(f"gdtutor: cannot listen on {settings.host}:{settings.port}: {error.strerror}", file=sys.stderr)
        return 2
    port = listener.sockets[0].getsockname()[1]
    service.log.write("started", address=f"{settings.host}:{port}")
    print(f"gdtutor serve: listening on {settings.host} port {port}", flush=True)
    print(f"host key fingerprint (give it to your students): {fingerprint(host_key)}", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_signal_handler(signal.SIGHUP, lambda: loop.create_task(service.reload()))
    await stop.wait()

    print("gdtutor serve: draining: sessions are saving and closing", flush=True)
    listener.close()
    await service.drain()
    await asyncio.to_thread(service.close)
    print("gdtutor serve: stopped", flush=True)
    return 0
