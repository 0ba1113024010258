"""The tests' private PostgreSQL server: missing binaries fail the run instead of skipping the server tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pg_private


def test_missing_postgresql_programs_are_an_error_naming_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pg_private, "INSTALLS", tmp_path / "none")
    with pytest.raises(RuntimeError, match=r"initdb is not installed \(Debian: apt-get install postgresql\)"):
        pg_private._bin("initdb")


def test_the_programs_are_found_where_debian_puts_them(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert Path(pg_private._bin("pg_ctl")).parent.match("/usr/lib/postgresql/*/bin")
