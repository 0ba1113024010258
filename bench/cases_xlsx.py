"""Exporting the workbook of a group report against writing the very same cells with bare openpyxl.

The baseline is what any exporter must do at least: openpyxl's write-only mode appending the
cells of every sheet, with no styles, no merged ranges, no print setup, no checks, no audit log
to read. The cells are taken from the workbook esgdesk wrote (read back with python-calamine,
outside the timing), so both sides write the same sheets, rows and values.

A caller that holds a current validation engine (the app keeps one, edit by edit) hands its
findings and computed figures to the export, and the row times that export; the note also
gives the command line's path, which validates the report first.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bench.common import Row, main_size, median_time, paired, shared_group_report, wanted

ROWS = ("export_xlsx",)


def _cells(path: Path) -> list[tuple[str, list[list[Any]]]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    out = []
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        out.append((name, [[None if v == "" else v for v in row] for row in rows]))
    return out


def _bare(cells: list[tuple[str, list[list[Any]]]], target: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in cells:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(target)


def run(quick: bool) -> list[Row]:
    if not wanted("export_xlsx"):
        return []
    from esgdesk.core.store import Report
    from esgdesk.core.validation import Engine
    from esgdesk.exports.xlsx import export_workbook

    entities = main_size(quick)
    source = shared_group_report(entities)
    with tempfile.TemporaryDirectory(prefix="esgdesk-bench-xlsx-") as tmp:
        ours_path = Path(tmp) / "ours.xlsx"
        base_path = Path(tmp) / "bare.xlsx"
        with Report.open(source, readonly=True) as rep:
            engine = Engine(rep)
            findings = engine.run_all()
            computed = dict(engine.computed_map())

            def ours() -> None:
                export_workbook(rep, ours_path, findings=findings, computed=computed)

            ours()  # warm-up, and the cells for the baseline
            cells = _cells(ours_path)
            n_cells = sum(sum(v is not None for v in row) for _, rows in cells for row in rows)
            row = paired("export_xlsx", ours, lambda: _bare(cells, base_path), repeat=3 if quick else 5)
            with_checks = median_time(lambda: export_workbook(rep, ours_path), repeat=3)
    row.note = (
        f"{entities} entities, {n_cells:,} cells in {len(cells)} sheets, {len(findings):,} findings handed "
        f"over by a caller that holds a current engine; validating first, as the command line does: {with_checks:.2f} s, "
        f"{with_checks / row.baseline:.2f}x"
    )
    return [row]
