"""Counted nouns and figures with their units, as the command line prints them ("1 indicator", "35%")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # every command imports this module: the catalogue's models load only where figures are shown
    from esgdesk.core.catalogue import Indicator
    from esgdesk.core.values import Value


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 fact', '2 facts'; `plural` when the word does not just take an -s ('entity', 'entities')."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def unit_after(value: Value | None, ind: Indicator) -> str:
    """The unit to print after `display(value, ind)`: '' when the figure is not a number, or already shows its
    unit (a share prints '35%', never '35% %')."""
    from esgdesk.core.parser import display
    from esgdesk.core.values import Status

    numeric = value is not None and (value.status == Status.BELOW_DETECTION or (
        value.status == Status.REPORTED and (value.number is not None or value.low is not None)))
    unit = ind.unit.strip()
    if not numeric or not unit or display(value, ind).rstrip("+").endswith(unit):
        return ""
    return unit


def with_unit(value: Value | None, ind: Indicator) -> str:
    """The figure as a reader sees it, with its unit where it needs one: '2,641 RMB million', '35%',
    'ND (<0.5) mg/L', 'not reported', '\\'."""
    from esgdesk.core.parser import display

    unit = unit_after(value, ind)
    shown = display(value, ind)
    return f"{shown} {unit}" if unit else shown
