"""Mounting the dashboard's pages and static files on the API application."""

from __future__ import annotations

from fastapi import FastAPI


def install_web(app: FastAPI) -> None:
    """Add the dashboard's routes (pages, static files) to ``app``."""
