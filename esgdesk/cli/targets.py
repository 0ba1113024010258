"""A report on the command line: a file path, or a server report's URL (`postgresql://…?report=ID`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from esgdesk.core.server_url import as_target


class ReportTarget(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click stubs
    """PATH or URL: a URL stays text (a Path would fold its `//`); a path is checked as every report PATH
    always was (click's own message for a folder)."""

    name = "path|url"
    _path = click.Path(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path | str:
        target = value if isinstance(value, Path) else as_target(str(value))
        if isinstance(target, str):
            return target
        return Path(self._path.convert(target, param, ctx))


REPORT = ReportTarget()
