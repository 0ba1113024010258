"""How one figure becomes a spreadsheet cell, shared by the export and the import.

The import must recognise a cell it wrote itself (and then take the exact figure kept in the
hidden columns) and must read a cell a person changed; both need the same rendering rules.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from esgdesk.core.catalogue import DataType, Indicator
from esgdesk.core.display import display
from esgdesk.core.values import Qualifier, Status, Value
from esgdesk.exports.xlsx_profile import Profile

if TYPE_CHECKING:
    from esgdesk.core.store import Report

# Machine-readable parts of the workbook; the import finds them by these names.
FORMAT_ID = "esgdesk-workbook"
FORMAT_VERSION = 1
COL_ENTITY = "esgdesk:entity"
COL_INDICATOR = "esgdesk:indicator"
COL_VALUE = "esgdesk:value:"  # followed by the year
META_KEY = "esgdesk:key"
COMPUTED_MARK = {"computed": True}

MAX_CELL_TEXT = 32767  # Excel's limit; longer text is cut rather than corrupting the file
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

TEXT = "@"
ValueKey = tuple[str, str, int]


def clean_text(s: str) -> str:
    """Text as a cell can hold it: no control characters XML forbids, within Excel's length."""
    if not s.isascii() or not s.isprintable():  # the common case needs no regex
        s = _ILLEGAL.sub("", s)
    return s if len(s) <= MAX_CELL_TEXT else s[: MAX_CELL_TEXT - 1] + "…"


def needs_quote(s: str) -> bool:
    """Text a spreadsheet would run as a formula if it were typed in."""
    return s.startswith(FORMULA_START)


@dataclass(frozen=True, slots=True)
class Rendered:
    value: float | str | None
    number_format: str  # "@" for text
    muted: bool = False  # a figure esgdesk computed, not one somebody entered


def decimals_shown(value: Value, ind: Indicator) -> int:
    if ind.type == DataType.INTEGER:
        return 0
    if value.decimals is not None and 0 <= value.decimals <= 10:
        return max(value.decimals, ind.decimals, 0)
    return max(ind.decimals, 0)


def number_format(profile: Profile, ind: Indicator, decimals: int, qualifier: Qualifier = Qualifier.NONE) -> str:
    f = profile.formats
    pattern = {
        DataType.INTEGER: f.integer,
        DataType.PERCENT: f.percent,
        DataType.MONETARY: f.monetary,
    }.get(ind.type, f.decimal)
    fmt = pattern.replace("{decimals}", "." + "0" * decimals if decimals > 0 else "")
    if qualifier != Qualifier.NONE:
        fmt = getattr(f.qualifier, qualifier.value).replace("{format}", fmt)
    return fmt


def to_cell_number(x: float, ind: Indicator) -> float:
    """A percent indicator holds 22.17 for 22.17 %; the cell holds 0.2217 shown as a percentage."""
    if ind.type == DataType.PERCENT:
        return float(Decimal(repr(x)) / 100)
    return x


def from_cell_number(x: float, ind: Indicator, percent_format: bool) -> Decimal:
    d = Decimal(repr(float(x))) if isinstance(x, float) else Decimal(int(x))
    if ind.type == DataType.PERCENT and percent_format:
        d = d * 100
    return d


def render(value: Value | None, ind: Indicator, profile: Profile, lang: str) -> Rendered:
    """The visible cell of a figure: numbers as numbers with the indicator's format, the rest as
    the report prints it ("\\", "not reported", "7.4-7.5", "ND (<0.01)")."""
    if value is None:
        return Rendered(None, TEXT)
    t = profile.text
    if value.status == Status.NOT_APPLICABLE:
        return Rendered(t.not_applicable.get(lang), TEXT)
    if value.status == Status.NOT_REPORTED:
        return Rendered(t.not_reported.get(lang), TEXT)
    if value.number is not None:
        d = decimals_shown(value, ind)
        return Rendered(to_cell_number(value.number, ind), number_format(profile, ind, d, value.qualifier))
    if ind.type == DataType.BOOLEAN and value.text in ("yes", "no"):
        return Rendered((t.yes if value.text == "yes" else t.no).get(lang), TEXT)
    return Rendered(display(value, ind, lang=lang), TEXT)


def render_computed(number: float, ind: Indicator, profile: Profile) -> Rendered:
    return Rendered(to_cell_number(number, ind), number_format(profile, ind, max(ind.decimals, 0)), muted=True)


def change_cell(
    current: Value | float | None, prior: Value | float | None, ind: Indicator, profile: Profile
) -> Rendered:
    """Change against the prior year: relative, or in points for a percentage."""
    a = _plain_number(current)
    b = _plain_number(prior)
    if a is None or b is None:
        return Rendered(None, TEXT)
    if ind.type == DataType.PERCENT:
        return Rendered(float(Decimal(repr(a)) - Decimal(repr(b))), profile.formats.change_points)
    if b == 0:
        return Rendered(None, TEXT)
    r = (a - b) / abs(b)
    return Rendered(r if math.isfinite(r) else None, profile.formats.change)


def _plain_number(v: Value | float | None) -> float | None:
    if v is None:
        return None
    if isinstance(v, Value):
        # a qualified figure ("1,500+") is not a measurement to compute a change from
        if v.status != Status.REPORTED or v.number is None or v.qualifier != Qualifier.NONE:
            return None
        return v.number
    return float(v)


_VALUE_FIELDS = tuple(f.name for f in fields(Value))


def value_dict(v: Value) -> dict[str, Any]:
    """`Value.to_dict()` without the deep copy of `dataclasses.asdict`: a group report has 20,000 figures."""
    out: dict[str, Any] = {}
    for name in _VALUE_FIELDS:
        x = getattr(v, name)
        if x is None or x == "":
            continue
        out[name] = x
    return out


# One encoder for every figure: `json.dumps` with options builds a new encoder on each call.
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def exact_json(value: Value) -> str:
    return _ENCODE(value_dict(value))


def values_digest(report: Report, encoded: Mapping[ValueKey, str] | None = None) -> str:
    """SHA-256 over every value of the report in a canonical order: equal digests, equal figures.

    Each line is the JSON of `[entity, indicator, year, value]`; `encoded` holds `exact_json`
    texts already made for some of the values (the export has them from its figure columns),
    which are the same bytes as the value's part of the line.
    """
    values = report.value_map()
    encoded = encoded or {}
    names: dict[str, str] = {}

    def name(x: str) -> str:
        found = names.get(x)
        if found is None:
            found = names[x] = _ENCODE(x)
        return found

    lines = []
    for key in sorted(values):
        entity, indicator, year = key
        text = encoded.get(key)
        if text is None:
            text = exact_json(values[key])
        lines.append(f"[{name(entity)},{name(indicator)},{int(year)},{text}]\n")
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def qualifier_marks(fmt: str) -> tuple[str, str]:
    """The quoted literals before and after the number in a format such as '"≈"#,##0' or '0"+"'."""
    first = fmt.split(";")[0]
    m = re.fullmatch(r'\s*(?:"([^"]*)")?([^"]*?)(?:"([^"]*)")?\s*', first)
    if not m:
        return "", ""
    return (m.group(1) or "").strip(), (m.group(3) or "").strip()


def jsonable(x: Any) -> str:
    if x is None:
        return ""
    if isinstance(x, str):
        return x
    return _ENCODE(x)
