"""The XBRL 2.1 instance: contexts per entity and year, registry units, facts and footnotes."""

from __future__ import annotations

from typing import TYPE_CHECKING

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


def build_instance(model: XbrlModel) -> etree._Element:
    from lxml import etree

    nsmap: dict[str, str] = {"xbrli": XBRLI, "link": LINK, "xlink": XLINK, "xsi": NAMESPACES["xsi"],
                                    model.prefix: model.namespace, **measure_prefixes(model)}
    root = etree.Element(f"{{{XBRLI}}}xbrl", nsmap=nsmap)
    etree.SubElement(root, f"{{{LINK}}}schemaRef", attrib={f"{{{XLINK}}}type": "simple",
                                                          f"{{{XLINK}}}href": model.schema_file})
    add_contexts_and_units(root, model)
    ns = model.namespace
    sub = etree.SubElement
    tags: dict[str, str] = {}
    nil = {XSI_NIL: "true"}
    for f in model.facts:
        c = f.concept
        tag = tags.get(c.name)
        if tag is None:
            tag = tags[c.name] = f"{{{ns}}}{c.name}"
        attrib = {"id": f.id, "contextRef": f.context.id}
        if c.unit is not None:
            attrib["unitRef"] = c.unit.id
        if f.value is None:
            attrib.update(nil)
            sub(root, tag, attrib)
            continue
        if f.decimals is not None:
            attrib["decimals"] = str(f.decimals)
        sub(root, tag, attrib).text = f.value
    if model.footnotes:
        _footnote_link(root, model)
    return root


def _footnote_link(root: etree._Element, model: XbrlModel) -> None:
    from lxml import etree

    link = etree.SubElement(root, f"{{{LINK}}}footnoteLink", attrib={f"{{{XLINK}}}type": "extended",
                                                                    f"{{{XLINK}}}role": ROLE_LINK})
    for fn in model.footnotes.values():
        el = etree.SubElement(link, f"{{{LINK}}}footnote", attrib={
            f"{{{XLINK}}}type": "resource", f"{{{XLINK}}}label": fn.id, f"{{{XLINK}}}role": ROLE_FOOTNOTE,
            "{http://www.w3.org/XML/1998/namespace}lang": fn.lang})
        el.text = fn.text
    for f in model.facts:
        if not f.footnotes:
            continue
        loc = f"loc_{f.id}"
        etree.SubElement(link, f"{{{LINK}}}loc", attrib={f"{{{XLINK}}}type": "locator",
                                                         f"{{{XLINK}}}href": f"#{f.id}", f"{{{XLINK}}}label": loc})
        for fn_id in f.footnotes:
            etree.SubElement(link, f"{{{LINK}}}footnoteArc", attrib={
                f"{{{XLINK}}}type": "arc", f"{{{XLINK}}}arcrole": ARC_FACT_FOOTNOTE, f"{{{XLINK}}}from": loc,
                f"{{{XLINK}}}to": fn_id})


def instance_bytes(model: XbrlModel) -> bytes:
    from lxml import etree

    return bytes(etree.tostring(build_instance(model), xml_declaration=True, encoding="UTF-8", pretty_print=True))
