"""LibreOffice, a second real consumer, opens the workbook: every figure as in the report, and the
workbook it saves back imports to the very same figures."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from esgdesk.core.store import Report
from esgdesk.exports.xlsx import export_workbook
from esgdesk.exports.xlsx_import import apply_import, preview_import
from tests.exports.xlsx_helpers import compare_area_sheets

pytestmark = pytest.mark.libreoffice


def _soffice_roundtrip(book: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc")
    profile = out_dir / "lo-profile"
    env = {**os.environ, "XDG_CACHE_HOME": str(out_dir / "cache"), "HOME": str(out_dir)}
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out_dir / "lo"),
            str(book),
        ],
        env=env,
        capture_output=True,
        timeout=240,
        check=False,
    )
    result = out_dir / "lo" / book.name
    assert result.exists(), "LibreOffice wrote no workbook (its exit code does not say so)"
    return result


def test_libreoffice_reads_every_figure_and_its_copy_imports_exactly(demo: Report, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = export_workbook(demo, tmp_path / "kpi.xlsx")
    resaved = _soffice_roundtrip(book, tmp_path)
    wb = load_workbook(resaved, data_only=True, read_only=True)
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    wb.close()
    assert compare_area_sheets(demo, sheets) == len(demo.value_map())
    fresh = Report.create(
        tmp_path / "fresh.esg", demo.catalogue, company=demo.meta.company, year=demo.year, entity_id=demo.entity
    )
    try:
        preview = preview_import(fresh, resaved)
        assert preview.refusals == []
        apply_import(fresh, preview)
        assert fresh.value_map() == demo.value_map()
    finally:
        fresh.close()
