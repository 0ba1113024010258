"""History: any number of earlier years, from roll-forward or from earlier report files; base years."""

from __future__ import annotations

from pathlib import Path

import pytest

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import Refused
from esgdesk.core.history import base_change, figure, import_history
from esgdesk.core.store import Report, open_report
from esgdesk.core.validation import Engine
from tests.stores import target

pytestmark = pytest.mark.both_stores  # the tests using `mini` or `demo` run on a file and on a server


def _chain(mini: Report, tmp_path: Path) -> Path:
    """ACME 2023 -> 2024 -> 2025 -> 2026, a figure each year."""
    mini.set_text("electricity", "1,000", year=2022)
    mini.set_text("electricity", "1,100")
    path: Path | str = target(mini)  # a file, or the report on a server: roll-forward writes a file
    mini.close()
    for year in (2024, 2025, 2026):
        with open_report(path, readonly=True) as rep, rep.rollforward(tmp_path / f"acme-{year}.esg") as nxt:
            nxt.set_text("electricity", f"{1000 + (year - 2022) * 100}")
            path = nxt.path
    return Path(path)


def test_three_roll_forwards_keep_every_year(mini: Report, tmp_path: Path) -> None:
    last = _chain(mini, tmp_path)
    with Report.open(last, readonly=True) as rep:
        assert rep.year == 2026 and rep.years() == [2022, 2023, 2024, 2025, 2026]
        assert [rep.get("electricity", y).number for y in rep.years()] == [1000, 1100, 1200, 1300, 1400]
        assert rep.published_years() == [2023, 2024, 2025]


def test_earlier_report_files_bring_their_years_in(mini: Report, tmp_path: Path, mini_catalogue: Catalogue) -> None:
    mini.set_text("electricity", "1,000", year=2022)
    mini.set_text("electricity", "1,100")
    mini.set_text("staff", "50")
    mini.set_explanation("electricity", "new furnace", year=2023)
    older = target(mini)
    mini.close()
    new = Report.create(
        tmp_path / "acme-2025.esg",
        mini_catalogue,
        company="ACME Ltd",
        year=2025,
        entity_id="acme",
        identifier="600000",
        scheme="http://www.sse.com.cn",
    )
    new.set_text("staff", "49", year=2023)  # the report's own figure is kept
    result = import_history(new, [older])
    assert result.years == [2022, 2023] and result.values == 2 and result.kept == 1 and result.explanations == 1
    assert new.get("electricity", 2022).number == 1000
    assert new.get("staff", 2023).number == 49
    assert new.explanation("electricity", 2023).text == "new furnace"
    assert new.published_years() == [2022, 2023]  # published with the older report
    assert new.years() == [2022, 2023, 2024, 2025]
    assert new.integrity_problems == []
    with pytest.raises(Refused, match="this report itself"):
        import_history(new, [new.path])
    other = Report.create(tmp_path / "other.esg", mini_catalogue, company="Other Co", year=2022, entity_id="o")
    other.close()
    with pytest.raises(Refused, match="not of ACME"):
        import_history(new, [other.path])
    new.close()


def test_base_year_change(mini: Report) -> None:
    mini.set_text("electricity", "1,000", year=2021)
    mini.set_text("electricity", "880")
    assert base_change(mini, "electricity", 880.0) is None  # no base year yet
    mini.set_base_year("electricity", 2021)
    computed = Engine(mini).computed_map()
    bc = base_change(mini, "electricity", figure(mini, computed, "electricity", 2023))
    assert bc is not None and bc.base_year == 2021 and bc.change == pytest.approx(-0.12)
    with pytest.raises(Refused, match="not a number"):
        mini.set_base_year("policy", 2021)
    with pytest.raises(Refused, match="cannot be a base year"):
        mini.set_base_year("electricity", 2030)
    mini.set_base_year("electricity", None)
    assert mini.base_year("electricity") is None
