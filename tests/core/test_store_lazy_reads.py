"""Opening a report reads its rows and leaves the figures and the audit chain for their first use:
what a user reads and what the checks report must be the same as if all were done at open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from esgdesk.core.errors import ReportFileError
from esgdesk.core.store import Report
from esgdesk.core.values import Status, Value, value_from_row
from tests.stores import reopen, tamper_audit

pytestmark = pytest.mark.both_stores  # the tests using `mini` or `demo` run on a file and on a server


def test_every_figure_reads_back_as_written(demo: Report, demo_path: Path) -> None:
    demo.set_text("water_total", "about 19,018 m3", why="meter")
    expected = dict(demo.value_map())
    listed = list(demo.values())
    demo.close()
    with reopen(demo, readonly=True) as again:
        one = again.get("water_total")
        assert one is not None and one.entered == "about 19,018 m3" and one.number == 19018
        assert list(again.values()) == listed
        assert again.value_map() == expected
        assert all(isinstance(v, Value) for v in again.value_map().values())


def test_an_edit_records_the_figure_it_replaced_before_it_was_ever_read(demo: Report, demo_path: Path) -> None:
    before = demo.get("water_total")
    demo.close()
    with Report.open(demo_path) as rep:
        change = rep.set_text("water_total", "20,000 m3")
        assert change.old == before
        assert rep.audit_log(indicator="water_total")[-1].old == before.to_dict()


def test_a_figure_from_a_row_is_the_value_the_parser_makes() -> None:
    row = ("acme", "staff", 2023, "reported", "more_than", "1,500+", None, 1500.0, None, None, None, 0, None, None)
    v = value_from_row(row, 3)
    assert v == Value(status=Status.REPORTED, number=1500.0, qualifier=v.qualifier, entered="1,500+", decimals=0)
    assert v.qualifier.value == "more_than"
    with pytest.raises(AttributeError):
        v.number = 2.0  # type: ignore[misc]  # still frozen
    with pytest.raises(KeyError):
        value_from_row(("bogus", "", "", None, None, None, None, None, None, None, None))


def test_an_unknown_qualifier_makes_the_file_unreadable_at_open(demo_path: Path) -> None:
    db = sqlite3.connect(demo_path)
    with db:
        db.execute("UPDATE vals SET qualifier = 'roughly' WHERE indicator = 'water_total'")
    db.close()
    with pytest.raises(ReportFileError, match="damaged"):
        Report.open(demo_path).close()


def test_a_broken_chain_is_reported_when_asked_after_close(demo_path: Path) -> None:
    tamper_audit(demo_path)
    rep = Report.open(demo_path, readonly=True)
    rep.close()
    problems = rep.integrity_problems
    assert any("entry 2 was changed" in p for p in problems), problems


def test_the_chain_stays_intact_through_edits_made_before_it_is_checked(demo: Report) -> None:
    demo.set_text("water_total", "20,000 m3")
    demo.set_explanation("water_total", "new meter")
    assert demo.integrity_problems == []


def test_a_broken_chain_is_still_found_after_later_edits(demo_path: Path) -> None:
    tamper_audit(demo_path)
    with Report.open(demo_path) as rep:
        rep.set_text("water_total", "20,000 m3")
        assert any("entry 2 was changed" in p for p in rep.integrity_problems)
