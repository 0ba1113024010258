"""Evidence behind a figure: stored inside the report once per content, listed, audited, required where marked."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from esgdesk.core.catalogue import Catalogue, load_catalogue
from esgdesk.core.errors import Refused, UnusableInput
from esgdesk.core.evidence import check_name, read_file, sha256_of
from esgdesk.core.store import Report
from esgdesk.core.validation import Engine
from tests.conftest import MINI_FORMS
from tests.stores import reopen

pytestmark = pytest.mark.both_stores  # the tests using `mini` or `demo` run on a file and on a server

BILL = b"%PDF-1.4 State Grid electricity bill, December 2023\n" * 50


def test_a_file_attached_twice_is_stored_once_and_listed_with_who_when_and_note(mini: Report) -> None:
    a = mini.attach("electricity", "bill-2023-12.pdf", BILL, note="December bill")
    b = mini.attach("electricity", "bill-copy.pdf", BILL, year=2022)
    mini.attach("energy", "meter-photo.jpg", b"\xff\xd8 photo")  # a section, not a figure
    assert a.sha256 == b.sha256 == sha256_of(BILL) and a.size == len(BILL)
    assert (a.indicator, a.section, a.year, a.entity, a.added_by) == ("electricity", None, 2023, "acme", "tester")
    assert [x.name for x in mini.attachments(target="electricity")] == ["bill-2023-12.pdf", "bill-copy.pdf"]
    assert [x.section for x in mini.attachments(target="energy")] == ["energy"]
    assert mini.connection().execute("SELECT count(*) FROM evidence_files").fetchone()[0] == 2
    assert mini.evidence_bytes(a.sha256) == BILL
    entries = [e for e in mini.audit_log(indicator="electricity") if e.field == "attachment"]
    assert entries[0].new == {
        "name": "bill-2023-12.pdf",
        "sha256": a.sha256,
        "size": len(BILL),
        "note": "December bill",
    }
    mini.close()
    with reopen(mini, readonly=True) as again:  # durable
        assert [x.to_json() for x in again.attachments()] == [x.to_json() for x in (a, b)] + [
            again.attachments()[2].to_json()
        ]
        assert again.integrity_problems == []


def test_detaching_removes_the_stored_file_only_when_nothing_else_uses_it(mini: Report) -> None:
    a = mini.attach("electricity", "a.pdf", BILL)
    b = mini.attach("electricity", "b.pdf", BILL, year=2022)
    mini.detach(a.id)
    assert mini.evidence_bytes(b.sha256) == BILL
    mini.detach(b.id)
    assert mini.attachments() == []
    assert mini.connection().execute("SELECT count(*) FROM evidence_files").fetchone()[0] == 0


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "a/b.pdf",
        "a\\b.pdf",
        "C:evil.pdf",
        "..",
        "",
        "bill\n.pdf",
        "CON.txt",
        "x" * 300,
        "trailing.",
    ],
)
def test_names_that_could_escape_a_folder_are_refused(mini: Report, name: str) -> None:
    with pytest.raises(Refused):
        mini.attach("electricity", name, BILL)
    assert mini.attachments() == []
    assert mini.connection().execute("SELECT count(*) FROM evidence_files").fetchone()[0] == 0


def test_ordinary_names_are_kept(mini: Report) -> None:
    assert check_name("2023年12月 电费单 (final).pdf") == "2023年12月 电费单 (final).pdf"


def test_size_limit_is_stated_and_configurable(mini: Report, tmp_path: Path) -> None:
    big = tmp_path / "roster.xlsx"
    big.write_bytes(b"x" * 1_200_000)
    mini.set_meta("evidence_limit_mb", "1")
    with pytest.raises(Refused, match=r"1\.2 MB; the limit for one attachment is 1 MB"):
        read_file(big, 1)
    with pytest.raises(Refused, match="limit"):
        mini.attach("electricity", "roster.xlsx", big.read_bytes())
    mini.set_meta("evidence_limit_mb", "2")
    assert mini.attach("electricity", "roster.xlsx", big.read_bytes()).size == 1_200_000


def test_missing_folder_and_unknown_targets_are_refused(mini: Report, tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match="no such file"):
        read_file(tmp_path / "gone.pdf", 25)
    with pytest.raises(UnusableInput, match="not a plain file"):
        read_file(tmp_path, 25)
    with pytest.raises(UnusableInput, match="unknown indicator or section"):
        mini.attach("no_such_thing", "a.pdf", BILL)
    with pytest.raises(UnusableInput, match="unknown entity"):
        mini.attach("electricity", "a.pdf", BILL, entity="nobody")


def test_an_unreadable_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "payroll.xlsx"
    locked.write_bytes(b"secret")

    def refuse(self: Path, *args: object, **kw: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)  # as for a file the user may not read (root reads anything)
    with pytest.raises(UnusableInput, match="cannot be read: Permission denied"):
        read_file(locked, 25)


def evidence_catalogue(tmp_path: Path) -> Catalogue:
    """The mini catalogue with electricity marked `evidence = true`."""
    forms = tmp_path / "forms"
    shutil.copytree(MINI_FORMS, forms)
    energy = forms / "env" / "energy.toml"
    text = energy.read_text(encoding="utf-8")
    energy.write_text(
        text.replace('id = "electricity"\n', 'id = "electricity"\nevidence = true\n', 1), encoding="utf-8"
    )
    return load_catalogue(forms)


def test_a_figure_marked_as_needing_evidence_is_a_finding_until_a_file_is_attached(tmp_path: Path) -> None:
    cat = evidence_catalogue(tmp_path)
    assert cat.indicators["electricity"].evidence and not cat.indicators["staff"].evidence
    with Report.create(tmp_path / "e.esg", cat, company="ACME", year=2023, entity_id="acme") as rep:
        rep.set_text("electricity", "3,200")
        rep.set_text("staff", "10")
        found = [f for f in Engine(rep).run_all() if f.rule == "evidence.missing"]
        assert [(f.indicator, f.year) for f in found] == [("electricity", 2023)]
        assert "source document" in found[0].message
        rep.attach("electricity", "bill.pdf", BILL)
        assert [f for f in Engine(rep).run_all() if f.rule == "evidence.missing"] == []


def test_evidence_is_kept_by_roll_forward(mini: Report, tmp_path: Path) -> None:
    mini.attach("electricity", "bill.pdf", BILL, note="December")
    with mini.rollforward(tmp_path / "next.esg") as nxt:
        [att] = nxt.attachments()
        assert (att.year, att.note) == (2023, "December") and nxt.evidence_bytes(att.sha256) == BILL
    db = sqlite3.connect(tmp_path / "next.esg")
    assert db.execute("SELECT count(*) FROM evidence_files").fetchone()[0] == 1
