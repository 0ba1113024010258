"""Text disclosures a framework asks for (the guideline's qualitative items): present, with substance, or
marked not applicable with a reason.

The topic index (`esgdesk.core.indexes`) reads a topic as disclosed when one of its text disclosures
holds text, so a placeholder ("TBD", "see report") would pass the index; this rule is what catches it.
A required item left empty that the template also marks required already has the `required` finding;
this rule then stays silent rather than say it twice.
"""

from __future__ import annotations

import re

from esgdesk.core.catalogue import Catalogue, DataType, Indicator, RefLevel, Severity
from esgdesk.core.findings import Finding
from esgdesk.core.rules.context import RuleContext
from esgdesk.core.rules.marks import ValueKey, rule, subjects
from esgdesk.core.values import Status, Value

# Fewer words (a Chinese character counts as one) than this is a placeholder, not a disclosure.
MIN_SUBSTANCE = 8
_WORD = re.compile(r"[\u3400-\u9fff]|[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_PLACEHOLDERS = {"n/a", "na", "tbd", "todo", "-", "—", "/", "\\", "none", "nil", "待定", "略", "无", "暂无", "见报告"}


def _framework_text(cat: Catalogue, ind: Indicator) -> bool:
    return ind.type == DataType.TEXT and not ind.retired and any(r.framework in cat.framework_table for r in ind.refs)


def substance(text: str) -> int:
    """Words in a text, each Chinese character counted as one."""
    return len(_WORD.findall(text))


def _asked(cat: Catalogue, ind: Indicator) -> tuple[str, bool]:
    """How the index cites the item ("SSE No. 14 / … Art. 21"), and whether the framework requires it."""
    refs = [r for r in ind.refs if r.framework in cat.framework_table]
    ref = next((r for r in refs if r.level == RefLevel.REQUIRED), refs[0])
    fw = cat.framework_table[ref.framework]
    return f"{fw.short.en}, {fw.article_text(ref.code, 'en')}", ref.level == RefLevel.REQUIRED


@rule("disclosure.text", _framework_text)
def rule_text_disclosure(ctx: RuleContext, subject: ValueKey) -> list[Finding]:
    entity, indicator, year = subject
    if entity != ctx.report.entity or year != ctx.report.year:
        return []
    ind = ctx.catalogue.indicators[indicator]
    where, required = _asked(ctx.catalogue, ind)
    said = _problem(ind, ctx.value(entity, indicator, year), where, required)
    if said is None:
        return []
    severity = Severity.WARNING if required else Severity.INFO
    return [ctx.finding(subject, severity, "disclosure.text", *said)]


def _problem(ind: Indicator, v: Value | None, where: str, required: bool) -> tuple[str, str] | None:
    """What is wrong with one text disclosure, in English and Chinese; None when nothing is."""
    asks_en = "requires" if required else "encourages"
    asks_zh = "要求" if required else "鼓励"
    zh_label = ind.label.get("zh")
    if v is None:
        if ind.required:
            return None  # the `required` rule already asks for it
        return (
            f"{ind.label.en}: {where} {asks_en} this text disclosure and it is empty. Describe it, or mark it "
            "not applicable (\\) with the reason.",
            f"{zh_label}：{where}{asks_zh}披露此项文字内容，目前为空。请填写，或标记为不适用（\\）并说明原因。",
        )
    if v.status == Status.NOT_APPLICABLE:
        if (v.reason or "").strip():
            return None
        return (
            f"{ind.label.en} is marked not applicable without a reason; the topic index prints the reason, "
            "so give one.",
            f"{zh_label}标记为不适用但未说明原因；议题索引会列出原因，请补充。",
        )
    text = (v.text or "").strip()
    if v.status != Status.REPORTED or not text:
        return None
    words = substance(text)
    if text.lower() not in _PLACEHOLDERS and words >= MIN_SUBSTANCE:
        return None
    return (
        f"{ind.label.en} says only “{text[:40]}” ({words} words): {where} {asks_en} a description; write "
        "what the company does, or name the report's section that does.",
        f"{zh_label}仅有“{text[:40]}”（{words}字词）：{where}{asks_zh}具体说明；请写明公司的做法，"
        "或注明报告中对应的章节。",
    )


@subjects
def _text_subjects(ctx: RuleContext) -> list[ValueKey]:
    main, year = ctx.report.entity, ctx.report.year
    cat = ctx.catalogue
    return [(main, i.id, year) for i in cat.indicators.values() if _framework_text(cat, i)]
