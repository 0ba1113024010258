"""The demo's XBRL, validated by Arelle offline: zero errors, exactly the calculation
inconsistencies the figures really have, and the checks do catch a broken sum and a wrong unit."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from esgdesk.core.catalogue import BreakdownKind, Catalogue, DataType, Severity
from esgdesk.core.store import Report
from esgdesk.core.values import Status, Value
from esgdesk.exports.xbrl import ArelleResult, XbrlExport, export_xbrl, validate_with_arelle

pytestmark = pytest.mark.arelle

FACT_COLS = ["--factListCols", "Name,contextRef,unitRef,Dec,Value"]


@dataclass
class Checked:
    export: XbrlExport
    report_values: dict[tuple[str, str, int], Value]
    catalogue: Catalogue
    results: dict[str, ArelleResult]
    fact_lists: dict[str, list[tuple[str, str, str | None, str | None, str | None]]]


def _validate_listing(path: Path, listing: Path, **kw: object) -> tuple[ArelleResult, list[tuple[str, ...]]]:
    result = validate_with_arelle(path, extra_args=["--facts", str(listing), *FACT_COLS], **kw)  # type: ignore[arg-type]
    data = json.loads(listing.read_text(encoding="utf-8"))
    facts: list[tuple[str, ...]] = [
        (item[1]["name"], item[2].get("contextRef"), item[2].get("unitRef"), item[2].get("dec"), item[2].get("value"))
        for item in data["factList"]
    ]
    return result, facts


@pytest.fixture(scope="module")
def checked(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Checked]:
    tmp = tmp_path_factory.mktemp("xbrl")
    with Report.open(demo_master, readonly=True) as rep:
        x = export_xbrl(rep, tmp / "out")
        values = dict(rep.value_map())
        cat = rep.catalogue
    results: dict[str, ArelleResult] = {}
    lists: dict[str, list[tuple[str, ...]]] = {}
    for kind, path in (("instance", x.instance), ("inline", x.inline), ("json", x.json)):
        results[kind], lists[kind] = _validate_listing(path, tmp / f"{kind}-facts.json")
    yield Checked(x, values, cat, results, lists)  # type: ignore[arg-type]


def expected_inconsistencies(
    x: XbrlExport, cat: Catalogue, values: dict[tuple[str, str, int], Value], computed: set[str]
) -> set[tuple[str, str]]:
    """(calculation role, context) of every additive breakdown whose reported parts cannot add up to
    the reported total at the precision each figure was entered with (Calculations 1.1)."""
    families: dict[tuple[str, str], list[str]] = {}
    for ind in cat.ordered_indicators():
        b = ind.breakdown
        if b and b.kind == BreakdownKind.SUM and ind.type != DataType.RANGE:
            families.setdefault((b.of, b.family), []).append(ind.id)

    def interval(ind_id: str, entity: str, year: int) -> tuple[Decimal, Decimal] | None:
        v = values.get((entity, ind_id, year))
        if v is None or v.status != Status.REPORTED or v.number is None:
            return None
        d = v.decimals if v.decimals is not None else cat.indicators[ind_id].decimals
        x0, half = Decimal(repr(v.number)), Decimal(5).scaleb(-d - 1)
        return x0 - half, x0 + half

    out: set[tuple[str, str]] = set()
    for ctx, (entity, year) in x.context_keys.items():
        for (total, family), parts in families.items():
            t = interval(total, entity, year)
            if t is None and total in computed:
                continue  # a computed total equals the sum of its parts by construction
            found = [iv for p in parts if (iv := interval(p, entity, year)) is not None]
            if t is None or not found:
                continue
            lo, hi = sum(i[0] for i in found), sum(i[1] for i in found)
            if hi < t[0] or lo > t[1]:
                out.add((f"calc_{total}_{family}", ctx))
    return out


def _reported(result: ArelleResult) -> set[tuple[str, str]]:
    return {(str(m.args["linkrole"]).rsplit("/", 1)[1], str(m.args["contextID"])) for m in result.inconsistencies}


def test_zero_errors_in_every_form(checked: Checked) -> None:
    for kind, result in checked.results.items():
        assert result.errors == [], (kind, [m.text for m in result.errors])
        assert result.warnings == [], (kind, [m.text for m in result.warnings])


def test_exactly_the_inconsistencies_the_data_has(checked: Checked) -> None:
    computed = {i.id for i in checked.catalogue.indicators.values() if i.computed}
    expected = expected_inconsistencies(checked.export, checked.catalogue, checked.report_values, computed)
    assert expected, "the demo's partial breakdowns must show up"
    for kind in ("instance", "inline"):
        assert _reported(checked.results[kind]) == expected, kind
    # a JSON report has no context ids of its own (Arelle numbers them): compare by role
    roles = sorted(role for role, _ in _reported(checked.results["json"]))
    assert roles == sorted(role for role, _ in expected)


def test_inline_and_json_load_the_same_facts_as_the_instance(checked: Checked) -> None:
    instance = sorted(checked.fact_lists["instance"], key=str)
    assert len(instance) == checked.export.facts
    assert sorted(checked.fact_lists["inline"], key=str) == instance
    # xBRL-JSON names no context or unit ids: compare concept, decimals and value
    strip = sorted(((n, d, v) for n, _c, _u, d, v in instance), key=str)
    assert sorted(((n, d, v) for n, _c, _u, d, v in checked.fact_lists["json"]), key=str) == strip


def test_findings_point_to_the_indicator_and_year(checked: Checked) -> None:
    findings = checked.results["instance"].to_findings(
        concepts=checked.export.concepts, contexts=checked.export.context_keys
    )
    assert findings and all(f.severity == Severity.WARNING and f.indicator for f in findings)
    assert {f.indicator for f in findings} <= {
        i.breakdown.of for i in checked.catalogue.indicators.values() if i.breakdown
    }


def test_package_resolves_the_taxonomy_offline(checked: Checked, tmp_path: Path) -> None:
    """An instance that names the schema by its published URL, beside no taxonomy files at all."""
    x = checked.export
    text = x.instance.read_text(encoding="utf-8").replace(
        f'xlink:href="{x.schema.name}"', f'xlink:href="{x.schema_url}"'
    )
    alone = tmp_path / "alone.xbrl"
    alone.write_text(text, encoding="utf-8")
    result, facts = _validate_listing(alone, tmp_path / "facts.json", packages=[x.package])
    assert result.errors == []
    assert len(facts) == x.facts


def test_a_broken_part_is_reported_as_inconsistent(demo_path: Path, tmp_path: Path) -> None:
    with Report.open(demo_path) as rep:
        cat = rep.catalogue
        part = next(
            i
            for i in cat.indicators.values()
            if i.breakdown
            and i.breakdown.kind == BreakdownKind.SUM
            and not i.computed
            and rep.get(i.id) is not None
            and rep.get(i.id).is_number
            and rep.get(i.breakdown.of) is not None
        )
        old = rep.get(part.id)
        assert old is not None and old.number is not None
        rep.set_text(part.id, str(old.number * 10 + 7), why="test")
        x = export_xbrl(rep, tmp_path / "out")
        values = dict(rep.value_map())
    assert part.breakdown is not None
    ctx = next(c for c, key in x.context_keys.items() if key == (rep.entity, rep.year))
    broken = (f"calc_{part.breakdown.of}_{part.breakdown.family}", ctx)
    result = validate_with_arelle(x.instance)
    assert broken in _reported(result)
    computed = {i.id for i in cat.indicators.values() if i.computed}
    assert _reported(result) == expected_inconsistencies(x, cat, values, computed)
    assert result.errors == []


def test_a_wrong_unit_type_is_an_error(checked: Checked, tmp_path: Path) -> None:
    x = checked.export
    out = tmp_path / "wrong"
    shutil.copytree(x.out_dir, out)
    instance = out / x.instance.name
    text = instance.read_text(encoding="utf-8")
    waste = next(q for q, ind in x.concepts.items() if ind == "waste_total")  # a mass item, in tonnes
    pattern = re.compile(rf'(<{waste} [^>]*unitRef=")u_t(")')
    bad, n = pattern.subn(r"\1u_m3\2", text, count=1)
    assert n == 1
    instance.write_text(bad, encoding="utf-8")
    result = validate_with_arelle(instance)
    assert any(m.code == "utre:error-NumericFactUtrInvalid" for m in result.errors)


def test_bundled_app_runs_arelle_through_its_hidden_command(
    checked: Checked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a bundle `sys.executable` is esgdesk itself; a stand-in script plays that part here."""
    import sys

    app = tmp_path / "esgdesk-app"
    app.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m esgdesk "$@"\n', encoding="utf-8")
    app.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(app))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    result = validate_with_arelle(checked.export.instance)
    assert result.errors == []
    assert _reported(result) == _reported(checked.results["instance"])


def _arelle_children() -> list[str]:
    """Command lines of this process's children that run Arelle (Linux /proc)."""
    import os

    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == os.getpid() and "arelle" in cmd.lower():
            found.append(cmd)
    return found


def test_a_cancelled_check_stops_arelle(checked: Checked) -> None:
    import threading

    from esgdesk.core.jobs import Cancelled, CancelToken

    token = CancelToken()
    seen: list[list[str]] = []

    # cancel once Arelle is running: the check must end it, not leave it working in the background
    def cancel_when_running() -> None:
        for _ in range(200):
            running = _arelle_children()
            if running:
                seen.append(running)
                token.cancel()
                return
            threading.Event().wait(0.02)

    watcher = threading.Thread(target=cancel_when_running)
    watcher.start()
    with pytest.raises(Cancelled):
        validate_with_arelle(checked.export.instance, cancel=token)
    watcher.join()
    assert seen, "Arelle never started"
    assert _arelle_children() == []
