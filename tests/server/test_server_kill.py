"""A client killed in the middle of its work: nothing acknowledged is lost, nothing half-written is kept,
and the report is not left locked for the others."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from esgdesk.core.store import open_report
from esgdesk.core.store.server.transfer import publish
from tests.reliability.support import child_env
from tests.server.kill_client import KEYS

CLIENT = str(Path(__file__).with_name("kill_client.py"))


@pytest.fixture
def url(demo_path: Path, server_db: str) -> str:
    return publish(demo_path, server_db)


def _start(url: str, mode: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, CLIENT, url, mode],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
        cwd=str(Path(__file__).parents[2]),
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.kill()
    proc.wait(timeout=30)
    if proc.stdout is not None:
        proc.stdout.close()


def test_a_client_killed_inside_a_batch_leaves_nothing_of_it_and_no_lock(url: str) -> None:
    with open_report(url, readonly=True) as before:
        old = {ind: before.get(ind) for ind in KEYS}
    proc = _start(url, "batch")
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ack" and proc.stdout.readline().strip() == "inside"
    _kill(proc)
    with open_report(url) as rep:
        assert rep.get("employees_total").entered == "1111"  # acknowledged: kept
        assert {ind: rep.get(ind) for ind in KEYS[1:]} == {ind: old[ind] for ind in KEYS[1:]}  # the batch: gone
        assert not any(e.why == "never committed" for e in rep.audit_log())
        assert rep.integrity_problems == []
        t0 = time.monotonic()
        rep.set_text("water_total", "20,000")  # the killed client's lock went with its connection
        assert time.monotonic() - t0 < 10


def test_clients_killed_while_editing_lose_no_acknowledged_edit(url: str) -> None:
    rng = random.Random(18)
    for _ in range(3):
        proc = _start(url, "edits")
        assert proc.stdout is not None
        acked = -1
        deadline = time.monotonic() + rng.uniform(0.3, 1.5)
        while time.monotonic() < deadline:
            line = proc.stdout.readline().strip()
            assert line.startswith("ack "), line
            acked = int(line.split()[1])
        _kill(proc)
        assert acked >= 0
        with open_report(url, readonly=True) as rep:
            assert rep.integrity_problems == []
            for k, ind in enumerate(KEYS):
                last = max((i for i in range(acked + 1) if i % len(KEYS) == k), default=None)
                if last is None:
                    continue
                # What the server holds is the last acknowledged edit, or one made after it (in flight when
                # killed, committed or not): never anything older.
                assert (rep.get(ind).number or 0) >= 10000 + last
