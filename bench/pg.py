"""A private PostgreSQL server for the server benchmarks, in a temporary folder on a Unix socket (as the
tests start theirs: as the `postgres` user when run by root, since initdb refuses root)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise RuntimeError(f"PostgreSQL's {name} is not installed (Debian: apt-get install postgresql)")


def _run(*cmd: str) -> None:
    args = ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)
    subprocess.run(args, check=True, capture_output=True, cwd="/")


@contextlib.contextmanager
def private_server(max_connections: int = 100) -> Iterator[str]:
    """A running server; yields the DSN of a database prepared by `esgdesk server init` (as its superuser)."""
    import psycopg

    from esgdesk.core.store.server.transfer import init_server

    folder = Path(tempfile.mkdtemp(prefix="esgdesk-bench-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = 40000 + os.getpid() % 20000
    data = str(folder / "data")
    try:
        _run(_bin("initdb"), "-D", data, "-A", "trust", "-U", "postgres")
        _run(
            _bin("pg_ctl"),
            "-D",
            data,
            "-o",
            f"-k {folder} -p {port} -h '' -c max_connections={max_connections}",
            "-l",
            str(folder / "log"),
            "-w",
            "start",
        )
        try:
            admin = f"postgresql:///postgres?host={folder}&port={port}&user=postgres"
            with psycopg.connect(admin, autocommit=True) as pg:
                pg.execute("CREATE DATABASE bench")
            dsn = admin.replace("/postgres?", "/bench?")
            init_server(dsn)
            yield dsn
        finally:
            _run(_bin("pg_ctl"), "-D", data, "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
