"""Evidence: a figure of an indicator the catalogue marks `evidence = true` needs a source document."""

from __future__ import annotations

from esgdesk.core.catalogue import Catalogue, Indicator, Severity
from esgdesk.core.findings import Finding
from esgdesk.core.rules.context import RuleContext
from esgdesk.core.rules.marks import ValueKey, rule
from esgdesk.core.values import Status


def _needs_evidence(cat: Catalogue, ind: Indicator) -> bool:
    return ind.evidence


@rule("evidence.missing", _needs_evidence)
def rule_evidence_missing(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    entity, indicator, year = subject
    if year != ctx.report.year:
        return []  # earlier years were assured, or not, when they were published
    v = ctx.value(entity, indicator, year)
    if v is None or v.status != Status.REPORTED:
        return []
    if ctx.report.attachments(target=indicator, year=year, entity=entity):
        return []
    ind = ctx.catalogue.indicators[indicator]
    return [
        ctx.finding(
            subject,
            Severity.WARNING,
            "evidence.missing",
            f"{ind.label.en} {year} needs a source document (a bill, a register, a meter reading) attached before "
            "assurance; attach one in the details pane or with esgdesk attach.",
            f"{ind.label.get('zh')} {year}年的数据需附上原始凭证（账单、台账、抄表记录）以备鉴证；"
            "请在详情面板或用 esgdesk attach 添加附件。",
        )
    ]
