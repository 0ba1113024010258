"""Computed indicators against figures typed for them, and intensities against their inputs.

A computed indicator is what the engine calculates; a typed value for one comes from an
import or a published prior year. It is a finding when the two differ by more than rounding
can explain: half a unit of the typed figure's last digit, plus what the rounding of each
input can move the result by (its relative half-unit, to first order).
"""

from __future__ import annotations

import ast
import math

from esgdesk.core.catalogue import Catalogue, Indicator, Severity
from esgdesk.core.expressions import parse_expression
from esgdesk.core.findings import Finding
from esgdesk.core.rule_text import decimals_for
from esgdesk.core.rules.context import RuleContext
from esgdesk.core.rules.marks import ValueKey, rule
from esgdesk.core.values import Status

NOISE = 0.01  # relative changes smaller than this carry no direction


def tolerance(ctx: RuleContext, ind: Indicator, entity: str, year: int, result: float) -> float:
    own = ctx.half_unit(entity, ind.id, year)
    if own == 0.0:
        v = ctx.value(entity, ind.id, year)
        d = v.decimals if v is not None and v.decimals is not None else ind.decimals
        own = 0.5 * 10.0 ** (-d)
    rel = 0.0
    for name in ind.formula_inputs:
        x = ctx.number(entity, name, year)
        if x:
            rel += ctx.half_unit(entity, name, year) / abs(x)
    return own + abs(result) * rel + 1e-9 * max(1.0, abs(result))


def _inputs_text(ctx: RuleContext, ind: Indicator, entity: str, year: int, lang: str) -> str:
    parts = []
    for name in sorted(ind.formula_inputs, key=lambda n: ind.formula.index(n) if ind.formula else 0):
        x = ctx.number(entity, name, year)
        if x is not None:
            parts.append(f"{ctx.label(name, lang)} {ctx.shown(entity, name, year, x, lang)}")
    return ("，" if lang == "zh" else ", ").join(parts)


def _computed(cat: Catalogue, ind: Indicator) -> bool:
    return ind.computed


@rule("computed", _computed)
def rule_computed_mismatch(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    entity, indicator, year = subject
    v = ctx.value(entity, indicator, year)
    c = ctx.computed.get(subject)
    if v is None or c is None or v.status != Status.REPORTED:
        return []
    typed = v.numeric()
    if typed is None:
        return []
    ind = ctx.catalogue.indicators[indicator]
    tol = tolerance(ctx, ind, entity, year, c)
    if abs(typed - c) <= tol:
        return []
    from esgdesk.core.ghg import provenance

    shown = v.decimals if v.decimals is not None else ind.decimals
    calc_dec = decimals_for(c, max(shown, ind.decimals))
    typed_en = ctx.q(indicator, typed, decimals=shown)
    typed_zh = ctx.q(indicator, typed, "zh", decimals=shown)
    calc_en = ctx.q(indicator, c, decimals=calc_dec)
    calc_zh = ctx.q(indicator, c, "zh", decimals=calc_dec)
    ratio = typed / c if c else math.inf
    hint_en = hint_zh = ""
    if c and abs(round(math.log10(abs(ratio))) - math.log10(abs(ratio))) < 0.02 and abs(ratio) >= 5:
        hint_en = f" The figure given is about {ratio:.0f} times the calculation: a slipped decimal point or unit?"
        hint_zh = f"填报值约为计算值的{ratio:.0f}倍：是否小数点或单位有误？"
    data = {"typed": typed, "computed": c, "formula": ind.formula, "tolerance": tol, **provenance(ctx, ind)}
    return [
        ctx.finding(
            subject,
            Severity.ERROR,
            "computed",
            f"{ind.label.en} {year}: the figure given is {typed_en}, but the calculation gives {calc_en} "
            f"(from {_inputs_text(ctx, ind, entity, year, 'en')}).{hint_en} Use the calculated figure, or correct the "
            "inputs; if the given figure was published, state the restatement in an explanation.",
            f"{ind.label.get('zh')}{year}年：填报值为{typed_zh}，但按公式计算为{calc_zh}"
            f"（依据{_inputs_text(ctx, ind, entity, year, 'zh')}）。{hint_zh}请采用计算值或更正输入数据；"
            "如填报值已公开发布，请在说明中注明更正。",
            **data,
        )
    ]


def _is_ratio(cat: Catalogue, ind: Indicator) -> bool:
    if not ind.formula:
        return False
    tree = parse_expression(ind.formula).tree
    return any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div) for n in ast.walk(tree))


@rule("intensity.direction", _is_ratio)
def rule_intensity_direction(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    """A typed intensity that moved one way while its numerator and denominator imply the other."""
    entity, indicator, year = subject
    t_now = ctx.typed_number(entity, indicator, year)
    t_before = ctx.typed_number(entity, indicator, year - 1)
    c_now = ctx.computed.get(subject)
    c_before = ctx.computed.get((entity, indicator, year - 1))
    if None in (t_now, t_before, c_now, c_before):
        return []
    assert t_now is not None and t_before is not None and c_now is not None and c_before is not None
    if not (t_before and c_before):
        return []
    typed_move = (t_now - t_before) / abs(t_before)
    implied = (c_now - c_before) / abs(c_before)
    # Rounding of the typed figures can fake a small move; only a move beyond it counts.
    slack = (ctx.half_unit(entity, indicator, year) + ctx.half_unit(entity, indicator, year - 1)) / abs(t_before)
    if abs(typed_move) <= max(NOISE, slack) or abs(implied) <= NOISE or (typed_move > 0) == (implied > 0):
        return []
    ind = ctx.catalogue.indicators[indicator]
    up_en, down_en = "rose", "fell"
    up_zh, down_zh = "上升", "下降"
    tm_en = up_en if typed_move > 0 else down_en
    im_en = up_en if implied > 0 else down_en
    tm_zh = up_zh if typed_move > 0 else down_zh
    im_zh = up_zh if implied > 0 else down_zh
    return [
        ctx.finding(
            subject,
            Severity.WARNING,
            "intensity.direction",
            f"{ind.label.en} as given {tm_en} from {ctx.shown(entity, indicator, year - 1, t_before)} in {year - 1} to "
            f"{ctx.shown(entity, indicator, year, t_now)} in {year} ({typed_move * 100:+.0f}%), but its numerator and denominator imply "
            f"it {im_en} ({implied * 100:+.0f}%: from {ctx.q(indicator, c_before)} to {ctx.q(indicator, c_now)}). "
            "One of the printed figures is wrong: check both years against their inputs.",
            f"{ind.label.get('zh')}填报值由{year - 1}年的{ctx.shown(entity, indicator, year - 1, t_before, 'zh')}{tm_zh}至{year}年的"
            f"{ctx.shown(entity, indicator, year, t_now, 'zh')}（{typed_move * 100:+.0f}%），但按其分子和分母应为{im_zh}"
            f"（{implied * 100:+.0f}%：由{ctx.q(indicator, c_before, 'zh')}至{ctx.q(indicator, c_now, 'zh')}）。"
            "其中必有一年的数据有误，请对照输入数据核对两年的数值。",
            typed=[t_before, t_now],
            computed=[c_before, c_now],
            typed_change=typed_move,
            implied_change=implied,
        )
    ]
