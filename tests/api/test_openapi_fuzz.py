"""Schemathesis against the OpenAPI document: no generated request makes the server fail.

Cases are generated from the schema for every operation (valid and invalid inputs), sent by
a logged-in athlete to their own athlete id so that they reach the handlers; any 5xx is a
failure. Operations that would end the session (logout, erasure, token revocation,
password change) are left out so the rest keep their login.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from aicoach.api.app import create_app
from aicoach.settings import Settings
from tests.api.conftest import register

ENDS_THE_SESSION = {
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/me/erase"),
    ("POST", "/api/v1/me/password"),
    ("DELETE", "/api/v1/auth/tokens/{token_id}"),
}
EXAMPLES_PER_OPERATION = 3


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_never_fail_the_server(
    mode: GenerationMode, tmp_path: Path, database_url: str
) -> None:
    app = create_app(
        Settings(home=tmp_path / "home", database_url=database_url, llm_backend="templates")
    )
    with TestClient(app) as client:
        user = register(client, "fuzz@example.org")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in ENDS_THE_SESSION:
            continue
        fixed = {"athlete_id": user.athlete_id} if "{athlete_id}" in operation.path else None
        strategy = operation.as_strategy(
            generation_mode=mode, path_parameters=fixed, headers=user.headers
        )
        check_operation(strategy, failures)
        checked += 1
    assert checked >= 10
    assert failures == []


def check_operation(strategy: object, failures: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: schemathesis.Case) -> None:
        response = case.call()
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

    # no invalid input exists for an operation without parameters or body
    with contextlib.suppress(Unsatisfiable):
        run()
