"""Numbers as findings quote them: in the indicator's unit, at a precision a reader can compare."""

from __future__ import annotations

import math

from esgdesk.core.catalogue import Catalogue, DataType, Indicator
from esgdesk.core.display import format_number


def decimals_for(x: float, decimals: int) -> int:
    """The indicator's decimals, widened (up to three significant digits) when they would hide the figure."""
    d = max(decimals, 0)
    if x == 0 or not math.isfinite(x) or math.isclose(round(x, d), x, rel_tol=1e-9, abs_tol=1e-12):
        return d
    magnitude = math.floor(math.log10(abs(x)))
    wide = max(d, min(10, 2 - magnitude))
    while wide > d and math.isclose(round(x, wide - 1), x, rel_tol=1e-9, abs_tol=1e-12):
        wide -= 1
    return wide


def number(x: float, decimals: int = 0) -> str:
    return format_number(x, decimals_for(x, decimals))


def quantity(cat: Catalogue, ind: Indicator, x: float, *, lang: str = "en", decimals: int | None = None) -> str:
    """ "22.33%", "3.747 t", "1,981" (counts carry no unit in English), "1,981人"."""
    body = number(x, ind.decimals if decimals is None else decimals)
    if ind.type == DataType.PERCENT:
        return f"{body}%"
    unit = cat.unit_table.get(ind.unit)
    if unit is None:
        return body
    if unit.dimension.startswith("count") or unit.dimension in ("headcount", "dimensionless", "text"):
        return (
            body if not lang.startswith("zh") or unit.dimension == "dimensionless" else f"{body}{unit.label.get(lang)}"
        )
    if lang.startswith("zh"):
        return f"{body}{unit.label.get(lang)}"
    return f"{body} {unit.label.get(lang)}"


def change(ind: Indicator, old: float, new: float) -> tuple[str, str]:
    """The change as a reader weighs it: points for percentages, else percent of last year."""
    if ind.type == DataType.PERCENT:
        d = new - old
        return f"{d:+.2f} percentage points", f"{d:+.2f}个百分点"
    if old == 0:
        return "from zero", "由零起"
    rel = (new - old) / abs(old) * 100
    return f"{rel:+.0f}%", f"{rel:+.0f}%"


def names(cat: Catalogue, ids: list[str], lang: str = "en") -> str:
    labels = [cat.indicators[i].label.get(lang) for i in ids]
    return ("、" if lang.startswith("zh") else ", ").join(labels)
