"""A private PostgreSQL server for the tests that use one, started once per session in a temporary folder.

initdb refuses to run as root, so as root the server runs as the `postgres` user (Debian's package
makes it); it listens on a Unix socket only, in its own folder.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

INSTALLS = Path("/usr/lib/postgresql")  # Debian's versioned binaries, not on PATH


def _bin(name: str) -> str:
    """A PostgreSQL program; its absence is an error, never a skip, so that no run passes without the server
    tests."""
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(INSTALLS.glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise RuntimeError(f"PostgreSQL's {name} is not installed (Debian: apt-get install postgresql)")


@dataclass
class PgServer:
    folder: Path
    port: int
    _names: Iterator[int]

    def dsn(self, database: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql:///{database}?host={self.folder}&port={self.port}&user={user}"

    def new_database(self, template: str | None = None) -> str:
        """A fresh database (empty, or a copy of `template`); returns its admin DSN."""
        import psycopg

        name = f"t{next(self._names)}"
        with psycopg.connect(self.dsn(), autocommit=True) as pg:
            pg.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return self.dsn(name)

    def password_role(self, name: str, password: str) -> None:
        """A login role that must give its password (the test server trusts every other role)."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as pg:
            if not pg.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                pg.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
            hba = self.folder / "data" / "pg_hba.conf"
            line = f"local all {name} scram-sha-256\n"
            if line not in hba.read_text():
                hba.write_text(line + hba.read_text())
                pg.execute("SELECT pg_reload_conf()")

    def restart(self) -> None:
        """A crash (`pg_ctl stop -m immediate`: no shutdown checkpoint, every connection cut) and a start."""
        data = str(self.folder / "data")
        self.run(_bin("pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")
        self.start()

    def stop(self) -> None:
        """A crash stop, the server staying away until `start`."""
        self.run(_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")

    def start(self) -> None:
        self.run(
            _bin("pg_ctl"),
            "-D",
            str(self.folder / "data"),
            "-o",
            f"-k {self.folder} -p {self.port} -h ''",
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def run(self, *args: str) -> None:
        cmd = _as_postgres(list(args))
        done = subprocess.run(cmd, capture_output=True, text=True, cwd="/")
        if done.returncode != 0:  # say why, with the server's own log: a bare exit status explains nothing
            log = self.folder / "log"
            tail = "".join(log.read_text(errors="replace").splitlines(keepends=True)[-20:]) if log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}{tail}")


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _watchdog(folder: Path) -> subprocess.Popen[bytes]:
    """A crash-stop of the server once this test run is gone, however it ended (killed by a time limit,
    interrupted twice): otherwise a killed run would leave a server and its folder behind."""
    script = (
        f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
        f"{shlex.join(_as_postgres([_bin('pg_ctl'), '-D', str(folder / 'data'), '-m', 'immediate', '-w', 'stop']))}"
        f" >/dev/null 2>&1; rm -rf {shlex.quote(str(folder))}"
    )
    return subprocess.Popen(
        ["sh", "-c", script],
        cwd="/",
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    folder = Path(tempfile.mkdtemp(prefix="esgdesk-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    server = PgServer(folder, 5432 + (os.getpid() % 20000) + 1000, itertools.count(1))
    watchdog = _watchdog(folder)
    try:
        # fsync stays on (the default): the restart tests crash this server and count on what it acknowledged
        server.run(_bin("initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres")
        server.start()
        yield server
    finally:
        with contextlib.suppress(RuntimeError):  # not started, or already stopped by a test
            server.run(_bin("pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "-w", "stop")
        watchdog.kill()
        watchdog.wait()
        shutil.rmtree(folder, ignore_errors=True)
