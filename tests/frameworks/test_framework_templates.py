"""The guideline and GRI templates: their topics, their references to several frameworks, and a catalogue
check that holds each reference to the framework's own topic table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from esgdesk.core.catalogue import GRI, DataType, RefLevel, load_catalogue
from esgdesk.core.errors import CatalogueError
from esgdesk.core.templates import load_template
from esgdesk.resources import forms_dir

GUIDELINE_TOPICS = [
    "climate_change", "pollutant_emissions", "waste", "ecosystems_biodiversity", "environmental_compliance",
    "energy_use", "water_use", "circular_economy", "rural_revitalisation", "social_contribution", "innovation",
    "sci_tech_ethics", "supply_chain_security", "sme_equal_treatment", "product_service_quality",
    "data_security_privacy", "employees", "due_diligence", "stakeholder_communication", "anti_bribery_corruption",
    "anti_unfair_competition",
]  # fmt: skip


def test_the_guideline_template_has_a_section_per_topic_each_with_its_text_disclosure() -> None:
    cat = load_template("sse14").catalogue
    assert cat.index_names == ("sse14", GRI)
    fw = cat.framework_table["sse14"]
    assert [t.id for t in fw.topics] == GUIDELINE_TOPICS
    for topic in GUIDELINE_TOPICS:
        section = cat.sections[topic]
        texts = [i for i in section.indicators if i.type == DataType.TEXT]
        assert texts, topic
        for ind in section.indicators:
            refs = [r for r in ind.refs if r.framework == "sse14"]
            assert refs, ind.id
            assert all(r.topic == topic and r.level in (RefLevel.REQUIRED, RefLevel.ENCOURAGED) for r in refs)


def test_the_guideline_template_names_the_quantitative_items_with_units() -> None:
    cat = load_template("sse14").catalogue
    for ind_id, unit in {
        "ghg_scope1": "t CO2e",
        "ghg_scope2": "t CO2e",
        "ghg_scope3": "t CO2e",
        "ghg_reduction": "t CO2e",
        "energy_total": "tce",
        "energy_intensity": "tce/RMB 100 million revenue",
        "water_withdrawal_total": "m3",
        "waste_total": "t",
        "sme_payables_overdue": "RMB",
    }.items():
        assert cat.indicators[ind_id].unit.startswith(unit.split()[0]), ind_id
    assert cat.indicators["ghg_intensity"].formula and cat.indicators["energy_intensity"].formula
    # scope 1 named by article 24 (the one article number confirmed by secondary sources)
    scope1 = next(r for r in cat.indicators["ghg_scope1"].refs if r.framework == "sse14")
    assert (scope1.code, scope1.level) == ("24", RefLevel.REQUIRED)


def test_an_indicator_refers_to_several_frameworks_at_once() -> None:
    ind = load_template("general").catalogue.indicators["ghg_scope1"]
    assert {g.code for g in ind.gri} == {"305-1"}
    assert any(r.framework == "sse14" for r in ind.refs)


def test_the_gri_template_covers_the_topic_standards_with_numbers() -> None:
    cat = load_template("gri").catalogue
    standards = {g.code.split("-")[0] for i in cat.indicators.values() for g in i.gri}
    assert {"201", "205", "302", "303", "305", "306", "401", "403", "404", "405"} <= standards
    with_paragraph = {g.code for i in cat.indicators.values() for g in i.gri if g.paragraph}
    assert {"201-1", "205-3", "302-1", "303-3", "305-1", "305-2", "306-3", "401-1", "403-9", "404-1", "405-1"} <= (
        with_paragraph
    )
    indexed = {e.disclosure for e in cat.gri_index}
    assert with_paragraph <= indexed | {"2-7"}


@pytest.fixture
def forms_copy(tmp_path: Path) -> Path:
    target = tmp_path / "forms"
    shutil.copytree(forms_dir(), target)
    return target


def _edit(folder: Path, rel: str, old: str, new: str) -> None:
    path = folder / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('code = "33", topic = "energy_use"', 'code = "20", topic = "energy_use"', "article '20' is not an article of"),
        ('topic = "energy_use"', 'topic = "energy"', "sse14 has no topic 'energy'"),
        (', level = "required"', "", 'needs level = "required" or "encouraged"'),
        ('framework = "sse14"', 'framework = "gri"', "GRI disclosures go in `gri`"),
    ],
)
def test_a_wrong_framework_reference_is_refused_saying_where(
    forms_copy: Path, old: str, new: str, message: str
) -> None:
    _edit(forms_copy, "environmental/resources.toml", old, new)
    with pytest.raises(CatalogueError, match=message) as err:
        load_catalogue(forms_copy)
    assert "resources.toml" in str(err.value)
