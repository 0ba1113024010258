"""Units as the catalogue declares them: a dimension and a factor to the dimension's base unit.

The table lives in `forms/units.toml` so an ESG office can add the units its people type
("万千瓦时", "10^4 m3", "RMB 100 million"). Conversion is exact decimal multiplication within
one dimension; a unit of another dimension is refused. A general units library (pint) was
measured at 0.30 s to import here, a third of the whole start-up budget, and most of these
units are not physical (currency scales, headcounts, counts of patents), so the table is data.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from esgdesk.core.catalogue import Unit
from esgdesk.core.errors import ParseError


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).strip()
    s = s.replace("³", "3").replace("²", "2").replace("₂", "2").replace("·", " ")
    return " ".join(s.split())


class UnitTable:
    def __init__(self, units: Iterable[Unit]) -> None:
        self.units: dict[str, Unit] = {}
        self._exact: dict[str, Unit] = {}
        self._folded: dict[str, Unit] = {}
        for u in units:
            self.units[u.id] = u
            for name in (u.id, *u.aliases):
                n = _norm(name)
                self._exact.setdefault(n, u)
                self._folded.setdefault(n.casefold().replace(" ", ""), u)

    def __contains__(self, unit_id: str) -> bool:
        return unit_id in self.units

    def get(self, unit_id: str) -> Unit:
        return self.units[unit_id]

    def resolve(self, text: str) -> Unit | None:
        n = _norm(text)
        return self._exact.get(n) or self._folded.get(n.casefold().replace(" ", ""))

    def base_of(self, dimension: str) -> Unit | None:
        return next((u for u in self.units.values() if u.dimension == dimension and u.factor == 1), None)

    def factor(self, from_unit: Unit, to_unit: Unit) -> Decimal:
        """Multiplier taking a number in `from_unit` to `to_unit`; refuses a change of dimension."""
        if from_unit.id == to_unit.id:
            return Decimal(1)
        if from_unit.dimension != to_unit.dimension:
            raise ParseError(
                f"'{from_unit.id}' is a unit of {from_unit.dimension.replace('_', ' ')}, "
                f"this figure is in {to_unit.id} ({to_unit.dimension.replace('_', ' ')})"
            )
        return Decimal(repr(from_unit.factor)) / Decimal(repr(to_unit.factor))

    def convert(self, number: Decimal, from_unit: Unit, to_unit: Unit) -> Decimal:
        return number * self.factor(from_unit, to_unit)
