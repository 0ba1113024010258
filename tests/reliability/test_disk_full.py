"""Disk full: a write fails with a clear message, the file keeps its last good state, and the
report can still be saved elsewhere."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import WriteError
from esgdesk.core.store import Report
from tests.reliability.mounts import fill, tiny_tmpfs
from tests.reliability.support import ESGDESK, child_env, integrity_ok, record, tree_hashes


def _good_state(rep: Report) -> dict[tuple[str, str, int], str]:
    return {k: v.entered for k, v in rep.value_map().items()}


def _write_until_full(rep: Report) -> tuple[int, WriteError]:
    """Explanations of 3 kB each until the disk refuses one; returns how many were saved."""
    for n in range(10_000):
        try:
            rep.set_explanation("staff", f"{n:05d} " + "x" * 3000, year=1900 + n % 300)
        except WriteError as exc:
            return n, exc
    raise AssertionError("the disk never filled up")


def _save_elsewhere_and_continue(rep: Report, elsewhere: Path, expected: dict[tuple[str, str, int], str]) -> None:
    copy = rep.save_copy(elsewhere)
    assert integrity_ok(copy)
    with Report.open(copy) as again:
        assert _good_state(again) == expected
        again.set_text("staff", "43", why="kept working on the copy")
        assert again.get("staff").entered == "43"


def test_simulated_full_disk_refuses_cleanly(tmp_path: Path, mini: Report) -> None:
    mini.set_text("electricity", "1,200 kWh")
    mini.set_text("staff", "42")
    pages = mini.connection().execute("PRAGMA page_count").fetchone()[0]
    mini.connection().execute(f"PRAGMA max_page_count = {pages + 2}")
    saved, exc = _write_until_full(mini)
    assert "disk is full" in exc.message and "last good state" in exc.message
    expected = _good_state(mini)
    explained = dict(mini.explanations())
    assert len(explained) == saved
    _save_elsewhere_and_continue(mini, tmp_path / "elsewhere" / "copy.esg", expected)
    mini.close()
    assert integrity_ok(mini.path)
    with Report.open(mini.path, readonly=True) as again:
        assert _good_state(again) == expected
        assert again.explanations().keys() == explained.keys()
        assert again.integrity_problems == []


def test_really_full_disk_refuses_cleanly(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    with tiny_tmpfs(tmp_path / "small", 768) as disk:
        path = disk / "full.esg"
        with Report.create(path, mini_catalogue, company="ACME Ltd", year=2023, entity_id="acme") as rep:
            rep.set_text("electricity", "1,200 kWh")
            rep.set_text("staff", "42")
            fill(disk, leave=40_000)
            saved, exc = _write_until_full(rep)
            assert "disk is full" in exc.message
            fill(disk, leave=0)
            with pytest.raises(WriteError, match="disk is full"):
                rep.set_text("staff", "44")
            assert rep.get("staff").entered == "42"
            expected = _good_state(rep)
        before = tree_hashes(path)
        # The same refusal from the command line: one plain line, exit 1, the file untouched.
        cli = subprocess.run(
            [ESGDESK, "set", str(path), "staff", "45"], capture_output=True, text=True, env=child_env()
        )
        assert cli.returncode == 1, cli.stderr
        assert "disk is full" in cli.stderr and "Traceback" not in cli.stderr
        assert len(cli.stderr.strip().splitlines()) <= 2, cli.stderr
        assert tree_hashes(path) == before
        assert integrity_ok(path)
        with Report.open(path, readonly=True) as again:
            assert _good_state(again) == expected
            assert len(again.explanations()) == saved
            _save_elsewhere_and_continue(again, tmp_path / "elsewhere.esg", expected)
    record("disk_full", explanations_saved_before_full=saved, refusals_checked=3, lost=0)


def test_a_full_disk_during_an_xbrl_export_keeps_the_earlier_export(tmp_path: Path, demo_path: Path) -> None:
    with tiny_tmpfs(tmp_path / "small", 2048) as disk:
        out = disk / "xbrl"
        first = subprocess.run(
            [ESGDESK, "export", str(demo_path), "--xbrl", str(out)], capture_output=True, text=True, env=child_env()
        )
        assert first.returncode == 0, first.stderr
        before = tree_hashes(out)
        fill(disk, leave=64_000)  # room for a part of the new export, not for all of it
        again = subprocess.run(
            [ESGDESK, "export", str(demo_path), "--xbrl", str(out)], capture_output=True, text=True, env=child_env()
        )
        assert again.returncode == 1, again.stderr
        assert f"{out}: the XBRL files could not be written (No space left on device)" in again.stderr
        assert "Traceback" not in again.stderr
        assert tree_hashes(out) == before and len(before) == 9
        assert sorted(p.name for p in disk.iterdir()) == ["filler.bin", "xbrl"]  # no temporary folder left
