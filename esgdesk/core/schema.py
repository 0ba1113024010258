"""The report file format: an SQLite database, its schema version and the migrations between versions."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x45534744  # "ESGD": tells our files from any other SQLite database
SCHEMA_VERSION = 3
FILE_SUFFIX = ".esg"

# Version 1 as it shipped, kept so that migration from it is tested against the real thing.
SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE catalogue (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL, fingerprint TEXT NOT NULL);
CREATE TABLE entities (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, identifier TEXT NOT NULL DEFAULT '', scheme TEXT NOT NULL DEFAULT '',
    parent TEXT, in_scope INTEGER NOT NULL DEFAULT 1, ownership REAL NOT NULL DEFAULT 1.0,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE vals (
    entity TEXT NOT NULL, indicator TEXT NOT NULL, year INTEGER NOT NULL,
    status TEXT NOT NULL, qualifier TEXT NOT NULL DEFAULT '', entered TEXT NOT NULL DEFAULT '',
    entered_unit TEXT, num REAL, low REAL, high REAL, text TEXT, decimals INTEGER, reason TEXT,
    detection_limit REAL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, source TEXT NOT NULL DEFAULT 'app',
    PRIMARY KEY (entity, indicator, year)
) WITHOUT ROWID;
CREATE TABLE explanations (
    entity TEXT NOT NULL, indicator TEXT NOT NULL, year INTEGER NOT NULL, text TEXT NOT NULL,
    author TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (entity, indicator, year)
) WITHOUT ROWID;
CREATE TABLE section_states (
    entity TEXT NOT NULL, section TEXT NOT NULL, state TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL,
    comment TEXT, PRIMARY KEY (entity, section)
) WITHOUT ROWID;
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL, entity TEXT, indicator TEXT,
    year INTEGER, field TEXT NOT NULL, old TEXT, new TEXT, why TEXT, source TEXT NOT NULL
);
"""


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: `executescript` would commit, and migrations must stay atomic."""
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


def _v1_to_v2(db: sqlite3.Connection) -> None:
    """Version 2: acknowledgements of findings, and a hash chain that makes the audit log tamper-evident."""
    run_script(
        db,
        """
        CREATE TABLE acks (
            entity TEXT NOT NULL, indicator TEXT NOT NULL, year INTEGER NOT NULL, rule TEXT NOT NULL,
            note TEXT, author TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (entity, indicator, year, rule)
        ) WITHOUT ROWID;
        ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
        CREATE INDEX audit_by_indicator ON audit (indicator, entity, year);
        """,
    )
    from esgdesk.core.store.audit_log import rehash_all  # a v1 log has no chain yet: start it from its rows

    rehash_all(db)


# Version 3: what an assurance provider asks for. Years marked published (their figures are restated,
# never edited), restatements keeping the value as first published, evidence files stored once by
# their SHA-256 and attached to figures or sections, and a base year per indicator.
SCHEMA_V3_ADDED = """
CREATE TABLE published_years (year INTEGER PRIMARY KEY, by TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE restatements (
    entity TEXT NOT NULL, indicator TEXT NOT NULL, year INTEGER NOT NULL, previous TEXT NOT NULL,
    reason TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (entity, indicator, year)
) WITHOUT ROWID;
CREATE TABLE evidence_files (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL, indicator TEXT, section TEXT, year INTEGER NOT NULL,
    name TEXT NOT NULL, sha256 TEXT NOT NULL REFERENCES evidence_files (sha256), size INTEGER NOT NULL,
    note TEXT, added_by TEXT NOT NULL, added_at TEXT NOT NULL,
    CHECK ((indicator IS NULL) <> (section IS NULL))
);
CREATE INDEX attachments_by_target ON attachments (indicator, section, entity, year);
CREATE TABLE base_years (indicator TEXT PRIMARY KEY, year INTEGER NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL)
    WITHOUT ROWID;
"""


def _v2_to_v3(db: sqlite3.Connection) -> None:
    run_script(db, SCHEMA_V3_ADDED)
    # A file that was rolled forward holds a prior year that was published with the report before it.
    row = db.execute("SELECT value FROM meta WHERE key = 'meta'").fetchone()
    meta = json.loads(row[0]) if row else {}
    if (
        isinstance(meta, dict)
        and isinstance(meta.get("extra"), dict)
        and meta["extra"].get("previous_report_id")
        and isinstance(meta.get("year"), int)
    ):
        db.execute(
            "INSERT INTO published_years (year, by, at) VALUES (?, ?, ?)",
            (meta["year"] - 1, "migration", str(meta.get("created_at", ""))),
        )


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3}

APPEND_ONLY_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
)


APPEND_ONLY_SINCE = 2  # format 1 had no protection on its audit log


def build_schema(db: sqlite3.Connection, version: int) -> None:
    """The tables, indexes and triggers of format `version`, as esgdesk wrote files of that version.

    New reports are made with it, and `schema_check` builds each version's schema with it in memory
    to compare every opened file with: what a format holds is defined here once, by its DDL.
    """
    run_script(db, SCHEMA_V1)
    for step in range(1, version):
        MIGRATIONS[step](db)
    if version >= APPEND_ONLY_SINCE:
        for trigger in APPEND_ONLY_TRIGGERS:
            db.execute(trigger)


def create_schema(db: sqlite3.Connection) -> None:
    build_schema(db, SCHEMA_VERSION)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def migrate(db: sqlite3.Connection, from_version: int) -> None:
    """Bring a file from `from_version` to the current version inside one transaction."""
    db.execute("DROP TRIGGER IF EXISTS audit_no_update")
    db.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    for version in range(from_version, SCHEMA_VERSION):
        MIGRATIONS[version](db)
    for trigger in APPEND_ONLY_TRIGGERS:
        db.execute(trigger)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
