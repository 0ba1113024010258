"""The exported workbook, read back by independent readers and compared with the report."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from esgdesk.core.jobs import Cancelled, CancelToken
from esgdesk.core.store import Report
from esgdesk.exports.xlsx import export_workbook
from esgdesk.exports.xlsx_cells import values_digest
from tests.exports.xlsx_helpers import compare_area_sheets, structure

GOLDEN = Path(__file__).parent / "golden" / "demo_structure.json"


def _calamine(path: Path) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names}


def test_every_figure_reads_back_with_calamine(demo: Report, tmp_path: Path) -> None:
    out = export_workbook(demo, tmp_path / "kpi.xlsx")
    sheets = _calamine(out)
    assert list(sheets)[:4] == [a.label.en for a in demo.catalogue.areas]
    assert {"GRI Content Index", "Findings", "Audit Log", "About"} <= set(sheets)
    assert compare_area_sheets(demo, sheets) == len(demo.value_map())


def test_structure_matches_the_golden_file(demo: Report, tmp_path: Path) -> None:
    got = structure(export_workbook(demo, tmp_path / "kpi.xlsx"))
    if os.environ.get("ESGDESK_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got == want


def test_numbers_are_numbers_with_the_printed_qualifier(demo: Report, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(export_workbook(demo, tmp_path / "kpi.xlsx"))
    cells = {}
    for ws in wb.worksheets[:4]:
        for row in ws.iter_rows(min_row=4):
            ids = [c.value for c in row if isinstance(c.value, str) and c.value in demo.catalogue.indicators]
            if ids:
                cells[ids[0]] = row
    trainees = cells["trainees_ordinary"][3]  # 2023: printed "1,500+"
    assert trainees.value == 1500 and trainees.number_format == '#,##0"+"'
    na = cells["ac_training_sessions"][4]  # 2022: printed "\"
    assert na.value == "\\"
    ph = cells["wastewater_ph"][3]
    assert ph.value == "7.4-7.5" and ph.data_type == "s"
    share = next(
        r
        for k, r in cells.items()
        if demo.catalogue.indicators[k].type.value == "percent" and isinstance(r[3].value, float)
    )
    assert share[3].number_format.endswith("%")


def test_metadata_names_the_report_and_hashes_its_values(demo: Report, tmp_path: Path) -> None:
    sheets = _calamine(export_workbook(demo, tmp_path / "kpi.xlsx"))
    about = {row[2]: row[1] for row in sheets["About"] if len(row) > 2 and row[2]}
    assert about["company"] == demo.meta.company
    assert about["identifier"].startswith("688400")
    assert about["values_sha256"] == values_digest(demo)
    assert about["period"].startswith("2023-01-01")
    demo.set_text("employees_total", "1,999")
    assert values_digest(demo) != about["values_sha256"]


def test_gri_index_says_where_data_stands_behind_a_disclosure(demo: Report, tmp_path: Path) -> None:
    rows = _calamine(export_workbook(demo, tmp_path / "kpi.xlsx"))["GRI Content Index"]
    body = rows[3:]
    by_code: dict[Any, list[Any]] = {}
    for r in body:
        by_code.setdefault(r[1], r)
    assert len([r for r in body if r[1]]) >= len(demo.catalogue.gri_index)
    assert by_code["2-7"][4] == "yes"  # employees are reported
    assert by_code["2-2"][4] == "no"


def test_chinese_labels(demo: Report, tmp_path: Path) -> None:
    sheets = _calamine(export_workbook(demo, tmp_path / "kpi-zh.xlsx", lang="zh"))
    names = list(sheets)
    assert names[0] == demo.catalogue.areas[0].label.zh
    header = sheets[names[0]][2]
    assert "指标" in header and "单位" in header


def test_text_that_looks_like_a_formula_stays_text(mini: Report, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    mini.set_meta("company", '=HYPERLINK("http://x","y")')
    mini.set_text("electricity", "1200", why="@SUM(A1:A2)")
    out = export_workbook(mini, tmp_path / "mini.xlsx")
    wb = load_workbook(out)
    hostile = [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value[:1] in "=@"
    ]
    assert hostile, "the texts were written"
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)
    sheets = _calamine(out)
    assert any(r[1] == '=HYPERLINK("http://x","y")' for r in sheets["About"] if len(r) > 1)


def test_several_entities_get_an_entity_column(mini: Report, tmp_path: Path) -> None:
    mini.add_entity("sub1", "Subsidiary One", parent="acme")
    mini.set_text("electricity", "100", entity="sub1")
    mini.set_text("electricity", "200")
    sheets = _calamine(export_workbook(mini, tmp_path / "m.xlsx"))
    rows = sheets[mini.catalogue.areas[0].label.en]
    assert rows[2][0] == "Entity"
    assert compare_area_sheets(mini, sheets) == 2
    only = _calamine(export_workbook(mini, tmp_path / "m1.xlsx", entities=["sub1"]))
    assert compare_area_sheets(mini, only) == 1


def test_unknown_entity_is_refused(mini: Report, tmp_path: Path) -> None:
    from esgdesk.core.errors import UnusableInput

    with pytest.raises(UnusableInput, match="unknown entity 'nope'"):
        export_workbook(mini, tmp_path / "m.xlsx", entities=["nope"])


def test_a_cancelled_export_leaves_the_old_workbook_alone(demo: Report, tmp_path: Path) -> None:
    target = tmp_path / "kpi.xlsx"
    target.write_bytes(b"previous version")
    token = CancelToken()
    calls: list[int] = []

    def progress(done: int, total: int, what: str) -> None:
        calls.append(done)
        if len(calls) == 2:
            token.cancel()

    with pytest.raises(Cancelled):
        export_workbook(demo, target, progress=progress, cancel=token)
    assert target.read_bytes() == b"previous version"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".writing")]


def test_findings_handed_over_by_the_app_give_the_same_workbook(demo: Report, tmp_path: Path) -> None:
    from esgdesk.core.validation import Engine

    demo.set_text("employees_total", "1,999")  # a figure that a finding now quotes
    engine = Engine(demo)
    findings = engine.run_all()
    assert findings
    checked_here = _calamine(export_workbook(demo, tmp_path / "cli.xlsx"))
    handed_over = _calamine(
        export_workbook(demo, tmp_path / "app.xlsx", findings=findings, computed=dict(engine.computed_map()))
    )
    for sheets in (checked_here, handed_over):
        sheets.pop("About")  # its generated-at time differs by the second
    assert handed_over == checked_here


def test_the_findings_sheet_shows_the_findings_it_is_given(demo: Report, tmp_path: Path) -> None:
    from esgdesk.core.validation import Engine

    engine = Engine(demo)
    findings = engine.run_all()
    kept = [f for f in findings if f.severity.value == "error"][:1] or findings[:1]
    rows = _calamine(export_workbook(demo, tmp_path / "kpi.xlsx", findings=kept, computed=dict(engine.computed_map())))[
        "Findings"
    ]
    shown = {c for r in rows[3:] for c in r}
    assert kept[0].message in shown
    assert not {f.message for f in findings if f.message != kept[0].message} & shown


def test_the_values_hash_keeps_its_published_definition(demo: Report) -> None:
    # workbooks exported earlier carry this hash: its definition must not drift
    import hashlib

    from esgdesk.exports.xlsx_cells import value_dict

    values = demo.value_map()
    lines = "".join(
        json.dumps([*key, value_dict(values[key])], ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        for key in sorted(values)
    )
    assert values_digest(demo) == hashlib.sha256(lines.encode()).hexdigest()
