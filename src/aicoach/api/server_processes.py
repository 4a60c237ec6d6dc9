"""Serving on one port from several processes, with the connections spread between them.

uvicorn's own ``--workers`` shares one listening socket between its processes: the one
that wakes first accepts a whole burst of new connections, and keep-alive clients stay
where they landed. Measured with ``benchmarks/bench_api.py`` (32 connections, 2 processes):
one process at 100 % CPU with every connection, the other idle, and p99 over 400 ms.

Here each process listens on its own socket bound with ``SO_REUSEPORT``; Linux then
hands each new connection to one of the sockets by a hash of its addresses, so the
processes share the clients. The parent binds every socket before starting anything (a
taken port fails at once, with its own message), starts one process per socket, passes
SIGTERM/SIGINT on to them and waits; if one fails on its own, the others are stopped too
and the exit status says so. Where ``SO_REUSEPORT`` does not balance (not Linux),
uvicorn's shared-socket workers are used instead.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import socket
import sys
from types import FrameType

from aicoach.errors import UserError

APP_FACTORY = "aicoach.api.app:create_app"
LISTEN_BACKLOG = 2048


def serve_processes(
    host: str, port: int, processes: int, *, log_level: str, access_log: bool
) -> int:
    """Run ``processes`` server processes on ``host:port`` until stopped; the exit status."""
    import uvicorn

    if processes == 1 or not balances_by_port_reuse():
        uvicorn.run(
            APP_FACTORY,
            factory=True,
            host=host,
            port=port,
            workers=processes,
            log_level=log_level,
            access_log=access_log,
        )
        return 0
    sockets = [listening_socket(host, port) for _ in range(processes)]
    context = multiprocessing.get_context("spawn")
    children = [
        context.Process(
            target=_serve_one, args=(sock, log_level, access_log), name=f"aicoach-server-{i}"
        )
        for i, sock in enumerate(sockets)
    ]
    for child in children:
        child.start()
    for sock in sockets:
        sock.close()  # the children hold their own copies
    shown_host = f"[{host}]" if ":" in host else host
    print(f"aicoach serving on http://{shown_host}:{port} with {processes} processes", flush=True)

    stop_signals: list[int] = []

    def stop(signum: int, _frame: FrameType | None) -> None:
        stop_signals.append(signum)
        for child in children:
            if child.is_alive() and child.pid is not None:
                _send(child.pid, signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        running = list(children)
        while running:
            multiprocessing.connection.wait([child.sentinel for child in running])
            ended = [child for child in running if not child.is_alive()]
            running = [child for child in running if child.is_alive()]
            if not stop_signals and any(child.exitcode for child in ended):
                stop(signal.SIGTERM, None)  # one failed on its own: stop the others too
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    # uvicorn ends by raising the signal it stopped for again: that is a clean stop.
    clean = {0, *(-signum for signum in stop_signals)}
    failed = [child.exitcode for child in children if child.exitcode not in clean]
    return 1 if failed else 0


def balances_by_port_reuse() -> bool:
    """Linux spreads connections over ``SO_REUSEPORT`` sockets; other systems may not."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` that others may bind too (``SO_REUSEPORT``)."""
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(LISTEN_BACKLOG)
    except OSError as exc:
        sock.close()
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(True)
    return sock


def _serve_one(sock: socket.socket, log_level: str, access_log: bool) -> None:
    import uvicorn

    config = uvicorn.Config(APP_FACTORY, factory=True, log_level=log_level, access_log=access_log)
    uvicorn.Server(config).run(sockets=[sock])


def _send(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
        os.kill(pid, signum)
