"""Figures as a reader sees them: "1,500+", "22.17%", "7.4-7.5", "ND (<0.5)", "\\", with their unit.

Apart from `parser`, which reads what people type: showing the figures of a form needs none of its
patterns, which compile when it is first imported (the first figure typed, not the first paint).
"""

from __future__ import annotations

from esgdesk.core.catalogue import DataType, Indicator
from esgdesk.core.values import Qualifier, Status, Value


def format_number(x: float, decimals: int | None = None, *, thousands: bool = True) -> str:
    if decimals is None:
        s = f"{x:,.10f}".rstrip("0").rstrip(".") if thousands else f"{x:.10f}".rstrip("0").rstrip(".")
        return s if s not in ("-0", "") else "0"
    d = max(decimals, 0)
    return f"{x:,.{d}f}" if thousands else f"{x:.{d}f}"


def display(value: Value | None, ind: Indicator, *, lang: str = "en") -> str:
    """The figure as a reader sees it, in the indicator's unit: "1,500+", "22.17%", "7.4-7.5", "\\"."""
    if value is None:
        return ""
    if value.status == Status.NOT_APPLICABLE:
        return "\\"
    if value.status == Status.NOT_REPORTED:
        return "未披露" if lang.startswith("zh") else "not reported"
    if value.status == Status.BELOW_DETECTION:
        lim = format_number(value.detection_limit, None) if value.detection_limit is not None else "?"
        return f"ND (<{lim})"
    if value.text is not None and value.number is None and value.low is None:
        return value.text
    dec = _display_decimals(value, ind)
    if value.low is not None and value.high is not None and value.number is None:
        body = f"{format_number(value.low, dec)}-{format_number(value.high, dec)}"
    elif value.number is not None:
        body = format_number(value.number, dec)
    else:
        return value.entered
    if ind.type == DataType.PERCENT:
        body += "%"
    if value.qualifier == Qualifier.MORE_THAN:
        return body + "+"
    prefix = {
        Qualifier.AT_LEAST: "≥",
        Qualifier.LESS_THAN: "<",
        Qualifier.AT_MOST: "≤",
        Qualifier.APPROXIMATELY: "≈",
    }.get(value.qualifier, "")
    return prefix + body


def unit_after(value: Value | None, ind: Indicator) -> str:
    """The unit to print after `display(value, ind)`: '' when the figure is not a number or already shows its
    unit (a share prints "35%", never "35% %")."""
    numeric = value is not None and (
        value.status == Status.BELOW_DETECTION
        or (value.status == Status.REPORTED and (value.number is not None or value.low is not None))
    )
    unit = ind.unit.strip()
    if not numeric or not unit or display(value, ind).rstrip("+").endswith(unit):
        return ""
    return unit


def display_with_unit(value: Value | None, ind: Indicator, *, lang: str = "en") -> str:
    """The figure with its unit where it needs one: "2,641 RMB million", "35%", "ND (<0.5) mg/L", "\\"."""
    unit = unit_after(value, ind)
    shown = display(value, ind, lang=lang)
    return f"{shown} {unit}" if unit else shown


def _display_decimals(value: Value, ind: Indicator) -> int | None:
    if ind.type == DataType.INTEGER:
        return 0
    if value.decimals is not None and value.decimals >= 0:
        return max(value.decimals, ind.decimals) if value.decimals <= 10 else None
    return ind.decimals
