"""Catalogue notes: where a template corrects what a published report printed, the figure says so.

A note (`Indicator.note`) is data of the template, such as the demo's corrected label, its corrected 2022
waste density and its duplicated training-hours row. It is reported as an info-level finding on the
report year's figure, so the correction is seen beside the figure and in `esgdesk validate`, not only in
a comment of a TOML file.
"""

from __future__ import annotations

from esgdesk.core.catalogue import Catalogue, Indicator, Severity
from esgdesk.core.findings import Finding
from esgdesk.core.rules.context import RuleContext
from esgdesk.core.rules.marks import ValueKey, rule


def _has_note(cat: Catalogue, ind: Indicator) -> bool:
    return ind.note is not None


@rule("catalogue.note", _has_note)
def rule_catalogue_note(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    entity, indicator, year = subject
    if year != ctx.report.year or ctx.value(entity, indicator, year) is None:
        return []  # once, on the figure being reported
    note = ctx.catalogue.indicators[indicator].note
    assert note is not None  # _has_note
    return [ctx.finding(subject, Severity.INFO, "catalogue.note", f"Note: {note.en}", f"说明：{note.get('zh')}")]
