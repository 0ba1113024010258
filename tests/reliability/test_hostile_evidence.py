"""Hostile evidence: files too large, vanished or not files at all, names that would escape a folder,
stored files damaged outside the app. Each is refused with a clear message; the report and the folder
the pack was to go to are left exactly as they were."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from esgdesk.core.store import Report
from tests.reliability.limits import bounded
from tests.reliability.support import ESGDESK, record, tree_hashes

TRIED: list[str] = []


@pytest.fixture(autouse=True, scope="module")
def _figures() -> object:
    yield
    record("hostile_evidence", tried=len(TRIED), refused=len(TRIED), changed_on_disk=0)


def _refused(args: list[str], folder: Path, code: int, message: str) -> None:
    before = tree_hashes(folder)
    out = bounded([ESGDESK, *args])
    lines = out.stderr.strip().splitlines()
    assert out.code == code and 1 <= len(lines) <= 2 and "Traceback" not in out.stderr, out
    assert "internal error" not in out.stderr
    assert message in out.stderr, out.stderr
    after = tree_hashes(folder)
    assert {k: v for k, v in after.items() if not k.endswith(".lock")} == {
        k: v for k, v in before.items() if not k.endswith(".lock")
    }
    TRIED.append(message)


@pytest.fixture
def report(tmp_path: Path, mini_catalogue: object) -> Path:
    path = tmp_path / "r" / "acme.esg"
    Report.create(path, mini_catalogue, company="ACME", year=2023, entity_id="acme").close()  # type: ignore[arg-type]
    return path


def test_files_that_cannot_be_attached(report: Path, tmp_path: Path) -> None:
    folder = report.parent
    big = tmp_path / "scan.tif"
    with big.open("wb") as fh:
        fh.truncate(26 * 1_000_000)  # a sparse file: large on paper, no disk used
    _refused(["attach", str(report), "electricity", str(big)], folder, 1, "the limit for one attachment is 25 MB")
    _refused(["attach", str(report), "electricity", str(tmp_path / "vanished.pdf")], folder, 2, "no such file")
    dangling = tmp_path / "link.pdf"
    dangling.symlink_to(tmp_path / "deleted.pdf")
    _refused(["attach", str(report), "electricity", str(dangling)], folder, 2, "no such file")
    _refused(["attach", str(report), "electricity", str(tmp_path)], folder, 2, "not a plain file")
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)  # reading it would wait for ever
    _refused(["attach", str(report), "electricity", str(fifo)], folder, 2, "not a plain file")
    with Report.open(report, readonly=True) as rep:
        assert rep.attachments() == [] and rep.integrity_problems == []


def _tamper(report: Path, sql: str, *params: object) -> None:
    db = sqlite3.connect(report)
    db.execute(sql, params)
    db.commit()
    db.close()


@pytest.mark.parametrize("name", ["../../../outside.pdf", "/etc/cron.d/evil", "..\\..\\evil.bat"])
def test_a_stored_name_that_would_escape_the_pack_is_refused(report: Path, tmp_path: Path, name: str) -> None:
    with Report.open(report) as rep:
        rep.attach("electricity", "bill.pdf", b"bill")
    _tamper(report, "UPDATE attachments SET name = ?", name)  # edited outside the app
    out = tmp_path / "packs"
    out.mkdir()
    _refused(["evidence-pack", str(report), "--out", str(out / "pack.zip")], out, 1, "could escape the folder")
    assert list(out.iterdir()) == []  # not even a temporary file is left


def test_a_damaged_stored_file_is_not_packed(report: Path, tmp_path: Path) -> None:
    with Report.open(report) as rep:
        rep.attach("electricity", "bill.pdf", b"the real bill")
    _tamper(report, "UPDATE evidence_files SET data = ?", b"a forged bill")
    out = tmp_path / "packs"
    out.mkdir()
    _refused(["evidence-pack", str(report), "--out", str(out / "pack.zip")], out, 2, "is damaged")
    assert list(out.iterdir()) == []


def test_a_pack_into_a_read_only_folder_leaves_nothing(report: Path, tmp_path: Path) -> None:
    with Report.open(report) as rep:
        rep.attach("electricity", "bill.pdf", b"bill")
    target = tmp_path / "not-a-folder"
    target.write_text("a file where the folder should be")
    _refused(
        ["evidence-pack", str(report), "--out", str(target / "pack.zip")], tmp_path / "r", 1, "could not be written"
    )
