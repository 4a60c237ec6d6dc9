"""``aicoach screen``: the pre-participation health screening before a vigorous plan."""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from aicoach.cli.context import handle_errors, transaction
from aicoach.cli.output import console, error_console, literal, plain, print_json
from aicoach.domain.athlete import Language
from aicoach.errors import UserError
from aicoach.planning.screening import (
    CLEARANCE_QUESTION,
    QUESTION_IDS,
    QUESTIONS,
    ScreeningAnswers,
    ScreeningResult,
)
from aicoach.services.screening import latest_answers, record_screening, screening_status
from aicoach.storage.athletes import read_profile, resolve_athlete
from aicoach.storage.tables import AthleteRow

INTRO: dict[Language, str] = {
    Language.ENGLISH: "Health screening before vigorous training: answer each question y or n.",
    Language.CHINESE: "高强度训练前的健康筛查：请逐一回答 y（是）或 n（否）。",
}
_IDS = ", ".join(QUESTION_IDS)


def stdin_is_terminal() -> bool:
    """Whether questions can be asked (a person at a terminal, not a pipe or a script)."""
    return sys.stdin.isatty()


@handle_errors
def screen(
    yes_to: Annotated[
        list[str] | None,
        typer.Option(
            "--yes-to",
            metavar="ID",
            help=f"Answer 'yes' to question ID, without prompts; repeat for several. Every "
            f"question not named is answered 'no'. IDs: {_IDS}.",
        ),
    ] = None,
    all_no: Annotated[
        bool, typer.Option("--all-no", help="Answer 'no' to every question, without prompts.")
    ] = False,
    clearance: Annotated[
        bool | None,
        typer.Option(
            "--clearance/--no-clearance",
            help="Whether a doctor has cleared you for vigorous exercise (asked when omitted "
            "at a terminal; 'no' otherwise).",
        ),
    ] = None,
    show: Annotated[
        bool, typer.Option("--show", help="Show the current screening status; ask nothing.")
    ] = False,
    athlete: Annotated[
        str | None, typer.Option("--athlete", help="Athlete name, when there are several.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = (
        False
    ),
) -> None:
    """Answer the pre-participation health screening (PAR-Q+ style) and see what it allows.

    Without --yes-to or --all-no each question is asked at the terminal, in the athlete's
    language. Answers are stored with the date; a screening counts for 365 days.
    """
    if show:
        _require_no_answers(yes_to, all_no, clearance)
        _show(athlete, json_output)
        return
    answers = _answers_from_flags(yes_to, all_no, clearance)
    with transaction() as session:
        row = resolve_athlete(session, athlete)
        name, language, today = row.name, read_profile(row).language, _local_today(row)
    if answers is None:
        answers = _ask(language, clearance, prompts_to_stderr=json_output)
    with transaction() as session:
        result = record_screening(session, name, answers, today)
    _render(result, answers, json_output)


def _require_no_answers(yes_to: list[str] | None, all_no: bool, clearance: bool | None) -> None:
    if yes_to or all_no or clearance is not None:
        raise UserError(
            "--show only prints the latest screening: leave out --yes-to, --all-no and "
            "--clearance, or leave out --show to answer again"
        )


def _answers_from_flags(
    yes_to: list[str] | None, all_no: bool, clearance: bool | None
) -> ScreeningAnswers | None:
    """The answers given as options, or ``None`` when none were (ask at the terminal)."""
    if yes_to and all_no:
        raise UserError("give either --all-no or --yes-to ID, not both")
    if not yes_to and not all_no:
        if not stdin_is_terminal():
            raise UserError(
                "no answers given and no terminal to ask on: use --all-no, or --yes-to ID "
                f"once for each 'yes' (IDs: {_IDS}); add --clearance if a doctor cleared you"
            )
        return None
    return ScreeningAnswers.from_yes(yes_to or [], medical_clearance=bool(clearance))


def _ask(language: Language, clearance: bool | None, prompts_to_stderr: bool) -> ScreeningAnswers:
    """Ask every question at the terminal; with --json the prompts go to stderr."""
    (error_console if prompts_to_stderr else console).print(plain(INTRO[language]))
    answers = {q.id: _confirm(q.text(language), prompts_to_stderr) for q in QUESTIONS}
    if clearance is None:
        clearance = _confirm(CLEARANCE_QUESTION.text(language), prompts_to_stderr)
    return ScreeningAnswers(answers, medical_clearance=clearance)


def _confirm(question: str, to_stderr: bool) -> bool:
    return typer.confirm(question, default=False, err=to_stderr)


def _show(athlete: str | None, json_output: bool) -> None:
    with transaction() as session:
        row = resolve_athlete(session, athlete)
        result = screening_status(session, row, _local_today(row))
        stored = latest_answers(session, row)
    _render(result, stored[0] if stored is not None else None, json_output)


def _local_today(row: AthleteRow) -> date:
    return datetime.now(ZoneInfo(row.timezone)).date()


def _render(result: ScreeningResult, answers: ScreeningAnswers | None, json_output: bool) -> None:
    if json_output:
        print_json(_result_json(result, answers))
        return
    answered = result.answered_on.isoformat() if result.answered_on else "never"
    console.print(f"Screening outcome: [bold]{result.outcome.value}[/]")
    clearance = "yes" if result.medical_clearance else "no"
    console.print(f"Answered: {answered}; medical clearance: {clearance}")
    for reason in result.reasons:
        console.print(f"  - {literal(reason)}", soft_wrap=True)
    console.print(plain(result.advice), soft_wrap=True)


def _result_json(result: ScreeningResult, answers: ScreeningAnswers | None) -> dict[str, object]:
    return {
        "outcome": result.outcome,
        "reasons": list(result.reasons),
        "advice": result.advice,
        "answered_on": result.answered_on,
        "medical_clearance": result.medical_clearance,
        "answers": dict(answers.answers) if answers is not None else None,
    }
