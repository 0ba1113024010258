"""The Inline XBRL page: the key-performance-data tables as XHTML, every figure tagged.

Figures are printed in the catalogue's unit (2,641 RMB million, 22.17 %) and tagged with the
`scale` that turns them into the XBRL fact (2,641,000,000 CNY, 0.2217), so the page reads like
the printed report while the facts equal those of the instance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from esgdesk.core.catalogue import GRI, DataType, Indicator
from esgdesk.core.indexes import FrameworkIndex
from esgdesk.exports.xbrl.instance import ARC_FACT_FOOTNOTE, add_contexts_and_units, measure_prefixes
from esgdesk.exports.xbrl.model import NAMESPACES, Fact, XbrlModel

if TYPE_CHECKING:
    from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
IX = "http://www.xbrl.org/2013/inlineXBRL"
IXT = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
FORMAT_NUM = "ixt:num-dot-decimal"

_CSS = """
body { font-family: "Noto Sans", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif; margin: 2em auto;
       max-width: 60em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 2px solid #2a6f4e; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; color: #2a6f4e; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 0.25em 0.5em; border-bottom: 1px solid #ddd; vertical-align: top; }
th { text-align: left; background: #f2f6f4; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.unit { color: #555; white-space: nowrap; }
sup a { text-decoration: none; }
.notes li { margin-bottom: 0.3em; }
table.index td { font-size: 0.92em; }
tr.status-not_disclosed td { color: #8a3b12; }
tr.status-not_applicable td { color: #666; }
p.note { color: #555; font-size: 0.9em; }
div.disclosure h4 { font-size: 0.95em; margin: 1em 0 0.2em; }
div.disclosure p { margin: 0.2em 0 0.6em; }
span.year { color: #555; font-variant-numeric: tabular-nums; }
"""


def _h(tag: str) -> str:
    return f"{{{XHTML}}}{tag}"


def build_inline(model: XbrlModel) -> etree._Element:
    from lxml import etree

    nsmap: dict[Any, str] = {
        None: XHTML,
        "ix": IX,
        "ixt": IXT,
        "xbrli": NAMESPACES["xbrli"],
        "link": NAMESPACES["link"],
        "xlink": NAMESPACES["xlink"],
        "xsi": NAMESPACES["xsi"],
        model.prefix: model.namespace,
        **measure_prefixes(model),
    }
    html = etree.Element(_h("html"), nsmap=nsmap)
    html.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    head = etree.SubElement(html, _h("head"))
    etree.SubElement(head, _h("meta"), attrib={"http-equiv": "Content-Type", "content": "text/html; charset=UTF-8"})
    title = f"{model.company}: key performance data {model.year}"
    etree.SubElement(head, _h("title")).text = title
    etree.SubElement(head, _h("style"), type="text/css").text = _CSS
    body = etree.SubElement(html, _h("body"))

    hidden = etree.SubElement(body, _h("div"), style="display:none")
    header = etree.SubElement(hidden, f"{{{IX}}}header")
    refs = etree.SubElement(header, f"{{{IX}}}references")
    etree.SubElement(
        refs,
        f"{{{NAMESPACES['link']}}}schemaRef",
        attrib={f"{{{NAMESPACES['xlink']}}}type": "simple", f"{{{NAMESPACES['xlink']}}}href": model.schema_file},
    )
    resources = etree.SubElement(header, f"{{{IX}}}resources")
    add_contexts_and_units(resources, model)

    # Every year the report holds, newest first (a report keeps its earlier years).
    years = tuple(sorted({c.year for c in model.contexts} | {model.year, model.year - 1}, reverse=True))
    etree.SubElement(body, _h("h1")).text = title
    etree.SubElement(body, _h("p")).text = (
        f"Figures for {_years_text(years)}, in the units of the report. "
        "Every figure is machine-readable (Inline XBRL); notes below the tables give qualifiers, "
        "reasons and explanations."
    )

    by_key: dict[tuple[str, str, int], list[Fact]] = {}
    for f in model.facts:
        by_key.setdefault((f.context.entity, f.concept.indicator, f.context.year), []).append(f)
    note_number = {fid: n for n, fid in enumerate(model.footnotes, start=1)}
    entities = list(dict.fromkeys(c.entity for c in model.contexts))
    names = {c.entity: c.identifier for c in model.contexts}
    cat = model.catalogue
    on_page = {(k[0], k[1]) for k in by_key}  # (entity, indicator) of every row the page prints
    with_facts = {e for e, _ in on_page}
    for ent in entities:
        if ent not in with_facts:
            continue
        if len(entities) > 1:
            etree.SubElement(body, _h("h2")).text = f"{ent} ({names[ent]})"
        for area in cat.areas:
            shown = [
                ind for s in area.sections for ind in s.indicators if any((ent, ind.id, y) in by_key for y in years)
            ]
            if not shown:
                continue
            etree.SubElement(body, _h("h3" if len(entities) > 1 else "h2")).text = area.label.en
            # Figures go in a table, year beside year; text disclosures are paragraphs, read below it.
            rows = [ind for ind in shown if ind.type != DataType.TEXT]
            if rows:
                _figures_table(body, rows, ent, years, by_key, note_number, model)
            for ind in shown:
                if ind.type == DataType.TEXT:
                    _text_disclosure(body, ind, ent, years, by_key, note_number, model.prefix)
    for index in model.indexes:
        first = entities[0] if entities else ""
        _index_section(body, model, index, first, {i for e, i in on_page if e == first})
    if model.footnotes:
        etree.SubElement(body, _h("h2")).text = "Notes"
        ol = etree.SubElement(body, _h("ol"), attrib={"class": "notes"})
        for fid, fn in model.footnotes.items():
            li = etree.SubElement(ol, _h("li"), id=f"note{note_number[fid]}")
            el = etree.SubElement(li, f"{{{IX}}}footnote", id=fid)
            el.set("{http://www.w3.org/XML/1998/namespace}lang", fn.lang)
            el.text = fn.text
        for f in model.facts:
            if f.footnotes:
                etree.SubElement(
                    resources,
                    f"{{{IX}}}relationship",
                    attrib={"fromRefs": f.id, "toRefs": " ".join(f.footnotes), "arcrole": ARC_FACT_FOOTNOTE},
                )
    return html


def _figures_table(
    body: etree._Element,
    rows: list[Indicator],
    ent: str,
    years: tuple[int, ...],
    by_key: dict[tuple[str, str, int], list[Fact]],
    note_number: dict[str, int],
    model: XbrlModel,
) -> None:
    from lxml import etree

    table = etree.SubElement(body, _h("table"))
    tr = etree.SubElement(etree.SubElement(table, _h("thead")), _h("tr"))
    for text in ("Indicator", "指标", "Unit", *map(str, years)):
        etree.SubElement(tr, _h("th")).text = text
    tbody = etree.SubElement(table, _h("tbody"))
    for ind in rows:
        tr = etree.SubElement(tbody, _h("tr"), id=_row_id(ent, ind.id))
        etree.SubElement(tr, _h("td")).text = ind.label.en
        etree.SubElement(tr, _h("td")).text = ind.label.zh
        unit = model.catalogue.unit_table[ind.unit]
        etree.SubElement(tr, _h("td"), attrib={"class": "unit"}).text = unit.label.en
        for y in years:
            td = etree.SubElement(tr, _h("td"), attrib={"class": "num"})
            _cell(td, by_key.get((ent, ind.id, y), []), note_number, model.prefix)


def _text_disclosure(
    body: etree._Element,
    ind: Indicator,
    ent: str,
    years: tuple[int, ...],
    by_key: dict[tuple[str, str, int], list[Fact]],
    note_number: dict[str, int],
    prefix: str,
) -> None:
    """A text disclosure: its label, then each year's text as a paragraph, newest first."""
    from lxml import etree

    block = etree.SubElement(body, _h("div"), attrib={"class": "disclosure"}, id=_row_id(ent, ind.id))
    etree.SubElement(block, _h("h4")).text = f"{ind.label.en} / {ind.label.zh}"
    for y in years:
        facts = by_key.get((ent, ind.id, y), [])
        if not facts:
            continue
        p = etree.SubElement(block, _h("p"))
        etree.SubElement(p, _h("span"), attrib={"class": "year"}).text = f"{y}: "
        _cell(p, facts, note_number, prefix)


def _row_id(entity: str, indicator: str) -> str:
    return f"row-{entity}-{indicator}"


_INDEX_HEAD = ("Reference", "Topic", "议题", "Requirement", "Status", "Where disclosed")
_LEVEL = {True: "Required 应当", False: "Encouraged 鼓励"}


def _index_section(
    body: etree._Element,
    model: XbrlModel,
    index: FrameworkIndex,
    entity: str,
    on_page: set[str],
) -> None:
    """A framework's index table: each row's status from the data, linked to the rows of `entity` that
    disclose it (`on_page`: the indicators the page prints for it)."""
    from lxml import etree

    etree.SubElement(body, _h("h2"), id=f"index-{index.framework}").text = f"{index.title.en} / {index.title.zh}"
    table = etree.SubElement(body, _h("table"), attrib={"class": "index"})
    tr = etree.SubElement(etree.SubElement(table, _h("thead")), _h("tr"))
    guideline = index.framework != GRI
    for text in _INDEX_HEAD:
        if text == "Requirement" and not guideline:
            continue
        etree.SubElement(tr, _h("th")).text = text
    tbody = etree.SubElement(table, _h("tbody"))
    for row in index.rows:
        tr = etree.SubElement(tbody, _h("tr"), attrib={"class": f"status-{row.status.value}"})
        etree.SubElement(tr, _h("td")).text = row.reference.en + ("" if row.confirmed else " *")
        etree.SubElement(tr, _h("td")).text = row.title.en
        etree.SubElement(tr, _h("td")).text = row.title.zh
        if guideline:
            etree.SubElement(tr, _h("td")).text = _LEVEL[row.required]
        status = etree.SubElement(tr, _h("td"))
        status.text = f"{row.status_text('en')} {row.status_text('zh')}"
        if row.reasons:
            status.text += ": " + "; ".join(row.reasons)
        where = etree.SubElement(tr, _h("td"))
        where.text = "; ".join(w.en for w in row.where)
        shown = [i for i in row.indicators if i in on_page]
        if shown and where.text:
            where.text += ": "
        for n, ind_id in enumerate(shown):
            a = etree.SubElement(where, _h("a"), href=f"#{_row_id(entity, ind_id)}")
            a.text = model.catalogue.indicators[ind_id].label.en
            a.tail = "; " if n < len(shown) - 1 else ""
    if any(not r.confirmed for r in index.rows):
        etree.SubElement(
            body, _h("p"), attrib={"class": "note"}
        ).text = "* Article numbers not yet checked against the official text. 条款号尚未与正式文本核对。"


def _years_text(years: tuple[int, ...]) -> str:
    words = [str(y) for y in years]
    return " and ".join(words) if len(words) <= 2 else f"{', '.join(words[:-1])} and {words[-1]}"


def _cell(td: etree._Element, facts: list[Fact], note_number: dict[str, int], prefix: str) -> None:
    from lxml import etree

    if not facts:
        return
    last: etree._Element | None = None
    for n, f in enumerate(facts):
        if n:
            last = etree.SubElement(td, _h("span"))
            last.text = "–"
        tag = _tag(f, prefix)
        if f.prefix:
            if last is None:
                td.text = (td.text or "") + f.prefix
            else:
                last.tail = (last.tail or "") + f.prefix
        td.append(tag)
        last = tag
        if f.value is None:
            tag.tail = f.display
        elif f.suffix:
            tag.tail = f.suffix
    notes = sorted({note_number[fid] for f in facts for fid in f.footnotes})
    for n in notes:
        sup = etree.SubElement(td, _h("sup"))
        etree.SubElement(sup, _h("a"), href=f"#note{n}").text = f"[{n}]"


def _tag(f: Fact, prefix: str) -> etree._Element:
    from lxml import etree

    c = f.concept
    if not c.numeric:
        el = etree.Element(f"{{{IX}}}nonNumeric", name=f"{prefix}:{c.name}", contextRef=f.context.id, id=f.id)
        if f.value is None:
            el.set(f"{{{NAMESPACES['xsi']}}}nil", "true")
        elif c.kind == "boolean":
            el.set("format", "ixt:fixed-true" if f.value == "true" else "ixt:fixed-false")
            el.text = f.display
        else:
            el.text = f.value
        return el
    assert c.unit is not None
    el = etree.Element(
        f"{{{IX}}}nonFraction", name=f"{prefix}:{c.name}", contextRef=f.context.id, unitRef=c.unit.id, id=f.id
    )
    if f.value is None:
        el.set(f"{{{NAMESPACES['xsi']}}}nil", "true")
        return el
    el.set("decimals", str(f.decimals))
    el.set("format", FORMAT_NUM)
    if f.negative:
        el.set("sign", "-")
    if c.power is not None:
        el.set("scale", str(c.power))
        el.text = f.display
    else:
        # no power-of-ten scale exists: print the XBRL value itself
        el.text = f.value.lstrip("-")
    return el


def inline_bytes(model: XbrlModel) -> bytes:
    from lxml import etree

    return bytes(etree.tostring(build_inline(model), xml_declaration=True, encoding="UTF-8", pretty_print=True))
