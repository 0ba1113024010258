"""`ServerReport`: a report published on a PostgreSQL server, with the API of a report file.

It is a `Report` whose connection is a `ServerConnection` (the file's SQL, spoken to PostgreSQL), so
reads, rules and every write of `Batch` are the file store's own code. What a shared server adds:

- a batch is one PostgreSQL transaction that first takes the report's advisory lock, so appends to
  the audit chain are serialised exactly as SQLite's `BEGIN IMMEDIATE` serialises them on a file;
- a figure someone else changed since this report read it is a `Conflict`, never overwritten;
- each commit is announced (`NOTIFY`) and `poll` brings other people's edits into the open report and
  tells its listeners, as if they were its own.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import psycopg

from esgdesk.core import audit, schema
from esgdesk.core.errors import Conflict, Refused, UnusableInput
from esgdesk.core.server_url import ReportURL
from esgdesk.core.store.batch import VALUE_COLS, Batch, value_params
from esgdesk.core.store.db import write_error
from esgdesk.core.store.records import ValueKey, now_iso
from esgdesk.core.store.report import Report, _read_head
from esgdesk.core.store.server.connect import ServerUnavailable, check_server, connect, server_write_error
from esgdesk.core.store.server.dialect import ServerConnection, ServerError
from esgdesk.core.values import Change, Key, Value, value_from_row


def _show(v: Value | None) -> str:
    return (
        "(empty)" if v is None else (v.entered or str(v.number if v.number is not None else v.text or v.status.value))
    )


def conflict(key: ValueKey, base: Value | None, theirs: Value | None, mine: Value | None, *, where: str) -> Conflict:
    return Conflict(
        f"'{key[1]}' ({key[0]}, {key[2]}) was changed by someone else since it was read: the server "
        f"now holds {_show(theirs)}, this edit was {_show(mine)}; nothing was written",
        key=key,
        base=base,
        theirs=theirs,
        mine=mine,
        where=where,
    )


def _row_value(row: tuple[Any, ...] | None) -> Value | None:
    return None if row is None else value_from_row(tuple(row))


_SELECT_VALUE = f"SELECT {VALUE_COLS} FROM vals WHERE entity = ? AND indicator = ? AND year = ?"


class ServerBatch(Batch):
    """A batch on the server: each figure is compared with the server's before it is written."""

    def write_change(self, change: Change) -> None:
        k = (change.key.entity, change.key.indicator, change.key.year)
        first = k not in self._values
        if first:
            theirs = _row_value(self._db.execute(_SELECT_VALUE, k).fetchone())
            seen = self.report._value(k)
            if (theirs is None) != (seen is None) or (theirs and seen and value_params(theirs) != value_params(seen)):
                raise conflict(k, seen, theirs, change.new, where=str(self.report))
        super().write_change(change)
        if change.new is None and self._db.execute(_SELECT_VALUE, k).fetchone() is not None:
            # Row-level security hides a row from a DELETE it may not make instead of failing it.
            raise Refused(
                "the server refused the change: this user may change only its own department's figures "
                "of the current year, in sections not yet submitted",
                where=str(self.report),
            )


class ServerReport(Report):
    """A report on a PostgreSQL server; open it with `ServerReport.open_url` (or `store.open_report`)."""

    url: ReportURL
    schema_name: str
    _seen_seq: int  # the last audit entry this report has taken in
    _listen: psycopg.Connection[Any] | None  # the connection that LISTENs, made by the first `poll`
    department: str | None  # the department this database role enters figures for; None: the ESG office

    @classmethod
    def open_url(cls, text: str, *, readonly: bool = False) -> ServerReport:
        url = ReportURL.parse(text)
        if url.report is None:
            raise UnusableInput(
                "the URL names no report (add ?report=ID: esgdesk publish prints the whole URL)", where=url.shown
            )
        pg = connect(url)
        try:
            check_server(pg, url)
            row = pg.execute("SELECT schema_name, format FROM esgdesk.reports WHERE id = %s", (url.report,)).fetchone()
            if row is None:
                raise ServerUnavailable("there is no report with that id on this server", where=url.shown)
            if int(row[1]) != schema.SCHEMA_VERSION:
                newer = int(row[1]) > schema.SCHEMA_VERSION
                raise ServerUnavailable(
                    f"this report was published by {'a newer' if newer else 'an older'} esgdesk (report format "
                    f"{row[1]}; this esgdesk reads format {schema.SCHEMA_VERSION})"
                    + (": update esgdesk" if newer else ": check it out with that esgdesk and publish it again"),
                    where=url.shown,
                )
            schema_name = str(row[0])
            pg.execute(f"SET search_path TO {schema_name}")  # letters and digits only (ddl.report_schema_name)
            user = str(pg.execute("SELECT current_user").fetchone()[0])  # type: ignore[index]  # always a row
            member = pg.execute("SELECT department FROM esgdesk.members WHERE role = current_user").fetchone()
            conn = ServerConnection(pg)
            catalogue, meta = _read_head(cast(sqlite3.Connection, conn), Path(url.shown))
        except psycopg.Error as exc:
            pg.close()
            if isinstance(exc, psycopg.errors.InsufficientPrivilege):
                raise ServerUnavailable(
                    "this user may not read this report (ask the administrator: esgdesk server member)", where=url.shown
                ) from None
            raise ServerUnavailable(
                f"the server's esgdesk tables cannot be read ({str(exc).strip().splitlines()[0]}); "
                "its administrator runs esgdesk server init again",
                where=url.shown,
            ) from None
        except BaseException:
            pg.close()
            raise
        report = cls.__new__(cls)
        report.url = url
        report.schema_name = schema_name
        report._seen_seq = 0
        report._listen = None
        report.department = None if member is None else str(member[0])
        # The store's code runs on the server through the connection that speaks its SQL (`dialect`).
        Report.__init__(
            report,
            Path(url.shown),
            cast(sqlite3.Connection, conn),
            catalogue,
            meta,
            readonly=readonly,
            lock=None,
            user=user,
        )
        return report

    def __str__(self) -> str:
        return self.url.shown

    @property
    def _conn(self) -> ServerConnection:
        return cast(ServerConnection, self._db)

    def _load(self) -> None:
        # One snapshot for the rows and the log's last entry: `poll` catches up from exactly there.
        db = self._db
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try:
            super()._load()
            self._seen_seq = int(db.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0])
        finally:
            with contextlib.suppress(sqlite3.Error, psycopg.Error):
                if not self._closed:
                    db.execute("ROLLBACK")

    def _check_audit(self) -> list[str]:
        try:
            with self._write_lock:
                rows = self._db.execute(f"SELECT {audit.FIELDS}, hash FROM audit ORDER BY seq").fetchall()
                triggers = {
                    r[0]
                    for r in self._db.execute(
                        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit'::regclass"
                    ).fetchall()
                }
                head = self._db.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
        except sqlite3.Error as exc:
            return [f"the audit log cannot be read ({exc})"]
        problems = audit.verify_entries([(tuple(r[:-1]), str(r[-1])) for r in rows])
        last = (int(rows[-1][0]), str(rows[-1][-1])) if rows else (0, "")
        if head is None:
            problems.append("the audit log's head was removed on the server")
        elif int(head[0]) > last[0]:
            problems.append(f"audit entries {last[0] + 1}-{int(head[0])} are missing (removed from the end of the log)")
        elif (int(head[0]), str(head[1])) != last:
            problems.append(f"audit entry {last[0]} was changed outside esgdesk")
        if not {"audit_append_only", "audit_no_truncate", "audit_head_follow"} <= triggers:
            problems.append("the audit log's protection against changes was removed on the server")
        return problems

    def close(self) -> None:
        if self._listen is not None:
            with contextlib.suppress(psycopg.Error):
                self._listen.close()
            self._listen = None
        super().close()

    # -- writing ---------------------------------------------------------------------------------
    def may_change(self, indicator: str, year: int | None = None, entity: str | None = None) -> bool:
        """Whether this role may change the figure, as the database decides it (`ddl.may_edit`): the office
        always; a department its own figures of the current year, in sections of that entity not submitted."""
        if self.department is None:
            return True
        key = self._key(indicator, year, entity)
        with self._write_lock:
            row = self._db.execute("SELECT may_edit(?, ?, ?)", key).fetchone()
        return bool(row and row[0])

    def guard(
        self, change: Change, *, allow_computed: bool = False, restating: bool = False, kind_rules: bool = True
    ) -> None:
        super().guard(change, allow_computed=allow_computed, restating=restating, kind_rules=kind_rules)
        # The database refuses it anyway; asking it first words the refusal for the figure at hand.
        k = change.key
        if self.department is not None and not self.may_change(k.indicator, k.year, k.entity):
            owner = self.catalogue.owner_of(k.indicator)
            ind = self.indicator(k.indicator)
            why = (
                f"it belongs to '{owner}'"
                if owner != self.department
                else f"{k.year} is not this report's year"
                if k.year != self.year
                else "its section was submitted"
            )
            raise Refused(
                f"'{ind.label.en}' ({k.entity}, {k.year}) cannot be changed by '{self.department}' on "
                f"this server: {why}"
            )

    def _begin(self, statement: str) -> None:
        """Open a transaction; a connection lost while idle (a server restart, a network cut) is made again
        first, so the edit after a restart simply works. Nothing has been sent for the transaction yet, so
        trying again on a new connection cannot write anything twice."""
        pg = self._conn.pg
        if not (pg.closed or pg.broken):
            try:
                self._db.execute(statement)
                return
            except ServerError:
                if not (pg.closed or pg.broken):
                    raise
        fresh = connect(self.url)
        fresh.execute(f"SET search_path TO {self.schema_name}")
        with contextlib.suppress(psycopg.Error):
            pg.close()
        self._conn.pg = fresh
        self.notes.append("the connection to the server was lost and has been made again")
        self._db.execute(statement)

    @contextlib.contextmanager
    def batch(self, *, source: str = "app", why: str | None = None) -> Iterator[Batch]:
        self._check_writable()
        foreign: list[Change] = []
        with self._write_lock:
            db = self._db
            b = ServerBatch(self, db, at=now_iso(), source=source, why=why)
            committing, last_hash = False, None
            try:
                self._begin("BEGIN")
                # Serialises writers of this report, as BEGIN IMMEDIATE does on a file: the chain's head
                # is read and extended by one transaction at a time.
                db.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
                before = int(db.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0])
                yield b
                after = int(db.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0])
                if after > before:
                    last_hash = str(db.execute("SELECT hash FROM audit WHERE seq = ?", (after,)).fetchone()[0])
                    db.execute("SELECT pg_notify(current_schema(), ?)", (f"{before + 1}-{after}",))
                committing = True
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                # A COMMIT that got no answer may have been made: its last audit entry says whether it was.
                if not (committing and last_hash is not None and self._landed(after, last_hash)):
                    self._rollback()
                    pg = exc.pg if isinstance(exc, ServerError) else None
                    raise (
                        server_write_error(pg, self.url.shown)
                        if pg is not None
                        else write_error(exc, Path(self.url.shown))
                    ) from None
            except BaseException:
                self._rollback()
                raise
            finally:
                b._open = False
            b._publish()
            if before > self._seen_seq:  # others wrote since this report last looked: take their edits in
                foreign = self._catch_up(upto=before)
            self._seen_seq = max(self._seen_seq, after)
            self._integrity = None
        self._notify(foreign + b.changes if foreign else b.changes)

    def _landed(self, seq: int, digest: str) -> bool:
        """Whether the transaction that wrote audit entry `seq` with hash `digest` was committed, asked on a
        new connection after its COMMIT went unanswered (False when the server cannot be asked)."""
        from esgdesk.core.errors import EsgdeskError

        try:
            fresh = connect(self.url)
        except EsgdeskError:
            return False
        try:
            fresh.execute(f"SET search_path TO {self.schema_name}")
            found = fresh.execute("SELECT 1 FROM audit WHERE seq = %s AND hash = %s", (seq, digest)).fetchone()
        except psycopg.Error:
            fresh.close()
            return False
        with contextlib.suppress(psycopg.Error):
            self._conn.pg.close()
        self._conn.pg = fresh
        self.notes.append("the connection to the server was lost and has been made again")
        return found is not None

    def _rollback(self) -> None:
        with contextlib.suppress(sqlite3.Error, psycopg.Error):
            if self._conn.in_transaction:
                self._db.execute("ROLLBACK")

    # -- other people's edits ------------------------------------------------------------------------
    def listen_socket(self) -> int:
        """A socket that becomes readable when someone edits this report (for a QSocketNotifier)."""
        return self._listener().fileno()

    def _listener(self) -> psycopg.Connection[Any]:
        if self._listen is None or self._listen.closed or self._listen.broken:
            self._listen = connect(self.url)
            self._listen.execute(f'LISTEN "{self.schema_name}"')
        return self._listen

    def poll(self, timeout: float = 0.0) -> list[Change]:
        """Other people's edits announced since the last call (waiting up to `timeout` seconds for one):
        taken into the report, and its listeners told. Returns the figures that changed."""
        fresh = self._listen is None
        try:
            heard = list(self._listener().notifies(timeout=timeout, stop_after=1 if timeout else None))
        except psycopg.Error:
            with contextlib.suppress(psycopg.Error):
                if self._listen is not None:
                    self._listen.close()
            self._listen = None  # made again on the next call; catching up below covers the gap
            heard = [None]  # type: ignore[list-item]
        if not heard and not fresh:
            return []
        return self.refresh()  # the first call also takes in whatever happened before it listened

    def refresh(self) -> list[Change]:
        """Take in every edit made on the server since this report last looked; listeners are told (with
        the figures that changed, or with none when only explanations, states or the like did)."""
        with self._write_lock:
            before = self._seen_seq
            changes = self._catch_up()
            taken = self._seen_seq != before
        if taken:
            self._notify(changes)
        return changes

    def _catch_up(self, upto: int | None = None) -> list[Change]:
        db = self._db
        self._begin("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try:
            top = int(db.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0])
            top = top if upto is None else min(top, upto)
            if top <= self._seen_seq:
                return []
            entries = db.execute(
                "SELECT DISTINCT field, entity, indicator, year FROM audit WHERE seq > ? AND seq <= ?",
                (self._seen_seq, top),
            ).fetchall()
            changes: list[Change] = []
            for field, ent, ind, yr in entries:
                if field != "value":
                    continue
                key = (ent, ind, int(yr))
                new = _row_value(db.execute(_SELECT_VALUE, key).fetchone())
                old = self._value(key)
                if (new is None) != (old is None) or (new and old and value_params(new) != value_params(old)):
                    if new is None:
                        self._values.pop(key, None)
                    else:
                        self._values[key] = new
                    changes.append(Change(Key(*key), old, new, None, "server"))
            if any(e[0] != "value" for e in entries):
                catalogue, meta = _read_head(db, self.path)
                self.catalogue, self.meta = catalogue, meta
                self._reload_entities()
                self._load_annotations()
                self._guards_for = None
            self._seen_seq = top
            self._integrity = None
            return changes
        finally:
            self._rollback()

    def _reload_entities(self) -> None:
        from esgdesk.core.store.records import Entity
        from esgdesk.core.units import UnitTable

        self.units = UnitTable(self.catalogue.units)
        self.entities = {
            r[0]: Entity(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7])
            for r in self._db.execute(
                "SELECT id, name, identifier, scheme, parent, in_scope, ownership, position "
                "FROM entities ORDER BY position, id"
            ).fetchall()
        }

    # -- what a file does differently ---------------------------------------------------------------
    def backup(self, reason: str) -> Path:
        """A copy of the report as it is now, written as a report file among the user's backups of it
        (`esgdesk backups URL`); the server's own backups are its administrator's."""
        from esgdesk.core.backups import KEEP, _prune, backup_dir, backup_name
        from esgdesk.core.store.server.to_file import write_file

        where = self.url.with_report(self.meta.report_id)
        return _prune(where, KEEP, write_file(self, backup_dir(where) / backup_name(reason)))

    def save_copy(self, path: Path | str, *, overwrite: bool = False) -> Path:
        from esgdesk.core.store.server.to_file import write_file

        return write_file(self, Path(path), overwrite=overwrite)
