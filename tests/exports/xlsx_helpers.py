"""What the workbook tests share: reading a workbook back the way its consumers do."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from esgdesk.core.catalogue import DataType
from esgdesk.core.display import display
from esgdesk.core.store import Report
from esgdesk.core.values import Status, Value
from esgdesk.exports.xlsx_cells import COL_ENTITY, COL_INDICATOR


def structure(path: Path) -> dict[str, Any]:
    """The parts of a workbook a designer relies on, not its bytes."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    out: dict[str, Any] = {}
    for ws in wb.worksheets:
        header_row = 1 if ws.title == wb.sheetnames[-1] else 3
        header = [c.value for c in ws[header_row]]
        formats = sorted(
            {c.number_format for row in ws.iter_rows(min_row=4) for c in row if isinstance(c.value, int | float)}
        )
        out[ws.title] = {
            "header": header,
            "merged": len(ws.merged_cells.ranges),
            "first_merged": sorted(str(r) for r in ws.merged_cells.ranges)[:3],
            "freeze": ws.freeze_panes,
            "autofilter": bool(ws.auto_filter.ref),
            "orientation": ws.page_setup.orientation,
            "fit_to_width": ws.page_setup.fitToWidth,
            "fit_to_page": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
            "print_titles": ws.print_title_rows,
            "footer": [ws.oddFooter.left.text, ws.oddFooter.center.text, ws.oddFooter.right.text],
            "hidden_columns": sorted(k for k, d in ws.column_dimensions.items() if d.hidden),
            "number_formats": formats,
        }
    return out


def area_rows(rows: list[list[Any]]) -> tuple[list[Any], list[list[Any]]]:
    """The header and the indicator rows of an area sheet as a plain reader returns them."""
    header_at = next(n for n, r in enumerate(rows) if COL_INDICATOR in r)
    return rows[header_at], rows[header_at + 1 :]


def expected_cell(value: Value | None, ind_type: DataType, ind: Any, lang: str = "en") -> Any:
    """What a reader should find in the cell of a stored figure."""
    if value is None:
        return None
    if value.status == Status.REPORTED and value.number is not None:
        return value.number / 100 if ind_type == DataType.PERCENT else value.number
    if value.status == Status.NOT_APPLICABLE:
        return "\\"
    if value.status == Status.NOT_REPORTED:
        return "not reported" if lang == "en" else "未披露"
    return display(value, ind, lang=lang)


def compare_area_sheets(report: Report, sheets: dict[str, list[list[Any]]]) -> int:
    """Check every figure cell against the report; returns how many stored figures were seen."""
    seen = 0
    cat = report.catalogue
    for area in cat.areas:
        rows = sheets[area.label.en]
        header, body = area_rows(rows)
        c_ind, c_ent = header.index(COL_INDICATOR), header.index(COL_ENTITY)
        c_cur, c_pri = header.index(str(report.year)), header.index(str(report.prior_year))
        for row in body:
            ind_id = row[c_ind]
            if not ind_id:
                continue
            ind = cat.indicators[ind_id]
            for col, year in ((c_cur, report.year), (c_pri, report.prior_year)):
                v = report.get(ind_id, year, row[c_ent])
                if v is None:
                    continue
                seen += 1
                want = expected_cell(v, ind.type, ind)
                got = row[col]
                if isinstance(want, float):
                    assert isinstance(got, int | float), (ind_id, year, got)
                    assert math.isclose(float(got), want, rel_tol=1e-12, abs_tol=1e-15), (ind_id, year, got, want)
                else:
                    assert got == want, (ind_id, year, got, want)
    return seen
