"""The report file: round trips, durability, format versions, and files that must be refused untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from esgdesk.core import schema
from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import LockedError, Refused, ReportFileError, UnusableInput
from esgdesk.core.store import Report
from esgdesk.core.values import Change, Key, Qualifier, Status, Value
from tests.stores import reopen


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


EVERY_KIND = [
    ("electricity", "3.2 MWh"),
    ("staff", "1,981"),
    ("staff_male", "1,500+"),
    ("staff_female", "\\: no female staff at this site"),
    ("female_share", "about 22.17%"),
    ("ph", "7.4-7.5"),
    ("revenue", "RMB 2.5 billion"),
    ("policy", "yes"),
    ("note", "Scope: =SUM(A1) <b>&</b> 中文"),
]


@pytest.mark.both_stores
def test_every_status_and_qualifier_round_trips(mini: Report) -> None:
    entries = dict(EVERY_KIND)
    for ind, text in EVERY_KIND:
        mini.set_text(ind, text)
    mini.set_text("electricity", "ND<0.5 MWh", year=2022)
    mini.set_text("staff", "not reported: system migration", year=2022)
    mini.set_text("staff_male", "less than 900", year=2022)
    mini.set_text("staff_female", "up to 120", year=2022)
    mini.set_text("female_share", "≥ 20%", year=2022)
    before = dict(mini.value_map())
    mini.close()
    with reopen(mini) as again:
        assert again.value_map() == before
        assert again.get("staff_male").qualifier == Qualifier.MORE_THAN
        assert again.get("staff_female").status == Status.NOT_APPLICABLE
        assert again.get("staff_female").reason == "no female staff at this site"
        assert again.get("female_share").qualifier == Qualifier.APPROXIMATELY
        assert again.get("electricity", 2022).status == Status.BELOW_DETECTION
        assert again.get("electricity", 2022).detection_limit == 500.0
        assert again.get("staff", 2022).status == Status.NOT_REPORTED
        assert again.get("staff_male", 2022).qualifier == Qualifier.LESS_THAN
        assert again.get("staff_female", 2022).qualifier == Qualifier.AT_MOST
        assert again.get("female_share", 2022).qualifier == Qualifier.AT_LEAST
        assert (again.get("ph").low, again.get("ph").high) == (7.4, 7.5)
        assert again.get("electricity").number == 3200.0 and again.get("electricity").entered_unit == "MWh"
        assert again.get("revenue").number == 2500.0
        assert again.get("note").text == entries["note"]


def test_every_edit_is_in_the_file_when_the_call_returns(mini: Report) -> None:
    mini.set_text("staff", "120", why="HR system export")
    # a second, independent connection sees it without any save or close
    db = sqlite3.connect(mini.path)
    row = db.execute("SELECT num, entered FROM vals WHERE indicator = 'staff'").fetchone()
    db.close()
    assert row == (120.0, "120")
    log = mini.audit_log(indicator="staff")
    assert log[-1].why == "HR system export" and log[-1].new["number"] == 120.0 and log[-1].user == "tester"


@pytest.mark.both_stores
def test_apply_is_all_or_nothing(mini: Report) -> None:
    mini.set_text("staff", "100")
    bad = [
        Change(Key("acme", "staff", 2023), None, Value(number=200.0, entered="200")),
        Change(Key("acme", "no_such_indicator", 2023), None, Value(number=1.0)),
    ]
    with pytest.raises(UnusableInput):
        mini.apply(bad)
    assert mini.get("staff").number == 100.0


@pytest.mark.both_stores
def test_computed_indicator_cannot_be_typed(mini: Report) -> None:
    with pytest.raises(Refused, match="computed"):
        mini.set_text("electricity_intensity", "12")


@pytest.mark.both_stores
def test_approved_section_is_locked(mini: Report) -> None:
    mini.set_section_state("energy", "approved")
    with pytest.raises(Refused, match="approved"):
        mini.set_text("staff", "5")


@pytest.mark.both_stores
def test_read_only_report_refuses_writes(mini: Report) -> None:
    mini.set_text("staff", "7")
    with reopen(mini, readonly=True) as ro, pytest.raises(Refused, match="read-only"):
        ro.set_text("staff", "8")


def test_create_never_overwrites(mini: Report, mini_catalogue: Catalogue) -> None:
    with pytest.raises(Refused, match="exists already"):
        Report.create(mini.path, mini_catalogue, company="Other", year=2023)


def test_second_writer_is_told_who_holds_the_file(mini: Report) -> None:
    with pytest.raises(LockedError) as info:
        Report.open(mini.path, user="someone-else")
    assert "tester" in str(info.value) and "read-only" in str(info.value)
    assert info.value.exit_code == 2
    with Report.open(mini.path, readonly=True) as ro:
        assert ro.readonly


def test_rollforward_makes_this_year_the_prior_year(mini: Report, tmp_path: Path) -> None:
    mini.set_text("staff", "1,981")
    mini.set_explanation("staff", "Two sites closed")
    new = mini.rollforward(tmp_path / "next.esg")
    try:
        assert new.year == 2024 and new.prior_year == 2023
        assert new.get("staff", 2023).number == 1981.0
        assert new.get("staff") is None
        assert new.explanation("staff", 2023).text == "Two sites closed"
        assert new.meta.extra["previous_report_id"] == mini.meta.report_id
        assert new.meta.report_id != mini.meta.report_id
    finally:
        new.close()


# -- files that must be refused, and left exactly as they were --------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReportFileError, match="no such file"):
        Report.open(tmp_path / "nothing.esg")


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.esg"
    path.write_text("quarterly notes, not a report\n" * 20)
    before = digest(path)
    with pytest.raises(ReportFileError, match="not an esgdesk report"):
        Report.open(path)
    assert digest(path) == before


def test_foreign_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.esg"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE songs (title TEXT)")
    db.commit()
    db.close()
    before = digest(path)
    with pytest.raises(ReportFileError, match="another program"):
        Report.open(path)
    assert digest(path) == before


def test_newer_format(mini: Report) -> None:
    path = mini.path
    mini.close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    before = digest(path)
    with pytest.raises(ReportFileError, match="newer esgdesk"):
        Report.open(path)
    assert digest(path) == before


def test_corrupt_file(mini: Report) -> None:
    mini.set_text("staff", "10")
    path = mini.path
    mini.close()
    data = bytearray(path.read_bytes())
    for i in range(4096, min(len(data), 4096 * 3)):  # smash the second and third pages
        data[i] = 0xA5
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(ReportFileError, match="damaged"):
        Report.open(path)
    assert digest(path) == before


def test_truncated_file(mini: Report) -> None:
    path = mini.path
    mini.close()
    path.write_bytes(path.read_bytes()[:50])
    with pytest.raises(ReportFileError):
        Report.open(path)


# -- migration ----------------------------------------------------------------------------------


def _v1_file(path: Path, catalogue: Catalogue) -> None:
    """A report as format 1 wrote it: no acknowledgements, no audit chain."""
    from esgdesk.core.store import ReportMeta, _write_meta

    db = sqlite3.connect(path, isolation_level=None)
    schema.run_script(db, schema.SCHEMA_V1)
    meta = ReportMeta(
        report_id="r-1",
        company="Old Co",
        entity="old",
        year=2022,
        created_at="2023-01-05T00:00:00Z",
        created_by="ann",
        app_version="0.0.9",
    )
    _write_meta(db, meta)
    db.execute("INSERT INTO catalogue VALUES (1, ?, ?)", (catalogue.model_dump_json(by_alias=True), "x"))
    db.execute("INSERT INTO entities (id, name) VALUES ('old', 'Old Co')")
    db.execute(
        "INSERT INTO vals (entity, indicator, year, status, entered, num, decimals, updated_at, updated_by) "
        "VALUES ('old', 'staff', 2022, 'reported', '1,200', 1200, 0, '2023-01-05T00:00:00Z', 'ann')"
    )
    db.execute(
        "INSERT INTO audit (at, user, entity, indicator, year, field, new, source) "
        "VALUES ('2023-01-05T00:00:00Z', 'ann', 'old', 'staff', 2022, 'value', '{\"number\": 1200}', 'app')"
    )
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.close()


def test_old_format_is_migrated_after_a_backup(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    path = tmp_path / "old.esg"
    _v1_file(path, mini_catalogue)
    original = digest(path)
    with Report.open(path) as rep:
        assert rep.get("staff", 2022).number == 1200.0
        assert rep.integrity_problems == []
        assert any("upgraded" in n for n in rep.notes)
        rep.acknowledge("staff", "yoy", "checked", year=2022)  # a v2 feature works on the migrated file
    from esgdesk.core.backups import list_backups

    backups = list_backups(path)
    assert len(backups) == 1 and digest(backups[0]) == original
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    db.close()


def test_old_format_opened_read_only_is_not_changed(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    path = tmp_path / "old.esg"
    _v1_file(path, mini_catalogue)
    before = digest(path)
    with Report.open(path, readonly=True) as rep:
        assert rep.get("staff", 2022).number == 1200.0
    assert digest(path) == before


@pytest.mark.both_stores
def test_audit_log_is_append_only(mini: Report) -> None:
    mini.set_text("staff", "10")
    mini.set_text("staff", "11")
    # On a server the office's role is not even granted the statements (tests/server/test_server_permissions.py)
    with pytest.raises(sqlite3.DatabaseError, match="append-only|permission denied"):
        mini.connection().execute("UPDATE audit SET user = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only|permission denied"):
        mini.connection().execute("DELETE FROM audit WHERE seq = 2")
    assert [e.new["number"] for e in mini.audit_log(indicator="staff")] == [10.0, 11.0]


def test_audit_log_is_append_only_and_tampering_is_detected(mini: Report) -> None:
    mini.set_text("staff", "10")
    mini.set_text("staff", "11")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        mini.connection().execute("UPDATE audit SET user = 'mallory'")
    path = mini.path
    mini.close()
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit SET new = '{\"number\": 99}' WHERE seq = 2")
    db.execute(schema.APPEND_ONLY_TRIGGERS[0])  # covering the tracks: the schema is esgdesk's again
    db.commit()
    db.close()
    with Report.open(path, readonly=True) as rep:
        assert any("entry 2 was changed" in p for p in rep.integrity_problems)
