"""Breakdowns: parts against their total, one family at a time (headcount by gender, by age, ...).

Every figure is read as the interval it stands for: "1,500+" is 1,500 or more, "\\" is
nothing, "ND" is between zero and the detection limit, "about 20,000" is within 5 %. A family
fails only when the intervals cannot meet within the tolerance: the catalogue's, or else the
rounding of the printed figures (half a unit of each figure's last digit). A family with
missing parts names them and says what they should add to instead of claiming a mismatch.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from esgdesk.core.catalogue import BreakdownKind, Catalogue, Indicator, Severity
from esgdesk.core.findings import Finding
from esgdesk.core.rule_text import names, number
from esgdesk.core.rules.context import RuleContext
from esgdesk.core.rules.marks import ValueKey, affects, rule, subjects
from esgdesk.core.values import Qualifier, Status

APPROXIMATE = 0.05  # "about", "nearly": read as within 5 %
Bounds = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Family:
    total: str
    name: str
    kind: BreakdownKind
    parts: tuple[str, ...]
    tolerance: float | None  # declared in the catalogue; None: from the figures' rounding


def families(cat: Catalogue) -> dict[str, list[Family]]:
    grouped: dict[str, dict[str, list[Indicator]]] = {}
    for total, parts in cat.children.items():
        for p in parts:
            assert p.breakdown is not None
            grouped.setdefault(total, {}).setdefault(p.breakdown.family, []).append(p)
    out: dict[str, list[Family]] = {}
    for total, fams in grouped.items():
        for name, parts in fams.items():
            assert parts[0].breakdown is not None
            declared = [p.breakdown.tolerance for p in parts if p.breakdown and p.breakdown.tolerance is not None]
            out.setdefault(total, []).append(
                Family(
                    total,
                    name,
                    parts[0].breakdown.kind,
                    tuple(p.id for p in parts),
                    max(declared) if declared else None,
                )
            )
    return out


def _families(ctx: RuleContext) -> dict[str, list[Family]]:
    return ctx.cached("breakdown.families", families)


def ancestors(cat: Catalogue, indicator: str) -> Iterator[str]:
    ind = cat.indicators[indicator]
    while ind.breakdown is not None:
        yield ind.breakdown.of
        ind = cat.indicators[ind.breakdown.of]


def bounds(ctx: RuleContext, entity: str, indicator: str, year: int, *, derive: bool = True) -> Bounds | None:
    """The interval a figure stands for, or None when it is unknown."""
    ind = ctx.catalogue.indicators[indicator]
    if ind.computed:
        c = ctx.computed.get((entity, indicator, year))
        if c is not None:
            return (c, c)
    v = ctx.value(entity, indicator, year)
    if v is None:
        if derive:
            d = derived_total(ctx, entity, indicator, year)
            if d is not None:
                return d
        return None
    if v.status == Status.NOT_APPLICABLE:
        return (0.0, 0.0)
    if v.status == Status.BELOW_DETECTION:
        return (0.0, v.detection_limit or 0.0)
    if v.status != Status.REPORTED:
        return None
    if v.number is not None:
        lo = hi = v.number
    elif v.low is not None and v.high is not None:
        lo, hi = v.low, v.high
    else:
        return None
    q = v.qualifier
    if q in (Qualifier.MORE_THAN, Qualifier.AT_LEAST):
        hi = math.inf
    elif q in (Qualifier.LESS_THAN, Qualifier.AT_MOST):
        lo = 0.0 if (ind.min is not None and ind.min >= 0) else -math.inf
    elif q == Qualifier.APPROXIMATELY:
        lo, hi = lo - abs(lo) * APPROXIMATE, hi + abs(hi) * APPROXIMATE
    return (lo, hi)


def derived_total(ctx: RuleContext, entity: str, indicator: str, year: int) -> Bounds | None:
    """What a missing total must be: the sum of a family of its parts that is complete."""
    for fam in _families(ctx).get(indicator, ()):
        if fam.kind != BreakdownKind.SUM:
            continue
        bs = [bounds(ctx, entity, p, year) for p in fam.parts]
        if all(b is not None for b in bs):
            return (sum(b[0] for b in bs if b), sum(b[1] for b in bs if b))
    return None


def _tolerance(ctx: RuleContext, fam: Family, entity: str, year: int, magnitude: float) -> float:
    if fam.tolerance is not None:
        return fam.tolerance + 1e-9 * max(1.0, magnitude)
    figures = [*fam.parts] if fam.kind == BreakdownKind.SHARE else [fam.total, *fam.parts]
    return sum(ctx.half_unit(entity, f, year) for f in figures) + 1e-9 * max(1.0, magnitude)


def _sum_text(lo: float, hi: float, decimals: int) -> tuple[str, str]:
    if math.isinf(hi):
        return f"at least {number(lo, decimals)}", f"不少于 {number(lo, decimals)}"
    if lo == hi:
        return number(lo, decimals), number(lo, decimals)
    return f"{number(lo, decimals)} to {number(hi, decimals)}", f"{number(lo, decimals)}至{number(hi, decimals)}"


def _decimals(ctx: RuleContext, entity: str, parts: list[str], year: int) -> int:
    """Sums are quoted as precisely as the most precise part was written."""
    out = 0
    for p in parts:
        v = ctx.value(entity, p, year)
        out = max(out, v.decimals if v is not None and v.decimals is not None else ctx.catalogue.indicators[p].decimals)
    return out


def _rank(ctx: RuleContext, year: int) -> Severity:
    """Missing figures block nothing in years already published."""
    return Severity.WARNING if year >= ctx.report.year else Severity.INFO


def _check_family(ctx: RuleContext, subject: ValueKey, fam: Family) -> list[Finding]:
    entity, total, year = subject
    cat = ctx.catalogue
    parts = list(fam.parts)
    pb: dict[str, Bounds] = {}
    for p in parts:
        b = bounds(ctx, entity, p, year)
        if b is not None:
            pb[p] = b
    given = [p for p in parts if p in pb]
    missing = [p for p in parts if p not in pb]
    if not given:
        return []
    dec = _decimals(ctx, entity, given, year)
    lo = sum(pb[p][0] for p in given)
    hi = sum(pb[p][1] for p in given)
    kind = fam.kind
    tb = (100.0, 100.0) if kind == BreakdownKind.SHARE else bounds(ctx, entity, total, year, derive=False)
    tname_en, tname_zh = ctx.label(total), ctx.label(total, "zh")
    rule_base = f"breakdown.{kind.value}.{fam.name}"
    data: dict[str, object] = {"family": fam.name, "kind": kind.value, "parts": parts}

    if tb is None:
        if kind == BreakdownKind.SUM and not missing:
            s_en, s_zh = _sum_text(lo, hi, dec)
            return [
                ctx.finding(
                    subject,
                    _rank(ctx, year),
                    f"breakdown.total_missing.{fam.name}",
                    f"{tname_en} has no figure for {year}, but its parts ({names(cat, parts)}) are all given and add "
                    f"to {s_en}. Enter the total ({s_en}), or correct the parts.",
                    f"{tname_zh}{year}年未填写，但其分项（{names(cat, parts, 'zh')}）均已填写，合计为{s_zh}。"
                    f"请填写合计（{s_zh}），或更正分项。",
                    **data,
                    parts_sum=lo if lo == hi else [lo, hi],
                )
            ]
        return []

    tol = _tolerance(ctx, fam, entity, year, max(abs(tb[0]), abs(lo)))
    t_en = ctx.q(total, tb[0]) if kind != BreakdownKind.SHARE else "100%"
    t_zh = ctx.q(total, tb[0], "zh") if kind != BreakdownKind.SHARE else "100%"

    if kind in (BreakdownKind.SUBSET, BreakdownKind.OVERLAPPING):
        out: list[Finding] = []
        for p in given:
            plo = pb[p][0]
            if plo > tb[1] + tol:
                out.append(
                    ctx.finding(
                        subject,
                        Severity.ERROR,
                        rule_base,
                        f"{year}: {ctx.label(p)} ({ctx.shown(entity, p, year, plo)}) is more than {tname_en} ({ctx.q(total, tb[1])}), "
                        "which includes it. Check both figures.",
                        f"{year}年：{ctx.label(p, 'zh')}（{ctx.shown(entity, p, year, plo, 'zh')}）超过了包含它的{tname_zh}"
                        f"（{ctx.q(total, tb[1], 'zh')}），请核对两项数据。",
                        **data,
                        part=p,
                        part_value=plo,
                        total=tb[1],
                    )
                )
        return out

    if kind == BreakdownKind.WEIGHTED_AVERAGE:
        if missing:
            return [_incomplete(ctx, subject, fam, given, missing, None, None, rule_base)]
        pmin = min(pb[p][0] for p in parts)
        pmax = max(pb[p][1] for p in parts)
        if tb[1] < pmin - tol or tb[0] > pmax + tol:
            return [
                ctx.finding(
                    subject,
                    Severity.ERROR,
                    rule_base,
                    f"{year}: {tname_en} ({t_en}) lies outside the range of its parts ({names(cat, parts)}: "
                    f"{ctx.q(parts[0], pmin)} to {ctx.q(parts[0], pmax)}); an average cannot. Check the figures "
                    "and that every rate uses the same formula.",
                    f"{year}年：{tname_zh}（{t_zh}）不在其分项（{names(cat, parts, 'zh')}）的区间 {ctx.q(parts[0], pmin, 'zh')}"
                    f"至{ctx.q(parts[0], pmax, 'zh')} 内，平均值不可能如此。请核对数据，并确认各比率计算口径一致。",
                    **data,
                    total=tb[0],
                    parts_min=pmin,
                    parts_max=pmax,
                )
            ]
        return []

    # sum and share
    if lo > tb[1] + tol:
        if missing:
            return [
                ctx.finding(
                    subject,
                    Severity.ERROR,
                    rule_base,
                    f"{year}: the given parts of {tname_en} ({names(cat, given)}) already add to {_sum_text(lo, hi, dec)[0]}, "
                    f"more than the total {t_en}, and {names(cat, missing)} is still missing. Check the parts and "
                    "the total.",
                    f"{year}年：{tname_zh}的已填分项（{names(cat, given, 'zh')}）合计已达{_sum_text(lo, hi, dec)[1]}，超过合计"
                    f"{t_zh}，且{names(cat, missing, 'zh')}尚未填写。请核对分项与合计。",
                    **data,
                    parts_sum=lo,
                    total=tb[0],
                    missing=missing,
                )
            ]
        return [_mismatch(ctx, subject, fam, lo, hi, tb, dec, rule_base, data)]
    if missing:
        return [_incomplete(ctx, subject, fam, given, missing, (lo, hi), tb, rule_base)]
    if hi < tb[0] - tol:
        return [_mismatch(ctx, subject, fam, lo, hi, tb, dec, rule_base, data)]
    return []


def _mismatch(
    ctx: RuleContext,
    subject: ValueKey,
    fam: Family,
    lo: float,
    hi: float,
    tb: Bounds,
    dec: int,
    rule: str,
    data: dict[str, object],
) -> Finding:
    entity, total, year = subject
    cat = ctx.catalogue
    parts = list(fam.parts)
    s_en, s_zh = _sum_text(lo, hi, dec)
    diff = abs((lo - tb[1]) if lo > tb[1] else (hi - tb[0]))
    if fam.kind == BreakdownKind.SHARE:
        return ctx.finding(
            subject,
            Severity.ERROR,
            rule,
            f"{year}: the shares {names(cat, parts)} add up to {s_en}%, not 100% (off by {number(diff, dec)} points). "
            "Correct the shares so that a complete split totals 100%.",
            f"{year}年：占比{names(cat, parts, 'zh')}合计为{s_zh}%，而非100%（相差{number(diff, dec)}个百分点）。"
            "请更正各占比，使完整拆分合计为100%。",
            **data,
            parts_sum=lo,
            total=100.0,
            difference=diff,
        )
    t_en, t_zh = ctx.q(total, tb[0]), ctx.q(total, tb[0], "zh")
    return ctx.finding(
        subject,
        Severity.ERROR,
        rule,
        f"{year}: {' + '.join(ctx.label(p) for p in parts)} = {s_en}, but {ctx.label(total)} is {t_en} "
        f"(difference {number(diff, dec)}). Correct the parts or the total so that they agree.",
        f"{year}年：{' + '.join(ctx.label(p, 'zh') for p in parts)} = {s_zh}，但{ctx.label(total, 'zh')}为{t_zh}"
        f"（相差{number(diff, dec)}）。请更正分项或合计，使二者一致。",
        **data,
        parts_sum=lo if lo == hi else [lo, hi],
        total=tb[0],
        difference=diff,
    )


def _incomplete(
    ctx: RuleContext,
    subject: ValueKey,
    fam: Family,
    given: list[str],
    missing: list[str],
    sums: Bounds | None,
    tb: Bounds | None,
    rule_base: str,
) -> Finding:
    entity, total, year = subject
    cat = ctx.catalogue
    rule = rule_base.replace(f"breakdown.{fam.kind.value}.", "breakdown.incomplete.")
    data: dict[str, object] = {"family": fam.name, "kind": fam.kind.value, "missing": missing, "given": given}
    en = f"{ctx.label(total)}: the breakdown into {names(cat, list(fam.parts))} lacks {names(cat, missing)} for {year}."
    zh = f"{ctx.label(total, 'zh')}：{year}年的分项（{names(cat, list(fam.parts), 'zh')}）缺少{names(cat, missing, 'zh')}。"
    if sums is not None and tb is not None:
        lo, hi = sums
        share = fam.kind == BreakdownKind.SHARE
        dec = _decimals(ctx, entity, given, year)
        rest_hi = tb[1] - lo
        rest_lo = tb[0] - hi
        unit_en = "%" if share else ""
        s_en, s_zh = _sum_text(lo, hi, dec)
        total_en = "100%" if share else ctx.q(total, tb[0])
        total_zh = "100%" if share else ctx.q(total, tb[0], "zh")
        if math.isinf(hi) or rest_lo < 0:
            rest_en, rest_zh = f"at most {number(rest_hi, dec)}{unit_en}", f"不超过{number(rest_hi, dec)}{unit_en}"
        else:
            rest_en = rest_zh = (
                f"{number(rest_lo, dec)}{unit_en}"
                if rest_lo == rest_hi
                else f"{number(rest_lo, dec)}-{number(rest_hi, dec)}{unit_en}"
            )
        en += (
            f" The given parts add to {s_en}{unit_en} of {total_en}, so the missing ones should add to {rest_en}. "
            "Enter them, or mark a part not applicable (\\) if it has none."
        )
        zh += (
            f"已填分项合计{s_zh}{unit_en}（合计{total_zh}），缺少的分项合计应为{rest_zh}。"
            "请补填；如某分项确实没有，请标记为不适用（\\）。"
        )
        data.update(parts_sum=lo, total=tb[0], rest=[rest_lo, rest_hi])
    else:
        en += " Enter them so the breakdown can be checked, or mark a part not applicable (\\) if it has none."
        zh += "请补填以便核对分项；如某分项确实没有，请标记为不适用（\\）。"
    return ctx.finding(subject, _rank(ctx, year), rule, en, zh, **data)


def _is_total(cat: Catalogue, ind: Indicator) -> bool:
    return ind.id in cat.children and not ind.computed


@rule("breakdown", _is_total)
def rule_breakdown(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    out: list[Finding] = []
    for fam in _families(ctx).get(subject[1], ()):
        out.extend(_check_family(ctx, subject, fam))
    return out


@affects
def _affected(ctx: RuleContext, key: ValueKey) -> set[ValueKey]:
    entity, indicator, year = key
    return {(entity, a, year) for a in ancestors(ctx.catalogue, indicator)}


@subjects
def _totals_of_given_parts(ctx: RuleContext) -> set[ValueKey]:
    cat = ctx.catalogue
    out: set[ValueKey] = set()
    for entity, indicator, year in list(ctx.values) + list(ctx.computed):
        ind = cat.indicators.get(indicator)
        if ind is not None and ind.breakdown is not None:
            out.update((entity, a, year) for a in ancestors(cat, indicator))
    return out
