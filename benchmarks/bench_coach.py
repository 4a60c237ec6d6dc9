"""Coach latency with the embedded model, and its overhead over bare llama-cpp-python.

Run: ``.venv/bin/python benchmarks/bench_coach.py [--model-path FILE.gguf] [--repeat 5]``

1. A typical grounded answer ("What is my fitness (CTL)?" for the synthetic evaluation
   athlete): first token and total time of a whole coach turn (safety screen, intent, engine
   tool, fact template, model words with their checks, memory), median over the repeats after
   one warm-up turn that also loads the model (reported as ``cold``). Targets on 2 cores: first
   token under 1 s; total under 5 s with the default model.
2. Overhead: the same model requests replayed on the bare ``llama_cpp.Llama`` object, consuming
   the same number of streamed pieces (greedy decoding, so the same tokens), both starting
   from an empty prompt cache; overhead is (coach total - bare generation) / bare generation.
   Target: under 10 %.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aicoach.backends.base import Request
from aicoach.backends.embedded import EmbeddedBackend, _arguments
from aicoach.backends.model_store import resolve_model
from aicoach.backends.options import EmbeddedOptions
from aicoach.coach.eval_athlete import create_eval_athlete
from aicoach.coach.pipeline import Coach, TurnResult
from aicoach.notes.loader import load_note_classifier
from aicoach.settings import load_settings
from aicoach.storage.database import open_database

QUESTION = "What is my fitness (CTL)?"


class RecordingBackend(EmbeddedBackend):
    """Greedy decoding (same tokens on replay) that records each request and pieces used."""

    calls: list[tuple[Request, int]]

    def stream(self, request: Request) -> Iterator[str]:
        greedy = replace(request, temperature=0.0)
        self.calls.append((greedy, 0))
        index = len(self.calls) - 1
        for used, piece in enumerate(super().stream(greedy), start=1):
            self.calls[index] = (greedy, used)
            yield piece

    def llama(self) -> Any:
        return self._load()


def bare_generation_s(backend: RecordingBackend) -> float:
    """Replay every recorded request on the bare Llama object; seconds spent."""
    llama = backend.llama()
    llama.reset()  # start from the same empty cache as the coach's turn did
    started = time.perf_counter()
    for request, used in backend.calls:
        stream = llama.create_chat_completion(**_arguments(request), stream=True)
        pieces = 0
        for chunk in stream:
            if chunk["choices"][0]["delta"].get("content"):
                pieces += 1
                if pieces >= used:
                    break
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-path", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    settings = load_settings()
    model = resolve_model(args.model_path, settings.llm_models_dir)
    options = EmbeddedOptions(model_path=model.path, threads=args.threads)
    backend = RecordingBackend(options, model=model)
    backend.calls = []
    print(
        f"model: {model.title} ({model.path.stat().st_size / 1e6:.0f} MB), {args.threads} threads"
    )
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        today = datetime.now(UTC).date()
        with db.sessions.begin() as session:
            name = create_eval_athlete(session, today)
        classifier = load_note_classifier(settings)

        def turn() -> TurnResult:
            with db.sessions.begin() as session:
                coach = Coach(session, settings, backend, classifier, name, today=today)
                return coach.turn(QUESTION).finish()

        cold = turn()
        print(
            f"cold (loads the model): first token {cold.timings['first_token_s']:.3f} s, "
            f"total {cold.timings['total_s']:.3f} s"
        )
        firsts, totals, bares = [], [], []
        for _ in range(args.repeat):
            backend.calls = []
            backend.llama().reset()
            result = turn()
            firsts.append(result.timings["first_token_s"])
            totals.append(result.timings["total_s"])
            bares.append(bare_generation_s(backend))
        db.dispose()
    print(f"reply: {result.reply}")
    pieces = sum(used for _, used in backend.calls)
    print(
        f"model calls per turn: {len(backend.calls)}, streamed pieces: {pieces}, "
        f"sentences dropped by the checks: {result.rejected}"
    )
    first, total, bare = (statistics.median(x) for x in (firsts, totals, bares))
    print(f"first token: median {first:.3f} s, max {max(firsts):.3f} s (target < 1 s)")
    print(f"total:       median {total:.3f} s, max {max(totals):.3f} s (target < 5 s)")
    print(f"bare llama-cpp-python generation of the same tokens: median {bare:.3f} s")
    print(f"coach overhead: {100 * (total - bare) / bare:.1f} % (target < 10 %)")


if __name__ == "__main__":
    main()
