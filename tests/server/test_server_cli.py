"""The command line on a server: `server init` (again and again), `publish` printing the URL alone on
the last line, the report's commands taking that URL, and `checkout` writing the file back."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.reliability.support import ESGDESK, child_env


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ESGDESK, *args], capture_output=True, text=True, env=child_env(), timeout=120)


def test_publish_prints_the_url_and_every_report_command_takes_it(
    pg_server: Any, demo_path: Path, tmp_path: Path
) -> None:
    dsn = pg_server.new_database()
    for _ in range(2):  # idempotent
        proc = run("server", "init", dsn)
        assert proc.returncode == 0, proc.stderr
    proc = run("publish", str(demo_path), dsn)
    assert proc.returncode == 0, proc.stderr
    url = proc.stdout.strip().splitlines()[-1]
    assert url.startswith("postgresql://") and "report=" in url and " " not in url
    assert run("publish", str(demo_path), dsn).returncode == 1  # once only: it is there already

    proc = run("set", url, "employees_total", "2,000", "--note", "year-end count")
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(run("show", url, "--json").stdout)
    figure = next(v for v in shown["values"] if v["indicator"] == "employees_total" and v["year"] == 2023)
    assert figure["value"] == 2000
    assert run("validate", url).returncode == 1  # the demo's open errors, as for the file
    proc = run("check", url)
    assert proc.returncode == 0 and "ok" in proc.stderr, proc.stderr

    out = tmp_path / "back.esg"
    assert run("checkout", url, str(out)).returncode == 0
    assert run("checkout", url, str(out)).returncode == 1  # never over an existing file
    back = json.loads(run("show", str(out), "--json").stdout)
    assert back["values"] == shown["values"]
    assert run("check", str(out)).returncode == 0


def test_server_member_makes_a_role_a_department_or_the_office(server_db: str) -> None:
    import psycopg

    with psycopg.connect(server_db, autocommit=True) as pg:
        pg.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hr_clerk') THEN "
            "CREATE ROLE hr_clerk LOGIN; END IF; END $$"
        )
    assert run("server", "member", server_db, "hr_clerk", "--department", "hr").returncode == 0
    with psycopg.connect(server_db, autocommit=True) as pg:
        assert pg.execute("SELECT department FROM esgdesk.members WHERE role = 'hr_clerk'").fetchone() == ("hr",)
    assert run("server", "member", server_db, "hr_clerk", "--office").returncode == 0
    with psycopg.connect(server_db, autocommit=True) as pg:
        assert pg.execute("SELECT 1 FROM esgdesk.members WHERE role = 'hr_clerk'").fetchone() is None
        assert pg.execute("SELECT pg_has_role('hr_clerk', 'esgdesk_office', 'MEMBER')").fetchone() == (True,)
    proc = run("server", "member", server_db, "nobody_here", "--office")
    assert proc.returncode == 2 and "no role 'nobody_here'" in proc.stderr
    assert run("server", "member", server_db, "hr_clerk").returncode == 2  # neither --department nor --office
