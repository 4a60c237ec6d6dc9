"""Apple Health export reading: throughput and peak memory on a large synthetic export.

Run: ``.venv/bin/python benchmarks/bench_apple_health.py [--days 620]``

Writes a synthetic ``export.zip`` (about 0.3 MB of XML per day; 620 days is about 190 MB,
the size of a few years of a real watch export), then reads it in a child process so that
the peak resident memory reported is the reader's own. Memory must stay flat: it should not
grow with the size of the export.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def read_in_child(path: Path) -> tuple[float, float, str]:
    """Read the export in a fresh interpreter; return (seconds, peak RSS MB, summary)."""
    code = (
        "import sys, time, resource; from pathlib import Path\n"
        "from aicoach.io.apple_health import read_apple_health_zip\n"
        "t = time.perf_counter(); parsed = read_apple_health_zip(Path(sys.argv[1]), 'export.zip')\n"
        "s = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(s, rss, f'{len(parsed.activities)} workouts, {len(parsed.wellness)} days')\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout.split(maxsplit=2)
    return float(output[0]), float(output[1]), output[2].strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, nargs="+", default=[60, 620])
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.io.apple_health_factory import write_apple_health_export

    print(f"{'days':>5} {'XML MB':>7} {'read s':>7} {'MB/s':>6} {'peak RSS MB':>12}  content")
    with tempfile.TemporaryDirectory() as folder:
        for days in arguments.days:
            path = Path(folder) / f"export-{days}.zip"
            started = time.perf_counter()
            expected = write_apple_health_export(path, days=days, start=date(2024, 1, 1))
            written_s = time.perf_counter() - started
            seconds, peak_mb, summary = read_in_child(path)
            xml_mb = expected.xml_bytes / 1e6
            print(
                f"{days:5d} {xml_mb:7.1f} {seconds:7.1f} {xml_mb / seconds:6.1f} {peak_mb:12.0f}"
                f"  {summary} (written in {written_s:.0f} s)"
            )
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(the writer's own peak RSS: {own_peak:.0f} MB)")


if __name__ == "__main__":
    main()
