"""Writing the active plan out: iCalendar, Markdown, HTML, or one FIT workout per session."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from aicoach.errors import UserError
from aicoach.io.fit_workout_writer import plan_to_fit_workouts
from aicoach.io.plan_ics import plan_to_ics
from aicoach.io.plan_text import plan_to_html, plan_to_markdown
from aicoach.services.plans import current_plan


class ExportFormat(StrEnum):
    ICS = "ics"
    MARKDOWN = "md"
    HTML = "html"
    FIT = "fit"


def export_plan(
    session: Session, athlete_name: str | None, export_format: ExportFormat, out: Path | None
) -> list[Path]:
    """Write the export and return the files written (a folder of files for FIT)."""
    stored = current_plan(session, athlete_name)
    plan, name = stored.plan, stored.athlete.name
    if export_format is ExportFormat.FIT:
        folder = out or Path(f"plan-{plan.start.isoformat()}-fit")
        if folder.exists() and not folder.is_dir():
            raise UserError(f"--out {folder}: FIT workouts go into a folder, and this is a file")
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for file_name, payload in plan_to_fit_workouts(plan):
            path = folder / file_name
            path.write_bytes(payload)
            written.append(path)
        return written
    path = out or Path(f"plan-{plan.start.isoformat()}.{export_format.value}")
    if path.is_dir():
        path = path / f"plan-{plan.start.isoformat()}.{export_format.value}"
    if export_format is ExportFormat.ICS:
        path.write_bytes(plan_to_ics(plan, name, stored.athlete.timezone))
    elif export_format is ExportFormat.MARKDOWN:
        path.write_text(plan_to_markdown(plan, name), encoding="utf-8")
    else:
        path.write_text(plan_to_html(plan, name), encoding="utf-8")
    return [path]
