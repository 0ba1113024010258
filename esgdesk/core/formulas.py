"""Formulas of computed indicators: evaluated here only, with one precedence between a typed and a computed figure.

Precedence: **a figure typed for a computed indicator stands; the formula's result fills in where
none is typed.** A typed figure is what the company states (a published year as printed, a figure
imported with its workbook); the formula is the check on it: the `computed` rule reports a typed
figure that departs from the result by more than rounding. A typed entry without a number (not
reported, not applicable) stands too: there is then no figure, not the formula's. The form, the
workbook, the XBRL export, the rules' arithmetic and a formula reading another computed indicator
all take a figure through `figure`; group consolidation evaluates the same formulas over the group's
summed figures through `evaluate`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from esgdesk.core.expressions import parse_expression
from esgdesk.core.values import Value

Lookup = Callable[[str], float | None]


def figure(typed: Value | None, computed: float | None) -> float | None:
    """The number of one indicator, entity and year: the typed figure's if one is typed, else the result."""
    if typed is not None:
        return typed.numeric()
    return computed


def evaluate(
    formula: str, current: Lookup, previous: Lookup | None = None, factors: Mapping[str, float] | None = None
) -> float | None:
    """The formula's result from the figures `current` (this year) and `previous` (last year) give;
    None when an input is missing, a division by zero or an overflow occurs, or the result is no number."""
    try:
        result = parse_expression(formula).evaluate(current, previous, factors)
    except ArithmeticError:
        return None
    if result is None or isinstance(result, bool) or not isinstance(result, int | float):
        return None
    result = float(result)
    return result if math.isfinite(result) else None
