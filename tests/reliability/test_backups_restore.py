"""Rolling backups (on open, before risky steps) and restoring one, from the core and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from esgdesk.core.backups import KEEP, list_backups, restore_backup
from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import LockedError, ReportFileError
from esgdesk.core.store import Report
from tests.reliability.support import ESGDESK, child_env, integrity_ok, record


@pytest.fixture
def path(tmp_path: Path, mini_catalogue: Catalogue) -> Path:
    p = tmp_path / "report.esg"
    with Report.create(p, mini_catalogue, company="ACME Ltd", year=2023, entity_id="acme") as rep:
        rep.set_text("staff", "42")
    return p


def test_backups_roll_and_a_restore_brings_back_the_old_figures(path: Path, tmp_path: Path) -> None:
    with Report.open(path, backup=True) as rep:  # what the app does on open
        rep.set_text("staff", "43")
        rep.backup("before-import")
        rep.set_text("staff", "44")
    kept = list_backups(path)
    assert [b.name.split("-", 3)[3] for b in kept] == ["before-import.esg", "on-open.esg"]
    restored = restore_backup(kept[0], tmp_path / "restored.esg")
    assert integrity_ok(restored)
    with Report.open(restored) as rep:
        assert rep.get("staff").entered == "43"
        assert rep.integrity_problems == []
    for n in range(KEEP + 3):
        with Report.open(path) as rep:
            rep.set_text("staff", str(100 + n))
            rep.backup("before-merge")
    assert len(list_backups(path)) == KEEP
    with Report.open(list_backups(path)[0], readonly=True) as newest:
        assert newest.get("staff").entered == str(100 + KEEP + 2)
    record("backups", kept=KEEP, restores=1)


def test_restore_over_the_report_keeps_the_replaced_version(path: Path) -> None:
    with Report.open(path) as rep:
        first = rep.backup("before-import")
        rep.set_text("staff", "50")
    restore_backup(first, path)
    with Report.open(path) as rep:
        assert rep.get("staff").entered == "42"
    replaced = [b for b in list_backups(path) if b.name.endswith("before-restore.esg")]
    assert len(replaced) == 1
    with Report.open(replaced[0], readonly=True) as rep:
        assert rep.get("staff").entered == "50"


def test_restore_refuses_a_report_in_use_and_a_broken_backup(path: Path, tmp_path: Path) -> None:
    with Report.open(path) as rep:
        b = rep.backup("before-merge")
        with pytest.raises(LockedError):
            restore_backup(b, path)
    broken = tmp_path / "broken.esg"
    broken.write_bytes(b.read_bytes()[:5000])
    before = path.read_bytes()
    with pytest.raises(ReportFileError):
        restore_backup(broken, path)
    assert path.read_bytes() == before


def test_command_line_lists_and_restores(path: Path, tmp_path: Path) -> None:
    with Report.open(path) as rep:
        rep.backup("before-import")
        rep.set_text("staff", "51")
    env = child_env()
    listed = subprocess.run([ESGDESK, "backups", str(path), "--json"], capture_output=True, text=True, env=env)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [r["reason"] for r in rows] == ["before-import"]
    out = tmp_path / "back.esg"
    done = subprocess.run(
        [ESGDESK, "restore", str(path), rows[0]["path"], "--out", str(out)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    with Report.open(out, readonly=True) as rep:
        assert rep.get("staff").entered == "42"
    again = subprocess.run(
        [ESGDESK, "restore", str(path), "1", "--out", str(out)], capture_output=True, text=True, env=env
    )
    assert again.returncode == 1 and "exists already" in again.stderr
    missing = subprocess.run(
        [ESGDESK, "restore", str(path), "nope.esg", "--out", str(tmp_path / "x.esg")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert missing.returncode == 1 and "esgdesk backups" in missing.stderr


def test_an_interrupted_write_does_not_make_a_report_unreadable(path: Path) -> None:
    """A kill in the middle of a transaction leaves a journal; opening rolls it back (read-only too)."""
    script = (
        "import os, signal, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA cache_size = 1')\n"
        "db.execute('BEGIN IMMEDIATE')\n"
        "for i in range(3000):\n"
        "    db.execute('INSERT INTO explanations VALUES (?, ?, 2023, ?, ?, ?)', "
        "('acme', f'x{i}', 'y' * 300, 'k', 'now'))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], env=child_env())
    assert path.with_name(path.name + "-journal").exists()
    with Report.open(path, readonly=True) as rep:
        assert rep.get("staff").entered == "42"
        assert rep.explanations() == {}
    assert not path.with_name(path.name + "-journal").exists()
    assert integrity_ok(path)
