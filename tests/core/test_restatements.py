"""Restatements of published years: a published figure is restated with a reason, never silently edited."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from esgdesk.core import schema
from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import Refused
from esgdesk.core.store import Report
from esgdesk.core.validation import Engine
from esgdesk.core.values import Value
from tests.stores import reopen

pytestmark = pytest.mark.both_stores  # the tests using `mini` or `demo` run on a file and on a server

DENSITY = "waste_nonhazardous_density"
REASON = "Printed ten times too high in the 2022 report: 1.5 t / RMB 27.49 hundred million is 0.055"


def restate_density(rep: Report) -> None:
    value = rep.parse(DENSITY, "0.055")
    assert value is not None
    rep.restate(DENSITY, value, year=2022, reason=REASON)


def test_the_demos_prior_year_is_published_and_cannot_be_edited(demo: Report) -> None:
    assert demo.published_years() == [2022]
    with pytest.raises(Refused, match="2022 is a published year.*restate"):
        demo.set_text(DENSITY, "0.055", year=2022)
    assert demo.get(DENSITY, 2022).number == 0.55
    demo.set_text("water_total", "20,000")  # the report's own year is edited as before


def test_the_2022_waste_density_is_restated_and_the_published_value_kept(demo: Report) -> None:
    restate_density(demo)
    assert demo.get(DENSITY, 2022).number == pytest.approx(0.055)
    rest = demo.restatement(DENSITY, 2022)
    assert rest is not None and rest.previous is not None and rest.previous.number == 0.55
    assert rest.reason == REASON and rest.by == "tester" and rest.at
    # A second restatement keeps the value as first published.
    demo.restate(DENSITY, Value(number=0.0546, entered="0.0546", decimals=4), year=2022, reason="more precisely")
    again = demo.restatement(DENSITY, 2022)
    assert again is not None and again.previous is not None and again.previous.number == 0.55
    # It is durable, and the audit log holds each step.
    demo.close()
    with reopen(demo, readonly=True) as rep:
        rest = rep.restatement(DENSITY, 2022)
        assert rest is not None and rest.reason == "more precisely" and rest.previous.number == 0.55
        steps = [e for e in rep.audit_log(indicator=DENSITY) if e.field == "restatement"]
        assert [e.new["reason"] for e in steps] == [REASON, "more precisely"]
        assert rep.integrity_problems == []


def test_year_over_year_uses_the_restated_value(demo: Report) -> None:
    # Printed 0.55 -> 0.13 looks like a fall while the inputs rise: the restated 0.055 ends that finding.
    before = [f for f in Engine(demo).run_all() if f.indicator == DENSITY and f.rule == "intensity.direction"]
    assert before
    restate_density(demo)
    after = [f for f in Engine(demo).run_all() if f.indicator == DENSITY and f.rule == "intensity.direction"]
    assert after == []


def test_a_restatement_needs_a_reason_and_a_published_year(demo: Report) -> None:
    value = Value(number=0.055)
    with pytest.raises(Refused, match="needs a reason"):
        demo.restate(DENSITY, value, year=2022, reason="  ")
    with pytest.raises(Refused, match="2023 is not a published year"):
        demo.restate(DENSITY, value, year=2023, reason="why not")
    assert demo.restatements() == {}


def test_withdrawing_a_restatement_puts_back_the_published_figure(demo: Report) -> None:
    value = demo.parse(DENSITY, "0.055")
    assert value is not None
    change, before = demo.restate(DENSITY, value, year=2022, reason=REASON)
    demo.withdraw_restatement(change, before)
    assert demo.get(DENSITY, 2022).number == 0.55
    assert demo.restatement(DENSITY, 2022) is None


def test_roll_forward_marks_the_closed_year_published_and_keeps_every_year(demo: Report, tmp_path: Path) -> None:
    restate_density(demo)
    demo.set_text("water_total", "20,000")
    with demo.rollforward(tmp_path / "2024.esg") as nxt:
        assert nxt.year == 2024 and nxt.published_years() == [2022, 2023]
        assert nxt.get("water_total", 2023).number == 20000
        assert nxt.get("water_total", 2022) is not None
        assert nxt.restatement(DENSITY, 2022) is not None
        with pytest.raises(Refused, match="2023 is a published year"):
            nxt.set_text("water_total", "1", year=2023)
        path = nxt.path
    with Report.open(path, readonly=True) as nxt, nxt.rollforward(tmp_path / "2025.esg") as third:
        assert third.years() == [2022, 2023, 2024, 2025]
        assert third.published_years() == [2022, 2023, 2024]
        assert third.get("water_total", 2022) is not None and third.restatement(DENSITY, 2022) is not None


def _schema_of(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    rows = db.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    return [(t, n, " ".join((s or "").split())) for t, n, s in rows]


def _v2_file(path: Path, catalogue: Catalogue, *, rolled: bool) -> None:
    """A report as format 2 wrote it (the current file without the format 3 tables)."""
    extra = {"previous_report_id": "r-0"} if rolled else None
    Report.create(path, catalogue, company="Old Co", year=2023, entity_id="old", extra=extra).close()
    db = sqlite3.connect(path, isolation_level=None)
    for name in ("attachments", "evidence_files", "restatements", "published_years", "base_years"):
        db.execute(f"DROP TABLE {name}")
    db.execute("PRAGMA user_version = 2")
    db.close()


@pytest.mark.parametrize("rolled", [False, True])
def test_format_2_is_migrated_to_the_same_schema_as_a_fresh_file(
    tmp_path: Path, mini_catalogue: Catalogue, rolled: bool
) -> None:
    old = tmp_path / "old.esg"
    _v2_file(old, mini_catalogue, rolled=rolled)
    with Report.open(old, readonly=True) as rep:  # read-only: upgraded in memory, the file untouched
        assert rep.published_years() == ([2022] if rolled else [])
    assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == 2
    with Report.open(old) as rep:
        assert any("upgraded to format 3" in n for n in rep.notes)
        assert rep.published_years() == ([2022] if rolled else [])
        assert rep.integrity_problems == []
    fresh = tmp_path / "fresh.esg"
    Report.create(fresh, mini_catalogue, company="New Co", year=2023).close()
    a, b = sqlite3.connect(old), sqlite3.connect(fresh)
    assert a.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 3
    assert _schema_of(a) == _schema_of(b)
