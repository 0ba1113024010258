"""Figures are read the way the user's locale writes numbers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from esgdesk.core.errors import Refused
from esgdesk.core.store import Report
from esgdesk.gui.session import ReportSession


@pytest.fixture
def locale_de() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def locale_us() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


def test_decimal_comma_where_the_locale_has_one(qapp: object, demo_path: Path, locale_de: None) -> None:
    with Report.open(demo_path) as rep:
        session = ReportSession(rep)
        assert session.parse("water_total", "19.018,5").number == 19018.5
        assert session.parse("nmhc_concentration", "0,35").number == 0.35


def test_decimal_point_elsewhere(qapp: object, demo_path: Path, locale_us: None) -> None:
    with Report.open(demo_path) as rep:
        session = ReportSession(rep)
        assert session.parse("water_total", "19,018.5").number == 19018.5
        assert session.parse("water_total", "19,018").number == 19018
        with pytest.raises(Refused):
            session.parse("nmhc_concentration", "0,35")  # ambiguous here: refused, never guessed
