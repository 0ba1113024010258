"""Year over year: a change beyond the indicator's threshold needs a written explanation.

Quantities compare relative change (0.3 = 30 %), percentages compare percentage points; a
change smaller than the indicator's `floor` (in its own unit) never counts, which keeps
0.003 t of waste becoming 0.006 t from reading as +100 %. Computed figures are compared at
the precision they are published with, and only when none of their inputs already carries
the change: an intensity that moved because waste doubled needs no second explanation.
"""

from __future__ import annotations

from dataclasses import dataclass

from esgdesk.core.catalogue import Catalogue, DataType, Indicator, Severity
from esgdesk.core.findings import Finding
from esgdesk.core.rule_text import change
from esgdesk.core.rules.context import RuleContext
from esgdesk.core.rules.marks import ValueKey, affects, rule

EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Move:
    before: float
    now: float
    amount: float  # relative change, or percentage points for percentages
    threshold: float


def _figure(ctx: RuleContext, ind: Indicator, entity: str, year: int) -> float | None:
    x = ctx.number(entity, ind.id, year)
    if x is not None and ctx.value(entity, ind.id, year) is None and (entity, ind.id, year) in ctx.computed:
        x = round(x, ind.decimals)  # a formula's result, compared at the precision it is published with
    return x


def movement(ctx: RuleContext, ind: Indicator, entity: str, year: int) -> Move | None:
    """The change against last year when it is beyond the indicator's threshold, else None."""
    rule = ind.yoy
    if rule is None:
        return None
    now = _figure(ctx, ind, entity, year)
    before = _figure(ctx, ind, entity, year - 1)
    if now is None or before is None:
        return None
    diff = now - before
    if abs(diff) < rule.floor - EPS or abs(diff) <= EPS:
        return None
    if ind.type == DataType.PERCENT:
        amount = diff
    elif before == 0:
        amount = float("inf") if diff > 0 else float("-inf")
    else:
        amount = diff / abs(before)
    if abs(amount) <= rule.threshold + EPS:
        return None
    return Move(before, now, amount, rule.threshold)


def _has_yoy(cat: Catalogue, ind: Indicator) -> bool:
    return ind.yoy is not None and ind.type.numeric and ind.type != DataType.RANGE


@rule("yoy", _has_yoy)
def rule_yoy(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    entity, indicator, year = subject
    ind = ctx.catalogue.indicators[indicator]
    m = movement(ctx, ind, entity, year)
    if m is None:
        return []
    cat = ctx.catalogue
    if ind.computed and any(movement(ctx, cat.indicators[n], entity, year) for n in ind.formula_inputs):
        return []
    ch_en, ch_zh = change(ind, m.before, m.now)
    if ind.type == DataType.PERCENT:
        limit_en, limit_zh = f"{m.threshold:g} percentage points", f"{m.threshold:g}个百分点"
    else:
        limit_en = limit_zh = f"{m.threshold * 100:g}%"
    verb_en, verb_zh = ("rose", "上升") if m.now > m.before else ("fell", "下降")
    severity = Severity.WARNING if year >= ctx.report.year else Severity.INFO
    return [
        ctx.finding(
            subject,
            severity,
            "yoy",
            f"{ind.label.en} {verb_en} from {ctx.shown(entity, indicator, year - 1, m.before)} in {year - 1} to "
            f"{ctx.shown(entity, indicator, year, m.now)} in "
            f"{year} ({ch_en}); a change of more than {limit_en} needs an explanation. Check the figure, then write what "
            "caused the change (new sites, a new method, a one-off event) before submitting the section.",
            f"{ind.label.get('zh')}由{year - 1}年的{ctx.shown(entity, indicator, year - 1, m.before, 'zh')}{verb_zh}至{year}年的"
            f"{ctx.shown(entity, indicator, year, m.now, 'zh')}（{ch_zh}），变动超过{limit_zh}需要说明。请先核对数据，"
            "再在提交本部分前说明变动原因（如新增场所、统计方法变化或一次性事件）。",
            previous=m.before,
            current=m.now,
            change=m.amount,
            threshold=m.threshold,
        )
    ]


@affects
def _next_year(ctx: RuleContext, key: ValueKey) -> set[ValueKey]:
    """This year's figure is next year's comparison (year over year, running totals, intensities)."""
    entity, indicator, year = key
    return {(entity, indicator, year + 1)}
