"""Connecting to the server, and its failures in plain words: one clear message each."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from esgdesk.core.errors import EsgdeskError, Refused, UnusableInput, WriteError
from esgdesk.core.server_url import ReportURL
from esgdesk.core.store.server.ddl import SERVER_SCHEMA_VERSION
from esgdesk.core.store.server.dialect import ServerError


class ServerUnavailable(UnusableInput):
    """The server cannot be reached, refuses the login, or holds no esgdesk database."""


# Over TCP, a network that drops away silently (a VPN cut, a sleeping laptop) would otherwise hold an edit
# until the system's retransmission timeout, about a quarter of an hour: with these the edit fails within
# about half a minute and the app says so. libpq ignores them on a Unix socket; the URL's own settings win.
_NETWORK_DEFAULTS = {
    "connect_timeout": "10",
    "keepalives": "1",
    "keepalives_idle": "30",
    "keepalives_interval": "10",
    "keepalives_count": "3",
    "tcp_user_timeout": "30000",
}


def connect(url: ReportURL) -> psycopg.Connection[Any]:
    """An autocommit connection (transactions are explicit, as on a file), or a plain-words error."""
    try:
        given = conninfo_to_dict(url.dsn)
        extra = {k: v for k, v in _NETWORK_DEFAULTS.items() if k not in given}
        return psycopg.connect(make_conninfo(url.dsn, **extra), autocommit=True, application_name="esgdesk")
    except psycopg.Error as exc:
        raise connect_error(exc, url) from None


def connect_error(exc: psycopg.Error, url: ReportURL) -> EsgdeskError:
    text = str(exc).lower()
    where = url.shown
    if "password authentication failed" in text or "no password supplied" in text or "authentication failed" in text:
        return ServerUnavailable(
            "the server refused the login: wrong user name or password (esgdesk reads the "
            "password from the usual PostgreSQL places: ~/.pgpass, PGPASSFILE or a service file)",
            where=where,
        )
    if "does not exist" in text and "database" in text:
        return ServerUnavailable("there is no such database on the server", where=where)
    if "role" in text and "does not exist" in text:
        return ServerUnavailable("the server knows no such user", where=where)
    if "permission denied" in text or "not permitted" in text:
        return ServerUnavailable("the server does not let this user connect to the database", where=where)
    return ServerUnavailable("cannot reach the server (is it running, and are host and port right?)", where=where)


def check_server(pg: psycopg.Connection[Any], url: ReportURL) -> None:
    """Refuse a database esgdesk has not prepared, or one prepared by a newer esgdesk."""
    try:
        row = pg.execute("SELECT value FROM esgdesk.info WHERE key = 'schema_version'").fetchone()
    except psycopg.errors.UndefinedTable:
        raise ServerUnavailable(
            "this database holds no esgdesk reports (its administrator prepares it with: esgdesk server init DSN)",
            where=url.shown,
        ) from None
    except psycopg.errors.InsufficientPrivilege:
        raise ServerUnavailable(
            "this user may not read esgdesk reports on this database (ask the administrator "
            "to make it an office or department member: esgdesk server member)",
            where=url.shown,
        ) from None
    except psycopg.Error as exc:
        raise connect_error(exc, url) from None
    version = int(row[0]) if row else 0
    if version > SERVER_SCHEMA_VERSION:
        raise ServerUnavailable(
            f"this database was prepared by a newer esgdesk (server format {version}; this "
            f"esgdesk reads format {SERVER_SCHEMA_VERSION}): update esgdesk",
            where=url.shown,
        )
    if version < 1:
        raise ServerUnavailable(
            "this database holds no esgdesk reports (its administrator prepares it with: esgdesk server init DSN)",
            where=url.shown,
        )


def server_write_error(exc: ServerError | psycopg.Error, where: str) -> EsgdeskError:
    """A failed write on the server, in plain words; nothing of it was kept."""
    pg = exc.pg if isinstance(exc, ServerError) else exc
    state = getattr(pg, "sqlstate", None) or ""
    if state == "42501" or "row-level security" in str(pg):
        return Refused(
            "the server refused the change: this user may change only its own department's figures "
            "of the current year, in sections not yet submitted",
            where=where,
        )
    if isinstance(pg, psycopg.OperationalError) or state.startswith("08") or state.startswith("57"):
        return WriteError(
            "the connection to the server was lost: the change was not saved; esgdesk reconnects on the next edit",
            where=where,
        )
    return WriteError(
        f"the server did not save the change ({str(pg).strip().splitlines()[0] if str(pg).strip() else state})",
        where=where,
    )
