"""A report in a read-only place: editing is refused with a clear message, reading still works,
the user can save a copy elsewhere and carry on, and nothing in the read-only place changes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import WriteError
from esgdesk.core.store import Report
from tests.reliability.mounts import read_only_view
from tests.reliability.support import ESGDESK, child_env, integrity_ok, record, tree_hashes


def _make(folder: Path, cat: Catalogue) -> Path:
    folder.mkdir()
    path = folder / "report.esg"
    with Report.create(path, cat, company="ACME Ltd", year=2023, entity_id="acme") as rep:
        rep.set_text("staff", "42")
        rep.set_text("electricity", "3.2 MWh")
    return path


def test_read_only_folder_refuses_editing_and_allows_a_copy(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    source = _make(tmp_path / "share", mini_catalogue)
    with read_only_view(source.parent) as view:
        path = view / source.name
        before = tree_hashes(view)
        with pytest.raises(WriteError, match="read-only") as exc:
            Report.open(path)
        assert "save a copy elsewhere" in exc.value.message
        cli = subprocess.run(
            [ESGDESK, "set", str(path), "staff", "43"], capture_output=True, text=True, env=child_env()
        )
        assert cli.returncode == 1 and "read-only" in cli.stderr and "Traceback" not in cli.stderr, cli.stderr
        with Report.open(path, readonly=True) as rep:
            assert rep.get("staff").entered == "42"
            copy = rep.save_copy(tmp_path / "mine" / "report.esg")
        assert tree_hashes(view) == before
    assert integrity_ok(copy)
    with Report.open(copy) as rep:
        assert rep.get("electricity").number == 3200
        rep.set_text("staff", "43")
    with Report.open(copy, readonly=True) as rep:
        assert rep.get("staff").entered == "43"
    record("read_only_location", refusals_checked=2, copies_saved=1, lost=0)


def test_file_turning_read_only_while_open_keeps_last_good_state(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    path = _make(tmp_path / "share", mini_catalogue)
    with Report.open(path) as rep:
        # What SQLite reports when the medium stops taking writes under an open file.
        rep.connection().execute("PRAGMA query_only = 1")
        with pytest.raises(WriteError, match="read-only"):
            rep.set_text("staff", "50")
        with pytest.raises(WriteError, match="read-only"):
            rep.set_explanation("staff", "grew")
        assert rep.get("staff").entered == "42"
        assert rep.explanation("staff") is None
        rep.save_copy(tmp_path / "copy.esg")
    with Report.open(tmp_path / "copy.esg", readonly=True) as copy:
        assert copy.get("staff").entered == "42"
