"""What people type, read as a figure: "1,500+", "22.17%", "1.7*10-5", "7.4-7.5", "3.2 MWh", "\\", "ND<0.01".

Every input gives a Value, None (the cell was cleared) or a ParseError that says what is
wrong. Nothing is coerced: an ambiguous separator or a stray word is refused, never guessed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from esgdesk.core.catalogue import DataType, Indicator
from esgdesk.core.errors import ParseError
from esgdesk.core.units import UnitTable
from esgdesk.core.values import Qualifier, Status, Value

MAX_INPUT = 500

_NA = {"\\", "/", "n/a", "na", "n.a.", "not applicable", "不适用", "无需披露"}
_NR = {"nr", "not reported", "not disclosed", "未披露", "未统计"}
_ND = re.compile(r"^(?:nd|n\.d\.|not detected|未检出)\s*(?:[(<:（]\s*(?P<lim>.+?)\s*[)）]?)?$", re.I)
_YES = {"yes", "y", "true", "是", "有"}
_NO = {"no", "n", "false", "否", "无"}

_PREFIX_QUALIFIERS: list[tuple[str, Qualifier]] = [
    ("more than", Qualifier.MORE_THAN),
    ("over", Qualifier.MORE_THAN),
    ("above", Qualifier.MORE_THAN),
    ("in excess of", Qualifier.MORE_THAN),
    ("超过", Qualifier.MORE_THAN),
    ("逾", Qualifier.MORE_THAN),
    ("多于", Qualifier.MORE_THAN),
    (">=", Qualifier.AT_LEAST),
    ("≥", Qualifier.AT_LEAST),
    (">", Qualifier.MORE_THAN),
    ("at least", Qualifier.AT_LEAST),
    ("no less than", Qualifier.AT_LEAST),
    ("不少于", Qualifier.AT_LEAST),
    ("至少", Qualifier.AT_LEAST),
    ("less than", Qualifier.LESS_THAN),
    ("under", Qualifier.LESS_THAN),
    ("below", Qualifier.LESS_THAN),
    ("不足", Qualifier.LESS_THAN),
    ("少于", Qualifier.LESS_THAN),
    ("<=", Qualifier.AT_MOST),
    ("≤", Qualifier.AT_MOST),
    ("<", Qualifier.LESS_THAN),
    ("up to", Qualifier.AT_MOST),
    ("at most", Qualifier.AT_MOST),
    ("no more than", Qualifier.AT_MOST),
    ("不超过", Qualifier.AT_MOST),
    ("approximately", Qualifier.APPROXIMATELY),
    ("approx.", Qualifier.APPROXIMATELY),
    ("approx", Qualifier.APPROXIMATELY),
    ("about", Qualifier.APPROXIMATELY),
    ("around", Qualifier.APPROXIMATELY),
    ("nearly", Qualifier.APPROXIMATELY),
    ("almost", Qualifier.APPROXIMATELY),
    ("circa", Qualifier.APPROXIMATELY),
    ("约", Qualifier.APPROXIMATELY),
    ("近", Qualifier.APPROXIMATELY),
    ("接近", Qualifier.APPROXIMATELY),
    ("≈", Qualifier.APPROXIMATELY),
    ("~", Qualifier.APPROXIMATELY),
]
_SUFFIX_QUALIFIERS: list[tuple[str, Qualifier]] = [
    ("+", Qualifier.MORE_THAN),
    ("以上", Qualifier.MORE_THAN),
    ("余", Qualifier.MORE_THAN),
    ("多", Qualifier.MORE_THAN),
    ("or more", Qualifier.AT_LEAST),
]
_SCALES: dict[str, Decimal] = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "千": Decimal(10) ** 3,
    "万": Decimal(10) ** 4,
    "百万": Decimal(10) ** 6,
    "亿": Decimal(10) ** 8,
}
_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_CURRENCY_PREFIX = re.compile(r"^(?:RMB|CNY|¥|￥|人民币)\s*", re.I)

# A number as people write it: separators are sorted out afterwards.
_NUM = r"[+-]?(?:\d[\d,.'\s\u202f]*\d|\d)(?:[eE][+-]?\d+)?"
_SCI = re.compile(rf"^(?P<m>{_NUM})\s*[*x×]\s*10\s*(?:\^|\*\*)?\s*(?P<e>[+-]?\d+)")
_NUM_AT_START = re.compile(rf"^(?P<n>{_NUM})")
_RANGE_SEP = re.compile(r"^\s*(?:-|–|—|~|～|to|至|－)\s*", re.I)


@dataclass(frozen=True, slots=True)
class Number:
    """A decimal number as typed, with the digits it was given to."""

    value: Decimal
    decimals: int  # digits after the decimal point, adjusted for an exponent


# NFKC turns "10²" into "102": a power is only allowed as part of a unit ("m³"), after a letter.
_LOOSE_POWER = re.compile(r"(?<![^\W\d_])[⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉]")


def normalise(text: str) -> str:
    m = _LOOSE_POWER.search(text)
    if m:
        raise ParseError(
            f"'{text.strip()}' has a raised digit '{m.group()}' outside a unit; write powers of ten "
            "as 1.7*10-5 or 1.7e-5"
        )
    s = unicodedata.normalize("NFKC", text)
    s = s.replace("−", "-").replace("\u00a0", " ").replace("\u2009", " ")
    return " ".join(s.split())


def read_number(raw: str, *, decimal_comma: bool = False) -> Number:
    """One number with its separators resolved; raises ParseError when they are ambiguous."""
    s = raw.strip()
    exp = 0
    m = re.search(r"[eE]([+-]?\d+)$", s)
    if m:
        exp = int(m.group(1))
        if abs(exp) > 300:
            raise ParseError(f"'{raw}' is out of any sensible range")
        s = s[: m.start()]
    sign = ""
    if s[:1] in "+-":
        sign, s = s[0], s[1:]
    s = s.replace("'", " ").replace("\u202f", " ")
    if " " in s:
        groups = s.split(" ")
        if not all(g.isdigit() for g in groups[:-1]) or any(len(g) != 3 for g in groups[1:-1]):
            raise ParseError(f"'{raw}' is not a number")
        last = groups[-1]
        if not re.fullmatch(r"\d{3}(?:[.,]\d+)?", last):
            raise ParseError(f"'{raw}' is not a number")
        s = "".join(groups)
    dec_sep, thou_sep = (",", ".") if decimal_comma else (".", ",")
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        pos = max(s.rfind("."), s.rfind(","))
        dec_sep = s[pos]
        thou_sep = "," if dec_sep == "." else "."
    elif has_dot or has_comma:
        sep = "." if has_dot else ","
        parts = s.split(sep)
        if len(parts) > 2 or sep == thou_sep:
            # read as thousands only if the grouping fits; otherwise it is ambiguous
            # "0.001" is never 1 written with a thousands point: a group never starts with a zero
            if all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3 and not parts[0].startswith("0"):
                dec_sep = "\0"
                thou_sep = sep
            else:
                hint = "." if not decimal_comma else ","
                raise ParseError(f"'{raw}' is ambiguous: write decimals with '{hint}' and thousands as 1,234")
        else:
            dec_sep = sep
    int_part, _, frac = s.partition(dec_sep) if dec_sep in s else (s, "", "")
    if thou_sep in int_part:
        groups = int_part.split(thou_sep)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])) or groups[0].startswith("0"):
            raise ParseError(f"'{raw}' has misplaced thousands separators")
        int_part = "".join(groups)
    if not int_part.isdigit() or (frac and not frac.isdigit()):
        raise ParseError(f"'{raw}' is not a number")
    try:
        value = Decimal(f"{sign}{int_part}.{frac or '0'}").scaleb(exp)
    except InvalidOperation:
        raise ParseError(f"'{raw}' is not a number") from None
    return Number(value, len(frac) - exp)


def _strip_qualifier(s: str) -> tuple[str, Qualifier]:
    low = s.lower()
    for word, q in _PREFIX_QUALIFIERS:
        if low.startswith(word):
            rest = s[len(word) :].strip()
            if rest and (not word[-1].isalpha() or not rest[0].isalpha()):
                return rest, q
    for word, q in _SUFFIX_QUALIFIERS:
        if low.endswith(word) and len(s) > len(word):
            return s[: -len(word)].strip(), q
    return s, Qualifier.NONE


def _read_scaled(s: str, decimal_comma: bool) -> tuple[Number, str]:
    """A leading number (plain, scientific or a small number word) and whatever follows it."""
    m = _SCI.match(s)
    if m:
        mant = read_number(m.group("m"), decimal_comma=decimal_comma)
        e = int(m.group("e"))
        if abs(e) > 300:
            raise ParseError(f"'{s}' is out of any sensible range")
        return Number(mant.value.scaleb(e), mant.decimals - e), s[m.end() :].strip()
    low = s.lower()
    for word, n in _WORDS.items():
        if low == word or low.startswith(word + " "):
            return Number(Decimal(n), 0), s[len(word) :].strip()
    m = _NUM_AT_START.match(s)
    if not m:
        raise ParseError(f"'{s}' is not a number")
    raw = m.group("n").rstrip(" ,.'")
    rest = s[len(raw) :].strip()
    return read_number(raw, decimal_comma=decimal_comma), rest


@dataclass(frozen=True, slots=True)
class _Entry:
    """What was typed, taken apart: the number, its unit, scale and whether it was a percentage."""

    number: Decimal
    decimals: int
    unit: str | None  # unit id as resolved, None for the indicator's own
    scale: Decimal
    percent: bool


def _split_unit(rest: str, units: UnitTable) -> tuple[Decimal, str | None, bool]:
    """Scale word and unit after a number: "million kWh", "万元", "%", "MWh"."""
    rest = rest.strip()
    if not rest:
        return Decimal(1), None, False
    if rest == "%":
        return Decimal(1), None, True
    if rest in ("‰",):
        return Decimal("0.1"), None, True
    unit = units.resolve(rest)
    if unit:
        return Decimal(1), unit.id, False
    low = rest.lower()
    for word in sorted(_SCALES, key=len, reverse=True):
        if low.startswith(word):
            after = rest[len(word) :].strip()
            if not after:
                return _SCALES[word], None, False
            unit = units.resolve(after)
            if unit:
                return _SCALES[word], unit.id, False
    raise ParseError(f"unknown unit '{rest}'")


def _read_quantity(s: str, units: UnitTable, decimal_comma: bool) -> _Entry:
    currency = _CURRENCY_PREFIX.match(s)
    if currency:
        s = s[currency.end() :]
    num, rest = _read_scaled(s, decimal_comma)
    scale, unit_id, percent = _split_unit(rest, units)
    if currency and unit_id is None and not percent:
        unit_id = _currency_base(units)
    return _Entry(num.value, num.decimals, unit_id, scale, percent)


def _currency_base(units: UnitTable) -> str | None:
    u = units.resolve("RMB")
    return u.id if u else None


def _read_limit(raw: str, ind: Indicator, units: UnitTable, decimal_comma: bool) -> float:
    entry = _read_quantity(raw, units, decimal_comma)
    value, _ = _to_canonical(entry, ind, units)
    if value < 0:
        raise ParseError("a detection limit cannot be negative")
    return float(value)


def _to_canonical(e: _Entry, ind: Indicator, units: UnitTable) -> tuple[Decimal, int | None]:
    target = units.get(ind.unit) if ind.unit in units else None
    value = e.number * e.scale
    decimals: int | None = e.decimals - _log10_exact(e.scale)
    if e.percent:
        if ind.type != DataType.PERCENT and (target is None or target.dimension != "percent"):
            raise ParseError(f"a percentage cannot go into a figure in {ind.unit}")
        return value, decimals
    if e.unit is not None and target is not None:
        source = units.get(e.unit)
        if ind.type == DataType.PERCENT and source.id != target.id and source.dimension != target.dimension:
            raise ParseError(f"'{source.id}' is not a percentage")
        factor = units.factor(source, target)
        value = value * factor
        decimals = None if decimals is None else decimals - _log10_exact(factor)
    elif e.unit is None and e.scale != 1 and target is not None:
        # "4.06 million" into a kWh field: a scale word alone counts in the dimension's base unit
        base = units.base_of(target.dimension)
        if base is not None:
            factor = units.factor(base, target)
            value = value * factor
            decimals = None if decimals is None else decimals - _log10_exact(factor)
    return value, decimals


def _log10_exact(x: Decimal) -> int:
    """log10 of a factor, rounded: precision moves by whole digits even for 277.78."""
    if x <= 0:
        return 0
    return int(math.floor(math.log10(x) + 1e-9)) if x >= 1 else -int(math.ceil(-math.log10(x) - 1e-9))


def parse_value(text: str, ind: Indicator, units: UnitTable, *, decimal_comma: bool = False) -> Value | None:
    """Read `text` as a figure for `ind`. None means the cell was cleared."""
    if not isinstance(text, str):
        raise ParseError("a value must be text")
    if len(text) > MAX_INPUT:
        raise ParseError(f"the entry is too long ({len(text)} characters)")
    entered = text.strip()
    s = normalise(text)
    if not s:
        return None
    low = s.lower()

    head, sep, reason = s.partition(":")
    if head.strip().lower() in _NA or low in _NA:
        why = reason.strip() if sep else None
        return Value(status=Status.NOT_APPLICABLE, entered=entered, reason=why or None)
    if head.strip().lower() in _NR or low in _NR:
        return Value(status=Status.NOT_REPORTED, entered=entered, reason=(reason.strip() if sep else None) or None)
    nd = _ND.match(s)
    if nd:
        if ind.type in (DataType.TEXT, DataType.BOOLEAN):
            raise ParseError("'ND' (below detection limit) applies to measured quantities only")
        lim = nd.group("lim")
        if not lim:
            raise ParseError("'ND' needs the detection limit, e.g. 'ND<0.01' or 'ND (0.01 mg/L)'")
        return Value(
            status=Status.BELOW_DETECTION, entered=entered, detection_limit=_read_limit(lim, ind, units, decimal_comma)
        )

    if ind.type == DataType.TEXT:
        return Value(text=entered, entered=entered)
    if ind.type == DataType.BOOLEAN:
        if low in _YES:
            return Value(text="yes", entered=entered)
        if low in _NO:
            return Value(text="no", entered=entered)
        raise ParseError(f"'{entered}' is not yes or no")

    body, qualifier = _strip_qualifier(s)
    if not body:
        raise ParseError(f"'{entered}' has no number")

    if ind.type == DataType.RANGE:
        first = _read_quantity_prefix(body, units, decimal_comma)
        if first is not None:
            lo_entry, tail = first
            m = _RANGE_SEP.match(tail)
            if m:
                hi_entry = _read_quantity(tail[m.end() :], units, decimal_comma)
                if lo_entry.unit is None and hi_entry.unit is not None:
                    lo_entry = _Entry(
                        lo_entry.number, lo_entry.decimals, hi_entry.unit, lo_entry.scale, hi_entry.percent
                    )
                lo, dlo = _to_canonical(lo_entry, ind, units)
                hi, dhi = _to_canonical(hi_entry, ind, units)
                if lo > hi:
                    raise ParseError(f"the range {entered} runs backwards: the minimum is larger than the maximum")
                return Value(
                    low=float(lo),
                    high=float(hi),
                    qualifier=qualifier,
                    entered=entered,
                    entered_unit=hi_entry.unit if hi_entry.unit != ind.unit else None,
                    decimals=_min_opt(dlo, dhi),
                )
        entry = _read_quantity(body, units, decimal_comma)
        v, d = _to_canonical(entry, ind, units)
        return Value(low=float(v), high=float(v), qualifier=qualifier, entered=entered, decimals=d)

    try:
        entry = _read_quantity(body, units, decimal_comma)
    except ParseError as exc:
        if _looks_like_range(body, units, decimal_comma):
            raise ParseError(f"'{entered}' is a range; this figure takes one value") from None
        raise exc
    value, decimals = _to_canonical(entry, ind, units)
    if ind.type == DataType.INTEGER and value != value.to_integral_value():
        raise ParseError(f"{ind.unit} are counted in whole numbers; '{entered}' is not one")
    number = float(value)
    if not math.isfinite(number):
        raise ParseError(f"'{entered}' is out of any sensible range")
    if ind.type == DataType.INTEGER:
        decimals = min(decimals, 0) if decimals is not None else 0
    return Value(
        number=number,
        qualifier=qualifier,
        entered=entered,
        entered_unit=entry.unit if entry.unit and entry.unit != ind.unit else None,
        decimals=decimals,
    )


def _read_quantity_prefix(body: str, units: UnitTable, decimal_comma: bool) -> tuple[_Entry, str] | None:
    """The first number of a range ("7.4" of "7.4-7.5") and the text after it."""
    m = re.match(r"^([+-]?\d+(?:[.,]\d+)?)", body)
    if not m:
        return None
    try:
        num = read_number(m.group(1), decimal_comma=decimal_comma)
    except ParseError:
        return None
    rest = body[m.end() :]
    return _Entry(num.value, num.decimals, None, Decimal(1), False), rest


def _looks_like_range(body: str, units: UnitTable, decimal_comma: bool) -> bool:
    first = _read_quantity_prefix(body, units, decimal_comma)
    return bool(first and _RANGE_SEP.match(first[1]) and first[1].strip() not in ("-", ""))


def _min_opt(a: int | None, b: int | None) -> int | None:
    if a is None or b is None:
        return None
    return min(a, b)
