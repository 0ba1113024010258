"""A greenhouse-gas formula whose emission factor the report's factor set lacks."""

from __future__ import annotations

from esgdesk.core.catalogue import Catalogue, Indicator, Severity
from esgdesk.core.findings import Finding
from esgdesk.core.ghg import factors_used
from esgdesk.core.rules.context import RuleContext
from esgdesk.core.rules.marks import ValueKey, rule


def _uses_factors(cat: Catalogue, ind: Indicator) -> bool:
    return bool(factors_used(ind))


@rule("ghg.factor_missing", _uses_factors)
def rule_factor_missing(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    entity, indicator, year = subject
    if subject in ctx.computed:
        return []
    ind = ctx.catalogue.indicators[indicator]
    fs = ctx.factor_set
    lacking = [f for f in factors_used(ind) if f not in ctx.factors]
    if not lacking:
        return []
    # Only worth saying when the activity data are there and the factor is all that is missing.
    if any(ctx.number(entity, n, year) is None for n in ind.formula_inputs):
        return []
    set_name = f"{fs.id} ({fs.version})" if fs else "none"
    return [
        ctx.finding(
            subject,
            Severity.ERROR,
            "ghg.factor_missing",
            f"{ind.label.en} cannot be calculated for {year}: the emission factor set {set_name} has no factor "
            f"{', '.join(lacking)}. Ask the ESG office to add it to emission_factors.toml or choose another factor set.",
            f"{ind.label.get('zh')}{year}年无法计算：排放因子集 {set_name} 中缺少因子 {'、'.join(lacking)}。"
            "请联系ESG办公室在 emission_factors.toml 中补充，或选用其他因子集。",
            factor_set=fs.id if fs else None,
            missing_factors=lacking,
        )
    ]
