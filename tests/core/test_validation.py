"""The engine: an edit re-checks only what depends on it, and ends where a full run would."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.findings import Finding
from esgdesk.core.jobs import Cancelled, CancelToken
from esgdesk.core.store import Report
from esgdesk.core.validation import Engine
from tests.conftest import in_store
from tests.core.rules_helpers import ENTITY, YEAR, new_report, put

pytestmark = pytest.mark.both_stores  # the tests using `rep` run on a file and on a server


@pytest.fixture
def rep(tmp_path: Path, catalogue: Catalogue, store: str, request: pytest.FixtureRequest) -> Iterator[Report]:
    r = new_report(tmp_path / "r.esg", catalogue)
    for n in range(5):
        r.add_entity(f"sub{n}", f"Subsidiary {n}", parent=ENTITY)
    figures = {
        "employees_total": "100",
        "employees_male": "60",
        "employees_female": "40",
        "waste_total": "3.747",
        "waste_nonhazardous_total": "3.56",
        "waste_hazardous_total": "0.187",
        "water_total": "19,018",
        "direct_economic_value": "2,641",
        "domestic_wastewater_total": "6,206",
        "natural_gas_total": "81,632",
        "patents_total": "709",
        "patents_new": "199",
    }
    for entity in [ENTITY, *[f"sub{n}" for n in range(5)]]:
        put(r, figures, entity=entity)
        put(r, figures, entity=entity, year=YEAR - 1)
    r = in_store(r, store, request)
    yield r
    r.close()


def ids(fs: list[Finding]) -> list[tuple[object, ...]]:
    return sorted((*f.id, f.severity.value, f.message, f.explained) for f in fs)


def test_recheck_evaluates_only_dependent_rules(rep: Report) -> None:
    engine = Engine(rep)
    engine.run_all()
    full = engine.evaluations
    put(rep, {"employees_female": "45"}, entity="sub3")
    before = engine.evaluations
    touched = engine.recheck([("sub3", "employees_female", YEAR)])
    used = engine.evaluations - before
    assert ("sub3", "employees_total", YEAR) in touched  # its parent's breakdown
    assert ("sub3", "employees_female", YEAR + 1) in touched  # next year's comparison
    assert all(s[0] == "sub3" for s in touched)
    assert 0 < used < full / 50
    # (the demo's catalogue also notes the label it corrects on this figure: an info finding, not a check)
    assert [f.rule for f in engine.findings_for("employees_total", YEAR, "sub3") if f.rule != "catalogue.note"] == [
        "breakdown.sum.gender"
    ]


def test_an_input_rechecks_its_computed_dependents_and_checks(rep: Report) -> None:
    engine = Engine(rep)
    engine.run_all()
    put(rep, {"water_total": "5,000"}, entity="sub1")
    touched = engine.recheck([("sub1", "water_total", YEAR)])
    assert ("sub1", "water_intensity", YEAR) in touched
    assert ("sub1", "domestic_wastewater_total", YEAR) in touched  # anchor of the wastewater check
    assert engine.computed("water_intensity", YEAR, "sub1") == pytest.approx(5000 / 26.41)
    assert any(
        f.rule == "check.wastewater_within_water_use"
        for f in engine.findings_for("domestic_wastewater_total", YEAR, "sub1")
    )


def test_last_years_edit_rechecks_this_years_comparison(rep: Report) -> None:
    engine = Engine(rep)
    engine.run_all()
    put(rep, {"patents_total": "800"}, year=YEAR - 1, entity="sub2")
    engine.recheck([("sub2", "patents_total", YEAR - 1)])
    assert [f.rule for f in engine.findings_for("patents_total", YEAR, "sub2")] == ["cumulative"]


def test_random_edits_rechecked_match_a_full_run(rep: Report, catalogue: Catalogue) -> None:
    rng = random.Random(3)
    engine = Engine(rep)
    engine.run_all()
    typed = [
        i.id for i in catalogue.indicators.values() if not i.computed and i.type.numeric and i.type.value != "range"
    ]
    entities = list(rep.entities)
    for _ in range(60):
        ind = rng.choice(typed[:80])
        entity = rng.choice(entities)
        year = rng.choice([YEAR - 1, YEAR])
        kind = catalogue.indicators[ind].type.value
        text = rng.choice(["", "\\", f"{rng.randint(0, 3000)}"]) if kind != "percent" else f"{rng.randint(0, 100)}%"
        if text:
            put(rep, {ind: text}, entity=entity, year=year)
        else:
            rep.set_value(ind, None, year=year, entity=entity)
        engine.recheck([(entity, ind, year)])
    assert ids(engine.findings()) == ids(Engine(rep).run_all())


def test_explanation_rechecks_the_finding(rep: Report) -> None:
    engine = Engine(rep)
    engine.run_all()
    put(rep, {"water_total": "40,000"}, entity="sub4")
    engine.recheck([("sub4", "water_total", YEAR)])
    [f] = [f for f in engine.findings_for("water_total", YEAR, "sub4") if f.rule == "yoy"]
    assert not f.explained
    rep.set_explanation("water_total", "A new plant.", year=YEAR, entity="sub4")
    engine.recheck([f.key])
    [f] = [f for f in engine.findings_for("water_total", YEAR, "sub4") if f.rule == "yoy"]
    assert f.explained


def test_full_run_reports_progress_and_can_be_cancelled(rep: Report) -> None:
    seen: list[tuple[int, int]] = []
    Engine(rep).run_all(progress=lambda done, total, what: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        Engine(rep).run_all(cancel=token)


def _cli(args: list[str]) -> int:
    from esgdesk.cli.main import main

    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_validate_json_and_exit_code(tmp_path: Path, catalogue: Catalogue, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v.esg"
    with new_report(path, catalogue) as r:
        put(r, {"water_total": "19,018"})
    assert _cli(["validate", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out and {"indicator", "entity", "year", "severity", "rule", "message", "message_zh", "explained"} <= set(
        out[0]
    )
    with Report.open(path) as r:
        put(r, {"customer_satisfaction": "190%"})
    assert _cli(["validate", str(path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert any(f["severity"] == "error" and f["indicator"] == "customer_satisfaction" for f in out)
    with Report.open(path) as r:
        r.acknowledge("customer_satisfaction", "range", "survey scale changed")
    assert _cli(["validate", str(path), "--json"]) == 0
