"""A report on the command line: a file path, or a server report's URL (`postgresql://…?report=ID`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from esgdesk.core.server_url import as_target


class ReportTarget(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click stubs
    """PATH or URL: a URL stays text (a Path would fold its `//`), anything else becomes a Path."""

    name = "path|url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path | str:
        if isinstance(value, Path):
            return value
        return as_target(str(value))


REPORT = ReportTarget()
