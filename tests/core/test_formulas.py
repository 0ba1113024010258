"""The one precedence between a typed and a computed figure, and formula results that are numbers or nothing."""

from __future__ import annotations

from esgdesk.core.formulas import evaluate, figure
from esgdesk.core.values import Status, Value


def test_a_typed_figure_stands_and_the_result_fills_in_where_none_is_typed() -> None:
    assert figure(Value(number=22.33, decimals=2), 17.42) == 22.33
    assert figure(None, 17.42) == 17.42
    # typed as not reported: there is no figure, not the formula's
    assert figure(Value(status=Status.NOT_REPORTED, reason="not disclosed"), 17.42) is None
    assert figure(None, None) is None


def test_a_formula_gives_a_finite_number_or_none() -> None:
    inputs = {"a": 6.0, "b": 3.0, "zero": 0.0, "huge": 1e308}
    assert evaluate("a / b", inputs.get) == 2.0
    assert evaluate("a / zero", inputs.get) is None
    assert evaluate("a / missing", inputs.get) is None
    assert evaluate("huge * huge", inputs.get) is None
