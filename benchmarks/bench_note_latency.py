"""Latency per note of the shipped note reader (a saved model + the red-flag safety net).

Reads every note of a blind set one at a time, after 20 warm-up reads, and prints the median,
95th percentile and maximum in milliseconds for each model folder given, and for the lexicon.
Set ``OMP_NUM_THREADS=1`` where the CPU is shared. Needs the ``finetune`` extra.

    OMP_NUM_THREADS=1 HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_note_latency.py \\
        models/full [models/lora ...] [--csv src/aicoach/notes/data/blind_holdout_3.csv]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from pathlib import Path

from aicoach.finetune.saved import load_model
from aicoach.notes.combined import RedFlagSafetyNet
from aicoach.notes.lexicon import LexiconNoteClassifier
from aicoach.notes.reading import NoteClassifier

WARM_UP_NOTES = 20


def latencies_ms(reader: NoteClassifier, texts: list[str]) -> list[float]:
    for text in texts[:WARM_UP_NOTES]:
        reader.read(text)
    times = []
    for text in texts:
        started = time.perf_counter()
        reader.read(text)
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("models", nargs="*", type=Path, help="Saved note model folders.")
    parser.add_argument(
        "--csv", type=Path, default=Path("src/aicoach/notes/data/blind_holdout_3.csv")
    )
    args = parser.parse_args()
    with args.csv.open(encoding="utf-8", newline="") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    readers: list[tuple[str, NoteClassifier]] = [("lexicon", LexiconNoteClassifier())]
    readers += [(str(folder), RedFlagSafetyNet(load_model(folder))) for folder in args.models]
    for name, reader in readers:
        times = latencies_ms(reader, texts)
        p95 = times[int(len(times) * 0.95)]
        print(
            f"{name}: {len(times)} notes, median {statistics.median(times):.2f} ms, "
            f"p95 {p95:.2f} ms, max {times[-1]:.1f} ms"
        )


if __name__ == "__main__":
    main()
