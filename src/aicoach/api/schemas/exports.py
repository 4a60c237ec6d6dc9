"""Export formats."""

from __future__ import annotations

from typing import Literal

ExportFormatName = Literal["json", "csv", "fhir"]
