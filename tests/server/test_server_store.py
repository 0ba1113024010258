"""A report on a PostgreSQL server: the same report as its file, several people at once, and no
psycopg for anyone who only opens files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from esgdesk.core.errors import Conflict
from esgdesk.core.store import Report, open_report
from esgdesk.core.store.server.ddl import tables
from esgdesk.core.store.server.report import ServerReport
from esgdesk.core.store.server.transfer import checkout, publish
from esgdesk.core.values import Change
from tests.conftest import ROOT


def rows_of(path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    try:
        return {t.name: db.execute(f"SELECT * FROM {t.name} ORDER BY {', '.join(t.key)}").fetchall() for t in tables()}
    finally:
        db.close()


@pytest.fixture
def url(demo_path: Path, server_db: str) -> str:
    return publish(demo_path, server_db)


def test_opening_a_file_never_imports_psycopg(demo_path: Path) -> None:
    code = (
        "import sys; from esgdesk.core.store import open_report; r = open_report(sys.argv[1]); "
        "r.set_text('employees_total', '2000'); r.close(); import esgdesk.cli.commands, esgdesk.cli.server_cmd; "
        "print(sorted(m for m in sys.modules if 'psycopg' in m))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(demo_path)], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert out.strip() == "[]"


def test_published_and_checked_out_the_report_is_the_same_report(demo_path: Path, url: str, tmp_path: Path) -> None:
    assert url.startswith("postgresql://") and "report=" in url
    back = checkout(url, tmp_path / "back.esg")
    assert rows_of(back) == rows_of(demo_path)  # every row, audit hashes included
    with Report.open(back, readonly=True) as rep:
        assert rep.integrity_problems == []


def test_an_edit_on_the_server_is_there_for_the_next_reader_and_in_the_checkout(url: str, tmp_path: Path) -> None:
    with open_report(url) as rep:
        assert isinstance(rep, ServerReport)
        rep.set_text("employees_total", "2,222", why="year-end count")
    with open_report(url, readonly=True) as again:
        assert again.get("employees_total").number == 2222
        entry = again.audit_log(indicator="employees_total")[-1]
        assert entry.why == "year-end count" and entry.user == "postgres" and again.integrity_problems == []
    with Report.open(checkout(url, tmp_path / "back.esg"), readonly=True) as file:
        assert file.get("employees_total").number == 2222
        assert file.integrity_problems == []


def test_an_edit_on_a_figure_someone_changed_since_it_was_read_is_a_conflict(url: str) -> None:
    with open_report(url) as alice, open_report(url) as bob:
        assert isinstance(alice, ServerReport) and isinstance(bob, ServerReport)
        base = bob.get("employees_total")
        alice.set_text("employees_total", "2,100")
        entries = len(alice.audit_log())
        with pytest.raises(Conflict) as caught:
            bob.set_text("employees_total", "2,200")
        conflict = caught.value
        assert conflict.key == ("luster", "employees_total", 2023) and conflict.base == base
        assert conflict.theirs.number == 2100 and conflict.mine.number == 2200
        assert conflict.exit_code == 1 and "2,100" in conflict.message and "2,200" in conflict.message
        assert len(alice.audit_log()) == entries  # nothing written, nothing logged
        assert bob.get("employees_total") == base  # bob's view is untouched until he takes theirs in
        bob.refresh()
        assert bob.get("employees_total").number == 2100
        bob.set_text("employees_total", "2,200")  # resolved: keeping his, knowingly
        alice.refresh()
        assert alice.get("employees_total").number == 2200
        # A figure nobody else touched is no conflict, and other people's edits do not block it.
        alice.set_text("water_total", "20,000")
        bob.set_text("patents_total", "710")
        assert bob.get("water_total").number == 20000  # taken in with his commit
        assert alice.integrity_problems == []


def test_writers_at_once_keep_one_unbroken_audit_chain(url: str) -> None:
    import threading

    indicators = ["employees_total", "water_total", "patents_total", "natural_gas_total"]
    errors: list[BaseException] = []

    def writer(indicator: str) -> None:
        try:
            with open_report(url) as rep:
                for n in range(15):
                    rep.set_text(indicator, str(1000 + n))
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(ind,)) for ind in indicators]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_report(url, readonly=True) as rep:
        assert rep.integrity_problems == []  # every append chained to the one before, none lost or doubled
        assert [rep.get(ind).number for ind in indicators] == [1014] * 4
        assert all(len([e for e in rep.audit_log(indicator=ind) if e.field == "value"]) >= 15 for ind in indicators)


def test_other_peoples_edits_are_announced_to_an_open_report(url: str) -> None:
    with open_report(url) as alice, open_report(url) as bob:
        assert isinstance(bob, ServerReport)
        heard: list[list[Change]] = []
        bob.subscribe(heard.append)
        assert bob.poll() == []  # listening from now on
        alice.set_text("employees_total", "2,345")
        alice.set_explanation("employees_total", "new plant")
        changes = bob.poll(timeout=10)
        assert [c.key.indicator for c in changes] == ["employees_total"]
        assert heard and heard[-1] == changes
        assert bob.get("employees_total").number == 2345
        for _ in range(3):  # the second notification, if it came separately
            bob.poll(timeout=0.2)
        assert bob.explanation("employees_total").text == "new plant"
        assert bob.poll() == []


def test_after_a_server_crash_the_next_edit_reconnects_and_nothing_acknowledged_is_lost(
    url: str, pg_server: Any
) -> None:
    with open_report(url) as alice, open_report(url) as bob:
        assert isinstance(bob, ServerReport)
        bob.poll()
        alice.set_text("employees_total", "2,001")  # acknowledged: the call returned
        pg_server.restart()
        alice.set_text("water_total", "20,000")  # the lost connection is made again, the edit goes through
        assert "made again" in alice.notes[-1]
        changes = bob.poll(timeout=10)  # its listening connection was cut too: it catches up all the same
        assert {c.key.indicator for c in changes} == {"employees_total", "water_total"}
    with open_report(url, readonly=True) as again:
        assert again.get("employees_total").number == 2001 and again.get("water_total").number == 20000
        assert again.integrity_problems == []


def test_a_server_crash_in_the_middle_of_an_edit_keeps_nothing_of_it_and_says_so(url: str, pg_server: Any) -> None:
    from esgdesk.core.errors import WriteError

    with open_report(url) as rep:
        rep.set_text("employees_total", "2,001")
        before = dict(rep.value_map())
        heard: list[list[Change]] = []
        rep.subscribe(heard.append)
        with pytest.raises(WriteError, match="connection to the server was lost"), rep.batch(why="cut off") as b:
            b.set_value("water_total", rep.parse("water_total", "20,000"))
            b.set_value("patents_total", rep.parse("patents_total", "710"))
            pg_server.restart()
            b.set_value("natural_gas_total", rep.parse("natural_gas_total", "1"))
        assert dict(rep.value_map()) == before and heard == []  # the view is as before: nothing was saved
        rep.set_text("water_total", "21,000")  # the next edit reconnects
    with open_report(url, readonly=True) as again:
        assert again.get("employees_total").number == 2001 and again.get("water_total").number == 21000
        assert again.get("patents_total").number != 710
        assert not any(e.why == "cut off" for e in again.audit_log()) and again.integrity_problems == []


def test_a_collection_file_issued_from_the_server_report_merges_back(url: str, tmp_path: Path) -> None:
    from esgdesk.core.workflow.collection import issue, open_collection
    from esgdesk.core.workflow.merge import apply_merge, preview_merge

    out = tmp_path / "ehs.esg"
    with open_report(url) as master:
        issue(master, "ehs", out)
    with open_collection(out) as dept:
        dept.set_text("water_total", "20,000")
    with open_report(url) as master:
        apply_merge(master, preview_merge(master, [out]))
    with open_report(url, readonly=True) as again:
        assert again.get("water_total").number == 20000
        assert again.integrity_problems == []
    from esgdesk.core.backups import list_backups

    (backup,) = list_backups(url)  # taken before the merge, as for a file: a report file among the user's
    assert backup.name.endswith("-before-merge.esg")
    with Report.open(backup, readonly=True) as before:
        assert before.get("water_total").number == 19018 and before.integrity_problems == []


def test_the_dialect_speaks_the_stores_sql_to_postgresql() -> None:
    from esgdesk.core.store.server.dialect import translate

    assert (
        translate("SELECT seq, user FROM audit WHERE x LIKE '5%' AND y = ?")
        == "SELECT seq, \"user\" FROM audit WHERE x LIKE '5%%' AND y = %s"
    )
    assert (
        translate("INSERT OR IGNORE INTO published_years (year, by, at) VALUES (?, ?, ?)")
        == "INSERT INTO published_years (year, by, at) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
    )
    assert translate("INSERT OR REPLACE INTO base_years (indicator, year, by, at) VALUES (?, ?, ?, ?)") == (
        "INSERT INTO base_years (indicator, year, by, at) VALUES (%s, %s, %s, %s) ON CONFLICT (indicator) DO "
        "UPDATE SET year = EXCLUDED.year, by = EXCLUDED.by, at = EXCLUDED.at"
    )
    assert translate("INSERT INTO attachments (entity) VALUES (?)").endswith(" RETURNING id")


@pytest.mark.parametrize("committed", [True, False])
def test_a_commit_whose_answer_is_lost_is_saved_exactly_when_the_server_made_it(
    url: str, monkeypatch: pytest.MonkeyPatch, committed: bool
) -> None:
    import psycopg

    from esgdesk.core.errors import WriteError
    from esgdesk.core.store.server.dialect import ServerConnection, ServerError

    real = ServerConnection.execute

    def lose_the_answer(self: ServerConnection, sql: str, params: Any = ()) -> Any:
        if sql != "COMMIT":
            return real(self, sql, params)
        if committed:
            real(self, sql, params)  # made on the server ...
        self.pg.close()  # ... and the answer lost with the connection (or lost before it was made)
        raise ServerError(psycopg.OperationalError("server closed the connection unexpectedly"))

    with open_report(url) as rep:
        monkeypatch.setattr(ServerConnection, "execute", lose_the_answer)
        if committed:
            rep.set_text("water_total", "20,000")  # acknowledged: it is there
        else:
            with pytest.raises(WriteError, match="not saved"):
                rep.set_text("water_total", "20,000")
        monkeypatch.undo()
        assert (rep.get("water_total").number == 20000) is committed
        rep.set_text("employees_total", "2,001")  # goes on working
    with open_report(url, readonly=True) as again:
        assert (again.get("water_total").number == 20000) is committed
        assert again.integrity_problems == []
