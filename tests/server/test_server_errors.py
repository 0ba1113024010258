"""A server esgdesk cannot use is one clear message, exit 2, never a traceback: a wrong password, an
unreachable server, a database esgdesk has not prepared, a database prepared by a newer esgdesk."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.reliability.support import ESGDESK, child_env


def _password_user(pg_server: Any, server_db: str) -> str:
    """A role that logs in with a password (the test server trusts everyone else)."""
    with psycopg.connect(server_db, autocommit=True) as pg:
        pg.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pwuser') THEN "
            "CREATE ROLE pwuser LOGIN PASSWORD 'right'; END IF; END $$"
        )
        hba = Path(pg.execute("SHOW hba_file").fetchone()[0])  # type: ignore[index]
        text = hba.read_text()
        if "pwuser" not in text:
            hba.write_text("local all pwuser scram-sha-256\n" + text)
            pg.execute("SELECT pg_reload_conf()")
    return server_db.replace("user=postgres", "user=pwuser&password=wrong")


def _newer(dsn: str) -> str:
    with psycopg.connect(dsn, autocommit=True) as pg:
        pg.execute("UPDATE esgdesk.info SET value = '99' WHERE key = 'schema_version'")
    return dsn


CASES: dict[str, tuple[Callable[[Any, str], str], str]] = {
    "wrong password": (_password_user, "wrong user name or password"),
    "unreachable server": (lambda s, dsn: "postgresql:///t1?host=/nonexistent&port=1", "cannot reach the server"),
    "no such database": (lambda s, dsn: s.dsn("nosuchdb"), "no such database"),
    "database without the schema": (lambda s, dsn: s.new_database(), "holds no esgdesk reports"),
    "newer schema": (lambda s, dsn: _newer(dsn), "newer esgdesk"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_server_esgdesk_cannot_use_is_one_clear_message(
    case: str, pg_server: Any, server_db: str, demo_path: Path, tmp_path: Path
) -> None:
    make, expected = CASES[case]
    dsn = make(pg_server, server_db)
    url = dsn + "&report=00000000-0000-0000-0000-000000000000"
    for args in (["show", url], ["publish", str(demo_path), dsn], ["checkout", url, str(tmp_path / "x.esg")]):
        proc = subprocess.run([ESGDESK, *args], capture_output=True, text=True, env=child_env(), timeout=60)
        assert proc.returncode == 2, (args, proc.stderr)
        assert expected in proc.stderr and "Traceback" not in proc.stderr, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) <= 2 and "password=wrong" not in proc.stderr
    assert not (tmp_path / "x.esg").exists()


def test_a_url_naming_no_report_on_the_server_is_refused_as_such(server_db: str) -> None:
    proc = subprocess.run(
        [ESGDESK, "show", server_db + "&report=nope"], capture_output=True, text=True, env=child_env(), timeout=60
    )
    assert proc.returncode == 2 and "no report with that id" in proc.stderr


def test_a_report_published_in_a_newer_format_is_refused_as_such(server_db: str, demo_path: Path) -> None:
    from esgdesk.core.store.server.transfer import publish

    url = publish(demo_path, server_db)
    with psycopg.connect(server_db, autocommit=True) as pg:
        pg.execute("UPDATE esgdesk.reports SET format = format + 1")
    proc = subprocess.run([ESGDESK, "show", url], capture_output=True, text=True, env=child_env(), timeout=60)
    assert proc.returncode == 2 and "published by a newer esgdesk" in proc.stderr, proc.stderr


def test_the_password_comes_from_the_usual_postgresql_places(
    pg_server: Any, server_db: str, demo_path: Path, tmp_path: Path
) -> None:
    from esgdesk.core.store.server.transfer import add_member, publish

    wrong = _password_user(pg_server, server_db)
    report = publish(demo_path, server_db).rsplit("report=", 1)[1]
    url = wrong.replace("&password=wrong", "") + f"&report={report}"
    proc = subprocess.run(
        [ESGDESK, "show", url.replace("user=pwuser", "user=pwuser&password=right")],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=60,
    )
    assert proc.returncode == 2 and "may not read esgdesk reports" in proc.stderr  # logged in, not a member
    add_member(server_db, "pwuser", None)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text("*:*:*:pwuser:right\n")
    pgpass.chmod(0o600)
    services = tmp_path / "services.conf"
    database = server_db.split("?")[0].rsplit("/", 1)[1]
    services.write_text(f"[esg]\nhost={pg_server.folder}\nport={pg_server.port}\nuser=pwuser\ndbname={database}\n")
    env = {**child_env(), "PGPASSFILE": str(pgpass), "PGSERVICEFILE": str(services)}
    for target in (url, f"postgresql://?service=esg&report={report}"):  # no password in either
        proc = subprocess.run([ESGDESK, "show", target], capture_output=True, text=True, env=env, timeout=60)
        assert proc.returncode == 0 and "employees_total" in proc.stdout, proc.stderr
