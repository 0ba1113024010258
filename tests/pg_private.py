"""A private PostgreSQL server for the tests that use one, started once per session in a temporary folder.

initdb refuses to run as root, so as root the server runs as the `postgres` user (Debian's package
makes it); it listens on a Unix socket only, in its own folder.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
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

    def restart(self) -> None:
        """A crash (`pg_ctl stop -m immediate`: no shutdown checkpoint, every connection cut) and a start."""
        data = str(self.folder / "data")
        self.run(_bin("pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")
        self.start()

    def start(self) -> None:
        self.run(_bin("pg_ctl"), "-D", str(self.folder / "data"), "-o", f"-k {self.folder} -p {self.port} -h ''",
                 "-l", str(self.folder / "log"), "-w", "start")

    def run(self, *args: str) -> None:
        cmd = list(args)
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, cwd="/")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    folder = Path(tempfile.mkdtemp(prefix="esgdesk-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    server = PgServer(folder, 5432 + (os.getpid() % 20000) + 1000, itertools.count(1))
    server.run(_bin("initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres")
    server.start()
    try:
        yield server
    finally:
        server.run(_bin("pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)
