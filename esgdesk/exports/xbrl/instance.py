"""The XBRL 2.1 instance: contexts per entity and year, registry units, facts and footnotes."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from esgdesk.exports.xbrl.model import NAMESPACES, XbrlModel, XContext, XUnit

if TYPE_CHECKING:
    from lxml import etree

XBRLI = NAMESPACES["xbrli"]
LINK = NAMESPACES["link"]
XLINK = NAMESPACES["xlink"]
XSI_NIL = f"{{{NAMESPACES['xsi']}}}nil"
ROLE_FOOTNOTE = "http://www.xbrl.org/2003/role/footnote"
ARC_FACT_FOOTNOTE = "http://www.xbrl.org/2003/arcrole/fact-footnote"
ROLE_LINK = "http://www.xbrl.org/2003/role/link"


def measure_prefixes(model: XbrlModel) -> dict[str, str]:
    used = {m.split(":")[0] for u in model.units.values() for m in (*u.numerator, *u.denominator)}
    return {p: NAMESPACES[p] for p in sorted(used)}


def _context(parent: etree._Element, c: XContext, tag: str) -> None:
    from lxml import etree

    ctx = etree.SubElement(parent, tag, id=c.id)
    ent = etree.SubElement(ctx, f"{{{XBRLI}}}entity")
    etree.SubElement(ent, f"{{{XBRLI}}}identifier", scheme=c.scheme).text = c.identifier
    per = etree.SubElement(ctx, f"{{{XBRLI}}}period")
    etree.SubElement(per, f"{{{XBRLI}}}startDate").text = c.start
    etree.SubElement(per, f"{{{XBRLI}}}endDate").text = c.end


def _unit(parent: etree._Element, u: XUnit, tag: str) -> None:
    from lxml import etree

    el = etree.SubElement(parent, tag, id=u.id)
    if u.denominator:
        div = etree.SubElement(el, f"{{{XBRLI}}}divide")
        num = etree.SubElement(div, f"{{{XBRLI}}}unitNumerator")
        for m in u.numerator:
            etree.SubElement(num, f"{{{XBRLI}}}measure").text = m
        den = etree.SubElement(div, f"{{{XBRLI}}}unitDenominator")
        for m in u.denominator:
            etree.SubElement(den, f"{{{XBRLI}}}measure").text = m
    else:
        for m in u.numerator:
            etree.SubElement(el, f"{{{XBRLI}}}measure").text = m


def add_contexts_and_units(parent: etree._Element, model: XbrlModel) -> None:
    """The contexts and units that some fact uses."""
    used_contexts = {f.context.id for f in model.facts}
    for c in model.contexts:
        if c.id in used_contexts:
            _context(parent, c, f"{{{XBRLI}}}context")
    used_units = {f.concept.unit.id for f in model.facts if f.concept.unit is not None}
    for u in model.units.values():
        if u.id in used_units:
            _unit(parent, u, f"{{{XBRLI}}}unit")


def instance_bytes(model: XbrlModel) -> bytes:
    """The instance document, streamed with lxml's incremental writer.

    A group report has tens of thousands of facts; writing each straight to the output
    instead of building a tree first and serialising it takes about half the time.
    """
    from lxml import etree

    nsmap: dict[str, str] = {
        "xbrli": XBRLI,
        "link": LINK,
        "xlink": XLINK,
        "xsi": NAMESPACES["xsi"],
        model.prefix: model.namespace,
        **measure_prefixes(model),
    }
    buf = io.BytesIO()
    with etree.xmlfile(buf, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(f"{{{XBRLI}}}xbrl", nsmap=nsmap):
            xf.write(_NL)
            with xf.element(
                f"{{{LINK}}}schemaRef", attrib={f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": model.schema_file}
            ):
                pass
            _write_contexts_and_units(xf, model)
            _write_facts(xf, model)
            if model.footnotes:
                _write_footnotes(xf, model)
            xf.write("\n")
    return buf.getvalue()


_NL = "\n  "


def _write_contexts_and_units(xf: Any, model: XbrlModel) -> None:
    x = f"{{{XBRLI}}}"
    used_contexts = {f.context.id for f in model.facts}
    for c in model.contexts:
        if c.id not in used_contexts:
            continue
        xf.write(_NL)
        with xf.element(f"{x}context", id=c.id):
            with xf.element(f"{x}entity"), xf.element(f"{x}identifier", scheme=c.scheme):
                xf.write(c.identifier)
            with xf.element(f"{x}period"):
                with xf.element(f"{x}startDate"):
                    xf.write(c.start)
                with xf.element(f"{x}endDate"):
                    xf.write(c.end)
    used_units = {f.concept.unit.id for f in model.facts if f.concept.unit is not None}
    for u in model.units.values():
        if u.id not in used_units:
            continue
        xf.write(_NL)
        with xf.element(f"{x}unit", id=u.id):
            if u.denominator:
                with xf.element(f"{x}divide"):
                    for part, measures in (("unitNumerator", u.numerator), ("unitDenominator", u.denominator)):
                        with xf.element(f"{x}{part}"):
                            for m in measures:
                                with xf.element(f"{x}measure"):
                                    xf.write(m)
            else:
                for m in u.numerator:
                    with xf.element(f"{x}measure"):
                        xf.write(m)


def _write_facts(xf: Any, model: XbrlModel) -> None:
    ns = model.namespace
    tags = {c.name: f"{{{ns}}}{c.name}" for c in model.all_concepts()}
    units = {c.name: c.unit.id for c in model.all_concepts() if c.unit is not None}
    element = xf.element
    write = xf.write
    for f in model.facts:
        name = f.concept.name
        attrib = {"id": f.id, "contextRef": f.context.id}
        unit = units.get(name)
        if unit is not None:
            attrib["unitRef"] = unit
        write(_NL)
        if f.value is None:
            attrib[XSI_NIL] = "true"
            with element(tags[name], attrib):
                pass
            continue
        if f.decimals is not None:
            attrib["decimals"] = str(f.decimals)
        with element(tags[name], attrib):
            write(f.value)


def _write_footnotes(xf: Any, model: XbrlModel) -> None:
    """The footnote link, built as a small tree: lxml's incremental writer would bind `xml:lang`
    to a made-up prefix, which XML forbids."""
    from lxml import etree

    holder = etree.Element("holder", nsmap={"link": LINK, "xlink": XLINK})
    link = etree.SubElement(
        holder, f"{{{LINK}}}footnoteLink", attrib={f"{{{XLINK}}}type": "extended", f"{{{XLINK}}}role": ROLE_LINK}
    )
    for fn in model.footnotes.values():
        el = etree.SubElement(
            link,
            f"{{{LINK}}}footnote",
            attrib={
                f"{{{XLINK}}}type": "resource",
                f"{{{XLINK}}}label": fn.id,
                f"{{{XLINK}}}role": ROLE_FOOTNOTE,
                "{http://www.w3.org/XML/1998/namespace}lang": fn.lang,
            },
        )
        el.text = fn.text
    for f in model.facts:
        if not f.footnotes:
            continue
        loc = f"loc_{f.id}"
        etree.SubElement(
            link,
            f"{{{LINK}}}loc",
            attrib={f"{{{XLINK}}}type": "locator", f"{{{XLINK}}}href": f"#{f.id}", f"{{{XLINK}}}label": loc},
        )
        for fn_id in f.footnotes:
            etree.SubElement(
                link,
                f"{{{LINK}}}footnoteArc",
                attrib={
                    f"{{{XLINK}}}type": "arc",
                    f"{{{XLINK}}}arcrole": ARC_FACT_FOOTNOTE,
                    f"{{{XLINK}}}from": loc,
                    f"{{{XLINK}}}to": fn_id,
                },
            )
    etree.indent(link, space="  ", level=1)
    xf.write(_NL)
    xf.write(link)
