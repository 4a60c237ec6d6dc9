"""Mounting the dashboard's pages and static files on the API application.

Everything the pages load is served from here: our CSS and JS, HTMX (vendored under
``static/vendor``) and Plotly (the file shipped inside the ``plotly`` Python package), so the
dashboard works without any outside network.
"""

from __future__ import annotations

import importlib.resources
from functools import cache

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from aicoach.web import actions, pages
from aicoach.web.context import LoginRequiredError, PageNotFoundError
from aicoach.web.templating import STATIC_DIR, render

PLOTLY_PATH = "/static/vendor/plotly.min.js"
LONG_CACHE = "public, max-age=31536000, immutable"


@cache
def plotly_js() -> bytes:
    """``plotly.min.js`` from the installed ``plotly`` package (read once)."""
    return (importlib.resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()


def install_web(app: FastAPI) -> None:
    """Add the dashboard's routes (pages, static files) to ``app``."""

    @app.get(PLOTLY_PATH, include_in_schema=False)
    def plotly() -> Response:
        return Response(
            plotly_js(),
            media_type="text/javascript",
            headers={"Cache-Control": LONG_CACHE},
        )

    app.include_router(pages.router)
    app.include_router(actions.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    async def to_login(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequiredError)
        return RedirectResponse(exc.next_url, status_code=303)

    async def not_found(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageNotFoundError)
        return render(request, "404.html", exc.language, status_code=404, page=None)

    app.add_exception_handler(LoginRequiredError, to_login)
    app.add_exception_handler(PageNotFoundError, not_found)
