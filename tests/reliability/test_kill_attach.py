"""Crash safety of attaching evidence: a process attaching files is killed (SIGKILL) at random moments;
after every kill the report opens intact and holds exactly the acknowledged attachments (the one in
flight may be there or not), each stored file matching its SHA-256, the audit chain intact."""

from __future__ import annotations

import hashlib
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.store import Report
from tests.reliability.attach_worker import content
from tests.reliability.support import child_env, integrity_ok, record

WORKER = Path(__file__).with_name("attach_worker.py")


def _round(path: Path, first: int, rng: random.Random) -> int:
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(path), str(first)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    time.sleep(rng.uniform(0.0, 0.3))
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err
    acks = [int(line.split()[1]) for line in out.splitlines() if line.startswith("ack ")]
    return max(acks, default=first - 1)


def _verify(path: Path, acked: int) -> int:
    with Report.open(path) as rep:
        assert rep.integrity_problems == [], rep.integrity_problems
        numbers = [int(a.name[1:-4]) for a in rep.attachments()]
        n = len(numbers)
        assert numbers == list(range(1, n + 1)), "an attachment was lost or reordered"
        assert n in (acked, acked + 1), f"{acked} attachments acknowledged, {n} in the file"
        for a in rep.attachments():
            data = rep.evidence_bytes(a.sha256)  # refuses bytes that do not match their SHA-256
            assert data == content(int(a.name[1:-4])) and hashlib.sha256(data).hexdigest() == a.sha256
    assert integrity_ok(path)
    return n


def test_kill_loop_while_attaching_keeps_every_acknowledged_file(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    path = tmp_path / "killed.esg"
    Report.create(path, mini_catalogue, company="ACME Ltd", year=2023, entity_id="acme").close()
    rng = random.Random(15)
    done = kills = 0
    for _ in range(6):
        acked = _round(path, done + 1, rng)
        kills += 1
        done = _verify(path, acked)
    assert done > 0
    record("kill_loop_attach", kills=kills, attachments_kept=done, lost=0)
