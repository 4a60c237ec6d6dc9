"""``aicoach read-note``: what aicoach understands in a note (labels, entities, red flags)."""

from __future__ import annotations

from typing import Annotated

import typer

from aicoach.cli.context import handle_errors
from aicoach.cli.output import console, plain, print_json
from aicoach.notes.loader import load_note_classifier
from aicoach.settings import load_settings


@handle_errors
def read_note(
    text: Annotated[str, typer.Argument(help="The note, in English or Chinese.")],
    json_output: Annotated[
        bool, typer.Option("--json", help="Print machine-readable JSON.")
    ] = False,
) -> None:
    """Read one note with the fine-tuned model when trained, else with the lexicon."""
    reading = load_note_classifier(load_settings()).read(text)
    if json_output:
        print_json(reading.as_json())
        return
    labels = ", ".join(sorted(label.value for label in reading.labels)) or "none"
    console.print(plain(f"labels: {labels}   (read by the {reading.source.value})"))
    for entity in reading.entities:
        console.print(plain(f"  {entity.kind.value}: {entity.text}"))
