"""A restatement disclosed in every export: the demo's 2022 waste density, printed ten times too high."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from esgdesk.core.store import Report
from esgdesk.exports.xbrl import export_xbrl, validate_with_arelle
from esgdesk.exports.xlsx import export_workbook
from tests.core.test_restatements import DENSITY, REASON, restate_density

LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"


@pytest.fixture
def restated(demo: Report) -> Report:
    restate_density(demo)
    return demo


def test_workbook_shows_the_restated_value_a_note_a_restatements_sheet_and_gri_2_4(
    restated: Report, tmp_path: Path
) -> None:
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    out = export_workbook(restated, tmp_path / "kpi.xlsx")
    book = CalamineWorkbook.from_path(str(out))
    label = restated.catalogue.indicators[DENSITY].label.en
    rows = book.get_sheet_by_name("Restatements").to_python()
    assert rows[2][:5] == ["Entity", "Indicator", "Year", "As published", "Restated"]
    [row] = [r for r in rows[3:] if r[1] == label]
    assert row[2] == 2022 and row[3].startswith("0.55 ") and row[4] == "0.055" and row[6] == REASON
    gri = book.get_sheet_by_name("GRI Content Index").to_python()
    [entry] = [r for r in gri if r[1] == "2-4"]
    assert label in str(entry[5]) and entry[4] == "yes"
    # The figure in its area sheet is the restated one, with a note giving the published value and the reason.
    sheet = load_workbook(out)["Environmental Performance"]
    [cell] = [c for r in sheet.iter_rows() for c in r if c.comment is not None]
    assert cell.value == pytest.approx(0.055)
    assert "0.55" in cell.comment.text and REASON in cell.comment.text


def test_without_restatements_the_workbook_has_no_restatements_sheet(demo: Report, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    out = export_workbook(demo, tmp_path / "kpi.xlsx")
    assert "Restatements" not in CalamineWorkbook.from_path(str(out)).sheet_names


@pytest.mark.arelle
def test_xbrl_carries_the_restated_fact_with_a_footnote_and_arelle_finds_no_error(
    restated: Report, tmp_path: Path
) -> None:
    x = export_xbrl(restated, tmp_path / "xbrl")
    root = etree.parse(str(x.instance)).getroot()
    notes = {n.get(f"{{{XLINK}}}label"): n.text or "" for n in root.iter(f"{{{LINK}}}footnote")}
    locs = {
        loc.get(f"{{{XLINK}}}label"): (loc.get(f"{{{XLINK}}}href") or "")[1:] for loc in root.iter(f"{{{LINK}}}loc")
    }
    noted: dict[str, list[str]] = {}
    for arc in root.iter(f"{{{LINK}}}footnoteArc"):
        noted.setdefault(locs[arc.get(f"{{{XLINK}}}from")], []).append(notes[arc.get(f"{{{XLINK}}}to")])
    ctx = next(k for k, v in x.context_keys.items() if v == (restated.entity, 2022))
    [fact] = [el for el in root if el.get("contextRef") == ctx and "NonhazardousDensity" in el.tag]
    assert float(fact.text or "") == pytest.approx(0.055e-8)  # t per yuan: the catalogue's unit is per 10^8 yuan
    [note] = [n for n in noted[fact.get("id", "")] if n.startswith("Restated")]
    assert "0.55" in note and REASON in note
    doc = json.loads(x.json.read_text(encoding="utf-8"))
    assert any(REASON in f["value"] for f in doc["facts"].values() if f["dimensions"]["concept"] == "xbrl:note")
    result = validate_with_arelle(x.instance)
    assert result.errors == [], [m.text for m in result.errors]
