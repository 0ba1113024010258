"""Every year a report holds is exported: XBRL carries a context per year, and Arelle accepts it."""

from __future__ import annotations

from pathlib import Path

import pytest

from esgdesk.core.store import Report
from esgdesk.exports.xbrl import export_xbrl, validate_with_arelle
from tests.core.test_history import _chain


@pytest.mark.arelle
def test_xbrl_exports_every_year_held(mini: Report, tmp_path: Path) -> None:
    last = _chain(mini, tmp_path)
    with Report.open(last, readonly=True) as rep:
        x = export_xbrl(rep, tmp_path / "xbrl")
    assert sorted({year for _ent, year in x.context_keys.values()}) == [2022, 2023, 2024, 2025, 2026]
    text = x.instance.read_text(encoding="utf-8")
    for year in (2022, 2023, 2024, 2025, 2026):
        assert f"<xbrli:startDate>{year}-01-01</xbrli:startDate>" in text
    page = x.inline.read_text(encoding="utf-8")
    assert "Figures for 2026, 2025, 2024, 2023 and 2022" in page
    result = validate_with_arelle(x.instance)
    assert result.errors == [], [m.text for m in result.errors]
