"""What people type, as the parser reads it: every form the report uses, and what it refuses."""

from __future__ import annotations

import pytest

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.display import display
from esgdesk.core.errors import ParseError
from esgdesk.core.parser import parse_value
from esgdesk.core.units import UnitTable
from esgdesk.core.values import Qualifier, Status, Value


@pytest.fixture(scope="module")
def units(mini_catalogue: Catalogue) -> UnitTable:
    return UnitTable(mini_catalogue.units)


def parse(cat: Catalogue, units: UnitTable, ind: str, text: str, *, decimal_comma: bool = False) -> Value:
    v = parse_value(text, cat.indicators[ind], units, decimal_comma=decimal_comma)
    assert v is not None
    return v


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234", 1234),
        ("19,018", 19018),
        ("1,234,567.5", 1234567.5),
        ("1 234 567", 1234567),
        ("1'234", 1234),
        ("2641", 2641),
        ("0.003", 0.003),
        ("１２３", 123),
    ],
)
def test_thousands_separators(mini_catalogue: Catalogue, units: UnitTable, text: str, expected: float) -> None:
    assert parse(mini_catalogue, units, "electricity", text).number == expected


def test_decimal_comma_where_the_locale_has_one(mini_catalogue: Catalogue, units: UnitTable) -> None:
    assert parse(mini_catalogue, units, "electricity", "1.234,5", decimal_comma=True).number == 1234.5
    assert parse(mini_catalogue, units, "electricity", "0,25", decimal_comma=True).number == 0.25
    # the same text in a decimal-point locale is two readings apart: refused, not guessed
    with pytest.raises(ParseError, match="ambiguous"):
        parse(mini_catalogue, units, "electricity", "1,5")


def test_percent(mini_catalogue: Catalogue, units: UnitTable) -> None:
    v = parse(mini_catalogue, units, "female_share", "22.17%")
    assert v.number == 22.17 and v.decimals == 2
    assert display(v, mini_catalogue.indicators["female_share"]) == "22.17%"
    with pytest.raises(ParseError, match="percentage"):
        parse(mini_catalogue, units, "electricity", "22%")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.7*10-5", 1.7e-5), ("1.8*10-5", 1.8e-5), ("1.7×10^-5", 1.7e-5), ("1.7e-5", 1.7e-5), ("2.5x10^3", 2500)],
)
def test_scientific_notation_as_printed(
    mini_catalogue: Catalogue, units: UnitTable, text: str, expected: float
) -> None:
    assert parse(mini_catalogue, units, "electricity", text).number == pytest.approx(expected, rel=1e-12)


def test_lower_bound(mini_catalogue: Catalogue, units: UnitTable) -> None:
    v = parse(mini_catalogue, units, "staff", "1,500+")
    assert (v.number, v.qualifier) == (1500, Qualifier.MORE_THAN)
    assert display(v, mini_catalogue.indicators["staff"]) == "1,500+"
    assert parse(mini_catalogue, units, "staff", "more than 1,100").qualifier == Qualifier.MORE_THAN


def test_range(mini_catalogue: Catalogue, units: UnitTable) -> None:
    v = parse(mini_catalogue, units, "ph", "7.4-7.5")
    assert (v.low, v.high) == (7.4, 7.5)
    assert display(v, mini_catalogue.indicators["ph"]) == "7.4-7.5"
    with pytest.raises(ParseError, match="backwards"):
        parse(mini_catalogue, units, "ph", "7.5-7.4")
    with pytest.raises(ParseError, match="range"):
        parse(mini_catalogue, units, "electricity", "7.4-7.5")


@pytest.mark.parametrize("text", ["\\", "n/a", "N/A", "不适用", "\\: no such waste this year"])
def test_not_applicable(mini_catalogue: Catalogue, units: UnitTable, text: str) -> None:
    v = parse(mini_catalogue, units, "electricity", text)
    assert v.status == Status.NOT_APPLICABLE
    if ":" in text:
        assert v.reason == "no such waste this year"


def test_below_detection_keeps_the_limit(mini_catalogue: Catalogue, units: UnitTable) -> None:
    v = parse(mini_catalogue, units, "electricity", "ND<0.01")
    assert v.status == Status.BELOW_DETECTION and v.detection_limit == 0.01
    assert parse(mini_catalogue, units, "electricity", "ND (0.5 MWh)").detection_limit == 500
    with pytest.raises(ParseError, match="detection limit"):
        parse(mini_catalogue, units, "electricity", "ND")


def test_units_of_the_same_dimension_are_converted_and_kept(mini_catalogue: Catalogue, units: UnitTable) -> None:
    v = parse(mini_catalogue, units, "electricity", "3.2 MWh")
    assert v.number == 3200 and v.entered_unit == "MWh" and v.entered == "3.2 MWh"


def test_kg_into_tonnes(mini_catalogue: Catalogue, units: UnitTable) -> None:
    # the mini catalogue has no tonnes figure; the unit table converts as the parser does
    from decimal import Decimal

    assert units.convert(Decimal("187"), units.get("kg"), units.get("t")) == Decimal("0.187")


def test_kg_into_a_tonnes_field(catalogue: Catalogue) -> None:
    table = UnitTable(catalogue.units)
    v = parse_value("187 kg", catalogue.indicators["waste_hazardous_total"], table)
    assert v is not None and v.number == pytest.approx(0.187) and v.entered_unit == "kg"


def test_a_unit_of_another_dimension_is_refused(mini_catalogue: Catalogue, units: UnitTable) -> None:
    with pytest.raises(ParseError, match="mass"):
        parse(mini_catalogue, units, "electricity", "3.2 kg")


@pytest.mark.parametrize("text", ["10²", "²", "3³ MWh"])
def test_superscript_digits_never_join_a_number(mini_catalogue: Catalogue, units: UnitTable, text: str) -> None:
    with pytest.raises(ParseError):
        parse(mini_catalogue, units, "electricity", text)


@pytest.mark.parametrize("text", ["abc", "12 apples", "1,2,3", "1,23", "--5", "1.2.3", "5 5", "1_000", "0x10"])
def test_nonsense_is_refused_not_coerced(mini_catalogue: Catalogue, units: UnitTable, text: str) -> None:
    with pytest.raises(ParseError):
        parse(mini_catalogue, units, "electricity", text)


def test_counts_are_whole_numbers(mini_catalogue: Catalogue, units: UnitTable) -> None:
    with pytest.raises(ParseError, match="whole"):
        parse(mini_catalogue, units, "staff", "12.5")


def test_cleared_cell(mini_catalogue: Catalogue, units: UnitTable) -> None:
    assert parse_value("   ", mini_catalogue.indicators["electricity"], units) is None
