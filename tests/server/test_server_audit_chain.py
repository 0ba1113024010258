"""The audit log on the server is chained as in the file: rows changed or removed behind esgdesk's back
(by someone able to lift the protection: the database's owner) are found, by the open report and by
`esgdesk check URL`."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from esgdesk.core.server_url import ReportURL
from esgdesk.core.store import open_report
from esgdesk.core.store.server.transfer import publish
from tests.reliability.support import ESGDESK, child_env


def _tamper(url: str, *statements: str) -> None:
    parsed = ReportURL.parse(url)
    with psycopg.connect(parsed.dsn, autocommit=True) as pg:
        schema = pg.execute("SELECT schema_name FROM esgdesk.reports WHERE id = %s", (parsed.report,)).fetchone()
        pg.execute(f"SET search_path TO {schema[0]}")  # type: ignore[index]
        for s in statements:
            pg.execute(s)


UNPROTECTED = ("ALTER TABLE audit DISABLE TRIGGER USER",)
PROTECTED = ("ALTER TABLE audit ENABLE TRIGGER USER",)

TAMPERING: dict[str, tuple[Callable[[str], None], str]] = {
    "row changed": (
        lambda u: _tamper(u, *UNPROTECTED, "UPDATE audit SET \"user\" = 'mallory' WHERE seq = 3", *PROTECTED),
        "entry 3 was changed",
    ),
    "row removed": (
        lambda u: _tamper(u, *UNPROTECTED, "DELETE FROM audit WHERE seq = 3", *PROTECTED),
        "entries 3-3 are missing",
    ),
    "first rows removed": (
        lambda u: _tamper(u, *UNPROTECTED, "DELETE FROM audit WHERE seq <= 2", *PROTECTED),
        "entries 1-2 are missing",
    ),
    "last row removed": (
        lambda u: _tamper(u, *UNPROTECTED, "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)", *PROTECTED),
        "removed from the end",
    ),
    "head moved back too, by hand": (lambda u: _tamper(u, "UPDATE audit_head SET seq = seq - 1"), "was changed"),
    "protection dropped": (lambda u: _tamper(u, "DROP TRIGGER audit_append_only ON audit"), "protection"),
    "figure changed by hand": (
        lambda u: _tamper(
            u, "UPDATE vals SET num = 99, entered = '99' WHERE indicator = 'employees_total' AND year = 2023"
        ),
        "changed outside esgdesk",
    ),
}


@pytest.fixture
def url(demo_path: Path, server_db: str) -> str:
    url = publish(demo_path, server_db)
    with open_report(url) as rep:
        rep.set_text("employees_total", "4,321", why="year-end count")
        rep.set_explanation("employees_total", "new plant")
        assert rep.integrity_problems == []
    return url


@pytest.mark.parametrize("how", list(TAMPERING))
def test_tampering_on_the_server_is_found(url: str, how: str) -> None:
    tamper, expected = TAMPERING[how]
    tamper(url)
    proc = subprocess.run([ESGDESK, "check", url], capture_output=True, text=True, env=child_env(), timeout=60)
    assert proc.returncode == 1 and expected in proc.stderr, proc.stderr
    if how != "figure changed by hand":
        with open_report(url, readonly=True) as rep:
            assert any(expected in p for p in rep.integrity_problems)
