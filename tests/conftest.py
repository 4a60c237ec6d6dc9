"""Shared fixtures: the reference data in ../shared and database engines to test against."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The ../shared/data folder; tests that use it skip cleanly when it is absent."""
    if not SHARED_DATA_DIR.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA_DIR
