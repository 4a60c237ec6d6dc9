"""The API tests' server fixtures, shared with the dashboard's tests."""

from tests.api.conftest import client, make_user, server_settings  # noqa: F401
