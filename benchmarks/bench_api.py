"""API throughput and latency on loopback: the dashboard's JSON endpoints under load.

Run: ``.venv/bin/python benchmarks/bench_api.py [--athletes 100] [--days 365] [--duration-s 20]``

1. Seeds a database (SQLite file by default, ``--database-url`` for PostgreSQL) with
   ``--athletes`` accounts, each with ``--days`` of the demo generator's synthetic history
   (activities with full 1 Hz streams, daily wellness, activity metrics) and a bearer token.
   The seeded SQLite file is kept (``--db``) and reused by later runs, and so is a seeded
   PostgreSQL database: the tokens are kept in ``<--db>.tokens.json``; ``--reseed`` seeds
   again (for PostgreSQL, into a new empty database).
2. Starts ``aicoach serve --workers N --no-access-log`` on 127.0.0.1 (one listening socket
   per process, ``api/server_processes.py``).
3. Warms up (``--warm-up-s`` of load, so each worker has computed every athlete's views),
   then runs ``wrk`` (Debian package ``wrk``) against it in two ways, each for
   ``--duration-s`` seconds; every request is one of the dashboard's JSON reads for an
   athlete with that athlete's token, round-robin over the endpoint mix:

   - **offered load** (``--rate``, default 300 req/s): requests leave at the arrival times
     of a Poisson process with that rate, as independent dashboard users' would, on any
     free one of ``--connections`` connections. This is the figure the target speaks of:
     p99 at 300 req/s.
   - **saturation**: no pauses, every connection sends its next request as soon as the
     last one is answered: the most the server answers per second, and the latency that
     queueing behind a full server adds.

   Requests per second and the latency distribution (p50/p90/p99) come from wrk; a
   saturation pass per endpoint shows which is slow.

Only loopback is contacted; the run is bounded by ``--duration-s``. Target on 2 cores:
300 req/s with p99 under 100 ms. Figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

from aicoach.services.accounts import create_api_token, register_user
from aicoach.services.activity_metrics import refresh_activity_metrics
from aicoach.services.demo_data import DemoHistory, generate_demo_history
from aicoach.services.health_alerts import refresh_alerts
from aicoach.storage import activities, wellness
from aicoach.storage.database import Database, open_database
from aicoach.storage.tables import AthleteRow

HISTORIES = 4
"""Distinct generated histories, shared round-robin by the athletes (generation is slow)."""
PASSWORD = "benchmark password 2026"


def endpoint_mix(today: date) -> list[str]:
    """The JSON reads behind the dashboard's pages; ``{id}`` is the athlete."""
    month_ago = (today - timedelta(days=90)).isoformat()
    return [
        "/api/v1/me",
        "/api/v1/athletes/{id}/profile",
        "/api/v1/athletes/{id}/activities?limit=20",
        f"/api/v1/athletes/{{id}}/metrics?from={month_ago}&to={today.isoformat()}",
        "/api/v1/athletes/{id}/metrics/weekly",
        "/api/v1/athletes/{id}/wellness?days=30",
        "/api/v1/athletes/{id}/alerts?open=true",
    ]


def seed(database: Database, athletes: int, days: int, end_day: date) -> list[tuple[int, str]]:
    """Create the athletes with their history; returns (athlete id, bearer token) pairs."""
    histories: list[DemoHistory] = []
    credentials = []
    started = time.perf_counter()
    for index in range(athletes):
        if len(histories) < HISTORIES:
            histories.append(generate_demo_history(end_day, days=days, seed=index + 1))
        history = histories[index % len(histories)]
        with database.sessions.begin() as session:
            user = register_user(
                session,
                email=f"athlete{index:03d}@bench.example",
                password=PASSWORD,
                display_name=f"Bench athlete {index:03d}",
            )
            athlete = session.get_one(AthleteRow, user.athlete_id)
            profile = dataclasses.replace(history.profile, name=athlete.name)
            for field in ("hr_max_bpm", "hr_rest_bpm", "lthr_bpm", "ftp_w", "mass_kg"):
                setattr(athlete, field, getattr(profile, field))
            for activity in history.activities:
                activities.add_activity(
                    session,
                    athlete.id,
                    activity,
                    source_name="bench",
                    source_sha256=f"bench-{index}-{activity.start_time.timestamp():.0f}",
                    recovery_notes=[],
                )
            for entry in history.wellness:
                wellness.upsert_wellness(session, athlete.id, entry)
            refresh_activity_metrics(session, athlete)
            refresh_alerts(session, athlete)  # as an upload job does after an import
            _, token = create_api_token(session, user, "bench")
            credentials.append((athlete.id, token))
        if (index + 1) % 10 == 0:
            elapsed = time.perf_counter() - started
            print(f"  seeded {index + 1}/{athletes} athletes ({elapsed:.0f} s)", flush=True)
    return credentials


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(database_url: str, home: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "AICOACH_DATABASE_URL": database_url,
        "AICOACH_HOME": str(home),
        "AICOACH_LLM_BACKEND": "templates",
    }
    command = [
        sys.executable, "-m", "aicoach", "serve", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--no-access-log",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/me", timeout=1).status_code == 401:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not start within 60 s")


WRK_SCRIPT = """
local requests = {}
local index = 0
init = function(args)
  local file = io.open(args[1])
  for line in file:lines() do
    local token, path = line:match("^(%S+) (%S+)$")
    requests[#requests + 1] = wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
  end
  file:close()
  index = math.random(#requests)
end
request = function()
  index = index % #requests + 1
  return requests[index]
end
"""

PACING = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } aicoach_timespec;
int clock_gettime(int clock_id, aicoach_timespec *now);
]]
local clock = ffi.new("aicoach_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end
local rate_per_s = tonumber(os.getenv("AICOACH_BENCH_RATE") or "0")
local next_at_ms = nil
delay = function()
  if rate_per_s <= 0 then return 0 end
  local now = now_ms()
  next_at_ms = (next_at_ms or now) - math.log(1 - math.random()) * 1000 / rate_per_s
  return math.max(0, next_at_ms - now)
end
"""
"""Open-loop pacing: requests leave at the arrival times of a Poisson process with the
offered rate (per wrk thread), on whichever connection is free; wrk's LuaJIT ``ffi``
gives the clock."""


def run_wrk(
    port: int,
    lines: list[str],
    duration_s: int,
    connections: int,
    threads: int,
    rate_per_s: float | None = None,
) -> dict[str, float]:
    """Drive the server with wrk; requests/s and latency percentiles in ms.

    With ``rate_per_s`` the requests are paced to offer that rate (split over the threads).
    """
    thread_rate = rate_per_s / threads if rate_per_s else 0.0
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "mix.lua"
        script.write_text(WRK_SCRIPT + PACING)
        requests_file = Path(folder) / "requests.txt"
        requests_file.write_text("\n".join(lines) + "\n")
        command = [
            "wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{duration_s}s",
            "--timeout", "10s", "-s", str(script), f"http://127.0.0.1:{port}",
            "--", str(requests_file),
        ]  # fmt: skip
        environment = {**os.environ, "AICOACH_BENCH_RATE": f"{thread_rate:.3f}"}
        output = subprocess.run(
            command, capture_output=True, text=True, check=True, env=environment
        ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict[str, float]:
    figures: dict[str, float] = {}
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    figures["requests_per_s"] = float(rate.group(1)) if rate else float("nan")
    for percent in ("50", "90", "99"):
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if found:
            value, unit = float(found.group(1)), found.group(2)
            figures[f"p{percent}_ms"] = (
                value / 1000 if unit == "us" else value * (1000 if unit == "s" else 1)
            )
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    figures["non_2xx"] = float(errors.group(1)) if errors else 0.0
    total = re.search(r"(\d+) requests in", output)
    figures["requests"] = float(total.group(1)) if total else float("nan")
    return figures


def first_requests_ms(
    port: int, lines: list[str], mix_size: int, athletes: int
) -> dict[str, list[float]]:
    """Each endpoint's first request for a few athletes: the cost when nothing is cached."""
    cold: dict[str, list[float]] = {}
    for index, line in enumerate(lines[: mix_size * athletes]):
        token, path = line.split(" ")
        started = time.perf_counter()
        answer = httpx.get(
            f"http://127.0.0.1:{port}{path}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        elapsed_ms = (time.perf_counter() - started) * 1000
        if answer.status_code != 200:
            print(f"  {answer.status_code} {path}: {answer.text[:200]}")
        cold.setdefault(endpoint_name(index % mix_size), []).append(elapsed_ms)
    return cold


def endpoint_name(index: int) -> str:
    return endpoint_mix(datetime.now(UTC).date())[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--athletes", type=int, default=100)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--duration-s", type=int, default=20)
    parser.add_argument("--per-endpoint-s", type=int, default=5)
    parser.add_argument("--warm-up-s", type=int, default=30)
    parser.add_argument("--rate", type=float, default=300.0, help="offered requests per second")
    parser.add_argument("--cold-athletes", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "aicoach-bench-api.sqlite3"
    )
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--reseed", action="store_true", help="seed even when tokens are kept")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    database_url = args.database_url or f"sqlite:///{args.db}"
    credentials_file = Path(str(args.db) + ".tokens.json")
    today = datetime.now(UTC).date()
    if args.reseed or not credentials_file.exists():
        print(f"seeding {args.athletes} athletes x {args.days} days into {database_url}")
        if not args.database_url:
            args.db.unlink(missing_ok=True)
        database = open_database(database_url)
        credentials = seed(database, args.athletes, args.days, today)
        database.dispose()
        credentials_file.write_text(json.dumps(credentials))
    credentials = [tuple(pair) for pair in json.loads(credentials_file.read_text())]
    mix = endpoint_mix(today)
    lines = [
        f"{token} {path.replace('{id}', str(athlete_id))}"
        for athlete_id, token in credentials
        for path in mix
    ]
    port = free_port()
    with tempfile.TemporaryDirectory() as home:
        server = start_server(database_url, Path(home), port, args.workers)
        try:
            cold = first_requests_ms(port, lines, len(mix), args.cold_athletes)
            print(f"warming up for {args.warm_up_s} s (every athlete's caches, both workers)")
            run_wrk(port, lines, args.warm_up_s, args.connections, args.threads)
            offered = run_wrk(
                port, lines, args.duration_s, args.connections, args.threads, args.rate
            )
            overall = run_wrk(port, lines, args.duration_s, args.connections, args.threads)
            per_endpoint = {}
            for path in mix:
                only = [
                    f"{token} {path.replace('{id}', str(athlete_id))}"
                    for athlete_id, token in credentials
                ]
                per_endpoint[path] = run_wrk(
                    port, only, args.per_endpoint_s, args.connections, args.threads
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("\nfirst request per endpoint (cold caches), median over athletes:")
    for path, values in cold.items():
        print(f"  {path}: {statistics.median(values):.0f} ms (max {max(values):.0f})")
    setting = (
        f"mix of {len(mix)} endpoints, {len(credentials)} athletes, {args.workers} workers, "
        f"{args.connections} connections, {args.duration_s} s"
    )
    print(f"\noffered load {args.rate:.0f} req/s, {setting}:")
    print("  " + ", ".join(f"{key} {value:.1f}" for key, value in offered.items()))
    print(f"saturation, {setting}:")
    print("  " + ", ".join(f"{key} {value:.1f}" for key, value in overall.items()))
    print("per endpoint:")
    for path, figures in per_endpoint.items():
        print(f"  {path}: " + ", ".join(f"{key} {value:.1f}" for key, value in figures.items()))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "cold_ms": cold,
                    "offered": {"rate_per_s": args.rate, **offered},
                    "saturation": overall,
                    "per_endpoint": per_endpoint,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
