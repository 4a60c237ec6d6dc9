"""The Jinja2 environment and one ``render`` for every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from aicoach.web.i18n import translator

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=TEMPLATES_DIR)


def _minutes(seconds: object) -> str:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return "—"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _number(value: object, digits: int = 1) -> str:
    """A number rounded for display; a missing one (None or undefined) shows as a dash."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "—"
    return f"{value:.{digits}f}"


templates.env.filters["hms"] = _minutes
templates.env.filters["num"] = _number


def render(
    request: Request,
    name: str,
    language: str,
    status_code: int = 200,
    **values: Any,
) -> Response:
    """The template ``name`` with the translator ``t`` and the page language ``lang``."""
    context = {"t": translator(language), "lang": language, **values}
    return templates.TemplateResponse(request, name, context, status_code=status_code)
