"""``aicoach screen`` as a person and a script use it: flags, prompts, JSON and errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from aicoach.cli import screen_command
from aicoach.cli.app import app
from aicoach.planning.screening import QUESTION_IDS

runner = CliRunner()
screen_app = typer.Typer()
screen_app.command("screen")(screen_command.screen)


@screen_app.callback()
def _main() -> None:
    """A local app with the screen command, as 'aicoach screen'."""


def _today() -> str:
    """The athlete's local day (the default time zone is UTC)."""
    return datetime.now(UTC).date().isoformat()


def _setup(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output


def _screen(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(screen_app, ["screen", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def _screen_json(*args: str) -> dict[str, object]:
    code, out, err = _screen(*args, "--json")
    assert code == 0, err
    data = json.loads(out[out.index("{") :])  # the test runner echoes typed replies to stdout
    assert isinstance(data, dict)
    return data


def test_all_no_is_clear_and_recorded_with_today(aicoach_home: Path) -> None:
    _setup("init", "--name", "Ada")
    data = _screen_json("--all-no")
    assert data["outcome"] == "clear" and data["medical_clearance"] is False
    assert data["answers"] == {qid: False for qid in QUESTION_IDS}
    assert data["answered_on"] == _today()
    assert _screen_json("--show") == data


def test_yes_to_flags_give_light_and_clearance_gives_clear(aicoach_home: Path) -> None:
    _setup("init", "--name", "Ada")
    light = _screen_json("--yes-to", "chest_pain", "--yes-to", "dizziness")
    assert light["outcome"] == "light"
    answers = light["answers"]
    assert isinstance(answers, dict)
    assert [qid for qid, yes in answers.items() if yes] == ["chest_pain", "dizziness"]
    reasons = light["reasons"]
    assert isinstance(reasons, list) and len(reasons) == 2
    assert "aicoach screen --clearance" in str(light["advice"])
    code, out, _ = _screen("--yes-to", "chest_pain", "--clearance")
    assert code == 0
    assert "Screening outcome: clear" in out
    assert "medical clearance: yes" in out
    assert "medical clearance is recorded" in out


def test_high_blood_pressure_means_no_plan_even_with_clearance(aicoach_home: Path) -> None:
    _setup("init", "--name", "Ada")
    _setup("wellness", "add", "--bp", "184/112")
    data = _screen_json("--all-no", "--clearance")
    assert data["outcome"] == "no-plan"
    assert data["reasons"] == [
        f"Resting blood pressure 184/112 mmHg on {_today()} is at or above "
        "180/110: no plan until it is lower; see a doctor."
    ]


def test_profile_injury_and_chinese_advice(aicoach_home: Path) -> None:
    _setup("init", "--name", "Ada", "--language", "zh", "--condition", "膝盖拉伤")
    data = _screen_json("--all-no")
    assert data["outcome"] == "light"
    assert "'膝盖拉伤'" in str(data["reasons"])
    assert str(data["advice"]).startswith("目前您的训练计划")


def test_show_before_any_screening_is_unscreened(aicoach_home: Path) -> None:
    _setup("init", "--name", "Ada")
    data = _screen_json("--show")
    assert data["outcome"] == "unscreened" and data["answers"] is None
    assert data["answered_on"] is None
    assert "aicoach screen" in str(data["advice"])


def test_no_flags_without_a_terminal_says_which_flags_to_use(aicoach_home: Path) -> None:
    _setup("init", "--name", "Ada")
    code, _, err = _screen()
    assert code == 1
    assert "--all-no" in err and "--yes-to" in err and "chest_pain" in err


def test_bad_flag_combinations_and_unknown_ids_exit_1(aicoach_home: Path) -> None:
    _setup("init", "--name", "Ada")
    code, _, err = _screen("--yes-to", "chestpain")
    assert code == 1 and "unknown question ids: chestpain" in err
    assert _screen("--all-no", "--yes-to", "chest_pain")[0] == 1
    assert _screen("--show", "--all-no")[0] == 1
    assert _screen("--all-no", "--athlete", "Bob")[0] == 1
    assert _screen_json("--show")["outcome"] == "unscreened"  # nothing was recorded


def test_interactive_prompts_in_the_athletes_language(
    aicoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _setup("init", "--name", "Ada", "--language", "zh")
    monkeypatch.setattr(screen_command, "stdin_is_terminal", lambda: True)
    replies = ["n"] * len(QUESTION_IDS)
    replies[QUESTION_IDS.index("active_injury")] = "y"
    code, out, err = _screen("--json", stdin="\n".join([*replies, "n"]) + "\n")
    assert code == 0, err
    assert "您现在是否有仍在疼痛或限制活动的伤病？" in err  # prompts keep stdout pure JSON
    assert "是否有医生已确认您可以进行高强度运动" in err
    data = json.loads(out[out.index("{") :])  # the test runner echoes typed replies to stdout
    assert data["outcome"] == "light" and data["medical_clearance"] is False
    assert data["answers"]["active_injury"] is True
    assert sum(data["answers"].values()) == 1
