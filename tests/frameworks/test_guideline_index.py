"""The guideline's topic index: statuses read from the figures, the same in the command line, the workbook
and the Inline XBRL page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from esgdesk.core.errors import UnusableInput
from esgdesk.core.indexes import IndexStatus, build_index
from esgdesk.core.store import Report
from tests.frameworks.conftest import write

TOPICS = 21


def statuses(rep: Report, framework: str = "sse14") -> dict[str, IndexStatus]:
    return {r.topic: r.status for r in build_index(rep, framework).rows}


def test_the_topic_index_has_every_topic_and_reads_each_status_from_the_data(sse14: Report) -> None:
    index = build_index(sse14, "sse14")
    assert len(index.rows) == TOPICS
    rows = {r.topic: r for r in index.rows}
    climate = rows["climate_change"]
    assert climate.status == IndexStatus.DISCLOSED
    # scope 1 and 2 computed from the energy figures count as disclosed, and so does their total
    assert {"ghg_scope1", "ghg_scope2", "ghg_total", "sse14_climate_governance"} <= set(climate.indicators)
    assert climate.required and climate.where
    pollutants = rows["pollutant_emissions"]
    assert pollutants.status == IndexStatus.NOT_APPLICABLE
    assert pollutants.reasons == (
        "the company only designs software and runs offices; no process emissions",
        "no combustion on site",
    )
    assert rows["waste"].status == IndexStatus.NOT_DISCLOSED
    assert rows["rural_revitalisation"].status == IndexStatus.DISCLOSED  # text, however thin: the rule says so
    assert rows["energy_use"].status == IndexStatus.DISCLOSED
    assert index.counts() == {
        IndexStatus.DISCLOSED: 3,
        IndexStatus.NOT_APPLICABLE: 1,
        IndexStatus.NOT_DISCLOSED: TOPICS - 4,
    }


def test_a_status_follows_the_figures_as_they_change(sse14: Report) -> None:
    assert statuses(sse14)["waste"] == IndexStatus.NOT_DISCLOSED
    write(sse14, {"waste_hazardous_total": "12.5 t"})
    assert statuses(sse14)["waste"] == IndexStatus.DISCLOSED
    write(sse14, {"nox_emissions": "0.8 t"})  # one figure outweighs the items marked not applicable
    assert statuses(sse14)["pollutant_emissions"] == IndexStatus.DISCLOSED


def test_an_unknown_framework_is_refused_naming_those_there_are(sse14: Report) -> None:
    with pytest.raises(UnusableInput, match="unknown framework 'esrs'.*gri, sse14"):
        build_index(sse14, "esrs")


def test_the_demo_reports_indicators_carry_their_guideline_articles(demo: Report) -> None:
    refs = {(r.framework, r.code, r.topic) for r in demo.catalogue.indicators["ghg_scope1"].refs}
    assert ("sse14", "24", "climate_change") in refs
    index = build_index(demo, "sse14")
    disclosed = {r.topic for r in index.rows if r.status == IndexStatus.DISCLOSED}
    assert {"climate_change", "energy_use", "water_use", "employees"} <= disclosed


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "esgdesk", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def test_the_index_command_prints_the_same_index(sse14: Report) -> None:
    path = sse14.path
    sse14.close()
    out = run("index", path, "--framework", "sse14", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["framework"] == "sse14" and data["year"] == 2024
    rows = {r["topic"]: r for r in data["rows"]}
    assert len(rows) == TOPICS
    assert rows["climate_change"]["status"] == "disclosed"
    climate = {i["id"]: i["label"] for i in rows["climate_change"]["indicators"]}
    assert climate["ghg_scope1"] == "Scope 1 greenhouse gas emissions"
    assert rows["pollutant_emissions"]["status"] == "not_applicable"
    assert "no combustion on site" in rows["pollutant_emissions"]["reasons"]
    assert rows["waste"]["status"] == "not_disclosed"
    assert data["counts"] == {"disclosed": 3, "not_applicable": 1, "not_disclosed": TOPICS - 4}

    text = run("index", path, "--framework", "sse14")
    assert text.returncode == 0
    assert "Pollutant emissions (required): Not applicable" in text.stdout
    assert "3 rows disclosed, 1 not applicable, 17 not disclosed" in text.stderr
    zh = run("index", path, "--framework", "sse14", "--lang", "zh")
    assert "污染物排放" in zh.stdout and "不适用" in zh.stdout

    strict = run("index", path, "--framework", "sse14", "--strict")
    assert strict.returncode == 1  # required topics (waste ...) are not disclosed

    unknown = run("index", path, "--framework", "esrs")
    assert unknown.returncode == 2
    assert "unknown framework 'esrs'" in unknown.stderr and "sse14" in unknown.stderr
    assert "Traceback" not in unknown.stderr

    gri = json.loads(run("index", path, "--framework", "gri", "--json").stdout)
    assert gri["framework"] == "gri"
    assert {r["status"] for r in gri["rows"]} <= {"disclosed", "not_applicable", "not_disclosed"}
    ghg = next(r for r in gri["rows"] if r["code"] == "305-1")
    assert ghg["status"] == "disclosed"


@pytest.mark.arelle
def test_the_workbook_and_the_inline_page_carry_the_same_index(sse14: Report, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    from esgdesk.exports.xbrl import export_xbrl, validate_with_arelle
    from esgdesk.exports.xlsx import export_workbook

    index = build_index(sse14, "sse14")
    export_workbook(sse14, tmp_path / "out.xlsx")
    x = export_xbrl(sse14, tmp_path / "xbrl")

    book = CalamineWorkbook.from_path(str(tmp_path / "out.xlsx"))
    assert "Topic index" in book.sheet_names
    # the guideline's index first, then GRI's, as the template lists them
    assert book.sheet_names.index("Topic index") + 1 == book.sheet_names.index("GRI Content Index")
    rows = book.get_sheet_by_name("Topic index").to_python()
    header = rows[2]
    assert header[:5] == ["Dimension", "Topic", "Article", "Requirement", "Status"]
    body = {r[1]: r for r in rows[3 : 3 + TOPICS]}
    for row in index.rows:
        got = body[row.title.en]
        assert got[4] == row.status_text("en")
        assert got[2].startswith(row.reference.en)
    assert body["Pollutant emissions"][7] == "; ".join(index.rows[1].reasons)

    page = etree.parse(str(x.inline))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    trs: list[etree._Element] = page.xpath(  # type: ignore[assignment]  # an element list, by the path
        "//h:h2[@id='index-sse14']/following-sibling::h:table[1]/h:tbody/h:tr", namespaces=ns
    )
    assert [tr.get("class") for tr in trs] == [f"status-{r.status.value}" for r in index.rows]
    # a disclosed topic links to the table row that holds its figure
    links = [str(h) for h in trs[0].xpath(".//h:a/@href", namespaces=ns)]
    assert f"#row-{sse14.entity}-ghg_scope1" in links
    for link in links:
        assert page.xpath(f"//*[@id='{link[1:]}']", namespaces=ns)
    for path in (x.inline, x.instance):
        assert validate_with_arelle(path, packages=[x.package]).errors == []


def test_by_default_a_report_prints_gri_then_each_framework_its_indicators_refer_to(
    demo: Report, tmp_path: Path
) -> None:
    from python_calamine import CalamineWorkbook

    from esgdesk.exports.xlsx import export_workbook

    assert demo.catalogue.index_names == ("gri", "sse14")
    export_workbook(demo, tmp_path / "demo.xlsx")
    sheets = CalamineWorkbook.from_path(str(tmp_path / "demo.xlsx")).sheet_names
    assert sheets.index("GRI Content Index") + 1 == sheets.index("Topic index")
