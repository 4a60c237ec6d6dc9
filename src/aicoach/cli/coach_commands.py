"""``aicoach ask``, ``aicoach chat`` and ``aicoach eval``: the conversational coach."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from aicoach.backends.base import Backend
from aicoach.backends.options import ScriptedOptions
from aicoach.backends.scripted import ScriptedBackend
from aicoach.cli.context import database, handle_errors
from aicoach.cli.output import console, error_console, plain, print_json
from aicoach.coach.pipeline import Coach, TurnResult
from aicoach.coach.setup import BackendChoice, choose_backend
from aicoach.notes.loader import load_note_classifier
from aicoach.settings import Settings, load_settings
from aicoach.storage.database import Database

AthleteOpt = Annotated[
    str | None, typer.Option("--athlete", help="Athlete name, when there are several.")
]
BackendOpt = Annotated[
    str | None,
    typer.Option("--backend", help="embedded (default), openai, templates, or a plugin's name."),
]
EXIT_WORDS = frozenset({"exit", "quit", "bye", "退出", "再见"})


@handle_errors
def ask(
    message: Annotated[str, typer.Argument(help="Your question, in English or Chinese.")],
    athlete: AthleteOpt = None,
    backend: BackendOpt = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Ask the coach one question; the answer streams as it is written."""
    settings = load_settings()
    choice = _backend(settings, backend)
    with database(settings) as db:
        result = _one_turn(db, settings, choice, athlete, message, stream=not json_output)
    if json_output:
        print_json(result.as_json())
    elif result.referral:
        raise typer.Exit(0)


@handle_errors
def chat(athlete: AthleteOpt = None, backend: BackendOpt = None) -> None:
    """Talk with the coach; type 'exit' to leave."""
    settings = load_settings()
    choice = _backend(settings, backend)
    console.print(plain(f"aicoach ({_label(choice)}): ask about today, your numbers, your plan."))
    with database(settings) as db:
        coach: Coach | None = None
        while True:
            try:
                message = input("you> ").strip()
            except EOFError:
                break
            if message.lower() in EXIT_WORDS:
                break
            if not message:
                continue
            with db.sessions.begin() as session:
                coach = coach or Coach(
                    session,
                    settings,
                    choice.backend,
                    load_note_classifier(settings),
                    athlete,
                    continue_recent=False,
                )
                coach.session = session
                _print_stream(coach, message)


@handle_errors
def evaluate(
    backend: Annotated[
        list[str] | None,
        typer.Option(
            "--backend", help="Backends to evaluate (repeat); default: the configured one."
        ),
    ] = None,
    scenarios: Annotated[
        Path | None, typer.Option("--scenarios", help="A scenario JSON file (default: built in).")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Run the bilingual scenario suite and report the rubric per backend."""
    from aicoach.coach.evaluation import load_scenarios, run_suite

    settings = load_settings()
    names = backend or [settings.llm_backend]
    suite = load_scenarios(scenarios)
    reports = []
    for name in names:
        model = _eval_double() if name == "scripted" else _backend(settings, name).backend
        reports.append(run_suite(suite, model, settings, label=name))
    if json_output:
        print_json([report.as_json() for report in reports])
        return
    for report in reports:
        console.print(plain(report.summary_table()))
        for failure in report.failures()[:20]:
            console.print(plain(f"  FAIL {failure}"), style="red")
    if any(report.failures() for report in reports):
        raise typer.Exit(1)


def _eval_double() -> Backend:
    from aicoach.coach.evaluation import EVAL_SCRIPT

    return ScriptedBackend(ScriptedOptions(replies=EVAL_SCRIPT))


def _backend(settings: Settings, name: str | None) -> BackendChoice:
    choice = choose_backend(settings, name)
    if choice.note:
        error_console.print(plain(f"note: {choice.note}"), style="dim")
    return choice


def _label(choice: BackendChoice) -> str:
    return choice.backend.description if choice.backend is not None else "templates only"


def _one_turn(
    db: Database,
    settings: Settings,
    choice: BackendChoice,
    athlete: str | None,
    message: str,
    *,
    stream: bool,
) -> TurnResult:
    with db.sessions.begin() as session:
        coach = Coach(session, settings, choice.backend, load_note_classifier(settings), athlete)
        if stream:
            return _print_stream(coach, message)
        return coach.turn(message).finish()


def _print_stream(coach: Coach, message: str) -> TurnResult:
    turn = coach.turn(message)
    for piece in turn:
        sys.stdout.write(piece)
        sys.stdout.flush()
    sys.stdout.write("\n")
    assert turn.result is not None
    return turn.result
