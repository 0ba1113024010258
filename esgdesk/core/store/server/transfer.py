"""Preparing a server (`esgdesk server init`), and moving a report between a file and a server:
`publish` copies a file's rows into a new report schema, `checkout` writes a server report's rows
into a new report file. Rows are copied as stored, audit hashes included, so a report that goes to
the server and comes back is the same report, its audit chain intact.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import psycopg

from esgdesk.core import schema
from esgdesk.core.errors import Refused, ReportFileError
from esgdesk.core.server_url import ReportURL
from esgdesk.core.store.integrity import IntegrityResult
from esgdesk.core.store.records import now_iso
from esgdesk.core.store.report import Report
from esgdesk.core.store.server.connect import ServerUnavailable, check_server, connect, connect_error
from esgdesk.core.store.server.ddl import (
    DEPARTMENT_ROLE,
    IDENTITY_COLUMNS,
    OFFICE_ROLE,
    SERVER_DDL,
    SERVER_SCHEMA_VERSION,
    create_table_sql,
    indexes,
    quote,
    report_schema_name,
    secure_report_sql,
    tables,
)
from esgdesk.core.store.server.report import ServerReport
from esgdesk.core.store.server.to_file import write_file


def _admin_error(exc: psycopg.Error, url: ReportURL) -> ServerUnavailable:
    if getattr(exc, "sqlstate", "") == "42501":
        return ServerUnavailable(
            "this user may not prepare the database: run it as the database's owner with "
            "the right to create roles (or as a superuser)",
            where=url.shown,
        )
    return ServerUnavailable(f"the server refused ({str(exc).strip().splitlines()[0]})", where=url.shown)


def init_server(dsn: str) -> int:
    """Prepare a database: the `esgdesk` schema, the office and department roles, and (again, for reports
    already published) every report's privileges and policies. Safe to run again. Returns how many reports
    the database holds."""
    url = ReportURL.parse(dsn)
    pg = connect(url)
    try:
        try:
            row = pg.execute("SELECT value FROM esgdesk.info WHERE key = 'schema_version'").fetchone()
        except psycopg.errors.UndefinedTable:
            row = None
        if row is not None and int(row[0]) > SERVER_SCHEMA_VERSION:
            raise ServerUnavailable(
                f"this database was prepared by a newer esgdesk (server format {row[0]}): update esgdesk",
                where=url.shown,
            )
        try:
            with pg.transaction():
                pg.execute(SERVER_DDL)  # several statements: no parameters
                pg.execute(
                    "INSERT INTO esgdesk.info (key, value) VALUES ('schema_version', %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                    (str(SERVER_SCHEMA_VERSION),),
                )
                reports = [r[0] for r in pg.execute("SELECT schema_name FROM esgdesk.reports").fetchall()]
                for s in reports:
                    for statement in secure_report_sql(s):
                        pg.execute(statement)
        except psycopg.Error as exc:
            raise _admin_error(exc, url) from None
        return len(reports)
    finally:
        pg.close()


def add_member(dsn: str, role: str, department: str | None) -> None:
    """Let database role `role` work on the server's reports: as the ESG office (None) or as a department."""
    url = ReportURL.parse(dsn)
    pg = connect(url)
    try:
        check_server(pg, url)
        exists = pg.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if exists is None:
            raise ServerUnavailable(
                f"the server has no role '{role}' (create it first: CREATE ROLE {role} LOGIN)", where=url.shown
            )
        name = psycopg.sql.Identifier(role)
        try:
            with pg.transaction():
                if department is None:
                    pg.execute(
                        psycopg.sql.SQL("REVOKE {} FROM {}").format(psycopg.sql.Identifier(DEPARTMENT_ROLE), name)
                    )
                    pg.execute(psycopg.sql.SQL("GRANT {} TO {}").format(psycopg.sql.Identifier(OFFICE_ROLE), name))
                    pg.execute("DELETE FROM esgdesk.members WHERE role = %s", (role,))
                else:
                    pg.execute(psycopg.sql.SQL("REVOKE {} FROM {}").format(psycopg.sql.Identifier(OFFICE_ROLE), name))
                    pg.execute(psycopg.sql.SQL("GRANT {} TO {}").format(psycopg.sql.Identifier(DEPARTMENT_ROLE), name))
                    pg.execute(
                        "INSERT INTO esgdesk.members (role, department) VALUES (%s, %s) "
                        "ON CONFLICT (role) DO UPDATE SET department = EXCLUDED.department",
                        (role, department),
                    )
        except psycopg.Error as exc:
            raise _admin_error(exc, url) from None
    finally:
        pg.close()


_INDEX_ON = re.compile(r"\bON\s+(\w+)\s*\(")


def publish(path: Path, dsn: str) -> str:
    """Put the report file `path` on the server; returns its URL."""
    url = ReportURL.parse(dsn)
    with Report.open(path, readonly=True) as rep:
        problems = rep.integrity_problems
        if problems:
            raise Refused(f"the report's audit log is damaged ({problems[0]}); it is not published", where=str(path))
        report_id = rep.meta.report_id
        src = rep.connection()
        pg = connect(url)
        try:
            check_server(pg, url)
            target = url.with_report(report_id)
            if pg.execute("SELECT 1 FROM esgdesk.reports WHERE id = %s", (report_id,)).fetchone():
                raise Refused(f"this report is on the server already: {ReportURL.parse(target).shown}", where=str(path))
            s = report_schema_name(report_id)
            try:
                with pg.transaction():
                    pg.execute(f"CREATE SCHEMA {s}")
                    for t in tables():
                        pg.execute(create_table_sql(t, s))
                    for index in indexes():
                        pg.execute(_INDEX_ON.sub(lambda m: f"ON {s}.{m.group(1)} (", index, count=1))
                    for t in tables():
                        cols = ", ".join(t.names)
                        with pg.cursor().copy(
                            f"COPY {s}.{t.name} ({', '.join(quote(c) for c in t.names)}) FROM STDIN"
                        ) as copy:
                            for row in src.execute(f"SELECT {cols} FROM {t.name}"):
                                copy.write_row(row)
                    for table, col in IDENTITY_COLUMNS.items():
                        pg.execute(
                            f"SELECT setval(pg_get_serial_sequence('{s}.{table}', '{col}'), "
                            f"coalesce(max({col}), 0) + 1, false) FROM {s}.{table}"
                        )
                    for statement in secure_report_sql(s):
                        pg.execute(statement)
                    pg.execute(
                        "INSERT INTO esgdesk.reports (id, schema_name, company, year, published_at, published_by, "
                        "format) VALUES (%s, %s, %s, %s, %s, current_user, %s)",
                        (report_id, s, rep.meta.company, rep.meta.year, now_iso(), schema.SCHEMA_VERSION),
                    )
            except psycopg.Error as exc:
                raise _admin_error(exc, url) from None
        finally:
            pg.close()
    return target


def checkout(url: str, target: Path, *, overwrite: bool = False) -> Path:
    """Write the server report at `url` into a new report file `target`."""
    rep = ServerReport.open_url(url, readonly=True)
    try:
        return write_file(rep, target, overwrite=overwrite)
    finally:
        rep.close()


def check(url: str) -> IntegrityResult:
    """`esgdesk check` of a server report: its audit chain, and every figure against its log."""
    from esgdesk.core.store.integrity import check_contents

    rep = ServerReport.open_url(url, readonly=True)
    try:
        with rep._write_lock:
            return check_contents(rep.connection(), Path(rep.url.shown), "ok", list(rep.integrity_problems))
    except sqlite3.Error as exc:
        raise ReportFileError(f"the report cannot be checked ({exc})", where=rep.url.shown) from None
    finally:
        rep.close()


__all__ = ["check", "add_member", "checkout", "connect_error", "init_server", "publish"]
