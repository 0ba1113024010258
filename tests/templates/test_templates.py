"""Report templates: every template makes a report that fills, validates and exports cleanly, and a
report of another company carries nothing of LUSTER's."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from esgdesk.core.catalogue import Severity
from esgdesk.core.errors import CatalogueError, UnusableInput
from esgdesk.core.templates import (
    DEFAULT_TEMPLATE,
    DEMO_TEMPLATE,
    compose,
    create_report,
    list_templates,
    load_template,
)
from esgdesk.core.validation import validate
from esgdesk.exports.xbrl import export_xbrl, validate_with_arelle
from esgdesk.exports.xlsx import export_workbook
from tests.templates.sample import fill_sample

NAMES = [t.name for t in list_templates()]
LUSTER_ONLY = (
    "new_hires_share_loc_suzhou",
    "donation_nursing_home",
    "goal_major_accidents",
    "high_end_vision_devices_delivered",
)


def test_the_general_blank_and_demo_templates_exist_with_the_general_one_first() -> None:
    assert NAMES[0] == DEFAULT_TEMPLATE
    assert {"general", "blank", DEMO_TEMPLATE} <= set(NAMES)
    assert load_template(DEMO_TEMPLATE).indicator_count == 189


def test_the_library_and_the_general_template_hold_no_company_specific_rows_or_wording() -> None:
    cat = load_template(DEFAULT_TEMPLATE).catalogue
    for ind_id in LUSTER_ONLY:
        assert ind_id not in cat.indicators
    text = cat.model_dump_json().lower()
    for word in ("luster", "凌云", "printed as", "suzhou", "qingshi", "2023 goal"):
        assert word not in text, word
    assert all(gri.code for ind in cat.indicators.values() for gri in ind.gri)


def test_the_demo_keeps_its_own_rows_wording_and_notes() -> None:
    cat = load_template(DEMO_TEMPLATE).catalogue
    for ind_id in LUSTER_ONLY:
        assert ind_id in cat.indicators
    assert "printed as" in cat.indicators["employees_total"].label.en
    assert any("About LUSTER" in e.report_section for e in cat.gri_index)
    noted = {i.id for i in cat.indicators.values() if i.note}
    assert {"employees_total", "waste_nonhazardous_density", "training_hours_total"} <= noted


def test_unknown_template_is_refused_with_the_names_there_are() -> None:
    with pytest.raises(UnusableInput, match="no template called 'nope'.*general"):
        load_template("nope")


def test_a_template_naming_an_indicator_nobody_defines_says_which(tmp_path: Path) -> None:
    from esgdesk.core.catalogue import load_catalogue
    from esgdesk.resources import forms_dir

    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "template.toml").write_text(
        'title = "Broken"\n[[area]]\nid = "economic"\n[[area.section]]\nid = "financial"\n'
        'indicators = ["direct_economic_value", "revenue_of_mars"]\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match="revenue_of_mars"):
        compose(load_catalogue(forms_dir()), folder)


@pytest.mark.arelle
@pytest.mark.parametrize("name", NAMES)
def test_every_template_fills_validates_and_exports_cleanly(name: str, tmp_path: Path) -> None:
    rep = create_report(
        tmp_path / f"{name}.esg",
        name,
        company="Huaxin Precision Co., Ltd.",
        year=2024,
        company_zh="华信精密",
        identifier="91350100M000100Y43",
    )
    try:
        assert fill_sample(rep) > 0
        errors = [f for f in validate(rep) if f.severity == Severity.ERROR]
        assert errors == []
        export_workbook(rep, tmp_path / "out.xlsx")
        x = export_xbrl(rep, tmp_path / "xbrl")
    finally:
        rep.close()
    assert x.facts > 0
    for path in (x.instance, x.inline, x.json):
        result = validate_with_arelle(path, packages=[x.package])
        assert result.errors == [], (path.name, result.errors[:3])


def test_a_non_luster_report_exports_files_without_luster_in_name_or_content(tmp_path: Path) -> None:
    rep = create_report(
        tmp_path / "huaxin.esg",
        company="Huaxin Precision Co., Ltd.",
        year=2024,
        identifier="5493001KJTIIGC8Y1R12",
        scheme="lei",
    )
    try:
        fill_sample(rep)
        export_workbook(rep, tmp_path / "out" / "huaxin.xlsx")
        x = export_xbrl(rep, tmp_path / "out" / "xbrl")
    finally:
        rep.close()
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert len(files) >= 8
    for path in files:
        assert "luster" not in path.name.lower()
        blobs = [path.read_bytes()]
        if path.suffix in (".zip", ".xlsx"):
            with zipfile.ZipFile(path) as z:
                blobs += [z.read(n) for n in z.namelist()]
                assert not any("luster" in n.lower() for n in z.namelist())
        for blob in blobs:
            assert b"luster" not in blob.lower(), path.name
    assert x.instance.name == "huaxin-esg-2024.xbrl"
    assert b"http://standards.iso.org/iso/17442" in x.instance.read_bytes()


def test_the_demo_shows_where_it_corrects_the_printed_report(tmp_path: Path) -> None:
    """A correction is data of the template: an info-level finding on the figure, not only a TOML comment."""
    from esgdesk.core.catalogue import Severity
    from esgdesk.core.demo import write_demo
    from esgdesk.core.store import Report
    from esgdesk.core.validation import Engine

    with Report.open(write_demo(tmp_path / "demo.esg"), readonly=True) as rep:
        noted = {i for i, ind in rep.catalogue.indicators.items() if ind.note is not None}
        assert {"employees_total", "waste_nonhazardous_density", "training_hours_total"} <= noted
        notes = {f.indicator: f for f in Engine(rep).run_all() if f.rule == "catalogue.note"}
    assert set(notes) == {i for i in noted if rep.get(i) is not None}
    assert all(f.severity == Severity.INFO and f.year == rep.year for f in notes.values())
    assert "0.055" in notes["waste_nonhazardous_density"].message
    assert "Number of employees hired" in notes["employees_total"].message and notes["employees_total"].message_zh


def test_the_general_template_carries_no_correction_notes() -> None:
    assert not [i for i, ind in load_template("general").catalogue.indicators.items() if ind.note is not None]
