"""Rendering for people (Rich) and for scripts (JSON on stdout)."""

from __future__ import annotations

import json
import math
import sys
from datetime import date, datetime
from enum import Enum
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.text import Text

console = Console()
error_console = Console(stderr=True)


def print_json(value: object) -> None:
    """Write ``value`` as JSON to stdout; NaN becomes null, dates become ISO 8601."""
    sys.stdout.write(json.dumps(_jsonable(value), ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(_jsonable(key)): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "tolist"):
        return _jsonable(value.tolist())
    return value


def plain(value: object) -> Text:
    """A table cell shown exactly as written: user text such as "[demo] Easy run" is not markup."""
    return Text(str(value))


def literal(value: object) -> str:
    """User text inside a markup string, escaped so brackets show as written."""
    return escape(str(value))


def show_value(value: object, unit: str = "", digits: int = 0) -> str:
    """A table cell: a dash for missing values, else the number with its unit."""
    if value is None:
        return "–"
    if isinstance(value, float):
        value = f"{value:.{digits}f}"
    return f"{value} {unit}".strip()
