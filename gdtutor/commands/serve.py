"""``gdtutor serve --class DIR``: the tutor over SSH for a whole class (the ``[server]`` extra: asyncssh).

Students connect with ``ssh -p PORT NAME@HOST`` and land in the tutor, nothing else. See docs/classroom.md.
With ``--store postgresql://…`` (or ``$GDTUTOR_STORE``) every session keeps progress in that database, so
several servers can share one class (docs/deploy.md).
"""

from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path

from gdtutor.errors import GdtutorError
from gdtutor.progress.stores import postgres_backend, store_url


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--class", dest="class_dir", metavar="DIR", required=True, help="the class folder")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every one)")
    parser.add_argument("--port", type=int, default=2222, help="port to listen on (0: any free one)")
    parser.add_argument("--plain", action="store_true", help="every session gets the plain front-end")
    parser.add_argument("--max-sessions", type=_positive, default=60, help="sessions at once in all")
    parser.add_argument("--max-per-learner", type=_positive, default=2, help="sessions at once per learner")
    parser.add_argument(
        "--idle-timeout",
        type=_seconds,
        default=1800.0,
        metavar="SECONDS",
        help="end a session idle this long",
    )
    parser.add_argument(
        "--idle-warning", type=_seconds, default=60.0, metavar="SECONDS", help="warn this long before that"
    )
    parser.add_argument("--memory-mb", type=_positive, default=1024, help="address-space limit per session")
    parser.add_argument("--cpu-seconds", type=_positive, default=3600, help="CPU-time limit per session")
    parser.add_argument(
        "--auth-failures", type=_positive, default=10, help="failed sign-ins per address before it is blocked"
    )
    parser.add_argument(
        "--auth-window", type=_seconds, default=300.0, metavar="SECONDS", help="... counted over this long"
    )
    parser.add_argument(
        "--drain-timeout", type=_seconds, default=15.0, metavar="SECONDS", help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--hangup-grace", type=_seconds, default=30.0, metavar="SECONDS", help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--proxy-from",
        metavar="ADDRESS",
        action="append",
        default=[],
        help="a load balancer (address or network, e.g. 10.0.0.5 or 10.0.0.0/24) whose connections start"
        " with a PROXY protocol header (v1 or v2) naming the client; again for more (docs/deploy.md)",
    )
    parser.add_argument("--session-app", metavar="MODULE:FUNCTION", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    try:
        from gdtutor.server.main import serve
        from gdtutor.server.proxyheader import balancer_networks
        from gdtutor.server.settings import ServeSettings
    except ModuleNotFoundError as error:
        if error.name != "asyncssh":
            raise
        raise GdtutorError("serve needs the server extra: pip install 'gdtutor[server]'") from None
    store = store_url()
    if store is not None:
        postgres_backend()  # refuse to start, rather than fail in every session, without the postgres extra
    class_dir = Path(args.class_dir)
    if class_dir.exists() and not class_dir.is_dir():
        raise GdtutorError(f"serve: {args.class_dir} is not a folder")
    class_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not 0 <= args.port <= 65535:
        raise GdtutorError(f"serve: --port must be 0 to 65535, not {args.port}")
    if args.idle_warning >= args.idle_timeout:
        raise GdtutorError("serve: --idle-warning must be shorter than --idle-timeout")
    try:
        balancer_networks(tuple(args.proxy_from))
    except ValueError as error:
        raise GdtutorError(f"serve: {error}") from None
    given = {
        field.name: getattr(args, field.name) for field in fields(ServeSettings) if hasattr(args, field.name)
    }
    given["proxy_from"] = tuple(args.proxy_from)
    settings = ServeSettings(**{**given, "class_dir": class_dir.resolve(), "store": store})
    return serve(settings)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value < 10**7:
        raise argparse.ArgumentTypeError(f"{text} seconds is out of range")
    return value
