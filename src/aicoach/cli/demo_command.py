"""``aicoach demo``: the labelled synthetic athlete, imported through the real importers."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from aicoach.cli.context import EXIT_DATA_ERROR, database, handle_errors
from aicoach.cli.import_command import ProgressBar
from aicoach.cli.output import console, error_console, literal, plain, print_json
from aicoach.services.demo import DemoResult, create_demo
from aicoach.settings import load_settings


@handle_errors
def demo(
    days: Annotated[
        int, typer.Option(min=14, max=730, help="How many days of history to make.")
    ] = 182,
    reset: Annotated[
        bool, typer.Option("--reset", help="Delete the demo athlete and make it again.")
    ] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print machine-readable JSON.")
    ] = False,
) -> None:
    """Create 'Demo Athlete (synthetic)': six months of runs, rides and daily wellness."""
    settings = load_settings()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with (
        database(settings) as db,
        Progress(*columns, console=error_console, transient=True) as progress,
    ):
        writing = progress.add_task("Writing demo FIT/GPX/CSV files", total=None)

        def files_written(done: int, total: int) -> None:
            progress.update(writing, completed=done, total=total)

        result = create_demo(
            db,
            settings.demo_dir / "files",
            days=days,
            reset=reset,
            on_file_written=files_written,
            progress=ProgressBar(progress),
        )
    if json_output:
        print_json(_result_json(result))
    else:
        _print_result(result)
    if result.failures:
        raise typer.Exit(EXIT_DATA_ERROR)


def _result_json(result: DemoResult) -> dict[str, object]:
    return {
        "athlete": result.athlete_name,
        "already_present": result.already_present,
        "activities": result.activity_count,
        "first_day": result.first_day,
        "last_day": result.last_day,
        "files": {status.value: count for status, count in result.counts.items()},
        "failures": [{"file": f.file, "error": f.error} for f in result.failures],
        "story": result.story,
    }


def _print_result(result: DemoResult) -> None:
    if result.already_present:
        console.print(
            f"[bold]{literal(result.athlete_name)}[/] is already here with "
            f"{result.activity_count} activities "
            "(use --reset to make it again)."
        )
        return
    console.print(
        f"Created [bold]{result.athlete_name}[/]: {result.activity_count} activities "
        "and daily wellness "
        f"from {result.first_day} to {result.last_day}, imported from real FIT, GPX and CSV files."
    )
    console.print(
        ", ".join(f"{count} {status.value}" for status, count in result.counts.items() if count)
    )
    for line in result.story:
        console.print(plain(f"  • {line}"))
    for failure in result.failures:
        error_console.print(f"[red]failed[/] {literal(failure.file)}: {literal(failure.error)}")
    console.print("All of this data is synthetic, made to show what aicoach does.", style="dim")
