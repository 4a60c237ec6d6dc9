"""The ``aicoach`` command: subcommands wired to their modules."""

from __future__ import annotations

import sys

import typer
from typer.exceptions import Abort, TyperException

from aicoach import __version__
from aicoach.cli.activity_commands import activities_app
from aicoach.cli.alert_commands import alerts
from aicoach.cli.coach_commands import ask, chat, evaluate
from aicoach.cli.context import EXIT_USER_ERROR
from aicoach.cli.demo_command import demo
from aicoach.cli.finetune_command import finetune
from aicoach.cli.import_command import import_files
from aicoach.cli.metrics_command import metrics
from aicoach.cli.model_commands import model_app
from aicoach.cli.notes_command import read_note
from aicoach.cli.output import error_console
from aicoach.cli.plan_commands import plan_app
from aicoach.cli.predict_command import predict_command
from aicoach.cli.profile_commands import init, profile_app
from aicoach.cli.report_command import report
from aicoach.cli.screen_command import screen
from aicoach.cli.server_commands import serve, worker
from aicoach.cli.today_commands import feedback, preferences, today
from aicoach.cli.user_commands import users_app
from aicoach.cli.wellness_commands import wellness_app

app = typer.Typer(
    name="aicoach",
    help="aicoach: your training and health history, on your machine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
app.command("init")(init)
app.command("import")(import_files)
app.command("demo")(demo)
app.command("metrics")(metrics)
app.command("alerts")(alerts)
app.command("predict")(predict_command)
app.command("report")(report)
app.command("screen")(screen)
app.command("note")(read_note)
app.command("finetune")(finetune)
app.command("today")(today)
app.command("feedback")(feedback)
app.command("preferences")(preferences)
app.command("ask")(ask)
app.command("chat")(chat)
app.command("eval")(evaluate)
app.command("serve")(serve)
app.command("worker")(worker)
app.add_typer(profile_app, name="profile")
app.add_typer(activities_app, name="activities")
app.add_typer(wellness_app, name="wellness")
app.add_typer(plan_app, name="plan")
app.add_typer(model_app, name="model")
app.add_typer(users_app, name="users")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aicoach {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """aicoach: your training and health history, on your machine."""


def main() -> None:
    """Entry point: usage mistakes exit with 1 (user error), as every other user error does."""
    try:
        result = app(standalone_mode=False)
    except Abort:
        sys.exit(EXIT_USER_ERROR)
    except TyperException as exc:
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            error_console.print(f"error: {exc.format_message()}")
        sys.exit(EXIT_USER_ERROR)
    sys.exit(result if isinstance(result, int) else 0)
