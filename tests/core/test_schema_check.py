"""A report file's schema must be exactly its format version's; the store's own files (new and
migrated) are, and connections are opened with SQLite's settings for untrusted files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from esgdesk.core import schema, schema_check
from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import ReportFileError
from esgdesk.core.store import Report
from esgdesk.core.store.integrity import check_report
from tests.core.test_store import _v1_file


def _schema_of(path: Path) -> schema_check.Schema:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return schema_check.read_schema(db)
    finally:
        db.close()


@pytest.fixture
def mini_path(tmp_path: Path, mini_catalogue: Catalogue) -> Path:
    path = tmp_path / "mini.esg"
    Report.create(path, mini_catalogue, company="ACME Ltd", year=2023, entity_id="acme").close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_migrated_format_1_file_has_exactly_a_new_files_schema(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    old = tmp_path / "old.esg"
    _v1_file(old, mini_catalogue)
    Report.open(old).close()  # migrates it in place
    new = tmp_path / "new.esg"
    Report.create(new, mini_catalogue, company="New Co", year=2023).close()
    migrated, fresh = _schema_of(old), _schema_of(new)
    assert migrated == fresh
    assert fresh == schema_check.expected_schema(schema.SCHEMA_VERSION)
    # Every kind of object a format holds is compared, columns included.
    assert {k for k, _ in fresh} == {"table", "index", "trigger"}
    assert all(obj.columns for (kind, _), obj in fresh.items() if kind == "table")


def test_the_expected_schema_comes_from_each_versions_own_ddl() -> None:
    v1 = schema_check.expected_schema(1)
    current = schema_check.expected_schema(schema.SCHEMA_VERSION)
    assert ("table", "acks") not in v1 and ("table", "acks") in current
    assert ("trigger", "audit_no_update") not in v1 and ("trigger", "audit_no_update") in current
    names = {name for _, name in current}
    db = sqlite3.connect(":memory:")
    schema.create_schema(db)
    assert names == {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    db.close()


def test_a_format_1_file_is_checked_against_format_1_and_still_opens(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    path = tmp_path / "old.esg"
    _v1_file(path, mini_catalogue)
    before = _digest(path)
    with Report.open(path, readonly=True) as rep:
        assert rep.get("staff", 2022).number == 1200.0
    assert _digest(path) == before
    db = sqlite3.connect(path)
    db.execute("CREATE TRIGGER sneaky AFTER INSERT ON audit BEGIN DELETE FROM vals; END")
    db.commit()
    db.close()
    before = _digest(path)
    with pytest.raises(ReportFileError, match="trigger 'sneaky' on table 'audit'"):
        Report.open(path)  # refused before the backup and the migration
    assert _digest(path) == before


def test_layout_of_the_ddl_does_not_matter(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    """A file written by a version of esgdesk whose DDL was laid out otherwise is the same format."""
    path = tmp_path / "old.esg"
    relaid = (
        schema.SCHEMA_V1.replace(", ", ",\n        ").replace("(", " ( ").replace("TEXT NOT NULL", "TEXT  NOT  NULL")
    )
    original = schema.SCHEMA_V1
    schema.SCHEMA_V1 = relaid
    try:
        _v1_file(path, mini_catalogue)
    finally:
        schema.SCHEMA_V1 = original
    with Report.open(path, readonly=True) as rep:
        assert rep.get("staff", 2022).number == 1200.0


def test_a_default_changed_inside_quotes_is_found(mini_path: Path) -> None:
    db = sqlite3.connect(mini_path)
    db.execute("PRAGMA writable_schema = ON")
    db.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'source TEXT NOT NULL DEFAULT ''app''', "
        "'source TEXT NOT NULL DEFAULT ''a  pp''') WHERE name = 'vals'"
    )
    db.commit()
    db.close()
    with pytest.raises(ReportFileError, match="column 'source' of table 'vals' has another default"):
        Report.open(mini_path)


def test_connections_are_opened_as_for_untrusted_files(mini_path: Path) -> None:
    with Report.open(mini_path) as rep:
        db = rep.connection()
        assert db.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        assert db.execute("PRAGMA cell_size_check").fetchone()[0] == 1
        assert db.execute("PRAGMA mmap_size").fetchone()[0] == 0
        assert db.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED) == 0
        with pytest.raises(sqlite3.OperationalError):
            db.execute("ATTACH ':memory:' AS other")


def test_check_counts_figures_deleted_behind_esgdesks_back_apart(demo_path: Path) -> None:
    clean = check_report(demo_path)
    assert clean.ok and clean.values_checked == clean.values_matched <= clean.values
    db = sqlite3.connect(demo_path)
    db.execute("DELETE FROM vals WHERE indicator = 'employees_total'")  # both years
    db.commit()
    db.close()
    result = check_report(demo_path)
    assert result.values == clean.values - 2
    assert result.values_checked <= result.values and result.values_matched == result.values_checked
    assert result.values_missing == 2
    assert sum("'employees_total'" in p and "deleted outside esgdesk" in p for p in result.problems) == 2


def test_a_migration_that_does_not_produce_the_new_schema_is_not_kept(
    tmp_path: Path, mini_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.esg"
    _v1_file(path, mini_catalogue)
    before = _digest(path)
    schema_check.expected_schema(schema.SCHEMA_VERSION)  # what the format defines, before the migration goes wrong
    step = schema.MIGRATIONS[1]

    def sloppy(db: sqlite3.Connection) -> None:
        step(db)
        db.execute("CREATE INDEX leftover ON vals (year)")

    monkeypatch.setitem(schema.MIGRATIONS, 1, sloppy)
    for readonly in (True, False):
        with pytest.raises(ReportFileError, match="index 'leftover' on table 'vals'"):
            Report.open(path, readonly=readonly)
    assert _digest(path) == before
