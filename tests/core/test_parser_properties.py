"""Properties of the parser over any input: it refuses or it is right, and it never crashes."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import ParseError
from esgdesk.core.parser import parse_value
from esgdesk.core.units import UnitTable

INDICATORS = ["electricity", "staff", "female_share", "ph", "policy", "note", "revenue"]
_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Characters people and pasted documents bring: digits of several scripts, separators, signs,
# units, qualifiers, superscripts, full-width forms.
_ALPHABET = st.sampled_from(
    list(
        "0123456789.,'+-*^eExX%/\\<>≥≤~()（）：: \u00a0\u202f\u2009−–—²³¹⁻⁵₂１２．，"
        "kKmMwWhHgtTnNdDaArRbBlLoOiIsS亿万千元吨度约余多以上超过"
    )
    + ["MWh", "kWh", "10", "ND", "n/a"]
)


@pytest.fixture(scope="module")
def units(mini_catalogue: Catalogue) -> UnitTable:
    return UnitTable(mini_catalogue.units)


@_SETTINGS
@given(
    text=st.one_of(st.text(max_size=40), st.lists(_ALPHABET, max_size=12).map("".join)),
    ind=st.sampled_from(INDICATORS),
    decimal_comma=st.booleans(),
)
def test_never_raises_anything_but_parse_error(
    mini_catalogue: Catalogue, units: UnitTable, text: str, ind: str, decimal_comma: bool
) -> None:
    try:
        v = parse_value(text, mini_catalogue.indicators[ind], units, decimal_comma=decimal_comma)
    except ParseError as exc:
        assert str(exc)  # a refusal always says why
        return
    if v is not None:
        for x in (v.number, v.low, v.high, v.detection_limit):
            assert x is None or math.isfinite(x)


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    return sep.join([digits[:head], *[digits[i : i + 3] for i in range(head, len(digits), 3)]])


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, Decimal, bool]:
    """A number and a way a person might write it, in either locale."""
    whole = draw(st.integers(min_value=0, max_value=10**12))
    frac_digits = draw(st.integers(min_value=0, max_value=4))
    frac = draw(st.integers(min_value=0, max_value=10**frac_digits - 1)) if frac_digits else 0
    decimal_comma = draw(st.booleans())
    thousands = draw(st.sampled_from(["", ",", ".", " ", "'", "\u202f"]))
    dec = "," if decimal_comma else "."
    if thousands == dec:
        thousands = ""
    body = _group(str(whole), thousands) if thousands else str(whole)
    frac_text = str(frac).rjust(frac_digits, "0") if frac_digits else ""
    text = f"{body}{dec}{frac_text}" if frac_digits else body
    value = Decimal(f"{whole}.{frac_text or '0'}")
    return text, value, decimal_comma


@_SETTINGS
@given(case=written_numbers(), reader_comma=st.booleans())
def test_never_changes_a_magnitude_silently(
    mini_catalogue: Catalogue, units: UnitTable, case: tuple[str, Decimal, bool], reader_comma: bool
) -> None:
    """Read in the writer's locale, the number comes back. Read in the other locale, it comes back, or is
    refused, or the text has one plain meaning in that locale ("1.000" is one thousand where a comma marks
    decimals, and one where a point does) and is read as exactly that: nothing else moves a magnitude."""
    text, value, writer_comma = case
    ind = mini_catalogue.indicators["electricity"]
    if reader_comma == writer_comma:
        v = parse_value(text, ind, units, decimal_comma=reader_comma)
        assert v is not None and v.number == pytest.approx(float(value), rel=1e-12, abs=1e-12)
        return
    try:
        v = parse_value(text, ind, units, decimal_comma=reader_comma)
    except ParseError:
        return
    assert v is not None
    if v.number == pytest.approx(float(value), rel=1e-12, abs=1e-12):
        return
    reader_thousands, reader_decimal = (".", ",") if reader_comma else (",", ".")
    grouping = rf"[1-9]\d{{0,2}}(?:{re.escape(reader_thousands)}\d{{3}})+"
    plain_decimal = rf"\d+{re.escape(reader_decimal)}\d+"
    assert re.fullmatch(grouping, text) or re.fullmatch(plain_decimal, text), (
        f"{text!r} read as {v.number}, written as {value}"
    )
    literal = Decimal(text.replace(reader_thousands, "").replace(reader_decimal, "."))
    assert v.number == pytest.approx(float(literal), rel=1e-12, abs=1e-12)


@_SETTINGS
@given(
    x=st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).filter(lambda x: x == 0 or abs(x) > 1e-200),
    sep=st.sampled_from(["", ","]),
    exp=st.booleans(),
)
def test_formatted_floats_round_trip(
    mini_catalogue: Catalogue, units: UnitTable, x: float, sep: str, exp: bool
) -> None:
    text = f"{x:.6e}" if exp else (f"{x:,.4f}" if sep else f"{x:.4f}")
    v = parse_value(text, mini_catalogue.indicators["note"], units)  # text figures keep text as typed
    assert v is not None and v.text == text
    v = parse_value(text, mini_catalogue.indicators["revenue"], units)
    assert v is not None and v.number == pytest.approx(float(text.replace(",", "")), rel=1e-12, abs=1e-12)
