"""The workbook can print three years (or more) side by side; the import reads them back."""

from __future__ import annotations

from pathlib import Path

from esgdesk.core.store import Report
from esgdesk.exports.xlsx import export_workbook
from tests.cli.test_cli import run
from tests.core.test_history import _chain


def test_three_years_side_by_side_and_read_back(mini: Report, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    last = _chain(mini, tmp_path)
    out = tmp_path / "kpi.xlsx"
    proc = run("export", last, "--xlsx", out, "--years", "3")
    assert proc.returncode == 0, proc.stderr
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Environmental").to_python()
    head = rows[2]
    cur, prior, earlier = (head.index(str(y)) for y in (2026, 2025, 2024))
    assert cur < prior < earlier
    by_id = {r[head.index("esgdesk:indicator")]: r for r in rows[3:]}  # a hidden column holds the id
    row = by_id["electricity"]
    assert (row[cur], row[prior], row[earlier]) == (1400, 1300, 1200)
    from esgdesk.exports.xlsx_import import preview_import

    with Report.open(last, readonly=True) as rep:
        back = preview_import(rep, out)  # every year column is read, and nothing differs
        assert {2024, 2025, 2026} <= set(back.years) and back.changes == [] and back.unchanged >= 3
    with Report.open(last, readonly=True) as rep:  # the default is unchanged: two years
        two = export_workbook(rep, tmp_path / "two.xlsx")
    head2 = CalamineWorkbook.from_path(str(two)).get_sheet_by_name("Environmental").to_python()[2]
    assert "2024" not in head2 and "2025" in head2
    assert run("export", last, "--xlsx", tmp_path / "x.xlsx", "--years", "1").returncode == 2
