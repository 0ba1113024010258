"""`open_report`: the one way the command line and the app open a report, a file or a server URL."""

from __future__ import annotations

from pathlib import Path

from esgdesk.core.store.report import Report


def open_report(target: Path | str, *, readonly: bool = False, user: str | None = None, backup: bool = False) -> Report:
    """Open a report file, or a report on a server (`postgresql://…?report=ID`; psycopg loads only then)."""
    from esgdesk.core.server_url import is_url  # not at start-up: the app opens its first file by Report.open

    if is_url(target):
        from esgdesk.core.store.server.report import ServerReport

        return ServerReport.open_url(str(target), readonly=readonly)
    return Report.open(target, readonly=readonly, user=user, backup=backup)
