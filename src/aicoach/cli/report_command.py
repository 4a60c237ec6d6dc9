"""``aicoach report``: one self-contained HTML file with the charts and a short summary."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from aicoach.cli.context import handle_errors, transaction
from aicoach.cli.output import console, literal
from aicoach.cli.parsing import parse_date
from aicoach.errors import UserError
from aicoach.services.report import build_report_html


@handle_errors
def report(
    from_day: Annotated[
        str | None, typer.Option("--from", help="First day (default: 90 days ago).")
    ] = None,
    to_day: Annotated[str | None, typer.Option("--to", help="Last day (default: today).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="HTML file to write.")] = None,
    athlete: Annotated[
        str | None, typer.Option("--athlete", help="Athlete name, when there are several.")
    ] = None,
) -> None:
    """Write the fitness/fatigue/form, load, HRV, resting-HR and mean-max report as HTML."""
    first = parse_date(from_day, "--from") if from_day else None
    last = parse_date(to_day, "--to") if to_day else None
    if first and last and first > last:
        raise UserError("--from must not be after --to")
    target = out or Path(f"aicoach-report-{datetime.now(UTC).date().isoformat()}.html")
    with transaction() as session:
        page = build_report_html(session, athlete, first_day=first, last_day=last)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(page, encoding="utf-8")
    partial.replace(target)  # never leave a half-written report behind
    console.print(f"Report written to [bold]{literal(target)}[/] ({len(page) // 1024} KiB).")
