"""Type and range: a count is whole, a number is not text, a figure lies within its plausible bounds."""

from __future__ import annotations

from esgdesk.core.catalogue import Catalogue, DataType, Indicator, Severity
from esgdesk.core.findings import Finding
from esgdesk.core.rules.context import RuleContext, label
from esgdesk.core.rules.marks import ValueKey, rule
from esgdesk.core.values import Status


def _typed(cat: Catalogue, ind: Indicator) -> bool:
    return True


@rule("type", _typed)
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
        out.append(
            ctx.finding(
                subject,
                Severity.ERROR,
                "type",
                f"{name_en}: counts are whole numbers; {v.entered or nums[0]} is not one. Enter the whole count.",
                f"{name_zh}：计数必须为整数，{v.entered or nums[0]} 不是整数，请填写完整的计数。",
            )
        )
    if ind.type.numeric and not nums and v.text is not None:
        out.append(
            ctx.finding(
                subject,
                Severity.ERROR,
                "type",
                f"{name_en}: '{v.text}' is text where a number is expected; enter the figure.",
                f"{name_zh}：此处应为数字，而不是文字“{v.text}”，请填写数值。",
            )
        )
    if v.low is not None and v.high is not None and v.low > v.high:
        out.append(
            ctx.finding(
                subject,
                Severity.ERROR,
                "range",
                f"{name_en}: the range minimum {ctx.q(indicator, v.low)} is larger than its maximum "
                f"{ctx.q(indicator, v.high)}; enter the smaller figure first.",
                f"{name_zh}：区间下限 {ctx.q(indicator, v.low, 'zh')} 大于上限 "
                f"{ctx.q(indicator, v.high, 'zh')}，请先填较小值。",
                low=v.low,
                high=v.high,
            )
        )
    lo = ind.min
    hi = ind.max
    if ind.type == DataType.PERCENT:
        lo = 0.0 if lo is None else lo
        hi = 100.0 if hi is None else hi
    for x in nums:
        if lo is not None and x < lo:
            out.append(
                ctx.finding(
                    subject,
                    Severity.ERROR,
                    "range",
                    f"{name_en}: {ctx.q(indicator, x)} is below the smallest plausible value "
                    f"{ctx.q(indicator, lo)}; check the sign and the unit.",
                    f"{name_zh}：{ctx.q(indicator, x, 'zh')} 低于合理下限 {ctx.q(indicator, lo, 'zh')}，"
                    "请检查正负号和单位。",
                    value=x,
                    min=lo,
                )
            )
            break
        if hi is not None and x > hi:
            out.append(
                ctx.finding(
                    subject,
                    Severity.ERROR,
                    "range",
                    f"{name_en}: {ctx.q(indicator, x)} is above the largest plausible value "
                    f"{ctx.q(indicator, hi)}; check the unit and the decimal point.",
                    f"{name_zh}：{ctx.q(indicator, x, 'zh')} 高于合理上限 {ctx.q(indicator, hi, 'zh')}，"
                    "请检查单位和小数点。",
                    value=x,
                    max=hi,
                )
            )
            break
    return out
