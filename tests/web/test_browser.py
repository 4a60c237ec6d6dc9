"""One person's whole journey through the dashboard in headless Chromium, against a real
uvicorn server on a temporary home and SQLite database.

Register, upload a device file, see it charted, rate today's recommendation, chat with the
coach, export the account, check every page at phone width, delete the account, and find
that the login no longer works. Skips when Playwright or Chromium is not installed (browsers
are never downloaded) or when ../shared/data is absent.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import PASSWORD

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
EMAIL = "runner@example.org"
PHONE = {"width": 375, "height": 800}
PAGES = ["/", "/training", "/health", "/plan", "/chat", "/upload", "/settings", "/teams"]
TIMEOUT_MS = 30_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``uvicorn`` serving ``create_app()`` with the scripted coach model; its base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "AICOACH_HOME": str(tmp_path / "home"),
        "AICOACH_DATABASE_URL": f"sqlite:///{tmp_path / 'server.sqlite3'}",
        "AICOACH_LLM_BACKEND": "scripted",
    }
    env.pop("AICOACH_REDIS_URL", None)
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "aicoach.api.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, tmp_path / "server.log")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {log.read_text()}")
        try:
            with urllib.request.urlopen(base + "/login", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail("the server did not start within 30 s")


def _plot_points(page: Any, chart: str) -> int:
    """Points drawn by Plotly in the ``data-chart`` element (0 when nothing rendered)."""
    selector = f'[data-chart="{chart}"]'
    page.wait_for_selector(f"{selector} .main-svg", timeout=TIMEOUT_MS)
    points: int = page.eval_on_selector(
        selector,
        "el => (el.data || [])"
        ".reduce((n, t) => n + ((t.y || []).filter(v => v !== null).length), 0)",
    )
    return points


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium executable on PATH")
def test_an_athletes_journey_through_the_dashboard(
    server: str, shared_data: Path, tmp_path: Path
) -> None:
    fit_file = shared_data / "activities" / "6449921903_ACTIVITY.fit"
    if not fit_file.is_file():
        pytest.skip(f"{fit_file} is not present")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            context = browser.new_context(base_url=server, accept_downloads=True)
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            _register(page)
            _upload(page, fit_file)
            _training_and_activity(page)
            _rate_today(page)
            _chat(page)
            _export(page, tmp_path)
            _phone_width(context, tmp_path)
            _delete_account(page)
            _login_fails(page)
        finally:
            browser.close()


def _register(page: Any) -> None:
    page.goto("/training")
    assert "/login?next=%2Ftraining" in page.url
    page.click("text=Create an account")
    page.fill("#display_name", "Rita Runner")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_function(
        "location.pathname === '/' || !document.getElementById('register-message')?.hidden"
    )
    page.wait_for_load_state("load")
    assert page.url.endswith("/"), page.inner_text("#register-message")
    assert page.locator("h1").first.inner_text().startswith("Today")


def _upload(page: Any, fit_file: Path) -> None:
    page.goto("/upload")
    page.set_input_files("#file", str(fit_file))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#upload-form[data-job-status]", timeout=45_000)
    status = page.get_attribute("#upload-form", "data-job-status")
    message = page.inner_text("#upload-message")
    assert status == "done", message
    assert "imported" in message
    assert page.eval_on_selector("#upload-progress", "el => el.value === el.max")


def _training_and_activity(page: Any) -> None:
    page.goto("/training")
    assert _plot_points(page, "fitness") > 0
    links = page.locator("#activity-list a")
    assert links.count() == 1
    links.first.click()
    page.wait_for_url("**/activities/*")
    assert _plot_points(page, "streams") > 100
    assert "running" in page.inner_text("h1").lower() or "cycling" in page.inner_text("h1").lower()


def _rate_today(page: Any) -> None:
    page.goto("/")
    assert page.locator(".rec-title").count() == 1
    page.select_option("#rating", "4")
    page.fill("#rpe", "5")
    page.click("#feedback-done")
    stored = page.wait_for_selector("#feedback-stored")
    assert "4/5" in stored.inner_text()
    page.reload()
    assert "4/5" in page.inner_text("#feedback-stored")  # stored, not just shown


def _chat(page: Any) -> None:
    page.goto("/chat")
    page.fill("#message", "How is my training load this week?")
    page.click("#chat-form button[type=submit]")
    reply = page.wait_for_selector('.from-coach[data-state="done"]', timeout=45_000)
    assert len(reply.inner_text().strip()) > 20


def _export(page: Any, tmp_path: Path) -> None:
    page.goto("/settings")
    assert page.inner_text("#llm-backend") == "scripted"
    with page.expect_download() as info:
        page.click("#export-json")
    saved = tmp_path / "export.json"
    info.value.save_as(saved)
    document = json.loads(saved.read_text())
    assert len(document["activities"]) == 1, list(document)


def _phone_width(context: Any, tmp_path: Path) -> None:
    phone = context.new_page()
    phone.set_viewport_size(PHONE)
    for path in PAGES:
        phone.goto(path)
        phone.wait_for_load_state("load")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide at phone width"
    phone.goto("/training")
    phone.wait_for_selector('[data-chart="fitness"] .main-svg')
    phone.screenshot(path=str(tmp_path / "training-phone.png"), full_page=True)
    assert (tmp_path / "training-phone.png").stat().st_size > 10_000
    phone.close()


def _delete_account(page: Any) -> None:
    page.goto("/settings")
    page.fill("#erase-email", EMAIL)
    page.fill("#erase-password", PASSWORD)
    page.click("#erase-button")
    page.wait_for_url("**/login")


def _login_fails(page: Any) -> None:
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    message = page.wait_for_selector("#login-message:not([hidden])")
    assert "wrong e-mail or password" in message.inner_text()
    page.goto("/training")
    assert "/login" in page.url
