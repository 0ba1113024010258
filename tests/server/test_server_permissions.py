"""What a department may change on the server is the database's rule, not only the app's: its own
figures of the current year, in sections it has not submitted. A department connecting with a plain
SQL client is refused the rest, and the audit log is append-only for everyone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from esgdesk.core.errors import Refused
from esgdesk.core.server_url import ReportURL
from esgdesk.core.store import Report, open_report
from esgdesk.core.store.server.report import ServerReport
from esgdesk.core.store.server.transfer import add_member, publish

OWN = "water_total"  # ehs's
OTHERS = "employees_total"  # hr's


@pytest.fixture
def setup(demo_path: Path, server_db: str) -> Iterator[tuple[str, str]]:
    """(the report's URL as the admin, the same as the department role `ehs_user`)."""
    with Report.open(demo_path, readonly=True) as rep:
        assert rep.catalogue.owner_of(OWN) == "ehs" and rep.catalogue.owner_of(OTHERS) == "hr"
    with psycopg.connect(server_db, autocommit=True) as pg:
        for role in ("ehs_user", "office_user"):
            pg.execute(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
                f"CREATE ROLE {role} LOGIN; END IF; END $$"
            )
    add_member(server_db, "ehs_user", "ehs")
    add_member(server_db, "office_user", None)
    url = publish(demo_path, server_db)
    yield url, url.replace("user=postgres", "user=ehs_user")


def as_role(url: str, role: str) -> psycopg.Connection[Any]:
    parsed = ReportURL.parse(url)
    pg = psycopg.connect(
        parsed.dsn.replace("user=postgres", f"user={role}").replace("user=ehs_user", f"user={role}"), autocommit=True
    )
    schema = pg.execute("SELECT schema_name FROM esgdesk.reports WHERE id = %s", (parsed.report,)).fetchone()
    pg.execute(f"SET search_path TO {schema[0]}")  # type: ignore[index]
    return pg


def figure(pg: psycopg.Connection[Any], indicator: str, year: int = 2023) -> Any:
    row = pg.execute(
        "SELECT num FROM vals WHERE entity = 'luster' AND indicator = %s AND year = %s", (indicator, year)
    ).fetchone()
    return None if row is None else row[0]


def test_a_department_using_plain_sql_is_refused_what_is_not_its_own(setup: tuple[str, str]) -> None:
    url, _ = setup
    with as_role(url, "ehs_user") as pg:
        before = figure(pg, OTHERS)
        # Another department's figure, and its own of a published year: invisible to its UPDATE and DELETE.
        assert pg.execute(f"UPDATE vals SET num = 1 WHERE indicator = '{OTHERS}' AND year = 2023").rowcount == 0
        assert pg.execute(f"DELETE FROM vals WHERE indicator = '{OTHERS}'").rowcount == 0
        assert pg.execute(f"UPDATE vals SET num = 1 WHERE indicator = '{OWN}' AND year = 2022").rowcount == 0
        assert figure(pg, OTHERS) == before
        # ... and refused outright when it tries to add one.
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            pg.execute(
                "INSERT INTO vals (entity, indicator, year, status, updated_at, updated_by) "
                f"VALUES ('luster', '{OTHERS}', 2024, 'reported', 'now', 'ehs_user')"
            )
        for statement in (
            "UPDATE meta SET value = 'x'",
            "DELETE FROM catalogue",
            "UPDATE entities SET name = 'x'",
            "UPDATE audit SET why = 'x'",
            "DELETE FROM audit",
            "TRUNCATE audit",
            "INSERT INTO published_years VALUES (2023, 'ehs_user', 'now')",
            "INSERT INTO section_states VALUES ('luster', 'employees', 'approved', 'ehs_user', 'now', NULL)",
            'INSERT INTO audit (seq, at, "user", field, source, hash) '
            "VALUES (100000, 'now', 'postgres', 'value', 'app', 'x')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                pg.execute(statement)
        # Its own current-year figure it may change (the audit log, written by the app, says who).
        with pg.transaction(force_rollback=True):
            assert pg.execute(f"UPDATE vals SET num = 1 WHERE indicator = '{OWN}' AND year = 2023").rowcount == 1


def test_the_audit_log_is_append_only_for_the_office_too(setup: tuple[str, str]) -> None:
    url, _ = setup
    with as_role(url, "office_user") as pg:
        for statement in ("UPDATE audit SET why = 'x'", "DELETE FROM audit", "TRUNCATE audit"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                pg.execute(statement)
        assert pg.execute(f"UPDATE vals SET num = 1 WHERE indicator = '{OTHERS}' AND year = 2023").rowcount == 1


def test_in_the_app_a_department_edits_its_own_figures_until_it_submits(
    setup: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, dept_url = setup
    with open_report(dept_url) as dept:
        assert isinstance(dept, ServerReport) and dept.user == "ehs_user" and dept.department == "ehs"
        assert dept.may_change(OWN) and not dept.may_change(OTHERS) and not dept.may_change(OWN, 2022)
        dept.set_text(OWN, "20,000", why="meter readings")
        with pytest.raises(Refused, match="cannot be changed by 'ehs' on this server: it belongs to 'hr'"):
            dept.set_text(OTHERS, "5")
        # The app asks the database first; were it not to, the database itself refuses.
        monkeypatch.setattr(ServerReport, "may_change", lambda *a, **k: True)
        with pytest.raises(Refused, match="only its own department's figures"):
            dept.set_text(OTHERS, "5")
        with pytest.raises(Refused, match="only its own department's figures"):
            dept.set_value(OTHERS, None)
        with pytest.raises(Refused, match="only its own department's figures"):
            dept.set_explanation(OTHERS, "not mine")
        monkeypatch.undo()
        section = dept.catalogue.section_of[OWN].id
        dept.set_section_state(section, "submitted")
        assert not dept.may_change(OWN)
        with pytest.raises(Refused, match="its section was submitted"):
            dept.set_text(OWN, "21,000")
        with pytest.raises(Refused):
            dept.set_section_state(section, "draft")  # only the office sends a section back
        assert dept.get(OWN).number == 20000
    with open_report(url.replace("user=postgres", "user=office_user")) as office:
        assert office.get(OWN).number == 20000 and office.get(OTHERS).number == 1981
        entry = office.audit_log(indicator=OWN)[-1]
        assert (entry.user, entry.why) == ("ehs_user", "meter readings")
        office.set_section_state(office.catalogue.section_of[OWN].id, "draft", comment="please check")
        assert office.integrity_problems == []
    with open_report(dept_url) as dept:
        dept.set_text(OWN, "21,000")  # sent back: its own again
