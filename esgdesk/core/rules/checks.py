"""Cross-field checks declared in the catalogue (`[[check]]`), and running totals that fall.

A check belongs to the first indicator its expression names: that is where its finding
shows, and where its owner acts. A check whose inputs are missing says nothing.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from esgdesk.core.catalogue import Catalogue, Check, Indicator, Section, Severity
from esgdesk.core.display import display
from esgdesk.core.expressions import Expression, parse_expression
from esgdesk.core.findings import Finding
from esgdesk.core.rule_text import number
from esgdesk.core.rules.context import RuleContext
from esgdesk.core.rules.marks import ValueKey, affects, rule, subjects

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class BoundCheck:
    section: Section
    check: Check
    expr: Expression
    anchor: str


@dataclass(frozen=True, slots=True)
class CheckIndex:
    by_anchor: dict[str, list[BoundCheck]]
    readers: dict[str, set[str]]  # indicator -> anchors of checks reading it this year
    prev_readers: dict[str, set[str]]  # indicator -> anchors of checks reading it through prev()


def first_name(expr: Expression) -> str:
    """The first indicator the expression names, in reading order."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(expr.tree):
        if isinstance(node, ast.Name) and node.id in expr.names:
            found.append((node.col_offset, node.id))
    return min(found)[1] if found else sorted(expr.prev_names)[0]


def build_index(cat: Catalogue) -> CheckIndex:
    by_anchor: dict[str, list[BoundCheck]] = {}
    readers: dict[str, set[str]] = {}
    prev_readers: dict[str, set[str]] = {}
    for section in cat.sections.values():
        for check in section.checks:
            expr = parse_expression(check.expr)
            if not expr.names and not expr.prev_names:
                continue
            anchor = first_name(expr)
            by_anchor.setdefault(anchor, []).append(BoundCheck(section, check, expr, anchor))
            for n in expr.names:
                readers.setdefault(n, set()).add(anchor)
            for n in expr.prev_names:
                prev_readers.setdefault(n, set()).add(anchor)
    return CheckIndex(by_anchor, readers, prev_readers)


def _index(ctx: RuleContext) -> CheckIndex:
    return ctx.cached("checks.index", build_index)


def _shown(ctx: RuleContext, entity: str, indicator: str, year: int, lang: str) -> str:
    ind = ctx.catalogue.indicators.get(indicator)
    if ind is None:
        return "{" + indicator + "}"
    if ind.computed and (entity, indicator, year) in ctx.computed:
        return ctx.q(indicator, ctx.computed[(entity, indicator, year)], lang)
    v = ctx.value(entity, indicator, year)
    if v is None:
        return "?"
    return display(v, ind, lang=lang)


def fill(ctx: RuleContext, text: str, entity: str, year: int, lang: str) -> str:
    return _PLACEHOLDER.sub(lambda m: _shown(ctx, entity, m.group(1), year, lang), text)


def _anchors(cat: Catalogue, ind: Indicator) -> bool:
    return ind.id in build_index_cached(cat).by_anchor


def build_index_cached(cat: Catalogue) -> CheckIndex:
    return cat.derived(build_index)


@rule("check", _anchors)
def rule_checks(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    entity, anchor, year = subject
    out: list[Finding] = []
    for bc in _index(ctx).by_anchor.get(anchor, ()):
        result = bc.expr.evaluate(
            lambda n: ctx.number(entity, n, year),
            lambda n: ctx.number(entity, n, year - 1),
            ctx.factors,
        )
        if result is None or bool(result):
            continue
        msg = bc.check.message
        en = fill(ctx, msg.en, entity, year, "en")
        zh = fill(ctx, msg.zh or msg.en, entity, year, "zh")
        inputs = {n: ctx.number(entity, n, year) for n in sorted(bc.expr.names)}
        out.append(
            ctx.finding(
                subject,
                bc.check.severity,
                f"check.{bc.check.id}",
                f"{year}: {en}",
                f"{year}年：{zh}",
                check=bc.check.id,
                expr=bc.check.expr,
                section=bc.section.id,
                inputs=inputs,
            )
        )
    return out


@affects
def _check_affected(ctx: RuleContext, key: ValueKey) -> set[ValueKey]:
    entity, indicator, year = key
    idx = _index(ctx)
    out = {(entity, a, year) for a in idx.readers.get(indicator, ())}
    out |= {(entity, a, year + 1) for a in idx.prev_readers.get(indicator, ())}
    return out


@subjects
def _check_subjects(ctx: RuleContext) -> set[ValueKey]:
    """Checks anchored on an empty figure whose other inputs are given (a check on a computed one)."""
    idx = _index(ctx)
    out: set[ValueKey] = set()
    for entity, indicator, year in list(ctx.values) + list(ctx.computed):
        for a in idx.readers.get(indicator, ()):
            out.add((entity, a, year))
    return out


# -- running totals --------------------------------------------------------------------------


def _cumulative(cat: Catalogue, ind: Indicator) -> bool:
    return ind.cumulative


@rule("cumulative", _cumulative)
def rule_cumulative(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    entity, indicator, year = subject
    now = ctx.number(entity, indicator, year)
    before = ctx.number(entity, indicator, year - 1)
    if now is None or before is None or now >= before:
        return []
    ind = ctx.catalogue.indicators[indicator]
    return [
        ctx.finding(
            subject,
            Severity.WARNING,
            "cumulative",
            f"{ind.label.en} is a running total but fell from {ctx.shown(entity, indicator, year - 1, before)} in {year - 1} to "
            f"{ctx.shown(entity, indicator, year, now)} in {year} (down {number(before - now, ind.decimals)}). Check both years; if "
            "items lapsed or were sold, say so in an explanation.",
            f"{ind.label.get('zh')}为累计数，却由{year - 1}年的{ctx.shown(entity, indicator, year - 1, before, 'zh')}降至{year}年的"
            f"{ctx.shown(entity, indicator, year, now, 'zh')}（减少{number(before - now, ind.decimals)}）。请核对两年数据；"
            "如有失效或转让，请在说明中注明。",
            previous=before,
            current=now,
        )
    ]
