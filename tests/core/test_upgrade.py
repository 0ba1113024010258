"""Moving an existing report to a new catalogue: preview, confirmation, backup, one transaction,
an audit entry per change, and nothing the report held is lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from esgdesk.core import catalogue_edit as ce
from esgdesk.core.backups import list_backups
from esgdesk.core.catalogue import Catalogue
from esgdesk.core.catalogue_files import export_forms
from esgdesk.core.store import Report

ADDED = [
    {
        "id": "ghg_scope3_travel",
        "label": {"en": "Scope 3 business-travel emissions", "zh": "范围三差旅排放"},
        "unit": "t CO2e",
        "type": "decimal",
        "decimals": 2,
        "min": 0,
        "gri": [{"code": "305-3"}],
    },
    {
        "id": "renewable_electricity_share",
        "label": {"en": "Share of renewable electricity", "zh": "可再生电力占比"},
        "unit": "%",
        "type": "percent",
        "decimals": 1,
    },
]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "esgdesk", *map(str, args)], capture_output=True, text=True, timeout=300
    )


def next_catalogue(cat: Catalogue) -> Catalogue:
    """Next year's catalogue: two added, one retired, one relabelled, one re-unit-ed, one dropped."""
    for spec in ADDED:
        cat = ce.add_indicator(cat, "emissions", spec)
    cat = ce.retire_indicator(cat, "ac_training_participants", "no longer reported")
    cat = ce.edit_indicator(
        cat, "waste_total", {"label": {"en": "Waste generated, all kinds", "zh": "各类废弃物产生总量"}}
    )
    cat = ce.edit_indicator(cat, "domestic_wastewater_total", {"unit": "kg"})
    cat = ce.remove_indicator(cat, "ehs_env_training_trainees")
    from dataclasses import replace

    return replace(cat, version="2024.1")


@pytest.fixture
def busy_demo(demo_path: Path) -> Path:
    """The demo report with explanations, acknowledgements, a section state and a long audit history."""
    with Report.open(demo_path) as rep:
        for n in range(60):
            rep.set_text("water_total", f"{19000 + n} m3", why=f"meter reading {n}")
        rep.set_text("domestic_wastewater_total", "1,234.5 t", why="invoice")
        rep.set_explanation("water_total", "new plant opened")
        rep.set_explanation("domestic_wastewater_total", "new canteen")
        rep.set_explanation("ehs_env_training_trainees", "counted at the door")
        rep.acknowledge("water_total", "yoy", "checked")
        rep.set_section_state("emissions", "submitted")
    return demo_path


def test_upgrade_keeps_everything_and_passes_the_check(busy_demo: Path, tmp_path: Path) -> None:
    with Report.open(busy_demo, readonly=True) as rep:
        before_values = dict(rep.value_map())
        before_expl = dict(rep.explanations())
        before_acks = set(rep.acks())
        before_states = {k: s.state for k, s in rep.section_states().items()}
        before_log = [(e.seq, e.field, e.indicator) for e in rep.audit_log()]
        forms = export_forms(next_catalogue(rep.catalogue), tmp_path / "forms-2024")
    assert run("catalogue-check", forms).returncode == 0
    raw = busy_demo.read_bytes()

    preview = run("upgrade", busy_demo, "--catalogue", forms, "--json")
    assert preview.returncode == 1 and "nothing was written" in preview.stderr
    assert busy_demo.read_bytes() == raw  # nothing written without confirmation
    changes = {(c["change"], c["target"]) for c in json.loads(preview.stdout)["changes"]}
    assert {
        ("added", "ghg_scope3_travel"),
        ("added", "renewable_electricity_share"),
        ("retired", "ac_training_participants"),
        ("relabelled", "waste_total"),
        ("unit", "domestic_wastewater_total"),
        ("kept", "ehs_env_training_trainees"),
        ("check_removed", "anti_corruption.ac_participants_within_headcount"),
    } <= changes

    done = run("upgrade", busy_demo, "--catalogue", forms, "--yes")
    assert done.returncode == 0, done.stderr
    assert list_backups(busy_demo)  # a backup first
    check = run("check", busy_demo)
    assert check.returncode == 0, check.stderr

    with Report.open(busy_demo, readonly=True) as rep:
        assert rep.catalogue.version == "2024.1"
        assert set(rep.value_map()) == set(before_values)
        for key, v in before_values.items():
            if key[1] != "domestic_wastewater_total":
                assert rep.value_map()[key] == v
        converted = rep.get("domestic_wastewater_total")
        assert (
            converted is not None and converted.number == pytest.approx(1_234_500) and converted.entered == "1,234.5 t"
        )
        assert dict(rep.explanations()) == before_expl
        assert set(rep.acks()) == before_acks
        assert {k: s.state for k, s in rep.section_states().items()} == before_states
        log = rep.audit_log()
        assert [(e.seq, e.field, e.indicator) for e in log[: len(before_log)]] == before_log
        entries = [e for e in log[len(before_log) :] if e.field == "catalogue"]
        assert {e.indicator for e in entries} >= {
            "ghg_scope3_travel",
            "renewable_electricity_share",
            "ac_training_participants",
            "waste_total",
            "domestic_wastewater_total",
            "ehs_env_training_trainees",
        }
        kept = rep.catalogue.indicators["ehs_env_training_trainees"]
        assert kept.retired and "2024.1" in kept.retired  # not in the new catalogue, kept: never dropped
        assert rep.catalogue.indicators["waste_total"].label.en == "Waste generated, all kinds"

    shown = json.loads(run("show", busy_demo, "--json").stdout)
    rows = [v for v in shown["values"] if v["indicator"] == "ehs_env_training_trainees"]
    assert rows and all(v["retired"] for v in rows)  # exported, marked retired
    assert run("set", busy_demo, "ghg_scope3_travel", "12.5").returncode == 0
    assert run("upgrade", busy_demo, "--catalogue", forms, "--yes").returncode == 0  # nothing more to do


def test_set_on_an_unknown_indicator_says_how_to_upgrade(demo_path: Path) -> None:
    proc = run("set", demo_path, "ghg_scope3_travel", "12")
    assert proc.returncode == 2
    assert "version 2023.1" in proc.stderr and "esgdesk upgrade" in proc.stderr


def test_rollforward_to_a_new_catalogue(busy_demo: Path, tmp_path: Path) -> None:
    with Report.open(busy_demo, readonly=True) as rep:
        forms = export_forms(next_catalogue(rep.catalogue), tmp_path / "forms-2024")
    new = tmp_path / "luster-2024.esg"
    proc = run("rollforward", busy_demo, new, "--catalogue", forms)
    assert proc.returncode == 0, proc.stderr
    with Report.open(new, readonly=True) as rep:
        assert rep.year == 2024 and rep.catalogue.version == "2024.1"
        assert "ghg_scope3_travel" in rep.catalogue.indicators
        assert (water := rep.get("water_total", 2023)) is not None and water.entered == "19059 m3"
    assert run("check", new).returncode == 0


def test_an_unknown_source_is_unusable(demo_path: Path) -> None:
    proc = run("upgrade", demo_path, "--catalogue", "no-such-template")
    assert proc.returncode == 2 and "neither a forms folder" in proc.stderr


def test_retired_figures_are_exported_marked_retired(demo: Report, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    from esgdesk.core.upgrade import apply_catalogue
    from esgdesk.exports.xlsx import export_workbook

    label = demo.catalogue.indicators["waste_pallets"].label.en
    figure = demo.get("waste_pallets").number
    apply_catalogue(demo, ce.retire_indicator(demo.catalogue, "waste_pallets", "pallets are reused now"))
    out = export_workbook(demo, tmp_path / "kpi.xlsx")
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Environmental Performance").to_python()
    [row] = [r for r in rows if len(r) > 1 and r[1] == f"{label} (retired)"]
    assert figure in row
    from esgdesk.exports.xbrl import export_xbrl

    x = export_xbrl(demo, tmp_path / "xbrl")
    assert f"{label} (retired)" in x.linkbases[0].read_text(encoding="utf-8")
    assert "WastePallets" in x.instance.read_text(encoding="utf-8")  # the figure is still a fact


def test_a_blank_report_moves_to_the_general_template_by_name_and_rolls_forward_onto_it(tmp_path: Path) -> None:
    from esgdesk.core.templates import load_template

    path = tmp_path / "huaxin-2024.esg"
    made = run("new", path, "--company", "Huaxin Precision Co., Ltd.", "--year", "2024", "--template", "blank")
    assert made.returncode == 0, made.stderr
    assert run("set", path, "direct_economic_value", "1,234").returncode == 0
    general = load_template("general")

    preview = run("upgrade", path, "--catalogue", "general")
    assert preview.returncode == 1 and "added" in preview.stdout + preview.stderr  # shown, nothing written
    with Report.open(path, readonly=True) as rep:
        assert set(rep.catalogue.indicators) == {"direct_economic_value"}
    moved = run("upgrade", path, "--catalogue", "general", "--yes")
    assert moved.returncode == 0, moved.stderr
    with Report.open(path, readonly=True) as rep:
        assert set(rep.catalogue.indicators) == set(general.catalogue.indicators)
        assert rep.get("direct_economic_value").entered == "1,234"
    assert run("check", path).returncode == 0

    nxt = tmp_path / "huaxin-2025.esg"
    rolled = run("rollforward", path, nxt, "--catalogue", "blank")
    assert rolled.returncode == 0, rolled.stderr
    with Report.open(nxt, readonly=True) as rep:
        assert rep.year == 2025
        # on the blank template again: its one indicator, with the figure carried as the prior year
        assert "direct_economic_value" in rep.catalogue.indicators
        assert rep.get("direct_economic_value", 2024).entered == "1,234"
    assert run("check", nxt).returncode == 0
