"""Rules that produce findings, each a function of one subject (entity, indicator, year).

A rule reads the report through `RuleContext`; `subjects_affected_by` says which subjects a
change to one figure can alter, so that the engine re-checks only those after an edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from esgdesk.core.catalogue import DataType, Indicator, Severity
from esgdesk.core.findings import Finding
from esgdesk.core.parser import format_number
from esgdesk.core.values import Status, Value

if TYPE_CHECKING:
    from esgdesk.core.store import Report

ValueKey = tuple[str, str, int]
Rule = Callable[["RuleContext", ValueKey], list[Finding]]


class RuleContext:
    def __init__(self, report: Report, computed: dict[ValueKey, float]) -> None:
        self.report = report
        self.catalogue = report.catalogue
        self.values = report.value_map()
        self.computed = computed
        fs = self.catalogue.factor_set(report.meta.extra.get("factor_set"))
        self.factors: dict[str, float] = {f.id: f.value for f in fs.factors} if fs else {}

    def value(self, entity: str, indicator: str, year: int) -> Value | None:
        return self.values.get((entity, indicator, year))

    def number(self, entity: str, indicator: str, year: int) -> float | None:
        """A figure for arithmetic: the computed result for computed indicators, else the typed value."""
        ind = self.catalogue.indicators[indicator]
        if ind.computed:
            c = self.computed.get((entity, indicator, year))
            if c is not None:
                return c
        v = self.values.get((entity, indicator, year))
        return v.numeric() if v is not None else None

    def evaluate_formula(self, ind: Indicator, entity: str, year: int) -> float | None:
        assert ind.formula is not None
        from esgdesk.core.expressions import parse_expression

        expr = parse_expression(ind.formula)
        result = expr.evaluate(
            lambda name: self.number(entity, name, year),
            lambda name: self.number(entity, name, year - 1),
            self.factors,
        )
        if result is None or isinstance(result, bool):
            return None
        return float(result)

    def all_subjects(self) -> Iterator[ValueKey]:
        seen: set[ValueKey] = set()
        for key in self.values:
            seen.add(key)
            yield key
        for key in self.computed:
            if key not in seen:
                seen.add(key)
                yield key
        main, year = self.report.entity, self.report.year
        for ind in self.catalogue.indicators.values():
            key = (main, ind.id, year)
            if ind.required and key not in seen:
                yield key


def label(ctx: RuleContext, indicator: str) -> tuple[str, str]:
    ind = ctx.catalogue.indicators[indicator]
    return ind.label.en, ind.label.zh or ind.label.en


def _finding(ctx: RuleContext, subject: ValueKey, severity: Severity, rule: str, en: str, zh: str,
             **data: object) -> Finding:
    entity, indicator, year = subject
    explained = ctx.report.explanation(indicator, year, entity) is not None or ctx.report.acknowledged(
        indicator, rule, year, entity
    )
    return Finding(indicator, entity, year, severity, rule, en, zh, dict(data), explained)


def rule_type_and_range(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    entity, indicator, year = subject
    v = ctx.value(entity, indicator, year)
    if v is None or v.status != Status.REPORTED:
        return []
    ind = ctx.catalogue.indicators[indicator]
    name_en, name_zh = label(ctx, indicator)
    out: list[Finding] = []
    nums = [x for x in (v.number, v.low, v.high) if x is not None]
    if ind.type == DataType.INTEGER and any(not float(x).is_integer() for x in nums):
        out.append(_finding(ctx, subject, Severity.ERROR, "type",
                            f"{name_en}: counts are whole numbers; {v.entered or nums[0]} is not one.",
                            f"{name_zh}：计数必须为整数，{v.entered or nums[0]} 不是整数。"))
    if ind.type.numeric and not nums and v.text is not None:
        out.append(_finding(ctx, subject, Severity.ERROR, "type",
                            f"{name_en}: '{v.text}' is text where a number is expected.",
                            f"{name_zh}：此处应为数字，而不是文字“{v.text}”。"))
    if v.low is not None and v.high is not None and v.low > v.high:
        out.append(_finding(ctx, subject, Severity.ERROR, "range",
                            f"{name_en}: the range minimum {format_number(v.low)} is larger than its maximum "
                            f"{format_number(v.high)}.",
                            f"{name_zh}：区间下限 {format_number(v.low)} 大于上限 {format_number(v.high)}。"))
    lo = ind.min
    hi = ind.max
    if ind.type == DataType.PERCENT:
        lo = 0.0 if lo is None else lo
        hi = 100.0 if hi is None else hi
    for x in nums:
        if lo is not None and x < lo:
            out.append(_finding(ctx, subject, Severity.ERROR, "range",
                                f"{name_en}: {format_number(x)} {ind.unit} is below the smallest plausible value "
                                f"{format_number(lo)}; check the sign and the unit.",
                                f"{name_zh}：{format_number(x)} {ind.unit} 低于合理下限 {format_number(lo)}，"
                                "请检查正负号和单位。", value=x, min=lo))
            break
        if hi is not None and x > hi:
            out.append(_finding(ctx, subject, Severity.ERROR, "range",
                                f"{name_en}: {format_number(x)} {ind.unit} is above the largest plausible value "
                                f"{format_number(hi)}; check the unit and the decimal point.",
                                f"{name_zh}：{format_number(x)} {ind.unit} 高于合理上限 {format_number(hi)}，"
                                "请检查单位和小数点。", value=x, max=hi))
            break
    return out


def rule_required(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    entity, indicator, year = subject
    ind = ctx.catalogue.indicators[indicator]
    if not ind.required or entity != ctx.report.entity or year != ctx.report.year or ind.computed:
        return []
    if ctx.value(entity, indicator, year) is not None:
        return []
    name_en, name_zh = label(ctx, indicator)
    return [_finding(ctx, subject, Severity.WARNING, "required",
                     f"{name_en} is required for {year} and has no value yet; enter it, or mark it not "
                     "applicable (\\) with a reason.",
                     f"{name_zh}为必填指标，{year} 年尚无数据；请填写，或标记为不适用（\\）并说明原因。")]


def rules_for_subject(ctx: RuleContext, subject: ValueKey) -> Iterator[Rule]:
    yield rule_type_and_range
    yield rule_required
    yield from EXTRA_RULES


# Further rule kinds register here (breakdowns, year over year, checks, computed mismatches).
EXTRA_RULES: list[Rule] = []


def subjects_affected_by(ctx: RuleContext, key: ValueKey) -> set[ValueKey]:
    out = {key}
    for hook in AFFECTED_HOOKS:
        out |= hook(ctx, key)
    return out


AFFECTED_HOOKS: list[Callable[[RuleContext, ValueKey], set[ValueKey]]] = []
