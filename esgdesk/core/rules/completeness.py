"""Completeness: required figures left empty, and GRI disclosures claimed with no data behind them."""

from __future__ import annotations

from dataclasses import dataclass

from esgdesk.core.catalogue import Catalogue, GriIndexEntry, Indicator, Severity
from esgdesk.core.findings import Finding
from esgdesk.core.rule_text import names
from esgdesk.core.rules.breakdown import derived_total
from esgdesk.core.rules.context import RuleContext
from esgdesk.core.rules.marks import ValueKey, affects, rule, subjects


def _required(cat: Catalogue, ind: Indicator) -> bool:
    return ind.required and not ind.computed


@rule("required", _required)
def rule_required(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    entity, indicator, year = subject
    if entity != ctx.report.entity or year != ctx.report.year:
        return []
    if ctx.value(entity, indicator, year) is not None:
        return []
    # A total whose parts are all given gets the breakdown's finding instead, which names the sum.
    if derived_total(ctx, entity, indicator, year) is not None:
        return []
    ind = ctx.catalogue.indicators[indicator]
    return [
        ctx.finding(
            subject,
            Severity.WARNING,
            "required",
            f"{ind.label.en} is required for {year} and has no value yet; enter it, or mark it not applicable (\\) "
            "with a reason.",
            f"{ind.label.get('zh')}为必填指标，{year}年尚无数据；请填写，或标记为不适用（\\）并说明原因。",
        )
    ]


@subjects
def _required_subjects(ctx: RuleContext) -> list[ValueKey]:
    main, year = ctx.report.entity, ctx.report.year
    return [(main, i.id, year) for i in ctx.catalogue.indicators.values() if i.required and not i.computed]


# -- GRI content index -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GriIndex:
    indicators: dict[str, list[str]]  # disclosure -> indicators reporting it, catalogue order
    anchored: dict[str, list[GriIndexEntry]]  # first indicator -> the claimed disclosures it stands for
    of_indicator: dict[str, list[str]]  # indicator -> anchors of the disclosures it reports


def build_gri(cat: Catalogue) -> GriIndex:
    by_code: dict[str, list[str]] = {}
    for ind in cat.ordered_indicators():
        for ref in ind.gri:
            ids = by_code.setdefault(ref.code, [])
            if ind.id not in ids:
                ids.append(ind.id)
    anchored: dict[str, list[GriIndexEntry]] = {}
    of_indicator: dict[str, list[str]] = {}
    for entry in cat.gri_index:
        found = by_code.get(entry.disclosure)
        if not found:
            continue  # a narrative disclosure: the report's text answers it, not a figure
        anchored.setdefault(found[0], []).append(entry)
        for i in found:
            of_indicator.setdefault(i, []).append(found[0])
    return GriIndex(by_code, anchored, of_indicator)


def gri_index(cat: Catalogue) -> GriIndex:
    return cat.derived(build_gri)


def _anchors_disclosure(cat: Catalogue, ind: Indicator) -> bool:
    return ind.id in gri_index(cat).anchored


@rule("gri.no_data", _anchors_disclosure)
def rule_gri_no_data(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    entity, indicator, year = subject
    if entity != ctx.report.entity or year != ctx.report.year:
        return []
    idx = gri_index(ctx.catalogue)
    out: list[Finding] = []
    for entry in idx.anchored.get(indicator, ()):
        ids = idx.indicators[entry.disclosure]
        if any(_has_data(ctx, entity, i, year) for i in ids):
            continue
        stated = [i for i in ids if ctx.value(entity, i, year) is not None]
        title_zh = entry.title_zh or entry.title
        if stated:
            severity = Severity.INFO
            en = (
                f"GRI {entry.disclosure} ({entry.title}) is claimed in the content index, but its figures for {year} "
                f"({names(ctx.catalogue, ids)}) are all marked not applicable or not reported. Make sure the report "
                "text explains the omission, or take the disclosure out of the index."
            )
            zh = (
                f"GRI索引声明了 {entry.disclosure}（{title_zh}），但其{year}年的指标（{names(ctx.catalogue, ids, 'zh')}）"
                "均标记为不适用或未披露。请确保报告正文说明原因，或从索引中删除该披露项。"
            )
        else:
            # Required figures already carry their own finding; the index note then only reminds.
            asked = all(ctx.catalogue.indicators[i].required for i in ids)
            severity = Severity.INFO if asked else Severity.WARNING
            en = (
                f"GRI {entry.disclosure} ({entry.title}) is claimed in the content index, but none of its indicators "
                f"has a figure for {year} ({names(ctx.catalogue, ids)}). Enter the figures, or take the disclosure "
                "out of the index."
            )
            zh = (
                f"GRI索引声明了 {entry.disclosure}（{title_zh}），但其指标（{names(ctx.catalogue, ids, 'zh')}）"
                f"{year}年均无数据。请填写数据，或从索引中删除该披露项。"
            )
        out.append(ctx.finding(subject, severity, "gri.no_data", en, zh, disclosure=entry.disclosure, indicators=ids))
    return out


def _has_data(ctx: RuleContext, entity: str, indicator: str, year: int) -> bool:
    if ctx.number(entity, indicator, year) is not None:
        return True
    v = ctx.value(entity, indicator, year)
    return v is not None and v.has_data


@affects
def _gri_affected(ctx: RuleContext, key: ValueKey) -> set[ValueKey]:
    entity, indicator, year = key
    return {(entity, a, year) for a in gri_index(ctx.catalogue).of_indicator.get(indicator, ())}


@subjects
def _gri_subjects(ctx: RuleContext) -> list[ValueKey]:
    main, year = ctx.report.entity, ctx.report.year
    return [(main, a, year) for a in gri_index(ctx.catalogue).anchored]


@subjects
def _dependents_of_given(ctx: RuleContext) -> set[ValueKey]:
    """Computed figures whose inputs are partly given: a rule may say why they cannot be calculated."""
    deps = ctx.catalogue.dependents
    out: set[ValueKey] = set()
    for entity, indicator, year in ctx.values:
        for d in deps.get(indicator, ()):
            out.add((entity, d, year))
    return out
