"""Report.batch: several writes in one transaction, one audit entry each, all or nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from esgdesk.core.errors import Refused, WriteError
from esgdesk.core.store import Report, audit_log
from esgdesk.core.values import Change
from tests.stores import digest, reopen


def snapshot(rep: Report) -> tuple[Any, ...]:
    return (
        dict(rep.value_map()),
        dict(rep.explanations()),
        dict(rep.acks()),
        dict(rep.section_states()),
        rep.audit_log(),
    )


@pytest.mark.both_stores
def test_a_batch_writes_everything_in_one_go_with_one_audit_entry_per_write(mini: Report) -> None:
    mini.acknowledge("staff", "yoy")
    heard: list[list[Change]] = []
    mini.subscribe(heard.append)
    before = len(mini.audit_log())
    with mini.batch(source="merge", why="returned by Operations") as b:
        b.set_value("electricity", mini.parse("electricity", "3.2 MWh"))
        b.set_value("staff", mini.parse("staff", "120"), why="headcount at year end")
        b.set_explanation("electricity", "meter readings")
        b.acknowledge("electricity", "yoy", "new meter")
        b.withdraw_ack("staff", "yoy")
        b.set_section_state("energy", "submitted", comment="done")
        b.log("merge", new={"file": "ops.esg"})
        assert heard == []  # nobody hears of a batch before it is committed
        assert mini.get("electricity") is None and b.get("electricity") is not None
    assert len(heard) == 1 and [c.key.indicator for c in heard[0]] == ["electricity", "staff"]
    entries = mini.audit_log()[before:]
    assert [e.field for e in entries] == ["value", "value", "explanation", "ack", "ack", "section_state", "merge"]
    assert {e.source for e in entries} == {"merge"}
    assert [e.why for e in entries] == ["returned by Operations", "headcount at year end"] + [
        "returned by Operations"
    ] * 5
    assert len({e.at for e in entries}) == 1
    assert mini.integrity_problems == []
    mini.close()
    with reopen(mini) as again:
        assert str(again.get("electricity")) == str(mini.get("electricity"))
        assert again.get("staff") is not None and again.get("staff").number == 120
        explanation = again.explanation("electricity")
        assert explanation is not None and explanation.text == "meter readings"
        assert again.acknowledged("electricity", "yoy") and not again.acknowledged("staff", "yoy")
        assert again.section_state("energy").state == "submitted"
        assert [e.field for e in again.audit_log()[before:]] == [e.field for e in entries]


@pytest.mark.both_stores
@pytest.mark.parametrize("failure", ["exception", "refused", "disk"])
def test_an_error_mid_batch_leaves_the_file_and_its_audit_chain_exactly_as_before(
    mini: Report, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    mini.set_text("electricity", "1 MWh")
    mini.set_explanation("staff", "old text")
    heard: list[list[Change]] = []
    mini.subscribe(heard.append)
    before, on_disk = snapshot(mini), digest(mini)
    if failure == "disk":
        real = audit_log.append
        calls = {"n": 0}

        def full_disk(db: sqlite3.Connection, **kw: Any) -> str:
            calls["n"] += 1
            if calls["n"] == 3:
                raise sqlite3.OperationalError("database or disk is full")
            return real(db, **kw)

        monkeypatch.setattr(audit_log, "append", full_disk)
    expected: type[BaseException] = {"exception": KeyError, "refused": Refused, "disk": WriteError}[failure]
    with pytest.raises(expected), mini.batch(source="merge") as b:
        b.set_value("electricity", mini.parse("electricity", "2 MWh"))
        b.set_explanation("staff", "new text")
        b.acknowledge("electricity", "yoy")
        if failure == "refused":
            b.set_value("electricity_intensity", mini.parse("electricity_intensity", "5"))  # computed
        if failure == "exception":
            raise KeyError("the caller's own error")
        b.set_section_state("energy", "submitted")
    assert heard == []
    assert snapshot(mini) == before
    assert digest(mini) == on_disk
    with pytest.raises(RuntimeError):
        b.log("late")  # a batch is finished with its block
    monkeypatch.undo()
    mini.set_text("staff", "7")  # the report goes on working, its chain intact
    assert mini.integrity_problems == []


def test_a_report_open_read_only_refuses_a_batch(demo_path: Path) -> None:
    with Report.open(demo_path, readonly=True) as rep, pytest.raises(Refused), rep.batch() as b:
        b.log("never")


@pytest.mark.both_stores
def test_the_single_edits_are_batches_of_one(mini: Report) -> None:
    heard: list[list[Change]] = []
    mini.subscribe(heard.append)
    mini.set_explanation("staff", "why")
    mini.acknowledge("staff", "yoy")
    mini.withdraw_ack("staff", "yoy")
    mini.withdraw_ack("staff", "yoy")  # nothing to withdraw: nothing written, nobody told
    mini.log("export", new={"file": "x.xlsx"}, source="cli")
    assert len(heard) == 4
    assert [(e.field, e.source) for e in mini.audit_log()[-4:]] == [
        ("explanation", "app"),
        ("ack", "app"),
        ("ack", "app"),
        ("export", "cli"),
    ]


@pytest.mark.both_stores
def test_a_batch_adds_an_entity_and_its_figures_evidence_and_base_year_together(mini: Report) -> None:
    heard: list[list[Change]] = []
    mini.subscribe(heard.append)
    with mini.batch(source="import", why="site data") as b:
        b.add_entity("plant", "Plant 1", parent="acme")
        b.set_value("electricity", mini.parse("electricity", "5 MWh"), entity="plant")
        att = b.attach("electricity", "meter.pdf", b"%PDF-1.4 meter", entity="plant", note="March reading")
        b.set_base_year("electricity", 2020)
        b.mark_published(2022)
        b.set_meta("currency", "USD")
        assert "plant" not in mini.entities and mini.attachments() == []
    assert len(heard) == 1
    assert mini.entities["plant"].parent == "acme" and mini.get("electricity", entity="plant") is not None
    assert [a.id for a in mini.attachments()] == [att.id] and mini.evidence_bytes(att.sha256) == b"%PDF-1.4 meter"
    assert mini.base_year("electricity") == 2020 and mini.is_published(2022) and mini.meta.currency == "USD"
    entries = mini.audit_log()[-6:]
    assert [e.field for e in entries] == ["entity", "value", "attachment", "base_year", "published", "meta"]
    assert {e.source for e in entries} == {"import"}
    mini.close()
    with reopen(mini, readonly=True) as again:
        assert again.entities["plant"].name == "Plant 1" and again.base_year("electricity") == 2020
        assert again.is_published(2022) and again.meta.currency == "USD" and len(again.attachments()) == 1


@pytest.mark.both_stores
def test_a_failed_batch_leaves_no_entity_evidence_or_header_change(mini: Report) -> None:
    before, on_disk, meta = snapshot(mini), digest(mini), mini.meta
    with pytest.raises(Refused), mini.batch() as b:
        b.add_entity("plant", "Plant 1")
        b.attach("electricity", "meter.pdf", b"data", entity="plant")
        b.set_meta("currency", "USD")
        b.mark_published(2022)
        b.set_value("electricity_intensity", mini.parse("electricity_intensity", "5"))  # computed: refused
    assert snapshot(mini) == before and digest(mini) == on_disk
    assert "plant" not in mini.entities and mini.attachments() == [] and mini.meta == meta
    assert not mini.is_published(2022)
