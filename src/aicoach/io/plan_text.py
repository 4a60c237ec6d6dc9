"""Export a training plan as Markdown or as a self-contained HTML page.

Both show the title, goal, dates, warnings and changes, then one section per week headed
``Week 3 · build · load 312.5`` with each day's session: date and weekday, label, intensity,
duration, distance, load, steps and exercises in words (``plan_describe``).

User text (athlete name, titles, notes, warnings, exercise names) is escaped: backslash
escapes in Markdown, ``html.escape`` in HTML. The HTML page has inline CSS sized for a phone,
no scripts, and a content security policy that forbids loading anything.
"""

from __future__ import annotations

import html
import re
from datetime import date

from aicoach.domain.plan import Plan, PlannedSession, PlanWeek, SessionType
from aicoach.io.plan_describe import (
    SEPARATOR,
    exercise_text,
    number_text,
    session_facts,
    session_label,
    steps_text,
)
from aicoach.units import format_duration_hms

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
"""Characters that could start emphasis, code, links, HTML, headings or tables in Markdown."""

CSS = """
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:44rem;padding:1rem;
line-height:1.45;color:#1d232a;background:#fff}
h1{font-size:1.5rem;margin:.2rem 0 .6rem}h2{font-size:1.15rem;margin:1.6rem 0 .4rem;
border-bottom:2px solid #d0d7de;padding-bottom:.2rem}h3{font-size:1rem;margin:0 0 .2rem}
.session{border:1px solid #d0d7de;border-radius:.5rem;padding:.6rem .8rem;margin:.5rem 0}
.rest{color:#57606a;background:#f6f8fa}.facts{color:#57606a;margin:0 0 .3rem}
.warning{background:#fff8c5;border-left:4px solid #d4a72c;padding:.4rem .6rem}
ul{padding-left:1.2rem;margin:.2rem 0}p{margin:.2rem 0}
"""
"""Inline style of the HTML page: one column, readable from 320 px wide."""

CSP = "default-src 'none'; style-src 'unsafe-inline'"


# --- shared wording --------------------------------------------------------------------


def plan_title(athlete_name: str) -> str:
    return f"Training plan for {athlete_name}"


def plan_overview(plan: Plan) -> list[str]:
    """The plan's key facts as short lines: goal, dates, target time, light flag."""
    lines = [f"Goal: {plan.goal.value}", f"Dates: {day_text(plan.start)} to {day_text(plan.end)}"]
    if plan.event_date is not None:
        lines.append(f"Event: {day_text(plan.event_date)}")
    if plan.target_time_s is not None:
        lines.append(f"Target time: {format_duration_hms(plan.target_time_s)}")
    if plan.light:
        lines.append("Lighter plan after screening (no hard sessions)")
    return lines


def week_heading(week: PlanWeek) -> str:
    """'Week 3 · build · load 312.5', with '· easier week' for a planned recovery week."""
    parts = [f"Week {week.index}", week.phase.value, f"load {number_text(week.planned_load)}"]
    if week.easier:
        parts.append("easier week")
    return SEPARATOR.join(parts)


def day_text(day: date) -> str:
    """'Sat 2026-12-05'."""
    return f"{day:%a} {day.isoformat()}"


def session_heading(session: PlannedSession) -> str:
    return f"{day_text(session.day)}{SEPARATOR}{session_label(session)}"


# --- Markdown --------------------------------------------------------------------------


def plan_to_markdown(plan: Plan, athlete_name: str) -> str:
    """The plan as a Markdown document."""
    lines = [f"# {markdown_escape(plan_title(athlete_name))}", ""]
    lines += [f"- {line}" for line in plan_overview(plan)]
    lines += _markdown_notices(plan)
    for week in plan.weeks:
        lines += ["", f"## {week_heading(week)}"]
        for session in week.sessions:
            lines += ["", *_markdown_session(session)]
    return "\n".join(lines) + "\n"


def markdown_escape(text: str) -> str:
    """``text`` with Markdown's special characters backslash-escaped, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _markdown_notices(plan: Plan) -> list[str]:
    lines: list[str] = []
    for warning in plan.warnings:
        lines += ["", f"> **Warning:** {markdown_escape(warning)}"]
    if plan.changes:
        lines += ["", "Changes:"]
        lines += [
            f"- {day_text(change.day)}: {markdown_escape(change.sentence)}"
            for change in plan.changes
        ]
    return lines


def _markdown_session(session: PlannedSession) -> list[str]:
    heading = f"### {markdown_escape(session_heading(session))}"
    if session.session_type is SessionType.REST:
        return [heading]
    lines = [heading, "", f"- {SEPARATOR.join(session_facts(session))}"]
    if session.steps:
        lines.append(f"- Steps: {markdown_escape(steps_text(session.steps))}")
    lines += [f"- {markdown_escape(exercise_text(item))}" for item in session.exercises]
    if session.note:
        lines.append(f"- Note: {markdown_escape(session.note)}")
    return lines


# --- HTML ------------------------------------------------------------------------------


def plan_to_html(plan: Plan, athlete_name: str) -> str:
    """The plan as one self-contained HTML page (no scripts, no external resources)."""
    title = html.escape(plan_title(athlete_name))
    body = [f"<h1>{title}</h1>", _html_list(plan_overview(plan)), *_html_notices(plan)]
    body += [_html_week(week) for week in plan.weeks]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _html_notices(plan: Plan) -> list[str]:
    parts = [
        f'<p class="warning"><strong>Warning:</strong> {html.escape(warning)}</p>'
        for warning in plan.warnings
    ]
    if plan.changes:
        changes = [f"{day_text(change.day)}: {change.sentence}" for change in plan.changes]
        parts += ["<h2>Changes</h2>", _html_list(changes)]
    return parts


def _html_week(week: PlanWeek) -> str:
    sessions = "\n".join(_html_session(session) for session in week.sessions)
    return f"<section>\n<h2>{html.escape(week_heading(week))}</h2>\n{sessions}\n</section>"


def _html_session(session: PlannedSession) -> str:
    heading = f"<h3>{html.escape(session_heading(session))}</h3>"
    if session.session_type is SessionType.REST:
        return f'<article class="session rest">{heading}</article>'
    parts = [heading, f'<p class="facts">{html.escape(SEPARATOR.join(session_facts(session)))}</p>']
    if session.steps:
        parts.append(f"<p>Steps: {html.escape(steps_text(session.steps))}</p>")
    if session.exercises:
        parts.append(_html_list([exercise_text(item) for item in session.exercises]))
    if session.note:
        parts.append(f"<p>Note: {html.escape(session.note)}</p>")
    return '<article class="session">' + "".join(parts) + "</article>"


def _html_list(items: list[str]) -> str:
    """A ``<ul>`` of escaped items."""
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"
