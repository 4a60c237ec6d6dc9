"""``aicoach import PATH...``: files, folders and archives, with a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from aicoach.cli.context import EXIT_DATA_ERROR, database, handle_errors
from aicoach.cli.output import console, error_console, plain, print_json
from aicoach.services.importing import FileOutcome, ImportStatus, count_by_status, import_paths
from aicoach.settings import load_settings


class ProgressBar:
    """Shows one bar over all files; written to stderr so JSON on stdout stays clean."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task = progress.add_task("Importing", total=None)

    def started(self, total_files: int) -> None:
        self._progress.update(self._task, total=total_files)

    def file_done(self, outcome: FileOutcome) -> None:
        self._progress.update(
            self._task, advance=1, description=f"Importing {Path(outcome.file).name[:40]}"
        )


@handle_errors
def import_files(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders or zip archives to import.")],
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="Look inside sub-folders too.")
    ] = False,
    athlete: Annotated[
        str | None, typer.Option("--athlete", help="Athlete name, when there are several.")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per file.")
    ] = False,
) -> None:
    """Import FIT, GPX, TCX, CSV files and Apple Health exports; each file is all-or-nothing."""
    outcomes = run_import(
        paths, recursive=recursive, athlete=athlete, show_progress=not json_output
    )
    if json_output:
        print_json([_outcome_json(outcome) for outcome in outcomes])
    else:
        _print_summary(outcomes)
    if any(outcome.status is ImportStatus.FAILED for outcome in outcomes):
        raise typer.Exit(EXIT_DATA_ERROR)


def run_import(
    paths: list[Path], *, recursive: bool, athlete: str | None, show_progress: bool
) -> list[FileOutcome]:
    settings = load_settings()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with (
        database(settings) as db,
        Progress(*columns, console=error_console, transient=True, disable=not show_progress) as bar,
    ):
        return import_paths(
            db,
            paths,
            athlete_name=athlete,
            recursive=recursive,
            max_bytes=settings.max_upload_bytes,
            progress=ProgressBar(bar),
        )


def _outcome_json(outcome: FileOutcome) -> dict[str, object]:
    return {
        "file": outcome.file,
        "status": outcome.status.value,
        "activity_id": outcome.activity_id,
        "records": outcome.records,
        "error": outcome.error,
        "notes": outcome.notes,
        "activity_ids": outcome.activity_ids,
    }


def _print_summary(outcomes: list[FileOutcome]) -> None:
    counts = count_by_status(outcomes)
    totals = Table(title="Import summary")
    for status in ImportStatus:
        totals.add_column(status.value.capitalize(), justify="right")
    totals.add_row(*(str(counts[status]) for status in ImportStatus))
    console.print(totals)
    details = [outcome for outcome in outcomes if outcome.status in _DETAILED]
    if not details:
        return
    table = Table(title="Files that need a look", show_lines=True)
    table.add_column("File", overflow="fold")
    table.add_column("Status")
    table.add_column("Reason", overflow="fold")
    for outcome in details:
        reason = outcome.error or "; ".join(outcome.notes)
        table.add_row(plain(outcome.file), _STYLED[outcome.status], plain(reason))
    console.print(table)


_DETAILED = {ImportStatus.FAILED, ImportStatus.RECOVERED, ImportStatus.SKIPPED}
_STYLED = {
    ImportStatus.FAILED: "[red]failed[/]",
    ImportStatus.RECOVERED: "[yellow]recovered[/]",
    ImportStatus.SKIPPED: "[dim]skipped[/]",
    ImportStatus.IMPORTED: "imported",
    ImportStatus.DUPLICATE: "duplicate",
}
