"""``aicoach finetune``: fine-tune the note model on the shipped or the user's labelled notes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from aicoach.cli.context import handle_errors
from aicoach.cli.output import console, plain, print_json
from aicoach.errors import UserError
from aicoach.finetune import available
from aicoach.notes.dataset import read_notes_csv, shipped_dataset_path
from aicoach.notes.loader import notes_model_dir
from aicoach.settings import load_settings

INSTALL_HINT = (
    "the finetune extra is not installed: pip install torch==2.13.0, then "
    "pip install 'aicoach[finetune]'"
)


@handle_errors
def finetune(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", help="Labelled notes CSV (docs/notes-dataset.md); default: shipped."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Model folder; default AICOACH_NOTES_MODEL or home/models/notes."
        ),
    ] = None,
    method: Annotated[str, typer.Option("--method", help="full or lora.")] = "full",
    epochs: Annotated[int, typer.Option("--epochs", min=1, max=50)] = 6,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, max=512)] = 32,
    learning_rate: Annotated[float | None, typer.Option("--learning-rate")] = None,
    max_length: Annotated[int, typer.Option("--max-length", min=8, max=512)] = 64,
    seed: Annotated[int, typer.Option("--seed")] = 13,
    device: Annotated[
        str | None, typer.Option("--device", help="cpu or cuda; default: the GPU if present.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Fine-tune the pretrained encoder to read notes (labels and entities), then save it."""
    if not available():
        raise UserError(INSTALL_HINT)
    from aicoach.finetune.saved import save_model  # optional extra
    from aicoach.finetune.splits import assign_splits
    from aicoach.finetune.training import Method, TrainConfig, train

    try:
        chosen = Method(method)
    except ValueError as exc:
        raise UserError(f"--method must be one of: {', '.join(Method)}") from exc
    records = read_notes_csv(data or shipped_dataset_path())
    if all(r.split is None for r in records):
        records = assign_splits(records, seed=seed)
    elif any(r.split is None for r in records):
        raise UserError("the split column must be filled for every row or for none")
    config = TrainConfig(
        method=chosen,
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        max_length=max_length,
        seed=seed,
        device=device,
    )
    folder = out or notes_model_dir(load_settings())
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
    )
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("training", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        trained = train(records, config, progress)
    c = trained.classifier
    save_model(folder, c.model, trained.config, c.tokenizer, c.label_map, trained.metrics)
    if json_output:
        print_json({"model_dir": str(folder), **trained.metrics})
        return
    _show(trained.metrics, folder)


def _show(metrics: dict[str, Any], folder: Path) -> None:
    console.print(plain(f"saved to {folder} ({metrics['train_seconds']} s on {metrics['device']})"))
    test = metrics.get("test")
    if not test:
        console.print("no test split: no classification report", style="dim")
        return
    table = Table(title="Test classification report")
    for column in ("Label", "Precision", "Recall", "F1", "Support"):
        table.add_column(column)
    for label, score in test["all"]["labels"].items():
        table.add_row(
            label,
            f"{score['precision']:.3f}",
            f"{score['recall']:.3f}",
            f"{score['f1']:.3f}",
            str(score["support"]),
        )
    console.print(table)
    for subset in ("all", "en", "zh", "handwritten"):
        block = test[subset]
        if block.get("notes"):
            console.print(
                f"{subset}: {block['notes']} notes, macro-F1 {block['macro_f1']:.3f}, "
                f"entity F1 {block['entity_f1']:.3f}"
            )
