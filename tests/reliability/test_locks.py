"""One writer per report: the second is told who holds it, readers work beside the writer, and a lock
left by a killed holder is noticed and released."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import LockedError
from esgdesk.core.store import Report
from tests.reliability.support import ESGDESK, child_env, record

HOLDER = """
import sys, time
from esgdesk.core.store import Report
rep = Report.open(sys.argv[1])
rep.set_text("staff", "77", why="holder's edit")
print("holding", flush=True)
time.sleep(120)
"""


@pytest.fixture
def report(tmp_path: Path, mini_catalogue: Catalogue) -> Path:
    path = tmp_path / "shared.esg"
    with Report.create(path, mini_catalogue, company="ACME Ltd", year=2023, entity_id="acme") as rep:
        rep.set_text("staff", "42")
    return path


@contextmanager
def held_by(path: Path, user: str) -> Iterator[subprocess.Popen[str]]:
    env = child_env()
    env["ESGDESK_USER"] = user
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.communicate()


def test_second_writer_is_told_who_holds_the_report(report: Path) -> None:
    with held_by(report, "alice"):
        with pytest.raises(LockedError) as exc:
            Report.open(report)
        assert exc.value.holder["user"] == "alice"
        assert "alice" in exc.value.message and "read-only" in exc.value.message
        cli = subprocess.run(
            [ESGDESK, "set", str(report), "staff", "50"], capture_output=True, text=True, env=child_env()
        )
        assert cli.returncode == 2 and "alice" in cli.stderr and "Traceback" not in cli.stderr, cli.stderr
        # Reading beside the writer works and sees what the writer saved.
        with Report.open(report, readonly=True) as reader:
            assert reader.get("staff").entered == "77"
    record("locks_second_writer", refusals_checked=2, readers_beside_writer=1)


def test_stale_lock_of_a_killed_holder_is_released_and_reported(report: Path) -> None:
    with held_by(report, "bob") as proc:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    with Report.open(report) as rep:
        assert any("bob" in n and "did not close this report cleanly" in n for n in rep.notes), rep.notes
        assert rep.get("staff").entered == "77"
        rep.set_text("staff", "78")
        # The lock is now ours: somebody else is refused and told so.
        with pytest.raises(LockedError, match="tester"):
            Report.open(report)
    with Report.open(report) as rep:
        assert rep.notes == []  # closed cleanly this time
    record("locks_stale", stale_locks_released=1)


def test_a_second_window_in_the_same_process_is_refused(report: Path) -> None:
    with Report.open(report) as first:
        with pytest.raises(LockedError):
            Report.open(report)
        first.set_text("staff", "43")
        with Report.open(report, readonly=True) as second:
            assert second.get("staff").entered == "43"
