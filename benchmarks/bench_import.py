"""Import speed against a bare fitdecode pass, and bytes stored per hour of data.

Run: ``.venv/bin/python benchmarks/bench_import.py [--repeat 3]``

For each of the largest FIT files in ../shared/data (and a generated one-hour ride with every
channel: HR, power, speed, cadence, altitude, position, distance, temperature), it times

- a bare pass: iterating every frame with fitdecode and nothing else;
- our full import: hashing, decoding, checking, encoding the streams and writing them to a
  fresh SQLite database in one transaction,

and prints the ratio (target: at most 1.5) and the stored stream bytes per hour of recording
(target: below 200 KB).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import fitdecode
import numpy as np

from aicoach.domain import Activity, AthleteProfile, Sport, StreamChannel
from aicoach.io.fit_writer import write_fit_activity
from aicoach.io.sources import discover_sources
from aicoach.services.importing import import_source
from aicoach.storage import activities, athletes
from aicoach.storage.database import open_database

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
LARGEST_COUNT = 4


def bare_fitdecode_pass(path: Path) -> None:
    with fitdecode.FitReader(str(path)) as reader:
        for _frame in reader:
            pass


def full_import(path: Path) -> tuple[float, int, float]:
    """Import into a fresh database; return (seconds, stored stream bytes, recorded hours)."""
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{folder}/bench.sqlite3")
        with database.sessions.begin() as session:
            athlete_id = athletes.add_athlete(session, AthleteProfile(name="Bench")).id
        (source,) = discover_sources([path], recursive=False, max_bytes=2**31)
        started = time.perf_counter()
        outcome = import_source(database, athlete_id, source)
        seconds = time.perf_counter() - started
        with database.sessions() as session:
            stored = 0
            hours = 0.0
            for activity_id in outcome.activity_ids:
                row = activities.get_activity(session, athlete_id, activity_id)
                stored += activities.stored_stream_bytes(row)
                hours += (row.elapsed_s or 0.0) / 3600
        database.dispose()
    return seconds, stored, hours


def best_of(repeat: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def one_hour_ride(folder: Path) -> Path:
    rng = np.random.default_rng(7)
    n = 3600
    t = np.arange(n, dtype=float)
    speed = np.clip(8.5 + 1.5 * np.sin(t / 400) + rng.normal(0, 0.3, n), 0, None)
    angle = t / n * 2 * np.pi
    ride = Activity(
        sport=Sport.CYCLING,
        start_time=datetime(2026, 6, 1, 7, 0, tzinfo=UTC),
        source_format="fit",
        name="benchmark hour",
        elapsed_s=n - 1.0,
        timer_s=n - 1.0,
        streams={
            StreamChannel.TIME_S: t,
            StreamChannel.HEART_RATE_BPM: np.rint(140 + 12 * np.sin(t / 300) + rng.normal(0, 2, n)),
            StreamChannel.POWER_W: np.rint(
                np.clip(210 + 60 * np.sin(t / 90) + rng.normal(0, 35, n), 0, None)
            ),
            StreamChannel.SPEED_M_S: np.round(speed, 3),
            StreamChannel.CADENCE_RPM: np.rint(88 + rng.normal(0, 4, n)),
            StreamChannel.ALTITUDE_M: np.round(50 + 20 * np.sin(angle * 3), 1),
            StreamChannel.LATITUDE_DEG: 51.5 + 0.1 * np.sin(angle),
            StreamChannel.LONGITUDE_DEG: -0.12 + 0.15 * np.cos(angle),
            StreamChannel.DISTANCE_M: np.round(np.cumsum(speed), 2),
            StreamChannel.TEMPERATURE_C: np.rint(18 + 3 * np.sin(t / 1000)),
        },
    )
    path = folder / "one-hour-ride.fit"
    path.write_bytes(write_fit_activity(ride))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per file; the best is kept")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = [one_hour_ride(Path(folder))]
        if SHARED_DATA.is_dir():
            by_size = sorted(SHARED_DATA.rglob("*.fit"), key=lambda p: p.stat().st_size)
            shared = by_size[::-1]
            files = shared[:LARGEST_COUNT] + files
        else:
            print("../shared/data not found: only the generated ride is measured")
        header = f"{'file':44} {'KiB':>6} {'bare s':>8} {'import s':>9} {'ratio':>6} {'KB/hour':>8}"
        print(header)
        print("-" * len(header))
        total_bare = total_import = 0.0
        for path in files:
            bare_s = best_of(arguments.repeat, lambda path=path: bare_fitdecode_pass(path))
            runs = [full_import(path) for _ in range(arguments.repeat)]
            import_s = min(seconds for seconds, _, _ in runs)
            _, stored, hours = runs[-1]
            total_bare += bare_s
            total_import += import_s
            per_hour = stored / hours / 1000 if hours else float("nan")
            print(
                f"{path.name:44} {path.stat().st_size / 1024:6.0f} {bare_s:8.3f} {import_s:9.3f} "
                f"{import_s / bare_s:6.2f} {per_hour:8.1f}"
            )
        print("-" * len(header))
        ratio = total_import / total_bare
        print(f"{'all files':44} {'':6} {total_bare:8.3f} {total_import:9.3f} {ratio:6.2f}")


if __name__ == "__main__":
    main()
