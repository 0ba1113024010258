"""A report made from the exchanges' guideline template, filled the way a company would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from esgdesk.core.store import Report
from esgdesk.core.templates import create_report
from esgdesk.core.values import Change, Key


def write(rep: Report, entries: dict[str, str]) -> None:
    rep.apply(
        [Change(Key(rep.entity, i, rep.year), None, rep.parse(i, text), None, "test") for i, text in entries.items()]
    )


# Energy typed, from which scope 1 and 2 are computed (climate change and energy use disclosed);
# pollutant emissions marked not applicable with a reason; waste left empty; a placeholder for rural revitalisation.
FILLED = {
    "natural_gas_total": "520,000 m3",
    "electricity_total": "12,400 MWh",
    "sse14_climate_governance": "The board's strategy committee reviews climate risks twice a year and sets the targets.",
    "sse14_pollutants_policy": "\\: the company only designs software and runs offices; no process emissions",
    "nox_emissions": "\\: no combustion on site",
    "sse14_rural_policy": "TBD",
}


@pytest.fixture
def sse14(tmp_path: Path) -> Iterator[Report]:
    rep = create_report(
        tmp_path / "huaxin.esg",
        "sse14",
        company="Huaxin Precision Co., Ltd.",
        year=2024,
        company_zh="华信精密",
        identifier="91350100M000100Y43",
    )
    write(rep, FILLED)
    yield rep
    rep.close()
