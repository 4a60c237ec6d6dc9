"""Fine-tuned note model against the lexicon baseline on the held-out test split.

Trains the packaged MiniLM on the shipped dataset twice (full fine-tuning and LoRA), then
reports on the test split: macro-F1 (all notes, English, Chinese, template, hand-written),
entity F1, red-flag recall (model alone, lexicon alone, model OR lexicon as shipped),
training time, and inference latency per note (one note at a time, the combined reader).

    nice .venv/bin/python benchmarks/bench_finetune.py [--epochs 4] [--json out.json]

Needs the ``finetune`` extra. Timings depend on the machine and its load: they are
measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aicoach.finetune.saved import load_model, save_model
from aicoach.finetune.training import Method, TrainConfig, score_predictions, train
from aicoach.notes.combined import RedFlagSafetyNet
from aicoach.notes.dataset import NoteRecord, Span, Split, read_notes_csv, shipped_dataset_path
from aicoach.notes.labels import NoteLabel
from aicoach.notes.lexicon import LexiconNoteClassifier
from aicoach.notes.reading import NoteClassifier

SUBSETS = ("all", "en", "zh", "template", "handwritten")


def scores(reader: NoteClassifier, rows: list[NoteRecord]) -> dict[str, Any]:
    readings = [reader.read(r.text) for r in rows]
    spans = [[Span(e.start, e.end, e.kind) for e in reading.entities] for reading in readings]
    return score_predictions(rows, [reading.labels for reading in readings], spans)


def red_flag_recall(block: dict[str, Any]) -> float:
    return float(block["labels"][NoteLabel.RED_FLAG.value]["recall"])


def latency_ms(reader: NoteClassifier, rows: list[NoteRecord]) -> dict[str, float]:
    for r in rows[:10]:
        reader.read(r.text)
    times = []
    for r in rows:
        start = time.perf_counter()
        reader.read(r.text)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
    }


def run_method(method: Method, records: list[NoteRecord], epochs: int) -> dict[str, Any]:
    test = [r for r in records if r.split is Split.TEST]
    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        if done % 20 == 0 or done == total:
            print(f"  {method.value}: {stage} step {done}/{total}", file=sys.stderr, flush=True)

    trained = train(records, TrainConfig(method=method, epochs=epochs), progress)
    seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        classifier = trained.classifier
        save_model(path, classifier.model, trained.config, classifier.tokenizer,
                   classifier.label_map, trained.metrics)  # fmt: skip
        reloaded = load_model(path, device="cpu")
        size_mb = (path / "model.safetensors").stat().st_size / 1e6
    texts = [r.text for r in test]
    same = [a.labels for a in classifier.read_many(texts)] == [
        b.labels for b in reloaded.read_many(texts)
    ]
    combined = RedFlagSafetyNet(reloaded)
    return {
        "train_seconds": round(seconds, 1),
        "epochs_run": len(trained.metrics["history"]),
        "trainable_parameters": trained.metrics["trainable_parameters"],
        "model_mb": round(size_mb, 1),
        "reload_identical": same,
        "model": scores(reloaded, test),
        "combined": scores(combined, test),
        "latency": latency_ms(combined, test),
        "history": trained.metrics["history"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--methods", default="full,lora")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    records = read_notes_csv(shipped_dataset_path())
    test = [r for r in records if r.split is Split.TEST]
    results: dict[str, Any] = {"lexicon": scores(LexiconNoteClassifier(), test)}
    results["lexicon_latency"] = latency_ms(LexiconNoteClassifier(), test)
    for name in args.methods.split(","):
        results[name] = run_method(Method(name), records, args.epochs)
    print_table(results, len(test))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


def print_table(results: dict[str, Any], n_test: int) -> None:
    print(f"test split: {n_test} notes")
    header = "reader".ljust(18) + "".join(f"{s:>13}" for s in SUBSETS)
    print("macro-F1 (labels)\n" + header)
    rows: list[tuple[str, dict[str, Any]]] = [("lexicon", results["lexicon"])]
    for method in ("full", "lora"):
        if method in results:
            rows.append((f"{method} model", results[method]["model"]))
            rows.append((f"{method} + lexicon", results[method]["combined"]))
    for name, block in rows:
        cells = "".join(f"{block[s].get('macro_f1', float('nan')):>13.3f}" for s in SUBSETS)
        print(name.ljust(18) + cells)
    print("entity F1 / red-flag recall (all, handwritten)")
    for name, block in rows:
        print(
            f"{name.ljust(18)} entity F1 {block['all']['entity_f1']:.3f}   red-flag recall "
            f"{red_flag_recall(block['all']):.3f}, {red_flag_recall(block['handwritten']):.3f}"
        )
    print(f"lexicon latency: {results['lexicon_latency']}")
    for method in ("full", "lora"):
        if method in results:
            r = results[method]
            print(
                f"{method}: train {r['train_seconds']} s ({r['epochs_run']} epochs), "
                f"{r['trainable_parameters']:,} trainable parameters, {r['model_mb']} MB, "
                f"latency {r['latency']}, reload identical {r['reload_identical']}"
            )


if __name__ == "__main__":
    main()
