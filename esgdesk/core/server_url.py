"""Report URLs: `postgresql://[user@]host[:port]/database?report=ID` (any libpq URL, plus `report`).

Kept free of psycopg so that telling a URL from a file path costs nothing at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from esgdesk.core.errors import UnusableInput

SCHEMES = ("postgresql://", "postgres://")


def is_url(target: object) -> bool:
    """True when `target` names a report on a server rather than a file."""
    return isinstance(target, str) and target.startswith(SCHEMES)


@dataclass(frozen=True, slots=True)
class ReportURL:
    """Where a server report is: the connection string (without `report`) and the report's id."""

    dsn: str
    report: str | None

    @classmethod
    def parse(cls, text: str) -> ReportURL:
        if not is_url(text):
            raise UnusableInput("not a PostgreSQL URL (postgresql://host/database?report=ID)", where=text)
        parts = urlsplit(text)
        query = parse_qsl(parts.query, keep_blank_values=True)
        report = next((v for k, v in query if k == "report"), None)
        rest = urlencode([(k, v) for k, v in query if k != "report"])
        return cls(_join(parts.scheme, parts.netloc, parts.path, rest), report or None)

    def with_report(self, report: str) -> str:
        parts = urlsplit(self.dsn)
        query = [*parse_qsl(parts.query, keep_blank_values=True), ("report", report)]
        return _join(parts.scheme, parts.netloc, parts.path, urlencode(query))

    @property
    def shown(self) -> str:
        """The URL as messages show it: never with a password."""
        parts = urlsplit(self.dsn if self.report is None else self.with_report(self.report))
        netloc = parts.netloc
        if "@" in netloc:
            cred, host = netloc.rsplit("@", 1)
            netloc = f"{cred.split(':', 1)[0]}@{host}"
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "password"])
        return _join(parts.scheme, netloc, parts.path, query)


def _join(scheme: str, netloc: str, path: str, query: str) -> str:
    # urlunsplit drops the `//` of a URL without a host (`postgresql:///db?host=/socket`), which libpq needs.
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def as_target(text: str) -> str | Path:
    """A command-line argument as a report target: a URL stays text, anything else is a path."""
    return text if is_url(text) else Path(text)
