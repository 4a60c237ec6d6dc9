"""Fine-tuned note model against the lexicon baseline on the held-out test split.

Trains the packaged MiniLM on the shipped dataset twice (full fine-tuning and LoRA), then
reports on the test split: macro-F1 (all notes, English, Chinese, template, hand-written),
F1 per label, entity F1, red-flag recall (model alone, lexicon alone, model OR lexicon as
shipped), training time, and inference latency per note (one note at a time, the combined
reader). It also scores the test split of the dataset's first version (rebuilt with
``build(first_round_only=True)``; its test templates and hand-written notes are held out in
the current version too, and any note near-duplicating a current train or dev note is
left out), so figures compare with those measured before the dataset grew.

    nice .venv/bin/python benchmarks/bench_finetune.py [--epochs 6] [--json out.json]

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

from aicoach.finetune.dataset_builder import build
from aicoach.finetune.saved import load_model, save_model
from aicoach.finetune.splits import cross_split_near_duplicates
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


def first_version_test(records: list[NoteRecord]) -> list[NoteRecord]:
    """The first dataset version's test notes that are not near any current train/dev note."""
    seen = [r for r in records if r.split is not Split.TEST]
    old = [r for r in build(first_round_only=True) if r.split is Split.TEST]
    texts = {r.text for r in seen}
    pairs = cross_split_near_duplicates([*seen, *old])
    leaked = {id(b if b.split is Split.TEST else a) for a, b in pairs}
    return [r for r in old if id(r) not in leaked and r.text not in texts]


def run_method(
    method: Method,
    records: list[NoteRecord],
    epochs: int,
    old_test: list[NoteRecord],
    save_dir: Path | None = None,
) -> dict[str, Any]:
    test = [r for r in records if r.split is Split.TEST]
    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        if done % 20 == 0 or done == total:
            print(f"  {method.value}: {stage} step {done}/{total}", file=sys.stderr, flush=True)

    trained = train(records, TrainConfig(method=method, epochs=epochs), progress)
    seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = save_dir / method.value if save_dir else Path(folder)
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
        "first_version_combined": scores(combined, old_test),
        "latency": latency_ms(combined, test),
        "history": trained.metrics["history"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--methods", default="full,lora")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--save-dir", type=Path, default=None, help="Keep the trained models.")
    args = parser.parse_args()
    records = read_notes_csv(shipped_dataset_path())
    test = [r for r in records if r.split is Split.TEST]
    old_test = first_version_test(records)
    results: dict[str, Any] = {"lexicon": scores(LexiconNoteClassifier(), test)}
    results["lexicon_first_version"] = scores(LexiconNoteClassifier(), old_test)
    results["lexicon_latency"] = latency_ms(LexiconNoteClassifier(), test)
    for name in args.methods.split(","):
        results[name] = run_method(Method(name), records, args.epochs, old_test, args.save_dir)
    print_table(results, len(test), len(old_test))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


def print_table(results: dict[str, Any], n_test: int, n_old: int) -> None:
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
    print("F1 per label (all test notes)\n" + "reader".ljust(18)
          + "".join(f"{label.value:>11}" for label in NoteLabel))  # fmt: skip
    for name, block in rows:
        labels = block["all"]["labels"]
        print(name.ljust(18) + "".join(f"{labels[lb.value]['f1']:>11.3f}" for lb in NoteLabel))
    print("entity F1 / red-flag recall (all, handwritten)")
    for name, block in rows:
        print(
            f"{name.ljust(18)} entity F1 {block['all']['entity_f1']:.3f}   red-flag recall "
            f"{red_flag_recall(block['all']):.3f}, {red_flag_recall(block['handwritten']):.3f}"
        )
    print(f"first version's test split ({n_old} notes held out here too): macro-F1, rf recall")
    old_rows = [("lexicon", results["lexicon_first_version"])]
    old_rows += [
        (f"{m} + lexicon", results[m]["first_version_combined"]) for m in ("full", "lora")
        if m in results
    ]  # fmt: skip
    for name, block in old_rows:
        cells = "".join(f"{block[s].get('macro_f1', float('nan')):>13.3f}" for s in SUBSETS)
        print(name.ljust(18) + cells + f"   {red_flag_recall(block['all']):.3f}")
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
