"""Formulas and checks written in the catalogue, e.g. ``water_total / (direct_economic_value / 100)``.

Python's own parser reads them; only arithmetic, comparisons, a few functions and indicator
names are allowed, so a catalogue file can never run code. Written here rather than taken
from a library because the engine needs each formula's input names (for re-checking only
what an edit touches) and a missing input must make the result missing, not zero.

Functions: ``prev(x)`` last year's value of x, ``factor("id")`` an emission factor from the
report's factor set, ``min``, ``max``, ``abs``, ``sum``.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_BINOPS: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_CMPOPS: dict[type[ast.cmpop], Callable[[float, float], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_FUNCS = {"prev", "factor", "min", "max", "abs", "sum"}


class ExpressionError(ValueError):
    pass


class Missing(Exception):
    """An input the expression needs has no value."""


@dataclass(frozen=True)
class Expression:
    """A parsed formula: its syntax tree and the indicators and factors it reads."""

    source: str
    tree: ast.expr
    names: frozenset[str]  # indicator ids read for the current year
    prev_names: frozenset[str]  # indicator ids read for last year
    factors: frozenset[str]

    def evaluate(
        self,
        current: Callable[[str], float | None],
        previous: Callable[[str], float | None] | None = None,
        factors: Mapping[str, float] | None = None,
    ) -> Any:
        """The value, or None when an input is missing or a division by zero occurs."""
        try:
            return _eval(self.tree, current, previous, factors or {})
        except (Missing, ZeroDivisionError):
            return None


@lru_cache(maxsize=4096)
def parse_expression(source: str) -> Expression:
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ExpressionError(f"'{source}' is not a valid expression ({exc.msg})") from None
    names: set[str] = set()
    prev_names: set[str] = set()
    factors: set[str] = set()
    _check(tree, names, prev_names, factors, source)
    return Expression(source, tree, frozenset(names), frozenset(prev_names), frozenset(factors))


def _check(node: ast.AST, names: set[str], prev: set[str], factors: set[str], src: str) -> None:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ExpressionError(f"only numbers are allowed as constants in '{src}'")
    elif isinstance(node, ast.Name):
        names.add(node.id)
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in _BINOPS:
            raise ExpressionError(f"operator not allowed in '{src}'")
        _check(node.left, names, prev, factors, src)
        _check(node.right, names, prev, factors, src)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd | ast.Not):
            raise ExpressionError(f"operator not allowed in '{src}'")
        _check(node.operand, names, prev, factors, src)
    elif isinstance(node, ast.Compare):
        if any(type(op) not in _CMPOPS for op in node.ops):
            raise ExpressionError(f"comparison not allowed in '{src}'")
        for sub in [node.left, *node.comparators]:
            _check(sub, names, prev, factors, src)
    elif isinstance(node, ast.BoolOp):
        for sub in node.values:
            _check(sub, names, prev, factors, src)
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCS or node.keywords:
            raise ExpressionError(f"unknown function in '{src}' (allowed: {', '.join(sorted(_FUNCS))})")
        fn = node.func.id
        if fn == "prev":
            if len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
                raise ExpressionError(f"prev() takes one indicator id in '{src}'")
            prev.add(node.args[0].id)
        elif fn == "factor":
            arg = node.args[0] if len(node.args) == 1 else None
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                raise ExpressionError(f"factor() takes one quoted factor id in '{src}'")
            factors.add(arg.value)
        else:
            if not node.args:
                raise ExpressionError(f"{fn}() needs arguments in '{src}'")
            for sub in node.args:
                _check(sub, names, prev, factors, src)
    else:
        raise ExpressionError(f"'{ast.unparse(node)}' is not allowed in '{src}'")


def _eval(
    node: ast.expr,
    cur: Callable[[str], float | None],
    prev: Callable[[str], float | None] | None,
    factors: Mapping[str, float],
) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        v = cur(node.id)
        if v is None:
            raise Missing(node.id)
        return v
    if isinstance(node, ast.BinOp):
        return _BINOPS[type(node.op)](_eval(node.left, cur, prev, factors), _eval(node.right, cur, prev, factors))
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, cur, prev, factors)
        if isinstance(node.op, ast.USub):
            return -v
        if isinstance(node.op, ast.Not):
            return not v
        return v
    if isinstance(node, ast.Compare):
        left = _eval(node.left, cur, prev, factors)
        for op, comp in zip(node.ops, node.comparators, strict=True):
            right = _eval(comp, cur, prev, factors)
            if not _CMPOPS[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        vals = [_eval(v, cur, prev, factors) for v in node.values]
        return all(vals) if isinstance(node.op, ast.And) else any(vals)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        fn = node.func.id
        if fn == "prev":
            assert isinstance(node.args[0], ast.Name)
            v = prev(node.args[0].id) if prev else None
            if v is None:
                raise Missing(f"prev({node.args[0].id})")
            return v
        if fn == "factor":
            assert isinstance(node.args[0], ast.Constant)
            key = str(node.args[0].value)
            if key not in factors:
                raise Missing(f"factor({key})")
            return factors[key]
        args = [_eval(a, cur, prev, factors) for a in node.args]
        if fn == "min":
            return min(args)
        if fn == "max":
            return max(args)
        if fn == "abs":
            return abs(args[0])
        return sum(args)
    raise ExpressionError("unsupported expression")  # unreachable: _check refused it
