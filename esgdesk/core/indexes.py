"""Framework indexes: the guideline's topic index table and GRI's content index, with statuses from the data.

One row per topic of a framework the catalogue defines (`Catalogue.frameworks`), or per disclosure
of GRI's content index. A row's status is read from the report's figures for its year, never typed:

- **disclosed**: an indicator referring to the row holds a figure (typed, computed, or below the
  detection limit) or a text disclosure for one of the chosen entities;
- **not applicable**: none is disclosed and its indicators are marked not applicable ("\\"); the
  row carries their reasons;
- **not disclosed**: anything else, including a topic the template has no indicator for.

A GRI disclosure with no indicator (a narrative one) is disclosed where the template's content
index says the report answers it, and not disclosed when it names no place.

The workbook, the Inline XBRL page and `esgdesk index` all print what `build_index` returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from esgdesk.core.catalogue import GRI, Catalogue, Indicator, RefLevel, Text
from esgdesk.core.errors import UnusableInput
from esgdesk.core.values import Status, Value

if TYPE_CHECKING:
    from esgdesk.core.store import Report

ValueKey = tuple[str, str, int]


class IndexStatus(StrEnum):
    DISCLOSED = "disclosed"
    NOT_APPLICABLE = "not_applicable"
    NOT_DISCLOSED = "not_disclosed"


STATUS_TEXT: dict[IndexStatus, Text] = {
    IndexStatus.DISCLOSED: Text("Disclosed", "已披露"),
    IndexStatus.NOT_APPLICABLE: Text("Not applicable", "不适用"),
    IndexStatus.NOT_DISCLOSED: Text("Not disclosed", "未披露"),
}


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One row of an index: a guideline topic, or a GRI disclosure."""

    code: str  # the article(s) ("20-28"), or the GRI disclosure ("305-1")
    reference: Text  # how the row cites it ("Art. 20-28", "GRI 305-1")
    topic: str  # the topic's id; the GRI standard ("GRI 305") for GRI
    title: Text
    pillar: Text | None
    status: IndexStatus
    where: tuple[Text, ...]  # the report's sections (or the GRI index's place) that disclose it
    indicators: tuple[str, ...]  # indicators with a disclosed figure or text, catalogue order
    items: tuple[str, ...]  # every indicator of the catalogue that refers to the row, catalogue order
    reasons: tuple[str, ...]  # why not applicable, from the entries marked "\"
    required: bool  # the framework requires (rather than encourages) at least one of its items
    confirmed: bool  # False: its article numbers were not read in the framework's official text

    def status_text(self, lang: str) -> str:
        return STATUS_TEXT[self.status].get(lang)


@dataclass(frozen=True, slots=True)
class FrameworkIndex:
    framework: str
    title: Text
    year: int
    rows: tuple[IndexRow, ...]
    note: Text | None = None

    def counts(self) -> dict[IndexStatus, int]:
        out = dict.fromkeys(IndexStatus, 0)
        for row in self.rows:
            out[row.status] += 1
        return out


def available(cat: Catalogue) -> list[str]:
    """The frameworks whose index a report of this catalogue can print: GRI and those it defines."""
    return [GRI, *cat.framework_table]


def build_index(
    report: Report,
    framework: str,
    *,
    entities: Iterable[str] | None = None,
    computed: Mapping[ValueKey, float] | None = None,
) -> FrameworkIndex:
    """The index of `framework` for the report's year over `entities` (the reporting entity by default).

    `computed` is the engine's map of formula results; without it the engine is run here."""
    cat = report.catalogue
    if framework not in available(cat):
        raise UnusableInput(
            f"unknown framework '{framework}': this report's catalogue has the indexes {', '.join(available(cat))}"
        )
    if computed is None:
        from esgdesk.core.validation import Engine

        engine = Engine(report)
        engine.run_all()
        computed = engine.computed_map()
    chosen = list(entities) if entities is not None else [report.entity]
    facts = _Facts(report.value_map(), computed, chosen, report.year)
    if framework == GRI:
        return _gri(cat, facts, report.year)
    return _framework(cat, framework, facts, report.year)


@dataclass(frozen=True, slots=True)
class _Facts:
    values: Mapping[ValueKey, Value]
    computed: Mapping[ValueKey, float]
    entities: list[str]
    year: int

    def disclosed(self, ind: Indicator) -> bool:
        for e in self.entities:
            key = (e, ind.id, self.year)
            v = self.values.get(key)
            # A typed entry stands over the formula's result (esgdesk.core.formulas), even one without a figure.
            shown = v.has_data if v is not None else key in self.computed
            if shown:
                return True
        return False

    def not_applicable(self, ind: Indicator) -> list[str]:
        """The reasons given where the indicator is marked not applicable; [] where it is not."""
        out: list[str] = []
        for e in self.entities:
            v = self.values.get((e, ind.id, self.year))
            if v is not None and v.status == Status.NOT_APPLICABLE:
                out.append((v.reason or "").strip())
        return out


def _row_status(inds: list[Indicator], facts: _Facts) -> tuple[IndexStatus, list[Indicator], list[str]]:
    shown = [i for i in inds if facts.disclosed(i)]
    if shown:
        return IndexStatus.DISCLOSED, shown, []
    marked = [r for i in inds for r in facts.not_applicable(i)]
    if marked:
        return IndexStatus.NOT_APPLICABLE, [], list(dict.fromkeys(r for r in marked if r))
    return IndexStatus.NOT_DISCLOSED, [], []


def _where(cat: Catalogue, inds: list[Indicator]) -> tuple[Text, ...]:
    out: dict[str, Text] = {}
    for ind in inds:
        section = cat.section_of[ind.id]
        area = cat.area_of[section.id]
        out.setdefault(
            section.id,
            Text(f"{area.label.en} > {section.label.en}", f"{area.label.get('zh')} > {section.label.get('zh')}"),
        )
    return tuple(out.values())


def _framework(cat: Catalogue, framework: str, facts: _Facts, year: int) -> FrameworkIndex:
    fw = cat.framework_table[framework]
    by_topic: dict[str, list[Indicator]] = {}
    required: set[str] = set()
    unconfirmed: set[str] = set()
    for ind in cat.ordered_indicators():
        if ind.retired:
            continue
        for ref in ind.refs:
            if ref.framework != framework or ref.topic is None:
                continue
            inds = by_topic.setdefault(ref.topic, [])
            if ind not in inds:
                inds.append(ind)
            if ref.level == RefLevel.REQUIRED:
                required.add(ref.topic)
            if not ref.confirmed:
                unconfirmed.add(ref.topic)
    rows: list[IndexRow] = []
    for topic in fw.topics:
        inds = by_topic.get(topic.id, [])
        status, shown, reasons = _row_status(inds, facts)
        rows.append(
            IndexRow(
                code=topic.articles,
                reference=Text(fw.article_text(topic.articles, "en"), fw.article_text(topic.articles, "zh")),
                topic=topic.id,
                title=topic.label,
                pillar=topic.pillar,
                status=status,
                where=_where(cat, shown),
                indicators=tuple(i.id for i in shown),
                items=tuple(i.id for i in inds),
                reasons=tuple(reasons),
                required=topic.id in required,
                confirmed=topic.confirmed and topic.id not in unconfirmed,
            )
        )
    return FrameworkIndex(fw.id, fw.title, year, tuple(rows), fw.note)


GRI_TITLE = Text("GRI content index", "GRI内容索引")


def _gri(cat: Catalogue, facts: _Facts, year: int) -> FrameworkIndex:
    by_code: dict[str, list[Indicator]] = {}
    for ind in cat.ordered_indicators():
        if ind.retired:
            continue
        for ref in ind.gri:
            inds = by_code.setdefault(ref.code, [])
            if ind not in inds:
                inds.append(ind)
    rows: list[IndexRow] = []
    listed: set[str] = set()
    for entry in cat.gri_index:
        listed.add(entry.disclosure)
        inds = by_code.get(entry.disclosure, [])
        title = Text(entry.title, entry.title_zh or entry.title)
        place = (Text(entry.report_section, entry.report_section),) if entry.report_section else ()
        if inds:
            status, shown, reasons = _row_status(inds, facts)
            where = _where(cat, shown) if status == IndexStatus.DISCLOSED else ()
            rows.append(_gri_row(entry.standard, entry.disclosure, title, status, place + where, shown, inds, reasons))
        else:  # a narrative disclosure: the report's text answers it where the index says
            status = IndexStatus.DISCLOSED if place else IndexStatus.NOT_DISCLOSED
            rows.append(_gri_row(entry.standard, entry.disclosure, title, status, place, [], [], []))
    # Disclosures a figure reports that the template's content index does not list
    for code in sorted(set(by_code) - listed, key=gri_order):
        status, shown, reasons = _row_status(by_code[code], facts)
        if status == IndexStatus.DISCLOSED:
            title = Text("(not in the content index)", "（未列入内容索引）")
            where = _where(cat, shown)
            rows.append(_gri_row(f"GRI {code.split('-')[0]}", code, title, status, where, shown, by_code[code], []))
    return FrameworkIndex(GRI, GRI_TITLE, year, tuple(rows))


def _gri_row(
    standard: str,
    code: str,
    title: Text,
    status: IndexStatus,
    where: tuple[Text, ...],
    shown: list[Indicator],
    items: list[Indicator],
    reasons: list[str],
) -> IndexRow:
    return IndexRow(
        code=code,
        reference=Text(f"GRI {code}", f"GRI {code}"),
        topic=standard,
        title=title,
        pillar=None,
        status=status,
        where=where,
        indicators=tuple(i.id for i in shown),
        items=tuple(i.id for i in items),
        reasons=tuple(reasons),
        required=False,
        confirmed=True,
    )


def gri_order(code: str) -> tuple[int, ...]:
    """A GRI disclosure's place in the Standards' order: "2-4" before "201-1" before "305-10"."""
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("-"))
