"""Figures in from a workbook: exact round trip, what people do to workbooks, and a preview first."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import Refused, UnusableInput
from esgdesk.core.store import Report
from esgdesk.exports.xlsx import export_workbook
from esgdesk.exports.xlsx_import import apply_import, preview_import


def _fresh(tmp_path: Path, source: Report, name: str = "fresh.esg") -> Report:
    return Report.create(
        tmp_path / name, source.catalogue, company=source.meta.company, year=source.year, entity_id=source.entity
    )


def _row_of(ws: Any, indicator: str) -> int:
    for row in ws.iter_rows():
        for c in row:
            if c.value == indicator:
                return int(c.row)
    raise AssertionError(indicator)


def _col(ws: Any, title: str) -> int:
    for c in ws[3]:
        if c.value == title:
            return int(c.column)
    raise AssertionError(title)


def test_round_trip_reproduces_every_figure_exactly(demo: Report, tmp_path: Path) -> None:
    book = export_workbook(demo, tmp_path / "kpi.xlsx")
    fresh = _fresh(tmp_path, demo)
    try:
        preview = preview_import(fresh, book)
        assert preview.refusals == []
        assert fresh.value_map() == {}, "the preview writes nothing"
        assert apply_import(fresh, preview) == len(demo.value_map())
        assert fresh.value_map() == demo.value_map()
        again = preview_import(fresh, book)
        assert again.changes == [] and again.unchanged == len(demo.value_map())
        assert any(e.field == "batch" and e.source == "import" for e in fresh.audit_log())
    finally:
        fresh.close()


def test_chinese_workbook_round_trips_too(demo: Report, tmp_path: Path) -> None:
    book = export_workbook(demo, tmp_path / "kpi-zh.xlsx", lang="zh")
    fresh = _fresh(tmp_path, demo)
    try:
        apply_import(fresh, preview_import(fresh, book))
        assert fresh.value_map() == demo.value_map()
    finally:
        fresh.close()


def test_year_option_takes_one_column(demo: Report, tmp_path: Path) -> None:
    book = export_workbook(demo, tmp_path / "kpi.xlsx")
    fresh = _fresh(tmp_path, demo)
    try:
        preview = preview_import(fresh, book, year=2022)
        assert preview.changes and {c.key.year for c in preview.changes} == {2022}
        with pytest.raises(UnusableInput, match="no figures for 2019"):
            preview_import(fresh, book, year=2019)
    finally:
        fresh.close()


def test_what_people_do_to_workbooks(demo: Report, tmp_path: Path) -> None:
    """Moved rows, an inserted empty row, an extra sheet, a hidden sheet, a merged cell, text typed
    into a number cell, a changed unit, a date, a formula without its result, an unknown id."""
    from openpyxl import load_workbook

    book = export_workbook(demo, tmp_path / "kpi.xlsx")
    wb = load_workbook(book)
    social = wb[demo.catalogue.areas[3].label.en]
    env = wb[demo.catalogue.areas[2].label.en]
    cur = _col(social, "2023")
    # swap two whole rows: hidden ids travel with them
    a, b = _row_of(social, "employees_total"), _row_of(social, "employees_male")
    for c in range(1, social.max_column + 1):
        va, vb = social.cell(a, c).value, social.cell(b, c).value
        social.cell(a, c).value, social.cell(b, c).value = vb, va
    social.insert_rows(6, 2)  # empty rows
    social.cell(_row_of(social, "employees_total"), cur).value = "2,100"  # text in a number cell
    social.cell(_row_of(social, "employees_female"), cur).value = "many"  # not a number
    r_tr = _row_of(social, "trainees_total")
    social.cell(r_tr, cur).value = "=1+1"  # a formula openpyxl saves without a result
    env_cur = _col(env, "2023")
    r_el = _row_of(env, "electricity_total")
    env.cell(r_el, env_cur).value = 3.5
    env.cell(r_el, _col(env, "Unit")).value = "MWh"  # same dimension: converted
    r_w = _row_of(env, "water_total")
    env.cell(r_w, _col(env, "Unit")).value = "kWh"  # another dimension: refused
    from datetime import datetime

    r_gas = _row_of(env, "natural_gas_total")
    env.cell(r_gas, env_cur).value = datetime(2023, 5, 1)
    r_x = _row_of(env, "exhaust_gas_total")
    env.cell(r_x, _col(env, "esgdesk:indicator")).value = "no_such_indicator"
    env.merge_cells(start_row=r_x + 1, start_column=env_cur, end_row=r_x + 1, end_column=env_cur + 1)
    extra = wb.create_sheet("Notes from the board")
    extra.append(["Indicator", "2023"])
    extra.append(["just a remark", None])
    wb[demo.catalogue.areas[0].label.en].sheet_state = "hidden"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    preview = preview_import(demo, edited)
    changed = {(c.key.indicator, c.key.year): c.new for c in preview.changes}
    refused = {r.indicator: r for r in preview.refusals}
    assert changed[("employees_total", 2023)].number == 2100
    assert ("employees_male", 2023) not in changed  # moved, unchanged
    assert changed[("electricity_total", 2023)].number == 3500  # 3.5 MWh in kWh
    assert "not a number" in refused["employees_female"].reason or "number" in refused["employees_female"].reason
    assert "formula" in refused["trainees_total"].reason and refused["trainees_total"].where.endswith(f"{r_tr}")
    assert "wrong unit" in refused["water_total"].reason
    assert "date" in refused["natural_gas_total"].reason
    assert any("unknown indicator 'no_such_indicator'" in r.reason for r in preview.refusals)
    assert demo.catalogue.areas[0].label.en in preview.sheets_read  # hidden sheets are read
    before = dict(demo.value_map())
    assert before == demo.value_map(), "nothing written by the preview"
    n = apply_import(demo, preview)
    assert n == len(preview.changes)
    assert demo.get("employees_total").number == 2100
    assert demo.get("employees_male") == before[("luster", "employees_male", 2023)]


def test_a_workbook_without_hidden_columns_matches_by_name(mini: Report, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Key figures"])
    ws.append([])
    ws.append(["Indicator", "Unit", 2023, 2022])
    ws.append(["Electricity", "kWh", 1234, "1,100"])
    ws.append(["Employees", "person", "1,500+", None])
    ws.append(["Unicorns", "person", 3, None])
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    preview = preview_import(mini, path)
    got = {(c.key.indicator, c.key.year): c.new for c in preview.changes}
    assert got[("electricity", 2023)].number == 1234
    assert got[("electricity", 2022)].number == 1100
    assert got[("staff", 2023)].qualifier.value == "more_than"
    assert [r.reason for r in preview.refusals] == [
        "unknown indicator 'Unicorns' (no indicator of this report has that name)"
    ]


def test_cached_formula_results_are_used(mini: Report, tmp_path: Path) -> None:
    """A formula with its result saved (as Excel and LibreOffice do) imports the result."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Indicator", "Unit", 2023])
    ws.append(["Electricity", "kWh", "=1000+234"])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    _patch(path, "xl/worksheets/sheet1.xml", b"<f>1000+234</f><v></v>", b"<f>1000+234</f><v>1234</v>")
    preview = preview_import(mini, path)
    assert [c.new.number for c in preview.changes] == [1234]


def _patch(path: Path, member: str, old: bytes, new: bytes) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == member:
                assert old in data, data[:400]
                data = data.replace(old, new)
            dst.writestr(info, data)
    path.write_bytes(buf.getvalue())


def test_approved_section_and_stale_preview_are_refused(mini: Report, tmp_path: Path) -> None:
    mini.set_text("electricity", "100")
    book = export_workbook(mini, tmp_path / "m.xlsx")
    other = Report.create(tmp_path / "o.esg", mini.catalogue, company="ACME Ltd", year=2023, entity_id="acme")
    try:
        other.set_section_state("energy", "approved")
        preview = preview_import(other, book)
        assert any("approved" in r.reason for r in preview.refusals)
        other.set_section_state("energy", "draft")
        preview = preview_import(other, book)
        other.set_text("electricity", "5")
        with pytest.raises(Refused, match="changed since the preview"):
            apply_import(other, preview)
        assert other.get("electricity").number == 5
    finally:
        other.close()


# -- hostile and foreign files ------------------------------------------------------------------


def _hostile(tmp_path: Path, mini_book: Path, member: str, payload: bytes) -> Path:
    out = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(mini_book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, payload if info.filename == member else src.read(info))
    return out


@pytest.fixture
def mini_book(mini: Report, tmp_path: Path) -> Path:
    mini.set_text("electricity", "100")
    return export_workbook(mini, tmp_path / "mini.xlsx")


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10) for n in range(1, 10))
    + b"]><workbook>&lol9;</workbook>"
)
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><sst>&e;</sst>'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello, this is text", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "old-style .xls"),
        (b"PK\x03\x04 truncated", "damaged"),
    ],
)
def test_foreign_files_are_refused(mini: Report, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnusableInput, match=message):
        preview_import(mini, path)


def test_billion_laughs_is_refused(mini: Report, tmp_path: Path, mini_book: Path) -> None:
    path = _hostile(tmp_path, mini_book, "xl/workbook.xml", LAUGHS)
    with pytest.raises(UnusableInput, match="entities or a DOCTYPE"):
        preview_import(mini, path)


def test_external_entity_is_refused(mini: Report, tmp_path: Path, mini_book: Path) -> None:
    path = _hostile(tmp_path, mini_book, "xl/worksheets/sheet1.xml", XXE)
    with pytest.raises(UnusableInput, match="entities or a DOCTYPE"):
        preview_import(mini, path)


def test_zip_bomb_is_refused_before_it_inflates(mini: Report, tmp_path: Path, mini_book: Path) -> None:
    bomb = b"<sheetData>" + b" " * (8 * 2**20) + b"</sheetData>"  # 8 MB that deflate to a few KB
    path = _hostile(tmp_path, mini_book, "xl/worksheets/sheet1.xml", bomb)
    assert path.stat().st_size < 200_000
    with pytest.raises(UnusableInput, match="zip bomb"):
        preview_import(mini, path)


def test_a_workbook_with_no_layout_is_unusable(mini: Report, tmp_path: Path, mini_catalogue: Catalogue) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Name", "Address"])
    path = tmp_path / "other.xlsx"
    wb.save(path)
    with pytest.raises(UnusableInput, match="no sheet of this workbook is in the exported layout"):
        preview_import(mini, path)


def test_a_workbook_of_one_report_imports_into_another_report_of_the_same_company(demo: Report, tmp_path: Path) -> None:
    book = export_workbook(demo, tmp_path / "kpi.xlsx")
    # a new report names its one entity after itself, not after the report the workbook came from
    other = Report.create(
        tmp_path / "next.esg", demo.catalogue, company=demo.meta.company, year=demo.year, entity_id="company_2024"
    )
    try:
        preview = preview_import(other, book)
        assert preview.refusals == []
        assert (
            f"the workbook's entity '{demo.entity}' is taken as this report's only entity 'company_2024'"
            in " ".join(preview.notes)
        )
        assert apply_import(other, preview) == len(demo.value_map())
        assert {key[1:]: v for key, v in other.value_map().items()} == {
            key[1:]: v for key, v in demo.value_map().items()
        }
    finally:
        other.close()


def test_group_entities_are_matched_by_name_and_the_unmatched_listed(tmp_path: Path, mini_catalogue: Catalogue) -> None:
    source = Report.create(tmp_path / "group-a.esg", mini_catalogue, company="ACME Group", year=2023, entity_id="acme")
    target = Report.create(tmp_path / "group-b.esg", mini_catalogue, company="ACME Group", year=2023, entity_id="acme")
    try:
        source.add_entity("n1", "Northern Plant", parent="acme")
        source.add_entity("s1", "Southern Plant", parent="acme")
        target.add_entity("north", "Northern Plant", parent="acme")
        source.set_text("electricity", "1,000", entity="n1")
        source.set_text("electricity", "2,000", entity="s1")
        book = export_workbook(source, tmp_path / "group.xlsx")
        preview = preview_import(target, book)
        got = {(c.key.entity, c.key.indicator): c.new.number for c in preview.changes}
        assert got[("north", "electricity")] == 1000
        assert not any(e == "s1" for e, _ in got)
        notes = " ".join(preview.notes)
        assert "'n1' -> 'north'" in notes
        assert "match none of this report's" in notes and "'s1'" in notes
        assert {r.reason for r in preview.refusals} == {"unknown entity 's1' (not in this report)"}
    finally:
        source.close()
        target.close()
