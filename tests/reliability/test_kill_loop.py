"""Crash safety: a process editing a report is killed (SIGKILL) at random moments; after every kill
the report opens, passes SQLite's integrity check and holds exactly the acknowledged edits (the one
in flight may be there or not), with an intact audit chain."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.store import Report
from tests.reliability.kill_worker import KEYS, key_of
from tests.reliability.support import ESGDESK, child_env, integrity_ok, record

WORKER = Path(__file__).with_name("kill_worker.py")


@dataclass
class Tally:
    kills: int = 0
    acknowledged: int = 0  # highest edit number acknowledged before a kill
    in_flight_kept: int = 0
    in_flight_dropped: int = 0
    rolled_back: int = 0  # kills that left a half-written change (a hot journal) behind
    stale_locks: int = 0
    checks: int = 0
    values_checked: int = 0
    problems: list[str] = field(default_factory=list)


def verify(path: Path, acked: int, tally: Tally) -> int:
    """Open after a kill and compare with what was acknowledged; returns the last edit in the file."""
    if path.with_name(path.name + "-journal").exists():
        tally.rolled_back += 1
    rep = Report.open(path)
    try:
        tally.stale_locks += sum("did not close this report cleanly" in n for n in rep.notes)
        assert rep.integrity_problems == [], rep.integrity_problems
        assert integrity_ok(path)
        edits = [int(e.new["entered"]) for e in rep.audit_log() if e.field == "value"]
        n = len(edits)
        assert edits == list(range(1, n + 1)), "the audit log lost or reordered an edit"
        assert n in (acked, acked + 1), f"{acked} edits acknowledged, {n} in the file"
        if n == acked + 1:
            tally.in_flight_kept += 1
        for k, (ind, year) in enumerate(KEYS):
            expected = max((i for i in range(1, n + 1) if i % len(KEYS) == k), default=None)
            got = rep.get(ind, year)
            assert (got.entered if got else None) == (None if expected is None else str(expected)), (ind, year)
            tally.values_checked += 1
    finally:
        rep.close()
    tally.checks += 1
    return n


def api_round(path: Path, first: int, rng: random.Random) -> int:
    """One worker life: returns the highest edit number it acknowledged."""
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(path), str(first)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    if rng.random() < 0.2:
        time.sleep(rng.uniform(0.0, 0.6))  # sometimes while it starts, opens or recovers the file
    else:
        assert proc.stdout is not None
        proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.15))
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err  # it must not have stopped on its own
    acks = [int(line.split()[1]) for line in out.splitlines() if line.startswith("ack ")]
    return max(acks, default=first - 1)


def cli_round(path: Path, first: int, rng: random.Random) -> tuple[int, bool]:
    """`esgdesk set` runs back to back until a random moment kills the running one."""
    deadline = time.monotonic() + rng.uniform(0.05, 1.0)
    i = first
    while True:
        ind, year = key_of(i)
        proc = subprocess.Popen(
            [ESGDESK, "set", str(path), ind, str(i), "--year", str(year), "--note", f"edit {i}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
        )
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
            return i - 1, True
        _, err = proc.communicate()
        assert proc.returncode == 0, err
        i += 1
        if time.monotonic() >= deadline:
            return i - 1, False


def run_loop(tmp_path: Path, cat: Catalogue, api_kills: int, cli_kills: int, seed: int) -> Tally:
    path = tmp_path / "killed.esg"
    Report.create(path, cat, company="ACME Ltd", year=2023, entity_id="acme").close()
    rng = random.Random(seed)
    tally = Tally()
    done = 0
    rounds = ["api"] * api_kills + ["cli"] * cli_kills
    rng.shuffle(rounds)
    for kind in rounds:
        if kind == "api":
            acked = api_round(path, done + 1, rng)
            killed = True
        else:
            acked, killed = cli_round(path, done + 1, rng)
        tally.kills += killed
        tally.acknowledged = acked
        before = tally.in_flight_kept
        done = verify(path, acked, tally)
        if killed and tally.in_flight_kept == before and done == acked:
            tally.in_flight_dropped += 1
    return tally


def _report(name: str, tally: Tally) -> None:
    record(
        name,
        kills=tally.kills,
        acknowledged_edits=tally.acknowledged,
        checks=tally.checks,
        values_checked=tally.values_checked,
        in_flight_kept=tally.in_flight_kept,
        in_flight_dropped=tally.in_flight_dropped,
        interrupted_writes_rolled_back=tally.rolled_back,
        stale_locks_released=tally.stale_locks,
        lost=0,
    )


def test_short_kill_loop_keeps_every_acknowledged_edit(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    tally = run_loop(tmp_path, mini_catalogue, api_kills=6, cli_kills=3, seed=9)
    assert tally.kills >= 6 and tally.acknowledged > 0
    _report("kill_loop_short", tally)


@pytest.mark.slow
def test_long_kill_loop_keeps_every_acknowledged_edit(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    tally = run_loop(tmp_path, mini_catalogue, api_kills=110, cli_kills=40, seed=2023)
    assert tally.kills >= 100
    # Kills must land inside writes too, not only between them, or the loop proves little.
    assert tally.rolled_back + tally.in_flight_kept > 0
    _report("kill_loop_long", tally)
