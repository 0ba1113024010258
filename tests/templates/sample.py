"""Sample figures for any catalogue: every typed total, and the parts of a sum filled so they add up."""

from __future__ import annotations

from esgdesk.core.catalogue import BreakdownKind, DataType, Indicator
from esgdesk.core.store import Report
from esgdesk.core.values import Change, Key


def _text(ind: Indicator) -> str | None:
    if ind.type == DataType.TEXT:
        return "Described in the report"
    if ind.type == DataType.BOOLEAN:
        return "yes"
    if ind.type == DataType.RANGE:
        return "7.1-7.6"
    if ind.type == DataType.PERCENT:
        return "100" if ind.breakdown and ind.breakdown.kind == BreakdownKind.SHARE else "50"
    if ind.breakdown is not None:
        return None  # parts stay empty: a sample must not contradict its totals
    return "120"


def fill_sample(report: Report) -> int:
    """Fill the current and prior year with plain figures; returns how many were written."""
    changes: list[Change] = []
    cat = report.catalogue
    for ind in cat.indicators.values():
        if ind.computed or ind.retired:
            continue
        text = _text(ind)
        if text is None:
            continue
        if ind.breakdown and ind.breakdown.kind == BreakdownKind.SHARE:
            siblings = [
                c for c in cat.children[ind.breakdown.of] if c.breakdown and c.breakdown.family == ind.breakdown.family
            ]
            if siblings[0].id != ind.id:
                continue  # one share of 100 % per family
        for year in (report.year, report.prior_year):
            value = report.parse(ind.id, text)
            if value is not None:
                changes.append(Change(Key(report.entity, ind.id, year), None, value, None, "sample"))
    report.apply(changes)
    return len(changes)
