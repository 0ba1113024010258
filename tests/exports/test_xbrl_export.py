"""The XBRL export as written: facts, units, decimals, footnotes, taxonomy parts, package, safety."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from esgdesk.core.catalogue import BreakdownKind, Catalogue
from esgdesk.core.errors import Refused
from esgdesk.core.jobs import Cancelled, CancelToken
from esgdesk.core.store import Report
from esgdesk.core.values import Status
from esgdesk.exports.xbrl import XbrlExport, export_xbrl
from esgdesk.exports.xbrl.model import build_concepts
from esgdesk.exports.xbrl.profile import XbrlProfile, load_profile

XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


@pytest.fixture(scope="module")
def profile() -> XbrlProfile:
    return load_profile()


@pytest.fixture
def exported(demo: Report, tmp_path: Path) -> Iterator[tuple[Report, XbrlExport]]:
    demo.set_explanation("water_total", "A new canteen opened in Suzhou in 2023.")
    yield demo, export_xbrl(demo, tmp_path / "xbrl")


def _facts(x: XbrlExport) -> dict[tuple[str, str], etree._Element]:
    root = etree.parse(str(x.instance)).getroot()
    out = {}
    for el in root:
        if el.get("contextRef"):
            out[(etree.QName(el).localname, el.get("contextRef", ""))] = el
    return out


def _concept(x: XbrlExport, indicator: str) -> str:
    names = [q.split(":")[1] for q, ind in x.concepts.items() if ind == indicator]
    assert len(names) == 1
    return names[0]


def _ctx(x: XbrlExport, entity: str, year: int) -> str:
    return next(c for c, key in x.context_keys.items() if key == (entity, year))


def test_every_file_is_written(exported: tuple[Report, XbrlExport]) -> None:
    _, x = exported
    for p in x.files:
        assert p.exists() and p.stat().st_size > 0, p
    assert not list(x.out_dir.parent.glob("*.partial"))


def test_figures_are_scaled_to_registry_units_with_entered_precision(exported: tuple[Report, XbrlExport]) -> None:
    rep, x = exported
    facts = _facts(x)
    c23 = _ctx(x, rep.entity, 2023)
    # RMB million -> CNY: a figure to the million is decimals -6
    rev = facts[(_concept(x, "direct_economic_value"), c23)]
    v = rep.get("direct_economic_value")
    assert v is not None and v.number is not None
    assert Decimal(rev.text or "") == Decimal(repr(v.number)) * 1_000_000
    assert rev.get("decimals") == str((v.decimals or 0) - 6)
    # percentage points -> ratio
    turnover = facts[(_concept(x, "turnover_rate"), c23)]
    t = rep.get("turnover_rate")
    assert t is not None and t.number is not None
    assert Decimal(turnover.text or "") == Decimal(repr(t.number)) / 100
    assert turnover.get("decimals") == str((t.decimals or 0) + 2)
    # 10,000 m3 -> m3
    gas = facts[(_concept(x, "exhaust_gas_total"), c23)]
    g = rep.get("exhaust_gas_total")
    assert g is not None and g.number is not None
    assert Decimal(gas.text or "") == Decimal(repr(g.number)) * 10_000


def test_not_applicable_is_nil_with_its_reason_and_not_reported_is_left_out(
    exported: tuple[Report, XbrlExport],
) -> None:
    rep, x = exported
    facts = _facts(x)
    root = etree.parse(str(x.instance)).getroot()
    notes = {n.get(f"{{{XLINK}}}label"): n.text or "" for n in root.iter(f"{{{LINK}}}footnote")}
    arcs: dict[str, list[str]] = {}
    locs = {
        loc.get(f"{{{XLINK}}}label"): (loc.get(f"{{{XLINK}}}href") or "")[1:] for loc in root.iter(f"{{{LINK}}}loc")
    }
    for arc in root.iter(f"{{{LINK}}}footnoteArc"):
        arcs.setdefault(locs[arc.get(f"{{{XLINK}}}from")], []).append(notes[arc.get(f"{{{XLINK}}}to")])
    na = [(ind, yr) for ent, ind, yr, v in rep.values() if v.status == Status.NOT_APPLICABLE]
    nr = [(ind, yr) for ent, ind, yr, v in rep.values() if v.status == Status.NOT_REPORTED]
    assert na and nr
    for ind, yr in na:
        el = facts[(_concept(x, ind), _ctx(x, rep.entity, yr))]
        assert el.get(NIL) == "true" and el.get("decimals") is None
        assert any(n.startswith("Not applicable") for n in arcs[el.get("id", "")])
    for ind, yr in nr:
        assert (_concept(x, ind), _ctx(x, rep.entity, yr)) not in facts


def test_qualifiers_and_explanations_become_footnotes(exported: tuple[Report, XbrlExport]) -> None:
    rep, x = exported
    text = x.instance.read_text(encoding="utf-8")
    v = rep.get("trainees_ordinary")
    assert v is not None and v.qualifier.value == "more_than"
    assert "More than 1,500" in text
    assert "A new canteen opened in Suzhou in 2023." in text
    doc = json.loads(x.json.read_text(encoding="utf-8"))
    water = next(
        f
        for f in doc["facts"].values()
        if f["dimensions"].get("concept", "").endswith(":" + _concept(x, "water_total"))
        and f["dimensions"]["period"].startswith("2023")
    )
    note_ids = water["links"]["footnote"]["_"]
    assert any("canteen" in doc["facts"][n]["value"] for n in note_ids)


def test_json_and_inline_carry_the_same_facts_as_the_instance(exported: tuple[Report, XbrlExport]) -> None:
    _, x = exported
    instance_ids = {el.get("id") for el in _facts(x).values()}
    doc = json.loads(x.json.read_text(encoding="utf-8"))
    json_ids = {k for k, f in doc["facts"].items() if f["dimensions"]["concept"] != "xbrl:note"}
    assert json_ids == instance_ids
    page = etree.parse(str(x.inline)).getroot()
    ix = "http://www.xbrl.org/2013/inlineXBRL"
    tagged = {el.get("id") for tag in ("nonFraction", "nonNumeric") for el in page.iter(f"{{{ix}}}{tag}")}
    assert tagged == instance_ids


def test_schema_reuses_gri_names_and_types_and_types_follow_units(
    exported: tuple[Report, XbrlExport], profile: XbrlProfile
) -> None:
    _, x = exported
    schema = etree.parse(str(x.schema)).getroot()
    elements = {el.get("name"): el for el in schema.iter("{http://www.w3.org/2001/XMLSchema}element")}
    for ind, gri in profile.gri.items():
        assert elements[gri.name].get("type") == gri.type, ind
    assert elements[_concept(x, "electricity_total")].get("type") == "dtr-types:energyItemType"
    assert elements[_concept(x, "turnover_rate")].get("type") == "dtr-types:percentItemType"
    assert elements[_concept(x, "electricity_intensity")].get("type") == "dtr-types:energyPerMonetaryItemType"
    balances = {n for n, el in elements.items() if el.get(f"{{{XBRLI}}}balance")}
    assert balances and all(elements[n].get("type") == "xbrli:monetaryItemType" for n in balances)
    assert {"WastewaterPhMinimum", "WastewaterPhMaximum"} <= set(elements)


def test_labels_in_both_languages_and_references_to_gri(exported: tuple[Report, XbrlExport]) -> None:
    rep, x = exported
    lab = etree.parse(str(x.linkbases[0])).getroot()
    langs = {
        (el.get("{http://www.w3.org/XML/1998/namespace}lang"), el.get(f"{{{XLINK}}}role"))
        for el in lab.iter(f"{{{LINK}}}label")
    }
    assert {
        ("en", "http://www.xbrl.org/2003/role/label"),
        ("zh", "http://www.xbrl.org/2003/role/label"),
        ("en", "http://www.xbrl.org/2003/role/documentation"),
        ("zh", "http://www.xbrl.org/2003/role/documentation"),
    } <= langs
    assert rep.catalogue.indicators["employees_total"].label.zh in x.linkbases[0].read_text(encoding="utf-8")
    ref = x.linkbases[2].read_text(encoding="utf-8")
    assert "<ref:Number>302-1</ref:Number>" in ref and "<ref:Paragraph>c</ref:Paragraph>" in ref


def test_calculation_has_one_role_per_additive_family(exported: tuple[Report, XbrlExport]) -> None:
    rep, x = exported
    cat = rep.catalogue
    families = {
        (i.breakdown.of, i.breakdown.family)
        for i in cat.indicators.values()
        if i.breakdown and i.breakdown.kind == BreakdownKind.SUM
    }
    cal = etree.parse(str(x.linkbases[3])).getroot()
    links = list(cal.iter(f"{{{LINK}}}calculationLink"))
    assert len(links) == len(families)
    for link in links:
        arcs = list(link.iter(f"{{{LINK}}}calculationArc"))
        assert arcs and all(a.get("weight") == "1" for a in arcs)
        assert len({a.get(f"{{{XLINK}}}from") for a in arcs}) == 1  # one total per role


def test_taxonomy_package_maps_the_published_url(exported: tuple[Report, XbrlExport]) -> None:
    _, x = exported
    with zipfile.ZipFile(x.package) as zf:
        names = zf.namelist()
        top = names[0].split("/")[0]
        assert f"{top}/META-INF/taxonomyPackage.xml" in names and f"{top}/META-INF/catalog.xml" in names
        catalog = etree.fromstring(zf.read(f"{top}/META-INF/catalog.xml"))
        rewrite = catalog[0]
        prefix = rewrite.get("uriStartString") or ""
        assert x.schema_url.startswith(prefix)
        target = f"{top}/META-INF/" + (rewrite.get("rewritePrefix") or "") + x.schema_url[len(prefix) :]
        parts: list[str] = []
        for p in target.split("/"):
            if p == "..":
                parts.pop()
            else:
                parts.append(p)
        assert "/".join(parts) in names


def test_real_catalogue_maps_every_unit(catalogue: Catalogue, profile: XbrlProfile) -> None:
    concepts, units = build_concepts(catalogue, profile)
    assert len(concepts) == len(catalogue.indicators)
    assert all(c.unit is not None for cs in concepts.values() for c in cs if c.numeric)


def test_unmapped_unit_is_refused_with_its_name(catalogue: Catalogue, profile: XbrlProfile) -> None:
    stripped = profile.model_copy(update={"units": {}})
    with pytest.raises(Refused, match=r"indicator '[a-z_0-9]+' is in '[^']+', which has no XBRL unit"):
        build_concepts(catalogue, stripped)


def test_cancelled_export_writes_nothing(demo: Report, tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        export_xbrl(demo, tmp_path / "out", cancel=token)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_progress_is_reported(mini: Report, tmp_path: Path) -> None:
    seen: list[str] = []
    mini_x = export_xbrl(mini, tmp_path / "m", progress=lambda d, t, what: seen.append(what))
    assert seen[-1] == "done" and mini_x.instance.exists()
