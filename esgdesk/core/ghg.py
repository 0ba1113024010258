"""Greenhouse gases: scope 1 and 2 from activity data and a versioned set of emission factors.

The formulas live in the catalogue (`natural_gas_total * factor("natural_gas_co2e_per_m3")`);
this module says which factor set a report uses, what a result rests on (set, version, each
factor's value, source and year), and flags a formula whose factor the set lacks, so that an
emission is never silently missing because a factor was renamed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from esgdesk.core.catalogue import Catalogue, FactorSet, Indicator
from esgdesk.core.expressions import parse_expression

if TYPE_CHECKING:
    from esgdesk.core.rules.context import RuleContext
    from esgdesk.core.store import Report

FACTOR_SET_KEY = "factor_set"  # report meta: which set; unset means the catalogue's first


def factor_set_for(report: Report) -> FactorSet | None:
    return report.catalogue.factor_set(report.meta.extra.get(FACTOR_SET_KEY))


def factors_used(ind: Indicator) -> list[str]:
    if not ind.formula:
        return []
    return sorted(parse_expression(ind.formula).factors)


def uses_factors(cat: Catalogue, ind: Indicator) -> bool:
    """Directly or through another computed indicator (ghg_total reads scope 1 and 2)."""
    if factors_used(ind):
        return True
    return any(uses_factors(cat, cat.indicators[n]) for n in ind.formula_inputs if cat.indicators[n].computed)


def provenance(ctx: RuleContext, ind: Indicator) -> dict[str, Any]:
    """What a computed emission rests on, for findings and for the record of a computed figure."""
    fs = ctx.factor_set
    cat = ctx.catalogue
    if fs is None or not uses_factors(cat, ind):
        return {}
    ids: set[str] = set()
    todo = [ind]
    while todo:
        cur = todo.pop()
        ids.update(factors_used(cur))
        todo.extend(cat.indicators[n] for n in cur.formula_inputs if cat.indicators[n].computed)
    factors = []
    for fid in sorted(ids):
        f = fs.factor(fid)
        if f is not None:
            factors.append({"id": f.id, "value": f.value, "unit": f.unit, "source": f.source, "year": f.year})
    return {"factor_set": fs.id, "factor_set_version": fs.version, "factors": factors}
