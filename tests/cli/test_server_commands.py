"""``aicoach serve`` in a real subprocess, its bind warnings, and ``aicoach worker``'s checks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from aicoach.cli.server_commands import bind_warnings, is_loopback, serve, worker
from aicoach.settings import Settings

SERVE = (
    "import typer\n"
    "from aicoach.cli.server_commands import serve\n"
    "app = typer.Typer()\n"
    "app.command()(serve)\n"
    "app()\n"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serve_answers_on_loopback(tmp_path: Path) -> None:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("AICOACH_")}
    env["AICOACH_HOME"] = str(tmp_path / "home")
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        answer = None
        deadline = time.monotonic() + 60
        while answer is None and time.monotonic() < deadline:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/me", timeout=2)
            except httpx.TransportError:
                assert server.poll() is None, server.stdout and server.stdout.read().decode()
                time.sleep(0.2)
        assert answer is not None, "the server did not answer"
        assert answer.status_code == 401
        assert answer.headers["content-type"] == "application/json"
        assert answer.json()["error"] == "AuthenticationError"
        assert (tmp_path / "home" / "aicoach.sqlite3").is_file()  # default: SQLite in the home
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert f"Uvicorn running on http://127.0.0.1:{port}" in output
    assert "warning:" not in output


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("coach.example.org", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_bind_warnings(tmp_path: Path) -> None:
    local = Settings(home=tmp_path)
    assert bind_warnings("127.0.0.1", local) == []
    warnings = bind_warnings("0.0.0.0", local)
    assert len(warnings) == 3
    assert "HTTPS reverse proxy" in warnings[0]
    assert "AICOACH_SECURE_COOKIES" in warnings[1]
    assert "PostgreSQL" in warnings[2]
    server = Settings(
        home=tmp_path,
        secure_cookies=True,
        database_url="postgresql+psycopg://aicoach@db/aicoach",
        redis_url="redis://127.0.0.1:6379/0",
    )
    assert len(bind_warnings("0.0.0.0", server)) == 1


def _single(command: object) -> typer.Typer:
    app = typer.Typer()
    app.command()(command)
    return app


def test_worker_needs_redis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AICOACH_HOME", str(tmp_path))
    monkeypatch.delenv("AICOACH_REDIS_URL", raising=False)
    result = CliRunner().invoke(_single(worker), [])
    assert result.exit_code == 1
    assert "set AICOACH_REDIS_URL" in result.output


def test_serve_refuses_a_bad_port() -> None:
    result = CliRunner().invoke(_single(serve), ["--port", "70000"])
    assert result.exit_code == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT balancing: Linux")
def test_serve_with_two_processes_shares_the_port_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("AICOACH_")}
    env["AICOACH_HOME"] = str(tmp_path / "home")
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, "--port", str(port), "--workers", "2", "--no-access-log"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        statuses = []
        deadline = time.monotonic() + 60
        while len(statuses) < 20 and time.monotonic() < deadline:
            try:  # a new connection each time: the kernel spreads them over the sockets
                statuses.append(httpx.get(f"http://127.0.0.1:{port}/api/v1/me", timeout=2))
            except httpx.TransportError:
                assert server.poll() is None, server.stdout and server.stdout.read().decode()
                time.sleep(0.2)
        assert [answer.status_code for answer in statuses] == [401] * 20
        assert len(_server_processes(server.pid)) == 2
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert server.returncode == 0, output
    assert f"aicoach serving on http://127.0.0.1:{port} with 2 processes" in output
    assert output.count("Application shutdown complete") == 2  # both stopped cleanly


def _server_processes(pid: int) -> list[int]:
    """Children of ``pid`` started by multiprocessing (not its resource tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if parent == pid and b"spawn_main" in command:
            found.append(int(stat.parent.name))
    return found


def test_a_taken_port_is_refused_with_its_number() -> None:
    from aicoach.api.server_processes import listening_socket
    from aicoach.errors import UserError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UserError, match=f"cannot listen on 127.0.0.1:{port}"):
            listening_socket("127.0.0.1", port)
    first = listening_socket("127.0.0.1", 0)
    shared_port = first.getsockname()[1]
    second = listening_socket("127.0.0.1", shared_port)  # SO_REUSEPORT: both may listen
    first.close()
    second.close()
